/**
 * The leader side of KRaft's Raft (KIP-595, kafka-semantics §4.2): appended records wait
 * `controller.quorum.append.linger.ms` and are flushed (fsynced) together; voters' fetches tell the
 * leader how far each one got, and the HW moves by the commit rule in leader-state.ts (majority,
 * and a record of the leader's own epoch). A fetch is answered with entries, or a diverging epoch
 * when the fetcher's log disagrees; one with nothing new is held (long poll) until new entries, a
 * new HW or its max wait. A leader that hears from no majority within 1.5 × fetch timeout resigns
 * (check-quorum), and it resends BeginQuorumEpoch to voters that have not acknowledged it.
 */
import type { EventId } from "../../../sim/scheduler.js";
import { ms } from "../../../sim/time.js";
import type { BeginQuorumEpochRequest, MetadataRecord, RaftFetchRequest, RaftFetchResponse } from "../../protocol/kraft.js";
import type { LeaderState } from "./leader-state.js";
import { RaftFollowerSide } from "./raft-follower.js";

interface ParkedFetch {
  from: string;
  request: RaftFetchRequest;
  timer: EventId;
  /** The HW when it was parked: a later HW is news for the fetcher. */
  highWatermark: number;
}

const MAX_FETCH_ENTRIES = 500;

/** Layer 3 of {@link RaftNode}: leading an epoch (see raft-core.ts for the layers). */
export abstract class RaftLeaderSide extends RaftFollowerSide {
  /** Set while leader: the voters' progress in this epoch. */
  protected leaderState: LeaderState | null = null;
  /** Appended records waiting for the linger timer. */
  protected pending: MetadataRecord[] = [];
  protected lingerTimer: EventId | null = null;
  private checkQuorumTimer: EventId | null = null;
  protected beginResendTimer: EventId | null = null;
  private readonly parked = new Map<number, ParkedFetch>();
  private nextParkId = 1;

  /** Drop everything of the epoch this node led (timers, pending records, held fetches); no-op unless leader. */
  protected leaveLeadership(): void {
    if (this.role !== "leader") return;
    const epoch = this.epoch;
    for (const id of [this.lingerTimer, this.checkQuorumTimer, this.beginResendTimer]) if (id !== null) this.io.cancelTimer(id);
    this.lingerTimer = this.checkQuorumTimer = this.beginResendTimer = null;
    this.pending = [];
    for (const [id, parked] of [...this.parked.entries()].sort((a, b) => a[0] - b[0])) {
      this.io.cancelTimer(parked.timer);
      this.parked.delete(id);
    }
    this.leaderState = null;
    this.listener.onResign?.(epoch);
  }

  // ---- appending and the commit rule ------------------------------------------------------------

