/**
 * Metrics scoped by client (docs/metrics.md), in one pass over the history:
 * - produce latency of acknowledged sends (send() call to successful callback), per producer and
 *   over all producers: `latency.p50`, `latency.p99`, `latency.max`, `latency.p1.p99`, … in ms;
 * - Kafka errors per client: `errors.p1.NOT_ENOUGH_REPLICAS` counts what producer `p1`'s sends
 *   ended with or last retried on, `errors.g1.REQUEST_TIMED_OUT` what consumer group `g1`'s offset
 *   commits ended with. Producers also report every retried attempt's error as they see it
 *   (`retriedByClient`); a client's count is the larger of the two, as for unscoped `errors.X`.
 */
import type { History } from "../../kafka/history.js";
import { nearestRank } from "./percentile.js";

/** Percentiles every result carries; `expect` may ask for others (`latency.p95`). */
const STANDARD_PERCENTILES = [50, 99] as const;

export interface ClientScopedMetrics {
  /** `latency.*` and `errors.<client>.*`, sorted by name. */
  metrics: Record<string, number>;
}

const byName = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);

/** `p99`, `p99.9`, `p50` for percentile numbers. */
function percentileLabel(p: number): string {
  return `p${p}`;
}

/** Latency metrics (ms) of one population of latencies (µs) under `prefix` (`latency` or `latency.p1`). */
export function latencyMetrics(prefix: string, latenciesUs: number[], percentiles: readonly number[]): Record<string, number> {
  if (latenciesUs.length === 0) return {};
  // A typed array sorts numerically without a comparator call per comparison (latencies are finite integers).
  const sorted = Float64Array.from(latenciesUs).sort();
  const out: Record<string, number> = {};
  for (const p of percentiles) out[`${prefix}.${percentileLabel(p)}`] = nearestRank(sorted, p)! / 1000;
  out[`${prefix}.max`] = sorted[sorted.length - 1]! / 1000;
  return out;
}

/**
 * Client-scoped metrics of a history. `retriedByClient`: errors producers saw on retried attempts
 * (HistoryRecorder.errorsSeenByClient); `percentiles`: the standard ones plus any `expect` names.
 */
export function clientScopedMetrics(
  history: History,
  retriedByClient: ReadonlyMap<string, ReadonlyMap<string, number>>,
  percentiles: readonly number[] = STANDARD_PERCENTILES,
): ClientScopedMetrics {
  const latencies = new Map<string, number[]>();
  const all: number[] = [];
  const finalErrors = new Map<string, Map<string, number>>();
  const count = (client: string, error: string | undefined): void => {
    if (error === undefined) return;
    let errors = finalErrors.get(client);
    if (errors === undefined) finalErrors.set(client, (errors = new Map()));
    errors.set(error, (errors.get(error) ?? 0) + 1);
  };
  for (const op of history) {
    if (op.kind === "send") {
      if (op.outcome === "ok" && op.completeUs !== undefined) {
        const us = op.completeUs - op.invokeUs;
        all.push(us);
        let list = latencies.get(op.producer);
        if (list === undefined) latencies.set(op.producer, (list = []));
        list.push(us);
      }
      count(op.producer, op.error);
      if (op.lastError !== op.error) count(op.producer, op.lastError);
    } else if (op.kind === "commit") {
      count(op.group, op.error);
    }
  }
  const metrics: Record<string, number> = { ...latencyMetrics("latency", all, percentiles) };
  for (const [producer, list] of [...latencies].sort(byName)) Object.assign(metrics, latencyMetrics(`latency.${producer}`, list, percentiles));
  const clients = [...new Set([...finalErrors.keys(), ...retriedByClient.keys()])].sort();
  for (const client of clients) {
    const final = finalErrors.get(client) ?? new Map<string, number>();
    const retried = retriedByClient.get(client) ?? new Map<string, number>();
    for (const error of [...new Set([...final.keys(), ...retried.keys()])].sort()) {
      metrics[`errors.${client}.${error}`] = Math.max(final.get(error) ?? 0, retried.get(error) ?? 0);
    }
  }
  return { metrics };
}
