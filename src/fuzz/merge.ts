/**
 * Merging the JSON results of the shards of one campaign (`kafkasim fuzz --shard k/N --json` on
 * N machines, then `kafkasim fuzz merge shard-*.json`): the shards must agree on what was
 * searched (profile or file, bug, seed, runs, N) and be distinct; the merged result sums their
 * runs and statistics, lists every counterexample by run number, and says which shards are missing.
 */
import { FuzzUsageError, type FuzzCounterexample, type FuzzResult } from "./run-fuzz.js";
import { mergeStats } from "./stats.js";

/** A merged campaign: a FuzzResult plus which shards it holds. */
export interface MergedFuzzResult extends FuzzResult {
  readonly merged: { readonly shards: number[]; readonly of: number; readonly missing: number[] };
}

/** Merge shard results (each as `--json` printed it). `sources` names them in errors. */
export function mergeFuzzResults(results: readonly FuzzResult[], sources: readonly string[] = []): MergedFuzzResult {
  if (results.length === 0) throw new FuzzUsageError("fuzz merge: name the JSON results of the shards to merge");
  const name = (i: number) => sources[i] ?? `result ${i + 1}`;
  results.forEach((result, i) => {
    if (
      typeof result !== "object" ||
      result === null ||
      typeof result.profile !== "string" ||
      !Array.isArray(result.counterexamples) ||
      typeof result.seed !== "number"
    ) {
      throw new FuzzUsageError(`fuzz merge: ${name(i)} is not the JSON result of kafkasim fuzz --json`);
    }
  });
  const first = results[0] as FuzzResult;
  const count = first.shard?.count ?? 1;
  const key = (result: FuzzResult) =>
    JSON.stringify([
      result.profile,
      result.scenario ?? null,
      result.bug ?? null,
      result.seed,
      result.timeBudgetMs === undefined ? result.runs : "budget",
      result.shard?.count ?? 1,
    ]);
  const seen = new Set<number>();
  results.forEach((result, i) => {
    if (key(result) !== key(first)) {
      throw new FuzzUsageError(`fuzz merge: ${name(i)} is another campaign (${describe(result)}) than ${name(0)} (${describe(first)})`);
    }
    const index = result.shard?.index ?? 1;
    if (seen.has(index)) throw new FuzzUsageError(`fuzz merge: shard ${index}/${count} appears twice (${name(i)})`);
    seen.add(index);
  });
  const shards = [...seen].sort((a, b) => a - b);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index));
  const counterexamples: FuzzCounterexample[] = results.flatMap((result) => result.counterexamples).sort((a, b) => a.run - b.run);
  const wallMs = Math.max(...results.map((result) => result.wallMs ?? 0));
  const runsExecuted = results.reduce((sum, result) => sum + result.runsExecuted, 0);
  const { shard: _shard, ...rest } = first;
  return {
    ...rest,
    runs: first.timeBudgetMs === undefined ? first.runs : runsExecuted,
    counterexamples,
    passed: counterexamples.length === 0,
    runsExecuted,
    shrinks: results.reduce((sum, result) => sum + result.shrinks, 0),
    shrinkAttempts: results.reduce((sum, result) => sum + (result.shrinkAttempts ?? 0), 0),
    stats: mergeStats(results.map((result) => result.stats).filter((stats) => stats !== undefined)),
    workers: results.reduce((sum, result) => sum + (result.workers ?? 1), 0),
    wallMs,
    runsPerSec: wallMs === 0 ? 0 : Math.round((runsExecuted / wallMs) * 1000 * 100) / 100,
    reproduce: first.reproduce.replace(/ --shard \d+\/\d+$/, ""),
    merged: { shards, of: count, missing },
  };
}

function describe(result: FuzzResult): string {
  return [
    result.scenario ?? `profile ${result.profile}`,
    result.bug === undefined ? "" : `bug ${result.bug}`,
    `seed ${result.seed}`,
    result.timeBudgetMs === undefined ? `${result.runs} runs` : "time budget",
    `${result.shard?.count ?? 1} shards`,
  ]
    .filter((part) => part !== "")
    .join(", ");
}
