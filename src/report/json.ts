/**
 * The JSON rendering (`--json` and `result.json`): the result object of docs/scenario-format.md "The
 * result", with the contract's fields first in the contract's order and the extensions after
 * them. `metrics` always lists every anomaly metric and every client outcome (0 when the engine
 * left one out), and `unavailable`, the old name of `unreadable`, with the same value, so that
 * consumers written against the old name keep working (docs/metrics.md). Several files give `{ "results": [ … ] }`, so stdout is always one JSON object.
 */
import type { CompareResult, MultiSeedResult, RunResult } from "../scenario/result.js";
import type { MetricSummary } from "../scenario/result.js";
import { RENAMED_METRICS } from "../scenario/expect.js";
import { ANOMALY_NAMES, OUTCOME_NAMES } from "./words.js";

/** The contract's fields of a one-seed result, in order. */
export const RUN_CONTRACT_FIELDS = [
  "scenario",
  "seed",
  "passed",
  "traceHash",
  "simulatedMs",
  "wallMs",
  "events",
  "converged",
  "metrics",
  "anomalies",
  "invariants",
  "expectations",
  "reproduce",
] as const;

/** Client outcomes first, then anomalies in the checker's order, then the rest as the engine gave them. */
export function completeMetrics(metrics: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of [...OUTCOME_NAMES, ...ANOMALY_NAMES]) out[name] = metrics[name] ?? 0;
  for (const [old, renamed] of Object.entries(RENAMED_METRICS)) out[old] = metrics[renamed] ?? 0;
  for (const name of Object.keys(metrics)) if (!(name in out)) out[name] = metrics[name] ?? 0;
  return out;
}

/** A seeds summary with the old names of renamed metrics beside the new ones (`unavailable` = `unreadable`). */
function withRenamedSummaries(summary: Readonly<Record<string, MetricSummary>>): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = { ...summary };
  for (const [old, renamed] of Object.entries(RENAMED_METRICS)) {
    const value = summary[renamed];
    if (value !== undefined) out[old] = value;
  }
  return out;
}

/** A one-seed result as it is printed: contract fields first, then every other field. */
export function runToJson(result: RunResult): Record<string, unknown> {
  const source = result as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of RUN_CONTRACT_FIELDS) out[key] = key === "metrics" ? completeMetrics(result.metrics) : source[key];
  // `messages` (the sample behind report.html's space-time diagram) stays out of the JSON.
  for (const key of Object.keys(source)) if (!(key in out) && key !== "messages") out[key] = source[key];
  return out;
}

/** A multi-seed result: `{ scenario, runs, summary, passed }`. */
export function seedsToJson(multi: MultiSeedResult): Record<string, unknown> {
  const source = multi as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {
    scenario: multi.scenario,
    runs: multi.runs.map(runToJson),
    summary: withRenamedSummaries(multi.summary),
    passed: multi.passed,
  };
  for (const key of Object.keys(source)) if (!(key in out)) out[key] = source[key];
  return out;
}

/** A comparison, as the engine built it. */
export function compareToJson(compare: CompareResult): Record<string, unknown> {
  return { ...compare };
}

/** What `run` printed for each file. */
export type RunOutput = { kind: "run"; result: RunResult } | { kind: "seeds"; result: MultiSeedResult };

/** One output as JSON. */
function outputToJson(output: RunOutput): Record<string, unknown> {
  return output.kind === "run" ? runToJson(output.result) : seedsToJson(output.result);
}

/** The one object `run --json` prints: the result itself for one file, `{ results: [...] }` for several. */
export function runCommandJson(outputs: readonly RunOutput[]): Record<string, unknown> {
  if (outputs.length === 1) return outputToJson(outputs[0] as RunOutput);
  return { results: outputs.map(outputToJson), passed: outputs.every((o) => o.result.passed) };
}

/** Pretty-printed JSON ending with a newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
