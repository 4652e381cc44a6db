/**
 * The backoff of Kafka's BrokerLifecycleManager after a failed registration or heartbeat:
 * `new ExponentialBackoff(100, 2, broker.session.timeout.ms, 0.02)`, i.e. 100 ms × 2^attempts
 * with ±2 % jitter, capped at the session timeout — the clients' one backoff
 * (client/backoff.ts) with these parameters. The attempt counter (`failedAttempts`) restarts at 0
 * after every successful answer.
 */
import type { Random } from "../../../sim/random.js";
import { ExponentialBackoff } from "../../client/backoff.js";

const INITIAL_MS = 100;
const MULTIPLIER = 2;
const JITTER = 0.02;

/** Delay in ms before the next attempt after `failedAttempts` failures in a row (0 = first failure). */
export function lifecycleBackoffMs(failedAttempts: number, sessionTimeoutMs: number, random: Random): number {
  return new ExponentialBackoff(Math.min(INITIAL_MS, sessionTimeoutMs), MULTIPLIER, sessionTimeoutMs, JITTER).backoffMs(failedAttempts, random);
}
