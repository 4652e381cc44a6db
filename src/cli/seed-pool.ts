/**
 * A pool of worker threads (node:worker_threads) that run scenario seeds side by side: `run
 * --seeds N` and `compare` spread their runs over the machine's cores. Each run is the same pure
 * function of (file, seed, --set) in whichever thread it runs, so results, JSON and trace hashes
 * are those of one worker; results come back in job order whatever order they finish in.
 * The model never sees threads: this lives in the command-line layer only.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { RunOptions, ScenarioInput } from "../scenario/api.js";
import type { RunResult } from "../scenario/result.js";

/** One run: a scenario and its options (no trace sink: a function cannot cross threads). */
export interface SeedJob {
  input: ScenarioInput;
  options: Omit<RunOptions, "traceSink">;
}

/** What a worker answers for one job. */
export type SeedReply = { id: number; result: RunResult; error?: undefined } | { id: number; error: string; result?: undefined };

/** The default number of workers: the machine's cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Run `jobs` on up to `workers` threads; `onDone(finished, total)` after each. A job whose run
 * threw in its worker is repeated by `fallback` on this thread (which throws the engine's own
 * error); the first such error rejects the whole batch after the workers are stopped.
 */
export async function runPooled(
  jobs: readonly SeedJob[],
  workers: number,
  fallback: (job: SeedJob) => RunResult,
  onDone?: (finished: number, total: number) => void,
): Promise<RunResult[]> {
  if (jobs.length === 0) return [];
  const results: (RunResult | undefined)[] = new Array(jobs.length);
  const threads = Math.max(1, Math.min(workers, jobs.length));
  const url = new URL("./seed-worker.js", import.meta.url);
  const pool: Worker[] = [];
  let next = 0;
  let finished = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (error: unknown): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const feed = (worker: Worker): void => {
        if (failed) return;
        if (next >= jobs.length) {
          if (finished === jobs.length) resolve();
          return;
        }
        const id = next++;
        worker.postMessage({ id, ...jobs[id]! });
      };
      for (let i = 0; i < threads; i++) {
        const worker = new Worker(url);
        pool.push(worker);
        worker.on("message", (reply: SeedReply) => {
          if (failed) return;
          if (reply.error !== undefined) {
            try {
              results[reply.id] = fallback(jobs[reply.id]!);
            } catch (error) {
              fail(error);
              return;
            }
          } else {
            results[reply.id] = reply.result;
          }
          finished++;
          onDone?.(finished, jobs.length);
          feed(worker);
        });
        worker.on("error", fail);
        worker.on("exit", (code) => {
          if (code !== 0) fail(new Error(`a seed worker stopped with exit code ${code}`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results as RunResult[];
}
