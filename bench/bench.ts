/**
 * `npm run bench`: kernel throughput (hold model, bare heap vs kernel), the ping model over the
 * simulated network, optional peers (SimPy 3), and the history checker at scale. Speed is
 * measured, never asserted: nothing here fails because the machine is slow.
 * `--json` prints one JSON object on stdout; reports/bench.json is always written.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { holdBareHeap, holdKernel, type HoldOptions } from "./hold.js";
import { runPing } from "./ping-model.js";
import { benchExtras } from "./extras.js";

const json = process.argv.includes("--json");
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const HOLD: HoldOptions = { pending: 100_000, warmup: 200_000, operations: 2_000_000 };
const ROUNDS = 5;

function kernelBench() {
  const bare: number[] = [];
  const kernel: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(holdBareHeap(HOLD));
    kernel.push(holdKernel(HOLD));
    log(`  hold round ${round + 1}/${ROUNDS}: bare ${fmt(bare[round]!)} ev/s, kernel ${fmt(kernel[round]!)} ev/s`);
  }
  const bareMedian = median(bare);
  const kernelMedian = median(kernel);
  return { eventsPerSec: Math.round(kernelMedian), bareHeapEventsPerSec: Math.round(bareMedian), overheadRatio: round2(bareMedian / kernelMedian), pending: HOLD.pending };
}

function pingBench() {
  const rates: number[] = [];
  let events = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const result = runPing(1, 600_000_000);
    events = result.events;
    rates.push(result.events / ((performance.now() - start) / 1000));
  }
  return { eventsPerSec: Math.round(median(rates)), events, simulatedSeconds: 600 };
}

function simpyPeer(pingEventsPerSec: number): { simpy?: { eventsPerSec: number; ratio: number } } {
  const script = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "simpy_ping.py");
  if (!existsSync("/usr/bin/python3") || !existsSync(script)) return {};
  try {
    execFileSync("/usr/bin/python3", ["-c", "import simpy"], { stdio: "ignore" });
  } catch {
    return {};
  }
  const out = execFileSync("/usr/bin/python3", [script, "60"], { encoding: "utf8" });
  const simpy = JSON.parse(out) as { eventsPerSec: number };
  return { simpy: { eventsPerSec: Math.round(simpy.eventsPerSec), ratio: round2(pingEventsPerSec / simpy.eventsPerSec) } };
}

const fmt = (n: number): string => `${(n / 1e6).toFixed(2)} M`;
const round2 = (n: number): number => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  log("kernel: hold model, 100,000 pending, 2 M operations after 200,000 warm-up, 5 alternating rounds");
  const kernel = kernelBench();
  log("ping: three actors over the simulated network");
  const ping = pingBench();
  const peers = simpyPeer(ping.eventsPerSec);
  const extras = await benchExtras(log);
  const result = { kernel, ping, ...(peers.simpy ? { peers } : {}), ...extras };
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/bench.json", `${JSON.stringify(result, null, 2)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const rows: [string, string][] = [
    ["kernel events/s (hold, 100k pending)", fmt(kernel.eventsPerSec)],
    ["bare typed-array heap events/s", fmt(kernel.bareHeapEventsPerSec)],
    ["overhead ratio (bare / kernel, goal ≤ 1.5)", String(kernel.overheadRatio)],
    ["ping events/s (3 actors, network)", fmt(ping.eventsPerSec)],
  ];
  if (peers.simpy) rows.push(["SimPy 3 ping events/s", fmt(peers.simpy.eventsPerSec)], ["kafkasim / SimPy", `${peers.simpy.ratio}×`]);
  const history = extras.history as { operations: number; analyseSeconds: number } | undefined;
  if (history) rows.push([`history checker (${history.operations.toLocaleString("en")} ops)`, `${history.analyseSeconds} s`]);
  const scenarios = (extras.scenario ?? {}) as Record<string, { eventsPerSec: number; simulatedPerWall: number; wallSeconds: number }>;
  for (const [name, run] of Object.entries(scenarios)) {
    rows.push([`scenario ${name}`, `${run.wallSeconds} s wall, ${fmt(run.eventsPerSec)} events/s, ${run.simulatedPerWall}× real time`]);
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  process.stdout.write(rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join("\n") + "\n");
}

await main();
