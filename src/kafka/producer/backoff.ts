/**
 * Exponential backoff as Kafka's clients compute it (KIP-580, `ExponentialBackoff`): the delay
 * for attempt `n` (0-based) is `initial × 2^n`, multiplied by a random factor in [0.8, 1.2)
 * (±20 % jitter), capped at `max`. When `max ≤ initial` the delay is `initial`, without jitter.
 * Used for `retry.backoff.ms` / `retry.backoff.max.ms` and `reconnect.backoff.ms` /
 * `reconnect.backoff.max.ms`. Randomness comes from the caller's stream.
 */
import type { Random } from "../../sim/random.js";

/** Kafka's default jitter for client backoffs. */
const BACKOFF_JITTER = 0.2;

/**
 * Backoff in milliseconds before attempt `attempts` (0 = the first retry).
 * @param initialMs e.g. `retry.backoff.ms`
 * @param maxMs e.g. `retry.backoff.max.ms`
 */
export function exponentialBackoffMs(initialMs: number, maxMs: number, attempts: number, random: Random): number {
  if (maxMs <= initialMs || initialMs <= 0) return Math.max(0, initialMs);
  const expMax = Math.log(maxMs / Math.max(initialMs, 1)) / Math.log(2);
  const exp = Math.min(Math.max(0, attempts), expMax);
  const term = initialMs * Math.pow(2, exp);
  const factor = random.uniform(1 - BACKOFF_JITTER, 1 + BACKOFF_JITTER);
  return Math.min(Math.floor(factor * term), maxMs);
}
