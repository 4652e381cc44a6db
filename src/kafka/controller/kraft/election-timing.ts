/**
 * The random timings of KRaft's leader election (Kafka's QuorumState/RaftUtil helpers, KIP-595)
 * and the size of a majority.
 */

/** Kafka's binaryExponentialElectionBackoffMs: 100 ms × uniform [0, 2^retries), capped. */
export function electionBackoffMs(retries: number, maxMs: number, draw: () => number): number {
  const exponent = Math.min(Math.max(retries, 1), 20);
  const raw = 100 * Math.floor(draw() * 2 ** exponent);
  return Math.min(raw, maxMs);
}

/** Kafka's randomElectionTimeoutMs: uniform in [T, 2T). */
export function randomElectionTimeoutMs(timeoutMs: number, draw: () => number): number {
  return timeoutMs + Math.floor(draw() * timeoutMs);
}

/** Majority size of a voter set. */
export const majority = (voters: number): number => Math.floor(voters / 2) + 1;
