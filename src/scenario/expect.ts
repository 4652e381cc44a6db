/**
 * `expect`: metric → a number (exact) or a comparison string (`">= 1"`, `"< 5"`, `"== 0"`)
 * (SCENARIO-FORMAT "Expectations"). Metrics are the checker's anomaly names, client outcomes,
 * `errors.<KAFKA_ERROR>`, or invariant names. Invariant names belong to the checker, so any other
 * kebab-case name is accepted as one — unless it is one typo away from a known metric.
 */
import type { Diagnostics } from "./diagnostics.js";
import { INVARIANT_NAMES } from "../check/invariants/types.js";
import { describeValue } from "../kafka/config/values.js";
import { closest } from "./suggest.js";
import type { Expectation, ExpectationOp } from "./types.js";

/** Anomaly metrics of the history checker (reference/anomalies.md). */
export const ANOMALY_METRICS = [
  "lost-write", "duplicate", "inconsistent-offsets", "nonmonotonic-send", "poll-skip", "nonmonotonic-poll",
  "int-poll-skip", "int-nonmonotonic-poll", "unseen", "unavailable", "lost-processing", "duplicate-processing",
] as const;

/** Client outcome metrics. */
export const OUTCOME_METRICS = ["produced", "acked", "failed", "unknown", "consumed", "processed"] as const;

/** Invariant names of the live monitor (src/check/invariants). */
export const KNOWN_INVARIANTS: readonly string[] = INVARIANT_NAMES;

const KNOWN: readonly string[] = [...ANOMALY_METRICS, ...OUTCOME_METRICS, ...KNOWN_INVARIANTS];
const COMPARISON = /^(==|!=|<=|>=|<|>|=)?\s*(-?\d+(?:\.\d+)?)$/;
const ERROR_METRIC = /^errors\.[A-Z][A-Z0-9_]*$/;
const INVARIANT_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Parse a comparison (`">= 1"`, `"0"`, `3`) into an operator and a number. */
export function parseComparison(raw: unknown): { op: ExpectationOp; value: number } | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? { op: "==", value: raw } : undefined;
  if (typeof raw !== "string") return undefined;
  const match = COMPARISON.exec(raw.trim());
  if (match === null) return undefined;
  const op = (match[1] === undefined || match[1] === "=" ? "==" : match[1]) as ExpectationOp;
  return { op, value: Number(match[2]) };
}

/** Normalise the `expect` map; problems go to `diagnostics`. */
export function normaliseExpect(raw: Readonly<Record<string, unknown>> | undefined, diagnostics: Diagnostics): Expectation[] {
  const result: Expectation[] = [];
  for (const [metric, value] of Object.entries(raw ?? {})) {
    const path = ["expect", metric];
    if (!KNOWN.includes(metric) && !ERROR_METRIC.test(metric)) {
      const suggestion = closest(metric, KNOWN);
      if (suggestion !== undefined || !INVARIANT_NAME.test(metric)) {
        diagnostics.error(path, `unknown metric "${metric}"`, {
          at: "key",
          expected: "an anomaly (lost-write, duplicate, …), an outcome (produced, acked, …), errors.<KAFKA_ERROR> or an invariant name",
          hint: suggestion === undefined ? undefined : `did you mean "${suggestion}"?`,
        });
        continue;
      }
    }
    const comparison = parseComparison(value);
    if (comparison === undefined) {
      diagnostics.error(path, "not a comparison", { expected: 'a number, or ">= 1", "< 5", "== 0", "!= 0"', found: describeValue(value) });
      continue;
    }
    result.push({ metric, ...comparison, text: String(value) });
  }
  return result;
}
