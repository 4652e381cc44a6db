/**
 * `expect`: metric → a number (exact) or a comparison string (`">= 1"`, `"< 5"`, `"== 0"`), with
 * durations for time metrics (`latency.p99: "< 2s"`, `downtime: "<= 10s"`), like k6 thresholds.
 * Metrics (docs/metrics.md) are the checker's anomaly names, client outcomes, `unconverged`, time metrics
 * (`downtime`, `write-downtime`, `latency.*`), `errors.<KAFKA_ERROR>` and `errors.<client>.<KAFKA_ERROR>`,
 * or invariant names. Invariant names belong to the checker, so any other kebab-case name is
 * accepted as one — unless it is one typo away from a known metric.
 *
 * `unavailable` is the old name of the anomaly `unreadable`: still accepted, with a warning.
 */
import type { Diagnostics } from "./diagnostics.js";
import { INVARIANT_NAMES } from "../check/invariants/types.js";
import { DOWNTIME_METRICS, LATENCY_METRICS, parseMetricName, type MetricName } from "../check/metrics/names.js";
import { describeValue } from "../kafka/config/values.js";
import { parseDuration } from "./durations.js";
import { closest } from "./suggest.js";
import type { Expectation, ExpectationOp } from "./types.js";

/** Anomaly metrics of the history checker (docs/metrics.md). */
export const ANOMALY_METRICS = [
  "lost-write",
  "duplicate",
  "inconsistent-offsets",
  "nonmonotonic-send",
  "nonmonotonic-key",
  "poll-skip",
  "nonmonotonic-poll",
  "int-poll-skip",
  "int-nonmonotonic-poll",
  "unseen",
  "unreadable",
  "lost-processing",
  "duplicate-processing",
  "stale-commit",
] as const;

/** Old metric names still accepted in `expect`, `--set expect.*` and `compare`, with a warning. */
export const RENAMED_METRICS: Readonly<Record<string, string>> = { unavailable: "unreadable" };

/** Client outcome metrics. */
export const OUTCOME_METRICS = ["produced", "acked", "failed", "unknown", "consumed", "processed"] as const;

/**
 * Cluster outcome metrics: `unconverged`, the partitions (internal topics included) left without a
 * working leader, or with a live replica outside their ISR, when the run ended (after the drain:
 * src/scenario/runner/drain.ts `leftUnrecovered`). Kafka's promise once every fault has healed: no
 * partition stays offline or under-replicated.
 */
const CLUSTER_METRICS = ["unconverged"] as const;

/** Time metrics in milliseconds with fixed names (per-partition and per-producer forms add a scope). */
const TIME_METRICS: readonly string[] = [...DOWNTIME_METRICS, ...LATENCY_METRICS];

/** Invariant names of the live monitor (src/check/invariants). */
export const KNOWN_INVARIANTS: readonly string[] = INVARIANT_NAMES;

const KNOWN: readonly string[] = [...ANOMALY_METRICS, ...OUTCOME_METRICS, ...CLUSTER_METRICS, ...TIME_METRICS, ...KNOWN_INVARIANTS];
const OPERATOR = /^(==|!=|<=|>=|<|>|=)?\s*(.*)$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const INVARIANT_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const METRICS_EXPECTED =
  "an anomaly (lost-write, unreadable, …), an outcome (produced, acked, …), unconverged, a time (downtime, write-downtime, " +
  "latency.p99, downtime.<topic>-<partition>, latency.<producer>.p99), errors.<KAFKA_ERROR>, errors.<client>.<KAFKA_ERROR> or an invariant name";
const COUNT_EXPECTED = 'a number, or ">= 1", "< 5", "== 0", "!= 0"';
const TIME_EXPECTED = 'a duration or comparison such as "< 2s", "<= 500ms", "== 0", or a number of milliseconds';

/** What the scenario declares, for checking the scope of `downtime.orders-0`, `latency.p1.p99`, `errors.g1.X`. */
export interface ExpectScope {
  /** Topic name → partition count (the scenario's topics). */
  topics: ReadonlyMap<string, number>;
  producers: readonly string[];
  /** Consumer group names. */
  groups: readonly string[];
}

/** Parse a comparison (`">= 1"`, `"0"`, `3`) into an operator and a number. */
function parseComparison(raw: unknown): { op: ExpectationOp; value: number } | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) ? { op: "==", value: raw } : undefined;
  if (typeof raw !== "string") return undefined;
  const match = OPERATOR.exec(raw.trim())!;
  if (!NUMBER.test(match[2]!)) return undefined;
  return { op: operator(match[1]), value: Number(match[2]) };
}

/**
 * Parse a time threshold (`"< 2s"`, `"<= 500ms"`, `"0"`, `250`) into an operator and milliseconds;
 * a bare number is milliseconds.
 */
export function parseTimeComparison(raw: unknown): { op: ExpectationOp; value: number } | undefined {
  if (typeof raw === "number") return Number.isFinite(raw) && raw >= 0 ? { op: "==", value: raw } : undefined;
  if (typeof raw !== "string") return undefined;
  const match = OPERATOR.exec(raw.trim())!;
  const text = match[2]!.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return { op: operator(match[1]), value: Number(text) };
  const duration = parseDuration(text);
  return duration.ok ? { op: operator(match[1]), value: duration.value / 1000 } : undefined;
}

