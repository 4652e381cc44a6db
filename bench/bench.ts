/**
 * `npm run bench`: kernel throughput (hold model, bare heap vs kernel), the ping model over the
 * simulated network, optional peers (SimPy 3), the history checker at scale, and the `model`
 * workloads of issue 11 (whole scenario runs and the fuzzer), each in a child process of its own.
 * Speed is measured, never asserted: nothing here fails because the machine is slow; each figure
 * is printed beside its goal (met / not met).
 * `--json` prints one JSON object on stdout; reports/bench.json is always written.
 * `--only standard,wide` runs only those parts (workload names, `kernel`, `history`);
 * `scale` runs only when named in `--only` or with `--all` (it takes far longer than the rest).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { holdBareHeap, holdKernel, type HoldOptions } from "./hold.js";
import { runPing } from "./ping-model.js";
import { benchExtras } from "./extras.js";
import { checkGoals, SLOW_BY_DEFAULT, WORKLOAD_NAMES, type WorkloadFigures, type WorkloadName } from "./workloads.js";

const json = process.argv.includes("--json");
const all = process.argv.includes("--all");
const onlyIndex = process.argv.indexOf("--only");
const only =
  onlyIndex >= 0
    ? new Set(
        (process.argv[onlyIndex + 1] ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      )
    : null;
const PARTS = ["kernel", "history", ...WORKLOAD_NAMES] as const;
if (only) {
  const unknown = [...only].filter((name) => !(PARTS as readonly string[]).includes(name));
  if (unknown.length > 0 || only.size === 0) {
    process.stderr.write(`bench: --only takes a comma-separated list of ${PARTS.join(", ")}${unknown.length ? ` (unknown: ${unknown.join(", ")})` : ""}\n`);
    process.exit(2);
  }
}
const wanted = (part: string): boolean => (only ? only.has(part) : all || !(SLOW_BY_DEFAULT as readonly string[]).includes(part));
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
  return {
    eventsPerSec: Math.round(kernelMedian),
    bareHeapEventsPerSec: Math.round(bareMedian),
    overheadRatio: round2(bareMedian / kernelMedian),
    pending: HOLD.pending,
  };
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

/** Each workload in a child process of its own, so its peak RSS is its own. */
function modelBench(): Partial<Record<WorkloadName, WorkloadFigures>> {
  const child = join(dirname(fileURLToPath(import.meta.url)), "workload-child.js");
  const model: Partial<Record<WorkloadName, WorkloadFigures>> = {};
  for (const name of WORKLOAD_NAMES) {
    if (!wanted(name)) continue;
    log(`model: ${name}`);
    const out = execFileSync(process.execPath, ["--max-old-space-size=8192", child, name], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 26,
    });
    model[name] = JSON.parse(out) as WorkloadFigures;
    log(`  ${JSON.stringify(model[name])}`);
  }
  return model;
}

const fmt = (n: number): string => `${(n / 1e6).toFixed(2)} M`;
const round2 = (n: number): number => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  let kernel: ReturnType<typeof kernelBench> | undefined;
  let ping: ReturnType<typeof pingBench> | undefined;
  let peers: ReturnType<typeof simpyPeer> = {};
  if (wanted("kernel")) {
    log("kernel: hold model, 100,000 pending, 2 M operations after 200,000 warm-up, 5 alternating rounds");
    kernel = kernelBench();
    log("ping: three actors over the simulated network");
    ping = pingBench();
    peers = simpyPeer(ping.eventsPerSec);
  }
  const extras = wanted("history") ? await benchExtras(log) : {};
  const model = modelBench();
  const history = extras.history as { operations: number; analyseSeconds: number } | undefined;
  const goals = checkGoals(model, kernel, history);
  const result = { ...(kernel ? { kernel, ping } : {}), ...(peers.simpy ? { peers } : {}), ...extras, model, goals };
  mkdirSync("reports", { recursive: true });
  writeFileSync("reports/bench.json", `${JSON.stringify(result, null, 2)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const rows: [string, string][] = [];
  if (kernel && ping) {
    rows.push(
      ["kernel events/s (hold, 100k pending)", fmt(kernel.eventsPerSec)],
      ["bare typed-array heap events/s", fmt(kernel.bareHeapEventsPerSec)],
      ["ping events/s (3 actors, network)", fmt(ping.eventsPerSec)],
    );
  }
  if (peers.simpy) rows.push(["SimPy 3 ping events/s", fmt(peers.simpy.eventsPerSec)], ["kafkasim / SimPy", `${peers.simpy.ratio}×`]);
  for (const [name, w] of Object.entries(model)) {
    rows.push([
      `model ${name}`,
      name === "fuzz"
        ? `${w.runsPerSec} runs/s, ${w.wallSeconds} s wall, ${w.peakRssMiB} MiB peak RSS`
        : `${w.simulatedSeconds} s simulated in ${w.wallSeconds} s wall (${w.simulatedPerWall}×, ${w.cpuSeconds} s CPU), ${fmt(w.eventsPerSec)} events/s, ${w.events.toLocaleString("en")} events, ${w.records.toLocaleString("en")} records, ${w.peakRssMiB} MiB peak RSS`,
    ]);
  }
  for (const goal of goals)
    rows.push([`goal ${goal.workload}`, `${goal.figure}  — goal ${goal.goal}: ${goal.met === null ? "n/a" : goal.met ? "met" : "NOT MET"}`]);
  const width = Math.max(...rows.map(([name]) => name.length));
  process.stdout.write(rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join("\n") + "\n");
}

await main();
