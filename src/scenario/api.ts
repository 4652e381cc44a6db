/**
 * The library entry points for running scenarios: one seed, several seeds, and a comparison of
 * values of one key. `runScenario(fileOrObject, options)` is the public API (docs/scenario-format.md).
 */
import type { History } from "../kafka/history.js";
import type { CompareResult, MultiSeedResult, RunResult } from "./result.js";

export interface RunOptions {
  /** Overrides the file's seed. */
  seed?: number;
  /** `--set k=v` overrides, applied in order. */
  sets?: string[];
  /** Stop with a clear error after this many events (default 50 M); also bounds the records a file may produce. */
  maxEvents?: number;
  /** Stop with a clear error once the JavaScript heap exceeds this many MiB (default: 80 % of V8's heap limit). */
  maxMemoryMb?: number;
  /** Receives every trace record as a JSON line (`--trace`). */
  traceSink?: (line: string) => void;
  /**
   * Keep `series` and `partitions` for every partition (`--full-series`). By default a result
   * keeps them only for the partitions something happened to, plus a small sample, and
   * summarises the rest (`seriesSummary`, `partitionsSummary`).
   */
  fullSeries?: boolean;
  /**
   * Keep a bounded sample of the messages around each fault (`RunResult.messages`), for the HTML
   * report's space-time diagram. Off by default; it never changes the run or its trace hash.
   */
  messageSample?: boolean;
  /** Receives the run's client history (sends, polls, commits, assignments, resets, processing) once the run ended. */
  historySink?: (history: History) => void;
  /**
   * Called about once per simulated second while the run goes, with the simulated time and the
   * scenario's duration (µs); after the duration the drain phase goes on (`nowUs > durationUs`).
   * For the progress of one long run; it never changes the run or its trace hash.
   */
  onSimulatedTime?: (nowUs: number, durationUs: number) => void;
}

export interface SeedsOptions extends RunOptions {
  /** Number of seeds: seed … seed+N−1. */
  seeds: number;
  /** Called after each finished seed (progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface CompareOptions extends SeedsOptions {
  key: string;
  values: string[];
}

export type ScenarioInput = string | Record<string, unknown>;

export { runScenario, runSeeds, compareScenario } from "./run.js";
export type { CompareResult, MultiSeedResult, RunResult };