function operator(raw: string | undefined): ExpectationOp {
  return (raw === undefined || raw === "=" ? "==" : raw) as ExpectationOp;
}

/** The name a metric is stored under in results: renamed metrics map to their new name, `p50.0` to `p50`. */
export function canonicalMetric(metric: string): string {
  const renamed = RENAMED_METRICS[metric];
  if (renamed !== undefined) return renamed;
  const parsed = parseMetricName(metric);
  if (parsed?.form !== "latency") return metric;
  const stat = parsed.stat === "max" ? "max" : `p${parsed.stat.percentile}`;
  return parsed.client === undefined ? `latency.${stat}` : `latency.${parsed.client}.${stat}`;
}

/** Normalise the `expect` map; problems go to `diagnostics`. Without `scope`, scoped names are not checked. */
export function normaliseExpect(raw: Readonly<Record<string, unknown>> | undefined, diagnostics: Diagnostics, scope?: ExpectScope): Expectation[] {
  const result: Expectation[] = [];
  for (const [written, value] of Object.entries(raw ?? {})) {
    const path = ["expect", written];
    const renamed = RENAMED_METRICS[written];
    if (renamed !== undefined) {
      diagnostics.warn(path, `metric "${written}" was renamed to "${renamed}"`, {
        at: "key",
        hint: `write "${renamed}" (acknowledged records no replica could serve); for time without a leader use "downtime"`,
      });
    }
    const metric = canonicalMetric(written);
    const parsed = parseMetricName(metric);
    if (parsed === undefined && !KNOWN.includes(metric)) {
      const suggestion = closest(metric, KNOWN);
      if (suggestion !== undefined || !INVARIANT_NAME.test(metric)) {
        diagnostics.error(path, `unknown metric "${written}"`, {
          at: "key",
          expected: METRICS_EXPECTED,
          hint:
            suggestion !== undefined
              ? `did you mean "${suggestion}"?`
              : /^errors\./i.test(metric)
                ? "Kafka error names are upper case: errors.REQUEST_TIMED_OUT, errors.p1.NOT_ENOUGH_REPLICAS"
                : undefined,
        });
        continue;
      }
    }
    if (parsed !== undefined && scope !== undefined && !scopeKnown(parsed, scope, path, diagnostics)) continue;
    const time = parsed !== undefined && parsed.form !== "errors";
    const comparison = time ? parseTimeComparison(value) : parseComparison(value);
    if (comparison === undefined) {
      const hint =
        !time && typeof value === "string" && /\d\s*(us|µs|ms|s|m|h)\s*$/.test(value) ? `"${written}" is a count, not a time: write a number` : undefined;
      diagnostics.error(path, "not a comparison", { expected: time ? TIME_EXPECTED : COUNT_EXPECTED, found: describeValue(value), hint });
      continue;
    }
    result.push({ metric, ...comparison, text: String(value) });
  }
  return result;
}

/** Does the partition, producer or client a scoped metric names exist? Errors go to `diagnostics`. */
function scopeKnown(parsed: MetricName, scope: ExpectScope, path: readonly string[], diagnostics: Diagnostics): boolean {
  if (parsed.form === "downtime" && parsed.partition !== undefined) {
    const { topic, index } = parsed.partition;
    const partitions = scope.topics.get(topic);
    if (partitions !== undefined && index < partitions) return true;
    const names = [...scope.topics].flatMap(([name, count]) => Array.from({ length: count }, (_, p) => `${name}-${p}`));
    const suggestion = closest(`${topic}-${index}`, names);
    diagnostics.error(
      path,
      partitions === undefined
        ? `no topic "${topic}" in this scenario`
        : `topic "${topic}" has ${partitions} partition(s): ${topic}-0 … ${topic}-${partitions - 1}`,
      {
        at: "key",
        expected: `${parsed.base}.<topic>-<partition> for a partition of the scenario's topics`,
        hint: suggestion === undefined ? undefined : `did you mean "${parsed.base}.${suggestion}"?`,
      },
    );
    return false;
  }
  if ((parsed.form === "latency" || parsed.form === "errors") && parsed.client !== undefined) {
    const clients = parsed.form === "latency" ? scope.producers : [...scope.producers, ...scope.groups];
    if (clients.includes(parsed.client)) return true;
    const suggestion = closest(parsed.client, clients);
    const what = parsed.form === "latency" ? "producer" : "producer or consumer group";
    diagnostics.error(path, `no ${what} "${parsed.client}" in this scenario`, {
      at: "key",
      expected: parsed.form === "latency" ? "latency.<producer>.p99 with one of the scenario's producer names" : "errors.<producer or group>.<KAFKA_ERROR>",
      hint: suggestion === undefined ? (clients.length > 0 ? `the scenario has ${clients.join(", ")}` : undefined) : `did you mean "${suggestion}"?`,
    });
    return false;
  }
  return true;
}
