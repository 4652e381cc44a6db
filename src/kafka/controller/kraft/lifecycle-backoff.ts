/**
 * The backoff of Kafka's BrokerLifecycleManager after a failed registration or heartbeat:
 * `new ExponentialBackoff(100, 2, broker.session.timeout.ms, 0.02)`, i.e. 100 ms × 2^attempts
 * with ±2 % jitter, capped at the session timeout (ExponentialBackoff.backoff). The attempt
 * counter (`failedAttempts`) restarts at 0 after every successful answer.
 */
import type { Random } from "../../../sim/random.js";

const INITIAL_MS = 100;
const MULTIPLIER = 2;
const JITTER = 0.02;

/** Delay in ms before the next attempt after `failedAttempts` failures in a row (0 = first failure). */
export function lifecycleBackoffMs(failedAttempts: number, sessionTimeoutMs: number, random: Random): number {
  const initial = Math.min(INITIAL_MS, sessionTimeoutMs);
  if (sessionTimeoutMs <= initial) return initial;
  const expMax = Math.log(sessionTimeoutMs / Math.max(initial, 1)) / Math.log(MULTIPLIER);
  const term = initial * Math.pow(MULTIPLIER, Math.min(failedAttempts, expMax));
  return Math.min(Math.floor(random.uniform(1 - JITTER, 1 + JITTER) * term), sessionTimeoutMs);
}
