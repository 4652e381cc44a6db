/**
 * Exponential backoff as Kafka computes it (KIP-580, `org.apache.kafka.common.utils.ExponentialBackoff`):
 * the delay for attempt `n` (0-based) is `initial × multiplier^n`, times a random factor in
 * [1 − jitter, 1 + jitter), capped at `max`. When `max ≤ initial` the delay is `initial`, without
 * jitter. One class for every client of the model:
 * - the producer's and consumer's `retry.backoff.ms` / `retry.backoff.max.ms` and
 *   `reconnect.backoff.ms` / `reconnect.backoff.max.ms` (multiplier 2, jitter 0.2:
 *   `CommonClientConfigs.RETRY_BACKOFF_EXP_BASE`, `RETRY_BACKOFF_JITTER`);
 * - the KRaft broker's lifecycle requests (`BrokerLifecycleManager`: 100 ms, multiplier 2, capped
 *   at `broker.session.timeout.ms`, jitter 0.02), see controller/kraft/lifecycle-backoff.ts.
 * Randomness comes from the caller's stream, so a draw in one client never moves another's.
 */
import type { Random } from "../../sim/random.js";

/** Kafka's jitter for the clients' retry and reconnect backoffs. */
const BACKOFF_JITTER = 0.2;
/** Kafka's base of the clients' exponential backoffs. */
const BACKOFF_EXP_BASE = 2;

export class ExponentialBackoff {
  constructor(
    readonly initialMs: number,
    readonly multiplier: number,
    readonly maxMs: number,
    readonly jitter: number,
  ) {}

  /** Backoff in milliseconds before attempt `attempts` (0 = the first retry). */
  backoffMs(attempts: number, random: Random): number {
    const { initialMs, maxMs } = this;
    if (maxMs <= initialMs || initialMs <= 0) return Math.max(0, initialMs);
    const expMax = Math.log(maxMs / Math.max(initialMs, 1)) / Math.log(this.multiplier);
    const exp = Math.min(Math.max(0, attempts), expMax);
    const term = initialMs * Math.pow(this.multiplier, exp);
    const factor = random.uniform(1 - this.jitter, 1 + this.jitter);
    return Math.min(Math.floor(factor * term), maxMs);
  }
}

/**
 * A client backoff with Kafka's base and jitter: e.g. `retry.backoff.ms` / `retry.backoff.max.ms`.
 * @param initialMs e.g. `retry.backoff.ms`
 * @param maxMs e.g. `retry.backoff.max.ms`
 */
export function exponentialBackoffMs(initialMs: number, maxMs: number, attempts: number, random: Random): number {
  return new ExponentialBackoff(initialMs, BACKOFF_EXP_BASE, maxMs, BACKOFF_JITTER).backoffMs(attempts, random);
}
