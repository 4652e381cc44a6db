/**
 * Percentiles of produce latency (docs/metrics.md): the nearest-rank definition — the p-th
 * percentile of n sorted values is the value at rank ⌈p/100 × n⌉ (1-based), so it is always a
 * latency that some send really had; p0 is the smallest, p100 the largest.
 */

/** The nearest-rank `p`-th percentile (0 ≤ p ≤ 100) of ascending `sorted`, or null when empty. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  // p × n first, and a hair below the next integer, so that 99.9 % of 1000 is rank 999, not 1000.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100 - 1e-9));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}
