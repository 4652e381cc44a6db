/**
 * The engine of the command line with `--workers N`: `runSeeds` and `compareScenario` of
 * src/scenario/api.ts, their seeds spread over worker threads (seed-pool.ts). The input is loaded
 * and validated on this thread first, so bad input fails exactly as with one worker; the results
 * are aggregated by the engine's own functions, so the output is that of one worker.
 */
import type { CompareOptions, ScenarioInput, SeedsOptions } from "../scenario/api.js";
import type { CompareResult, MultiSeedResult, RunResult } from "../scenario/result.js";
import { summarise } from "../scenario/result.js";
import { compareRow, compareSets, loadWithOverrides, runScenario, runSeeds, compareScenario, scenarioName } from "../scenario/run.js";
import type { Engine } from "./io.js";
import { runPooled, type SeedJob } from "./seed-pool.js";

/** The jobs of seeds first … first+n−1 of one input under `sets`. */
function seedJobs(input: ScenarioInput, options: SeedsOptions, sets: string[]): { jobs: SeedJob[]; name: string } {
  const loaded = loadWithOverrides(input, sets, options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents });
  const first = options.seed ?? loaded.scenario.seed;
  const base = {
    ...(sets.length === 0 ? {} : { sets }),
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
    ...(options.maxMemoryMb === undefined ? {} : { maxMemoryMb: options.maxMemoryMb }),
    ...(options.fullSeries === undefined ? {} : { fullSeries: options.fullSeries }),
    ...(options.messageSample === undefined ? {} : { messageSample: options.messageSample }),
  };
  const jobs = Array.from({ length: options.seeds }, (_, i) => ({ input, options: { ...base, seed: first + i } }));
  return { jobs, name: loaded.scenario.name };
}

const fallback = (job: SeedJob): RunResult => runScenario(job.input, job.options);

/** An engine whose multi-seed entry points use up to `workers` threads (1: the engine itself). */
export function parallelEngine(workers: number): Engine {
  return {
    runScenario: (input, options) => runScenario(input, options),
    async runSeeds(input: ScenarioInput, options: SeedsOptions): Promise<MultiSeedResult> {
      if (workers <= 1 || options.seeds <= 1 || options.traceSink) return runSeeds(input, options);
      const { jobs, name } = seedJobs(input, options, options.sets ?? []);
      const runs = await runPooled(jobs, workers, fallback, options.onProgress);
      return { scenario: name, runs, summary: summarise(runs), passed: runs.every((r) => r.passed) };
    },
    async compareScenario(input: ScenarioInput, options: CompareOptions): Promise<CompareResult> {
      if (workers <= 1 || options.seeds * options.values.length <= 1) return compareScenario(input, options);
      const perValue = options.values.map((value) => seedJobs(input, options, compareSets(options, value)).jobs);
      const runs = await runPooled(perValue.flat(), workers, fallback, options.onProgress);
      const rows = options.values.map((value, index) => {
        const mine = runs.slice(index * options.seeds, (index + 1) * options.seeds);
        const multi: MultiSeedResult = { scenario: "", runs: mine, summary: summarise(mine), passed: mine.every((r) => r.passed) };
        return compareRow(options.key, value, multi);
      });
      return { scenario: scenarioName(input), key: options.key, rows };
    },
  };
}
