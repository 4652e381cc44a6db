/**
 * What every command of the command line shares: the engine it runs scenarios with (injectable,
 * so the commands can be tested with hand-built results), where it writes, and small helpers for
 * file names and run options.
 */
import type { CompareOptions, RunOptions, ScenarioInput, SeedsOptions } from "../scenario/api.js";
import type { CompareResult, MultiSeedResult, RunResult } from "../scenario/result.js";
import type { ProgressStream } from "./progress.js";

type MaybePromise<T> = T | Promise<T>;

/** The engine entry points (src/scenario/api.ts), injectable for tests. */
export interface Engine {
  runScenario(input: ScenarioInput, options?: RunOptions): MaybePromise<RunResult>;
  runSeeds(input: ScenarioInput, options: SeedsOptions): MaybePromise<MultiSeedResult>;
  compareScenario(input: ScenarioInput, options: CompareOptions): MaybePromise<CompareResult>;
}

/** Where the command line writes, and what it reads from its environment. */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** The engine options shared by run and compare. */
export function runOptions(options: {
  seed?: number;
  sets: string[];
  maxEvents?: number;
  maxMemoryMb?: number;
  fullSeries?: boolean;
  messageSample?: boolean;
}): RunOptions {
  return {
    ...(options.messageSample === true ? { messageSample: true } : {}),
    ...(options.maxMemoryMb === undefined ? {} : { maxMemoryMb: options.maxMemoryMb }),
    ...(options.fullSeries === true ? { fullSeries: true } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.sets.length === 0 ? {} : { sets: options.sets }),
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
  };
}

/** `leader-crash-acks1` for `scenarios/leader-crash-acks1.yaml`. */
export function shortName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.(ya?ml|json)$/i, "");
}

/** `dir` with a trailing slash. */
export function withSlash(dir: string): string {
  return dir.endsWith("/") ? dir : `${dir}/`;
}

/** `file` relative to `cwd` when it lies below it, else as given. */
export function relativeTo(cwd: string, file: string): string {
  const prefix = withSlash(cwd);
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}
