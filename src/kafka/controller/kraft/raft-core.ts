/**
 * What the parts of a KRaft Raft node share (KIP-595): its effects (`io`), voters, log,
 * configuration and listener, the role state machine ({@link QuorumState}), the outstanding
 * requests, the high watermark with the delivery of committed entries, and the election timer.
 *
 * {@link RaftNode} (raft.ts) is composed of parts, one concept per file, each holding its own
 * state and reaching the others only through the calls its constructor is given:
 *   RaftFetcher (raft-follower.ts: fetching and truncation), RaftLeader (raft-leader.ts: serving
 *   fetches, the commit rule, check-quorum), RaftElection (raft-election.ts: role transitions and
 *   votes), RaftNode (raft.ts: API and routing).
 */
import type { Message } from "../../../sim/actor.js";
import type { EventId } from "../../../sim/scheduler.js";
import { ms } from "../../../sim/time.js";
import { randomElectionTimeoutMs } from "./election-timing.js";
import type { MetadataLog } from "./metadata-log.js";
import { QuorumState, type QuorumStateStore } from "./quorum-state.js";
import { RaftRequests } from "./raft-requests.js";
import type { RaftConfig, RaftIo, RaftListener } from "./raft-types.js";

/** The state and helpers every part of a Raft node uses. */
export class RaftShared {
  readonly quorum: QuorumState;
  readonly requests: RaftRequests;
  readonly isVoter: boolean;
  highWatermark = 0;
  /** Entries below this offset were delivered to the listener. */
  private deliveredTo = 0;
  private timer: EventId | null = null;

  constructor(
    readonly io: RaftIo,
    readonly voters: readonly string[],
    readonly log: MetadataLog,
    readonly config: RaftConfig,
    readonly listener: RaftListener,
    store: QuorumStateStore | null,
  ) {
    this.isVoter = voters.includes(io.name);
    this.quorum = new QuorumState(io.name, this.isVoter, store, () => io.now());
    this.requests = new RaftRequests(io, ms(config.requestTimeoutMs), (to, message) => this.out(to, message));
  }

  out<T extends Message>(to: string, message: T): void {
    this.quorum.assertPersisted();
    this.io.send(to, message);
  }

  get electionTimerSet(): boolean {
    return this.timer !== null;
  }

  resetElectionTimer(delayMs: number): void {
    this.cancelElectionTimer();
    this.timer = this.io.setTimer(ms(delayMs), { kind: "election" });
  }

  /** A fresh random election timeout: uniform in [T, 2T). */
  resetElectionTimerRandomly(): void {
    this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
  }

  cancelElectionTimer(): void {
    if (this.timer !== null) this.io.cancelTimer(this.timer);
    this.timer = null;
  }

  /** The election timer fired: it is no longer set. */
  electionTimerFired(): void {
    this.timer = null;
  }

  /** Hand the entries between the last delivery and the HW to the listener. */
  deliverCommitted(): void {
    if (this.deliveredTo > this.log.endOffset) this.deliveredTo = this.log.endOffset;
    if (this.highWatermark <= this.deliveredTo) return;
    const entries = this.log.slice(this.deliveredTo, this.highWatermark, Number.MAX_SAFE_INTEGER);
    this.deliveredTo = this.highWatermark;
    this.listener.onCommitted(entries);
  }
}
