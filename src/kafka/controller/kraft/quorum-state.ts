/**
 * The Raft role state machine of one node (Kafka's QuorumState, KIP-595; pre-vote KIP-996) and its
 * persisted part, the quorum-state file.
 *
 * Legal moves — every `transitionTo*` method checks its row and throws
 * {@link IllegalStateTransition} (naming the from-state, the to-state and the epochs) otherwise:
 *   unattached(e) → voted(e) | prospective(e) | candidate(e+1) | follower(e'≥e) | unattached(e'>e)
 *   voted(e)      → prospective(e) | candidate(e+1) | follower(e'≥e) | unattached(e'>e)
 *   prospective(e)→ candidate(e+1) on a majority of pre-votes | follower(e) of its last known leader,
 *                   or unattached/voted(e), when the pre-votes are rejected or time out |
 *                   follower(e'≥e) | unattached(e'>e)
 *   candidate(e)  → leader(e) with a majority of votes | candidate(e+1) after backoff |
 *                   prospective(e) after backoff (pre-vote) | follower(e'≥e) | unattached(e'>e)
 *   leader(e)     → resigned(e) | follower(e'>e) | unattached(e'>e)
 *   follower(e)   → prospective(e) | candidate(e+1) on fetch timeout | follower(e'>e) | unattached(e'>e)
 *   resigned(e)   → prospective(e) | candidate(e+1) | follower(e'≥e) | unattached(e'>e)
 * A node never follows itself, and only voters stand for election. Observers (brokers) are only
 * unattached or follower; an observer whose leader went quiet drops back to unattached(e).
 *
 * Durable transitions write (epoch, votedFor, leader) to the quorum-state file with sync before
 * they return, so before any message that depends on them leaves (Kafka's durableTransitionTo);
 * prospective and the observer's loss of its leader are memory-only (memoryTransitionTo).
 */
import type { CheckpointFile } from "../../../sim/disk.js";
import type { Micros } from "../../../sim/time.js";
import { VoteTally, type CandidateState, type EpochState, type FollowerState, type ProspectiveState, type RaftRole } from "./epoch-states.js";
import { AssertionFailure } from "../../../sim/assert.js";
import { IllegalStateTransition } from "../../state-transition.js";
import { majority } from "./election-timing.js";
import { LeaderState } from "./leader-state.js";

export type { RaftRole } from "./epoch-states.js";

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

export { IllegalStateTransition };

/** The role, epoch, vote and known leader of one Raft node, changed only by legal transitions. */
export class QuorumState {
  private state: EpochState = { role: "unattached", epoch: 0 };

  constructor(
    private readonly self: string,
    readonly isVoter: boolean,
    private readonly store: QuorumStateStore | null,
    private readonly now: () => Micros,
  ) {}

  get current(): Readonly<EpochState> {
    return this.state;
  }

  get role(): RaftRole {
    return this.state.role;
  }

  get epoch(): number {
    return this.state.epoch;
  }

  get votedFor(): string | null {
    const s = this.state;
    return s.role === "unattached" ? null : s.votedFor;
  }

  /** The leader this node knows of in its epoch (itself while leading), or null. */
  get leader(): string | null {
    const s = this.state;
    if (s.role === "follower" || s.role === "prospective") return s.leader;
    return s.role === "leader" ? this.self : null;
  }

  /** The vote tally of the current round while prospective or candidate, else null. */
  get tally(): VoteTally | null {
    const s = this.state;
    return s.role === "prospective" || s.role === "candidate" ? s.tally : null;
  }

  candidate(): CandidateState | null {
    return this.state.role === "candidate" ? this.state : null;
  }

  follower(): FollowerState | null {
    return this.state.role === "follower" ? this.state : null;
  }

  prospective(): ProspectiveState | null {
    return this.state.role === "prospective" ? this.state : null;
  }

  /** The leader's view of its voters, or null when not leading. */
  leaderProgress(): LeaderState | null {
    return this.state.role === "leader" ? this.state.progress : null;
  }

  /**
   * Start from the quorum-state file (Kafka's QuorumState.initialize): resigned if it led, else
   * unattached or voted in the saved epoch. Returns the saved leader when it was another node: the
   * caller then follows it.
   */
  initialize(): string | null {
    const saved = this.store?.read() ?? { epoch: 0, votedFor: null, leader: null };
    if (saved.leader === this.self) {
      this.state = { role: "resigned", epoch: saved.epoch, votedFor: saved.votedFor };
      return null;
    }
    this.state = saved.votedFor !== null ? { role: "voted", epoch: saved.epoch, votedFor: saved.votedFor } : { role: "unattached", epoch: saved.epoch };
    return saved.leader;
  }

  /** A higher epoch without a known leader (Kafka: transitionToUnattached). */
  transitionToUnattached(epoch: number): void {
    if (epoch <= this.state.epoch) this.illegal(`unattached (epoch ${epoch})`, "the epoch must grow");
    this.durable({ role: "unattached", epoch });
  }

  /** Grant our vote of this epoch to `candidate` (Kafka: transitionToUnattachedVotedState). */
  transitionToVoted(candidate: string): void {
    if (this.state.role !== "unattached") this.illegal(`voted for ${candidate}`, "only an unattached voter that has not voted may vote");
    if (candidate === this.self) this.illegal(`voted for ${candidate}`, "a node votes for itself only as a candidate");
    this.durable({ role: "voted", epoch: this.state.epoch, votedFor: candidate });
  }

