/**
 * The state every layer of a KRaft Raft node shares (kafka-semantics §4.2): role, epoch, vote,
 * known leader and high watermark, the persisted quorum state, the election timer and the delivery
 * of committed entries to the listener.
 *
 * {@link RaftNode} is built in layers, one concept per file, each extending the one before:
 *   RaftCore (raft-core.ts) → RaftFollowerSide (raft-follower.ts: fetching and truncation) →
 *   RaftLeaderSide (raft-leader.ts: serving fetches, commit rule, check-quorum) →
 *   RaftElection (raft-election.ts: role transitions and votes) → RaftNode (raft.ts: API, routing).
 * A lower layer reaches a higher one only through the abstract methods declared here.
 */
import type { Message } from "../../../sim/actor.js";
import type { EventId } from "../../../sim/scheduler.js";
import { ms } from "../../../sim/time.js";
import type { MetadataLog } from "./metadata-log.js";
import type { QuorumStateStore, RaftRole } from "./quorum-state.js";
import { RaftRequests } from "./raft-requests.js";
import type { RaftConfig, RaftIo, RaftListener } from "./raft-types.js";

/** Shared state and helpers of a Raft node (see the layer list above). */
export abstract class RaftCore {
  role: RaftRole = "unattached";
  epoch = 0;
  votedFor: string | null = null;
  leader: string | null = null;
  highWatermark = 0;
  /** Entries below this offset were delivered to the listener. */
  private deliveredTo = 0;
  protected electionTimer: EventId | null = null;
  readonly requests: RaftRequests;
  readonly isVoter: boolean;

  constructor(
    readonly io: RaftIo,
    readonly voters: readonly string[],
    readonly log: MetadataLog,
    readonly config: RaftConfig,
    readonly listener: RaftListener,
    protected readonly store: QuorumStateStore | null,
    protected readonly voteAnyLog = false,
  ) {
    this.isVoter = voters.includes(io.name);
    this.requests = new RaftRequests(io, ms(config.requestTimeoutMs));
  }

  /** A message showed a higher epoch: follow its leader if known, else become unattached (raft-election.ts). */
  protected abstract observeEpoch(epoch: number, leader: string | null): void;

  /** The leader lost its quorum: step down (raft-election.ts). */
  protected abstract resign(): void;

  protected out<T extends Message>(to: string, message: T): void {
    this.io.send(to, message);
  }

  protected persist(): void {
    this.store?.write({ epoch: this.epoch, votedFor: this.votedFor, leader: this.leader }, this.io.now());
  }

  protected resetElectionTimer(delayMs: number): void {
    this.cancelElectionTimer();
    this.electionTimer = this.io.setTimer(ms(delayMs), { raft: "election" });
  }

  protected cancelElectionTimer(): void {
    if (this.electionTimer !== null) this.io.cancelTimer(this.electionTimer);
    this.electionTimer = null;
  }

  /** Hand the entries between the last delivery and the HW to the listener. */
  protected deliverCommitted(): void {
    if (this.deliveredTo > this.log.endOffset) this.deliveredTo = this.log.endOffset;
    if (this.highWatermark <= this.deliveredTo) return;
    const entries = this.log.slice(this.deliveredTo, this.highWatermark, Number.MAX_SAFE_INTEGER);
    this.deliveredTo = this.highWatermark;
    this.listener.onCommitted(entries);
  }
}
