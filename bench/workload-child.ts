/**
 * One bench workload in a process of its own (so `peakRssMiB` is this workload's alone):
 * `node dist/bench/workload-child.js <name>` prints one JSON object of {@link WorkloadFigures}.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFuzz } from "../src/fuzz/index.js";
import { runToJson } from "../src/report/json.js";
import { runScenario } from "../src/scenario/run.js";
import { WORKLOAD_NAMES, workloadScenario, type WorkloadFigures, type WorkloadName } from "./workloads.js";

const FUZZ_RUNS = 50;

const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
const cpuSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return round((used.user + used.system) / 1e6, 2);
};

async function measure(name: WorkloadName): Promise<WorkloadFigures> {
  if (name === "fuzz") {
    const out = mkdtempSync(join(tmpdir(), "kafkasim-bench-fuzz-"));
    try {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const result = await runFuzz({ runs: FUZZ_RUNS, seed: 1, outDir: out });
      const wall = (performance.now() - start) / 1000;
      return {
        simulatedSeconds: 0,
        wallSeconds: round(wall, 2),
        simulatedPerWall: 0,
        events: 0,
        eventsPerSec: 0,
        records: 0,
        peakRssMiB: peakRssMiB(),
        cpuSeconds: cpuSince(cpu),
        runs: result.runsExecuted,
        runsPerSec: round(result.runsExecuted / wall, 2),
      };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = runScenario(workloadScenario(name), { seed: 1 });
  const wallMs = performance.now() - start;
  return {
    simulatedSeconds: result.simulatedMs / 1000,
    wallSeconds: round(wallMs / 1000, 2),
    simulatedPerWall: round(result.simulatedMs / wallMs, 1),
    events: result.events,
    eventsPerSec: Math.round(result.events / (wallMs / 1000)),
    records: result.metrics.produced ?? 0,
    peakRssMiB: peakRssMiB(),
    cpuSeconds: cpuSince(cpu),
    resultJsonBytes: JSON.stringify(runToJson(result)).length,
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

const name = process.argv[2] as WorkloadName;
if (!WORKLOAD_NAMES.includes(name)) {
  process.stderr.write(`unknown workload ${JSON.stringify(name)}; one of ${WORKLOAD_NAMES.join(", ")}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await measure(name))}\n`);
