/**
 * `downtime` and `write-downtime` as metrics (docs/metrics.md), in milliseconds: the total over
 * the scenario's own topics (time during which at least one of their partitions was down — the
 * union, see outages.ts) and, for each partition that was down at all, `downtime.<topic>-<p>`.
 * Internal topics (`__consumer_offsets`) are left out.
 */
import type { OutageLog } from "./outages.js";

const isUserPartition = (name: string): boolean => !name.startsWith("__");

/** `{ downtime, "downtime.orders-0", … }` for one outage log under `base`. */
export function outageMetrics(base: string, log: OutageLog): Record<string, number> {
  const out: Record<string, number> = { [base]: log.unionUs(isUserPartition) / 1000 };
  for (const key of log.keys()) if (isUserPartition(key) && log.totalUs(key) > 0) out[`${base}.${key}`] = log.totalUs(key) / 1000;
  return out;
}

/** Milliseconds per user-topic partition that was down at all, sorted by partition name. */
export function outageMsByPartition(log: OutageLog): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of log.keys()) if (isUserPartition(key) && log.totalUs(key) > 0) out[key] = log.totalUs(key) / 1000;
  return out;
}
