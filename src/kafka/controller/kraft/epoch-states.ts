/**
 * One small state object per Raft role, as Kafka's EpochState classes (UnattachedState,
 * ProspectiveState, CandidateState, LeaderState, FollowerState, ResignedState): what a node knows
 * and tracks only while it is in that role. {@link QuorumState} (quorum-state.ts) holds exactly one
 * of them and is the only place that replaces it.
 */
import type { LeaderState } from "./leader-state.js";

/** The votes of one election round, pre-vote or vote (Kafka's EpochElection). */
export class VoteTally {
  readonly granted: Set<string>;
  readonly rejected = new Set<string>();
  /** Correlation ids of this round's Vote requests: answers to an earlier round are ignored. */
  readonly round = new Set<number>();

  constructor(self: string) {
    this.granted = new Set([self]);
  }
}

/** A higher epoch is known but no leader, and no vote was cast in it. */
export interface UnattachedState {
  readonly role: "unattached";
  readonly epoch: number;
}

/** Voted for `votedFor` in this epoch (Kafka's UnattachedState with a voted key). */
export interface VotedState {
  readonly role: "voted";
  readonly epoch: number;
  readonly votedFor: string;
}

/** KIP-996: asking for pre-votes without bumping the epoch; remembers the last known leader. */
export interface ProspectiveState {
  readonly role: "prospective";
  readonly epoch: number;
  /** A vote cast while prospective (Kafka's ProspectiveState votedKey); persisted. */
  votedFor: string | null;
  readonly leader: string | null;
  /** Election retries carried into the candidacy that a won pre-vote starts. */
  readonly retries: number;
  readonly tally: VoteTally;
}

/** Standing for election in its own new epoch, having voted for itself. */
export interface CandidateState {
  readonly role: "candidate";
  readonly epoch: number;
  readonly votedFor: string;
  readonly retries: number;
  /** Lost (or timed out) and waiting its exponential backoff before standing again. */
  backingOff: boolean;
  readonly tally: VoteTally;
}

/** Leading this epoch; `progress` tracks the voters (leader-state.ts). */
export interface LeaderRoleState {
  readonly role: "leader";
  readonly epoch: number;
  readonly votedFor: string;
  readonly progress: LeaderState;
}

/** Following `leader` in this epoch. */
export interface FollowerState {
  readonly role: "follower";
  readonly epoch: number;
  readonly leader: string;
  readonly votedFor: string | null;
  /** A fetch succeeded since it began following this leader: it then refuses pre-votes. */
  hasFetchedFromLeader: boolean;
}

/** A leader that stepped down (or restarted) and waits for the next election. */
export interface ResignedState {
  readonly role: "resigned";
  readonly epoch: number;
  readonly votedFor: string | null;
}

export type EpochState = UnattachedState | VotedState | ProspectiveState | CandidateState | LeaderRoleState | FollowerState | ResignedState;

export type RaftRole = EpochState["role"];
