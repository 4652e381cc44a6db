/**
 * Raft roles and the persisted quorum state (kafka-semantics §4.2, Kafka's QuorumState).
 *
 * Roles and their transitions:
 *   unattached(e) → voted(e) | candidate(e+1) | follower(e') | unattached(e'>e)
 *   voted(e)      → follower(e) | candidate(e+1) | unattached(e'>e)
 *   candidate(e)  → leader(e) | candidate(e+1) after backoff | follower(e'≥e) | unattached(e'>e)
 *   leader(e)     → resigned(e) | unattached(e'>e) | follower(e'>e)
 *   follower(e)   → candidate(e+1) on fetch timeout | unattached(e'>e) | follower(e'>e)
 *   resigned(e)   → candidate(e+1) | unattached(e'>e) | follower(e'>e)
 * With pre-vote (KIP-996, Kafka 4.0+), every "→ candidate(e+1)" above goes through prospective(e):
 *   prospective(e) → candidate(e+1) on a majority of pre-votes | follower(e) of its last known
 *                    leader, or unattached(e), when the pre-votes are rejected or time out |
 *                    follower(e'≥e) | unattached(e'>e)
 *   (a candidate whose election times out or is rejected goes back to prospective after its backoff).
 * Observers (brokers) only ever are unattached or follower.
 * (epoch, votedFor, leader) is written to a checkpoint with sync before any message depends on it.
 */
import type { CheckpointFile } from "../../../sim/disk.js";
import type { Micros } from "../../../sim/time.js";

export type RaftRole = "unattached" | "voted" | "prospective" | "candidate" | "leader" | "follower" | "resigned";

export const QUORUM_STATE_FILE = "__cluster_metadata-0/quorum-state";

/** What survives a restart: Kafka's quorum-state file. */
export interface PersistedQuorumState {
  epoch: number;
  votedFor: string | null;
  leader: string | null;
}

export class QuorumStateStore {
  constructor(private readonly file: CheckpointFile<PersistedQuorumState>) {}

  read(): PersistedQuorumState {
    return this.file.read() ?? { epoch: 0, votedFor: null, leader: null };
  }

  write(state: PersistedQuorumState, nowUs: Micros): void {
    this.file.write({ ...state }, nowUs, true);
  }
}

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
