/**
 * How metrics read in a report: which kind each metric is (anomaly, client outcome, Kafka error,
 * invariant) and a plain-words phrase for each anomaly, used in rates over seeds
 * ("lost acknowledged writes in 14 of 20 seeds").
 */
import { ANOMALY_METRICS, OUTCOME_METRICS } from "../scenario/expect.js";
import type { MetricSummary } from "../scenario/result.js";
import { isTimeMetric } from "../check/metrics/names.js";

/** The anomaly metrics, in the checker's order. */
export const ANOMALY_NAMES: readonly string[] = ANOMALY_METRICS;
/** The client outcome metrics, in reading order. */
export const OUTCOME_NAMES: readonly string[] = OUTCOME_METRICS;

const PHRASES: Readonly<Record<string, string>> = {
  "lost-write": "lost acknowledged writes",
  duplicate: "duplicated records",
  "inconsistent-offsets": "offsets read with different values",
  "nonmonotonic-send": "sends landing out of order",
  "nonmonotonic-key": "records of a key read out of send order",
  "poll-skip": "polls skipping records",
  "nonmonotonic-poll": "polls going backwards",
  "int-poll-skip": "skips inside one poll",
  "int-nonmonotonic-poll": "reordering inside one poll",
  unseen: "records never read",
  unreadable: "acknowledged records left unreadable",
  downtime: "time without a running leader",
  "write-downtime": "time without acks=all writes",
  "lost-processing": "records never processed",
  "duplicate-processing": "records processed twice",
  "stale-commit": "offset commits of a stale generation accepted",
  unconverged: "partitions left offline or under-replicated",
};

/** Plain words for a metric: `lost acknowledged writes`, `NOT_ENOUGH_REPLICAS errors`, or the name itself. */
export function metricPhrase(metric: string): string {
  const phrase = PHRASES[metric];
  if (phrase !== undefined) return phrase;
  if (metric.startsWith("errors.")) return `${metric.slice("errors.".length)} errors`;
  if (OUTCOME_NAMES.includes(metric)) return `${metric} records`;
  return `${metric} violations`;
}

/** The kind of a metric name. */
export type MetricKind = "anomaly" | "outcome" | "time" | "error" | "invariant";

/** Which kind of metric `name` is (anything unknown is an invariant, as in `expect`). */
export function metricKind(name: string): MetricKind {
  if (ANOMALY_NAMES.includes(name)) return "anomaly";
  if (OUTCOME_NAMES.includes(name)) return "outcome";
  if (name.startsWith("errors.")) return "error";
  if (isTimeMetric(name)) return "time";
  return "invariant";
}

/** Metric names in report order: outcomes, anomalies (checker order), invariants, errors (sorted). */
export function orderMetrics(names: Iterable<string>): string[] {
  const all = [...new Set(names)];
  const rank = (n: string): [number, number] => {
    const kind = metricKind(n);
    if (kind === "outcome") return [0, OUTCOME_NAMES.indexOf(n)];
    if (kind === "anomaly") return [1, ANOMALY_NAMES.indexOf(n)];
    if (kind === "time") return [2, 0];
    if (kind === "invariant") return [3, 0];
    return [4, 0];
  };
  return all.sort((a, b) => {
    const [ka, ia] = rank(a);
    const [kb, ib] = rank(b);
    return ka - kb || ia - ib || (a < b ? -1 : a > b ? 1 : 0);
  });
}

/**
 * A rate over seeds in words: `lost acknowledged writes in 14 of 20 seeds (mean 3.2, max 9)`;
 * with one seed: `5 lost acknowledged writes`.
 */
export function rateSentence(metric: string, summary: MetricSummary, seeds: number): string {
  if (seeds <= 1) return `${summary.max} ${metricPhrase(metric)}`;
  return `${metricPhrase(metric)} in ${summary.seedsNonZero} of ${seeds} seeds (mean ${formatMean(summary.mean)}, max ${summary.max})`;
}

function formatMean(mean: number): string {
  return Number.isInteger(mean) ? String(mean) : String(Math.round(mean * 10) / 10);
}

/** The non-zero anomaly and invariant metrics of a summary, in report order. */
export function troubleMetrics(summary: Readonly<Record<string, MetricSummary>>): string[] {
  return orderMetrics(Object.keys(summary)).filter((name) => {
    const kind = metricKind(name);
    return (kind === "anomaly" || kind === "invariant") && (summary[name]?.seedsNonZero ?? 0) > 0;
  });
}
