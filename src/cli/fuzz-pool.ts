/**
 * `kafkasim fuzz --workers N`: the runs of a campaign's generating phase on the command line's
 * pool of worker threads (seed-pool.ts, the one `run --seeds` and `compare` use). Each run is
 * `runScenario` of a generated scenario in whichever thread; a run that throws in a worker is
 * repeated on this thread for the engine's own message, which the fuzzer records as a failure.
 */
import type { RunAnswer, BatchRunner } from "../fuzz/execute.js";
import { runScenario, type ScenarioInput } from "../scenario/api.js";
import type { RunResult } from "../scenario/result.js";
import type { RawScenario } from "../scenario/schema.js";
import { runPooled, type SeedJob } from "./seed-pool.js";

/** A batch runner on up to `workers` threads. */
export function pooledRunner(workers: number): BatchRunner {
  return async (scenarios: readonly RawScenario[], maxEvents: number | undefined): Promise<RunAnswer[]> => {
    const options = maxEvents === undefined ? {} : { maxEvents };
    const jobs: SeedJob[] = scenarios.map((scenario) => ({ input: scenario as unknown as ScenarioInput, options }));
    const errors = new Map<RunResult, string>();
    const fallback = (job: SeedJob): RunResult => {
      try {
        return runScenario(job.input, job.options);
      } catch (error) {
        const stand = {} as RunResult;
        errors.set(stand, error instanceof Error ? error.message : String(error));
        return stand;
      }
    };
    const results = await runPooled(jobs, workers, fallback);
    return results.map((result) => {
      const error = errors.get(result);
      return error === undefined ? { result } : { error };
    });
  };
}