  /** A prospective voter grants its one vote of the epoch and stays prospective. */
  recordProspectiveVote(candidate: string): void {
    const s = this.state;
    if (s.role !== "prospective" || s.votedFor !== null)
      this.illegal(`prospective voted for ${candidate}`, "only a prospective node that has not voted may vote");
    (s as ProspectiveState).votedFor = candidate;
    this.persist();
  }

  /** KIP-996: ask for pre-votes in the current epoch (memory only). */
  transitionToProspective(): void {
    const s = this.state;
    if (!this.isVoter) this.illegal("prospective", "observers do not stand for election");
    if (s.role === "leader" || s.role === "prospective") this.illegal("prospective", `a ${s.role} does not ask for pre-votes`);
    const retries = s.role === "candidate" ? s.retries + 1 : 1;
    const leader = s.role === "follower" ? s.leader : null;
    this.state = { role: "prospective", epoch: s.epoch, votedFor: this.votedFor, leader, retries, tally: new VoteTally(this.self) };
  }

  /** The pre-votes failed and no leader is known: back to unattached (or voted) in the same epoch. */
  transitionToUnattachedFromProspective(): void {
    const s = this.state;
    if (s.role !== "prospective" || s.leader !== null) this.illegal("unattached", "only a prospective node without a known leader drops back");
    this.state = s.votedFor !== null ? { role: "voted", epoch: s.epoch, votedFor: s.votedFor } : { role: "unattached", epoch: s.epoch };
  }

  /** Stand for election in epoch + 1, voting for itself (Kafka: transitionToCandidate). */
  transitionToCandidate(): void {
    const s = this.state;
    if (!this.isVoter) this.illegal("candidate", "observers do not stand for election");
    if (s.role === "leader") this.illegal("candidate", "a leader does not stand for election");
    const retries = s.role === "prospective" ? s.retries : s.role === "candidate" ? s.retries + 1 : 1;
    this.durable({ role: "candidate", epoch: s.epoch + 1, votedFor: this.self, retries, backingOff: false, tally: new VoteTally(this.self) });
  }

  /** Won the election (Kafka: transitionToLeader): only a candidate with a majority of votes. */
  transitionToLeader(voters: readonly string[], epochStartOffset: number): LeaderState {
    const s = this.state;
    if (s.role !== "candidate") this.illegal("leader", "only a candidate becomes leader");
    const c = s as CandidateState;
    if (c.tally.granted.size < majority(voters.length)) this.illegal("leader", `${c.tally.granted.size} of ${voters.length} votes is no majority`);
    const progress = new LeaderState(this.self, voters, c.epoch, epochStartOffset, this.now());
    this.durable({ role: "leader", epoch: c.epoch, votedFor: c.votedFor, progress });
    return progress;
  }

  /** Follow `leader` in `epoch` (Kafka: transitionToFollower). */
  transitionToFollower(epoch: number, leader: string): void {
    const s = this.state;
    const to = `follower of ${leader} (epoch ${epoch})`;
    if (leader === this.self) this.illegal(to, "a node never follows itself");
    if (epoch < s.epoch) this.illegal(to, "the epoch must not go back");
    if (epoch === s.epoch && s.role === "leader") this.illegal(to, "it leads this epoch");
    if (epoch === s.epoch && s.role === "follower") this.illegal(to, `it already follows ${s.leader} in this epoch`);
    const votedFor = epoch === s.epoch ? this.votedFor : null;
    this.durable({ role: "follower", epoch, leader, votedFor, hasFetchedFromLeader: false });
  }

  /** The leader steps down (Kafka: transitionToResigned). */
  transitionToResigned(): void {
    const s = this.state;
    if (s.role !== "leader") this.illegal("resigned", "only a leader resigns");
    this.durable({ role: "resigned", epoch: s.epoch, votedFor: this.votedFor });
  }

  /** An observer's leader went quiet: it looks for one again, in the same epoch (memory only). */
  transitionObserverToUnattached(): void {
    if (this.isVoter) this.illegal("unattached (same epoch)", "only an observer forgets its leader without a new epoch");
    this.state = { role: "unattached", epoch: this.state.epoch };
  }

  /** Raft's rule that state is persisted before any message that depends on it leaves (asserted on every send). */
  assertPersisted(): void {
    if (this.store === null) return;
    const saved = this.store.read();
    if (saved.epoch !== this.state.epoch || saved.votedFor !== this.votedFor) {
      throw new AssertionFailure(
        `${this.self}: sending in ${this.state.role} (epoch ${this.state.epoch}, voted for ${this.votedFor}) while the quorum-state file says epoch ${saved.epoch}, voted for ${saved.votedFor}`,
      );
    }
  }

  private durable(next: EpochState): void {
    this.state = next;
    this.persist();
  }

  private persist(): void {
    this.store?.write({ epoch: this.state.epoch, votedFor: this.votedFor, leader: this.leader }, this.now());
  }

  private illegal(to: string, why: string): never {
    throw new IllegalStateTransition(this.self, `${this.state.role} (epoch ${this.state.epoch})`, to, why);
  }
}
