/**
 * The names of the time and client-scoped metrics (docs/metrics.md), parsed:
 * - `downtime`, `write-downtime`: ms during which some partition of the scenario's topics was down;
 *   `downtime.orders-0`, `write-downtime.orders-0`: one partition's ms;
 * - `latency.p50`, `latency.p99`, `latency.max` (any `pN` or `pN.M`): produce latency of
 *   acknowledged sends in ms; `latency.p1.p99`: producer `p1`'s only;
 * - `errors.NOT_ENOUGH_REPLICAS`: every client; `errors.p1.NOT_ENOUGH_REPLICAS`: producer `p1`'s
 *   sends, `errors.g1.REQUEST_TIMED_OUT`: consumer group `g1`'s offset commits.
 */

export type MetricName =
  | { form: "downtime"; base: "downtime" | "write-downtime"; partition?: { topic: string; index: number } }
  | { form: "latency"; client?: string; stat: "max" | { percentile: number } }
  | { form: "errors"; client?: string; error: string };

export const DOWNTIME_METRICS = ["downtime", "write-downtime"] as const;
/** The latency statistics every result carries (when some send was acknowledged). */
export const LATENCY_METRICS = ["latency.p50", "latency.p99", "latency.max"] as const;

const DOWNTIME = /^(downtime|write-downtime)(?:\.(.+)-(\d+))?$/;
// Client names may hold dots (`p1.eu`): the statistic and the error name are matched from the end.
const LATENCY = /^latency(?:\.(.+?))?\.(max|p(\d+(?:\.\d+)?))$/;
const ERRORS = /^errors\.(?:(.+)\.)?([A-Z][A-Z0-9_]*)$/;

/** Parse a time or client-scoped metric name; undefined for any other name (anomalies, outcomes, invariants). */
export function parseMetricName(name: string): MetricName | undefined {
  const downtime = DOWNTIME.exec(name);
  if (downtime) {
    const base = downtime[1] as "downtime" | "write-downtime";
    return downtime[2] === undefined ? { form: "downtime", base } : { form: "downtime", base, partition: { topic: downtime[2], index: Number(downtime[3]) } };
  }
  const latency = LATENCY.exec(name);
  if (latency) {
    const percentile = latency[3] === undefined ? undefined : Number(latency[3]);
    if (percentile !== undefined && percentile > 100) return undefined;
    const stat = percentile === undefined ? ("max" as const) : { percentile };
    return latency[1] === undefined ? { form: "latency", stat } : { form: "latency", client: latency[1], stat };
  }
  const errors = ERRORS.exec(name);
  if (errors) return errors[1] === undefined ? { form: "errors", error: errors[2]! } : { form: "errors", client: errors[1], error: errors[2]! };
  return undefined;
}

/** Is this metric a time in milliseconds (so `expect` takes durations for it)? */
export function isTimeMetric(name: string): boolean {
  const parsed = parseMetricName(name);
  return parsed !== undefined && parsed.form !== "errors";
}

/** The percentiles `expect` asks about beyond the standard p50 and p99, for the run to compute. */
export function requestedPercentiles(names: readonly string[]): number[] {
  const out = new Set<number>([50, 99]);
  for (const name of names) {
    const parsed = parseMetricName(name);
    if (parsed?.form === "latency" && parsed.stat !== "max") out.add(parsed.stat.percentile);
  }
  return [...out].sort((a, b) => a - b);
}

/** Is this a per-partition or per-client metric (`downtime.orders-0`, `latency.p1.p99`, `errors.p1.X`)? */
export function isScopedMetric(name: string): boolean {
  const parsed = parseMetricName(name);
  if (parsed === undefined) return false;
  if (parsed.form === "downtime") return parsed.partition !== undefined;
  return parsed.client !== undefined;
}
