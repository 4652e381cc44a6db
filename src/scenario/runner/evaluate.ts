/**
 * Expectations and the verdict (docs/scenario-format.md "Expectations"): without `expect`, a run passes
 * when no anomaly and no invariant violation occurred (`unseen` and `unreadable` count only after
 * a converged drain); with `expect`, the listed metrics decide, and any invariant violation still
 * fails the run unless `expect` names that invariant.
 */
import type { InvariantResult } from "../../check/invariants/types.js";
import { ANOMALY_TYPES } from "../../check/history/types.js";
import { isTimeMetric, parseMetricName } from "../../check/metrics/names.js";
import type { ExpectationResult } from "../result.js";
import type { Expectation } from "../types.js";

/** `8.31s`, `250ms`, `1.234ms` for a failure line. */
function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms) / 1000}s` : `${Math.round(ms * 1000) / 1000}ms`;
}

export function compare(actual: number, op: Expectation["op"], value: number): boolean {
  switch (op) {
    case "==":
      return actual === value;
    case "!=":
      return actual !== value;
    case "<":
      return actual < value;
    case "<=":
      return actual <= value;
    case ">":
      return actual > value;
    case ">=":
      return actual >= value;
  }
}

export function verdict(
  expectations: readonly Expectation[],
  metrics: Record<string, number>,
  invariants: readonly InvariantResult[],
  converged: boolean,
): { passed: boolean; expectations: ExpectationResult[]; failures: string[] } {
  const failures: string[] = [];
  const lookup = (metric: string) => metrics[metric] ?? invariants.find((i) => i.name === metric)?.violations ?? 0;
  const results = expectations.map((e): ExpectationResult => {
    const unit = isTimeMetric(e.metric) ? { unit: "ms" as const } : {};
    // A latency needs an acknowledged send to measure; absent counts and times are 0.
    if (metrics[e.metric] === undefined && parseMetricName(e.metric)?.form === "latency") {
      failures.push(`expected ${e.metric} ${e.text}, but no send was acknowledged`);
      return { metric: e.metric, expected: e.text, actual: null, passed: false, ...unit };
    }
    const actual = lookup(e.metric);
    const passed = compare(actual, e.op, e.value);
    if (!passed) failures.push(`expected ${e.metric} ${e.text}, got ${unit.unit ? formatMs(actual) : actual}`);
    return { metric: e.metric, expected: e.text, actual, passed, ...unit };
  });
  const named = new Set(expectations.map((e) => e.metric));
  for (const invariant of invariants) {
    if (invariant.violations > 0 && !named.has(invariant.name))
      failures.push(`invariant ${invariant.name} violated ${invariant.violations}× — ${invariant.first?.description ?? ""}`);
  }
  if (expectations.length === 0) {
    for (const type of ANOMALY_TYPES) {
      if ((type === "unseen" || type === "unreadable") && !converged) continue;
      const count = metrics[type] ?? 0;
      if (count > 0) failures.push(`${count} ${type} anomal${count === 1 ? "y" : "ies"}`);
    }
  }
  return { passed: failures.length === 0, expectations: results, failures };
}