  protected flushPending(): void {
    this.lingerTimer = null;
    if (this.role !== "leader" || this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    this.log.appendRecords(records, this.epoch, this.io.now());
    this.log.fsync();
    this.leaderState!.updateLocal(this.log.endOffset);
    this.maybeAdvanceLeaderHighWatermark();
    this.completeParkedFetches();
  }

  private maybeAdvanceLeaderHighWatermark(): void {
    const offset = this.leaderState!.majorityEndOffset();
    if (offset === null || offset <= this.highWatermark) return;
    this.highWatermark = offset;
    this.deliverCommitted();
    this.completeParkedFetches();
  }

  // ---- serving fetches ----------------------------------------------------------------------------

  protected handleFetch(from: string, request: RaftFetchRequest): void {
    const reply = (error: RaftFetchResponse["error"]): void =>
      this.out(from, { type: "RaftFetchResponse", correlationId: request.correlationId, error, epoch: this.epoch, leader: this.leader, highWatermark: this.highWatermark, entries: [] } satisfies RaftFetchResponse);
    if (request.epoch > this.epoch) return reply("UNKNOWN_LEADER_EPOCH");
    if (this.role !== "leader") return reply("NOT_LEADER_OR_FOLLOWER");
    if (request.epoch < this.epoch) return reply("FENCED_LEADER_EPOCH");
    const state = this.leaderState!;
    if (request.fetchOffset > 0) {
      const local = this.log.endOffsetForEpoch(request.lastFetchedEpoch);
      if (local.epoch !== request.lastFetchedEpoch || local.endOffset < request.fetchOffset) {
        this.out(from, { type: "RaftFetchResponse", correlationId: request.correlationId, error: "NONE", epoch: this.epoch, leader: this.leader, highWatermark: this.highWatermark, divergingEpoch: local, entries: [] } satisfies RaftFetchResponse);
        return;
      }
    }
    const highWatermarkBefore = this.highWatermark;
    if (state.isVoter(from)) {
      state.updateVoter(from, request.fetchOffset, this.io.now());
      this.maybeAdvanceLeaderHighWatermark();
    }
    const nothingNew = request.fetchOffset >= this.log.endOffset && this.highWatermark === highWatermarkBefore;
    if (nothingNew && request.maxWaitMs > 0) {
      // Long poll: hold the fetch until new entries or a new HW, or maxWaitMs.
      const id = this.nextParkId++;
      const timer = this.io.setTimer(ms(request.maxWaitMs), { raft: "fetch-wait", id });
      this.parked.set(id, { from, request, timer, highWatermark: this.highWatermark });
      return;
    }
    this.answerFetch(from, request);
  }

  /** The max wait of held fetch `id` is over: answer it with whatever there is. */
  protected fetchWaitExpired(id: number): void {
    const parked = this.parked.get(id);
    if (parked) {
      this.parked.delete(id);
      this.answerFetch(parked.from, parked.request);
    }
  }

  private answerFetch(from: string, request: RaftFetchRequest): void {
    if (this.role !== "leader") return;
    const entries = this.log.slice(request.fetchOffset, this.log.endOffset, MAX_FETCH_ENTRIES);
    this.out(from, { type: "RaftFetchResponse", correlationId: request.correlationId, error: "NONE", epoch: this.epoch, leader: this.leader, highWatermark: this.highWatermark, entries } satisfies RaftFetchResponse);
  }

  private completeParkedFetches(): void {
    for (const [id, parked] of [...this.parked.entries()].sort((a, b) => a[0] - b[0])) {
      const hasData = parked.request.fetchOffset < this.log.endOffset;
      if (!hasData && this.highWatermark <= parked.highWatermark) continue;
      this.io.cancelTimer(parked.timer);
      this.parked.delete(id);
      this.answerFetch(parked.from, parked.request);
    }
  }

  // ---- check-quorum and BeginQuorumEpoch ---------------------------------------------------------

  protected scheduleCheckQuorum(): void {
    const state = this.leaderState!;
    const deadline = state.checkQuorumDeadline(ms(1.5 * this.config.fetchTimeoutMs));
    if (!Number.isFinite(deadline)) return;
    this.checkQuorumTimer = this.io.setTimer(Math.max(0, deadline - this.io.now()), { raft: "check-quorum" });
  }

  protected checkQuorum(): void {
    this.checkQuorumTimer = null;
    if (this.role !== "leader") return;
    const deadline = this.leaderState!.checkQuorumDeadline(ms(1.5 * this.config.fetchTimeoutMs));
    if (this.io.now() >= deadline) return this.resign();
    this.scheduleCheckQuorum();
  }

  protected resendBeginQuorumEpoch(): void {
    this.beginResendTimer = null;
    if (this.role !== "leader") return;
    for (const voter of this.leaderState!.nonAcknowledging()) if (!this.requests.hasInFlight(voter, "BeginQuorumEpoch")) this.sendBeginQuorumEpoch(voter);
    this.beginResendTimer = this.io.setTimer(ms(this.config.fetchTimeoutMs / 2), { raft: "begin-resend" });
  }

  protected sendBeginQuorumEpoch(voter: string): void {
    const correlationId = this.requests.start(voter, "BeginQuorumEpoch");
    this.out(voter, { type: "BeginQuorumEpoch", correlationId, epoch: this.epoch, leader: this.io.name } satisfies BeginQuorumEpochRequest);
  }
}
