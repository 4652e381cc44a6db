/**
 * The leader side of KRaft's Raft (KIP-595): appended records wait
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
import type { RaftShared } from "./raft-core.js";

interface ParkedFetch {
  from: string;
  request: RaftFetchRequest;
  timer: EventId;
  /** The HW when it was parked: a later HW is news for the fetcher. */
  highWatermark: number;
}

const MAX_FETCH_ENTRIES = 500;

/** What the leader side needs from the election part: the quorum was lost. */
export interface LeaderHooks {
  resign(): void;
}

/** Leading an epoch (see raft-core.ts for the parts); everything here lives only while leading. */
export class RaftLeader {
  /** Appended records waiting for the linger timer. */
  private pending: MetadataRecord[] = [];
  private lingerTimer: EventId | null = null;
  private checkQuorumTimer: EventId | null = null;
  private beginResendTimer: EventId | null = null;
  private readonly parked = new Map<number, ParkedFetch>();
  private nextParkId = 1;

  constructor(
    private readonly raft: RaftShared,
    private readonly hooks: LeaderHooks,
  ) {}

  private get progress(): LeaderState {
    const progress = this.raft.quorum.leaderProgress();
    if (progress === null) throw new Error(`${this.raft.io.name}: leader-side call while ${this.raft.quorum.role} in epoch ${this.raft.quorum.epoch}`);
    return progress;
  }

  /** The quorum state just became leader: write the LeaderChange record and announce the epoch. */
  begin(): void {
    const { raft } = this;
    this.pending = [{ type: "LeaderChange", leader: raft.io.name, epoch: raft.quorum.epoch, voters: [...raft.voters] }];
    this.flushPending();
    for (const voter of raft.voters) if (voter !== raft.io.name) this.sendBeginQuorumEpoch(voter);
    this.beginResendTimer = raft.io.setTimer(ms(raft.config.fetchTimeoutMs / 2), { kind: "begin-resend" });
    this.scheduleCheckQuorum();
  }

  /** Drop everything of the epoch this node led (timers, pending records, held fetches); no-op unless leader. */
  leave(): void {
    const { raft } = this;
    if (raft.quorum.role !== "leader") return;
    const epoch = raft.quorum.epoch;
    for (const id of [this.lingerTimer, this.checkQuorumTimer, this.beginResendTimer]) if (id !== null) raft.io.cancelTimer(id);
    this.lingerTimer = this.checkQuorumTimer = this.beginResendTimer = null;
    this.pending = [];
    for (const [id, parked] of [...this.parked.entries()].sort((a, b) => a[0] - b[0])) {
      raft.io.cancelTimer(parked.timer);
      this.parked.delete(id);
    }
    raft.listener.onResign?.(epoch);
  }

  // ---- appending and the commit rule ------------------------------------------------------------

  /** Queue records for the next flush; returns the offset of the first one. */
  append(records: readonly MetadataRecord[]): number {
    const { raft } = this;
    if (raft.quorum.role !== "leader") throw new Error(`${raft.io.name}: append while ${raft.quorum.role} in epoch ${raft.quorum.epoch}`);
    const base = raft.log.endOffset + this.pending.length;
    this.pending.push(...records);
    if (this.lingerTimer === null) this.lingerTimer = raft.io.setTimer(ms(raft.config.appendLingerMs), { kind: "linger" });
    return base;
  }

  /** Offset the next appended record will get. */
  nextOffset(): number {
    return this.raft.log.endOffset + this.pending.length;
  }

  flushPending(): void {
    const { raft } = this;
    this.lingerTimer = null;
    if (raft.quorum.role !== "leader" || this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    raft.log.appendRecords(records, raft.quorum.epoch, raft.io.now());
    raft.log.fsync();
    this.progress.updateLocal(raft.log.endOffset);
    this.maybeAdvanceHighWatermark();
    this.completeParkedFetches();
  }

  private maybeAdvanceHighWatermark(): void {
    const { raft } = this;
    const offset = this.progress.majorityEndOffset();
    if (offset === null || offset <= raft.highWatermark) return;
    raft.highWatermark = offset;
    raft.deliverCommitted();
    this.completeParkedFetches();
  }

  // ---- serving fetches ----------------------------------------------------------------------------

  handleFetch(from: string, request: RaftFetchRequest): void {
    const { raft } = this;
    const { quorum } = raft;
    const reply = (error: RaftFetchResponse["error"]): void =>
      raft.out(from, {
        type: "RaftFetchResponse",
        correlationId: request.correlationId,
        error,
        epoch: quorum.epoch,
        leader: quorum.leader,
        highWatermark: raft.highWatermark,
        entries: [],
      } satisfies RaftFetchResponse);
    if (request.epoch > quorum.epoch) return reply("UNKNOWN_LEADER_EPOCH");
    if (quorum.role !== "leader") return reply("NOT_LEADER_OR_FOLLOWER");
    if (request.epoch < quorum.epoch) return reply("FENCED_LEADER_EPOCH");
    const state = this.progress;
    if (request.fetchOffset > 0) {
      const local = raft.log.endOffsetForEpoch(request.lastFetchedEpoch);
      if (local.epoch !== request.lastFetchedEpoch || local.endOffset < request.fetchOffset) {
        raft.out(from, {
          type: "RaftFetchResponse",
          correlationId: request.correlationId,
          error: "NONE",
          epoch: quorum.epoch,
          leader: quorum.leader,
          highWatermark: raft.highWatermark,
          divergingEpoch: local,
          entries: [],
        } satisfies RaftFetchResponse);
        return;
      }
    }
    const highWatermarkBefore = raft.highWatermark;
    if (state.isVoter(from)) {
      state.updateVoter(from, request.fetchOffset, raft.io.now());
      this.maybeAdvanceHighWatermark();
    }
    const nothingNew = request.fetchOffset >= raft.log.endOffset && raft.highWatermark === highWatermarkBefore;
    if (nothingNew && request.maxWaitMs > 0) {
      // Long poll: hold the fetch until new entries or a new HW, or maxWaitMs.
      const id = this.nextParkId++;
      const timer = raft.io.setTimer(ms(request.maxWaitMs), { kind: "fetch-wait", id });
      this.parked.set(id, { from, request, timer, highWatermark: raft.highWatermark });
      return;
    }
    this.answerFetch(from, request);
  }

  /** The max wait of held fetch `id` is over: answer it with whatever there is. */
  fetchWaitExpired(id: number): void {
    const parked = this.parked.get(id);
    if (parked) {
      this.parked.delete(id);
      this.answerFetch(parked.from, parked.request);
    }
  }

  private answerFetch(from: string, request: RaftFetchRequest): void {
    const { raft } = this;
    if (raft.quorum.role !== "leader") return;
    const entries = raft.log.slice(request.fetchOffset, raft.log.endOffset, MAX_FETCH_ENTRIES);
    raft.out(from, {
      type: "RaftFetchResponse",
      correlationId: request.correlationId,
      error: "NONE",
      epoch: raft.quorum.epoch,
      leader: raft.quorum.leader,
      highWatermark: raft.highWatermark,
      entries,
    } satisfies RaftFetchResponse);
  }

  private completeParkedFetches(): void {
    for (const [id, parked] of [...this.parked.entries()].sort((a, b) => a[0] - b[0])) {
      const hasData = parked.request.fetchOffset < this.raft.log.endOffset;
      if (!hasData && this.raft.highWatermark <= parked.highWatermark) continue;
      this.raft.io.cancelTimer(parked.timer);
      this.parked.delete(id);
      this.answerFetch(parked.from, parked.request);
    }
  }

  // ---- check-quorum and BeginQuorumEpoch ---------------------------------------------------------

  private scheduleCheckQuorum(): void {
    const { raft } = this;
    const deadline = this.progress.checkQuorumDeadline(ms(1.5 * raft.config.fetchTimeoutMs));
    if (!Number.isFinite(deadline)) return;
    this.checkQuorumTimer = raft.io.setTimer(Math.max(0, deadline - raft.io.now()), { kind: "check-quorum" });
  }

  checkQuorum(): void {
    const { raft } = this;
    this.checkQuorumTimer = null;
    if (raft.quorum.role !== "leader") return;
    const deadline = this.progress.checkQuorumDeadline(ms(1.5 * raft.config.fetchTimeoutMs));
    if (raft.io.now() >= deadline) return this.hooks.resign();
    this.scheduleCheckQuorum();
  }

  resendBeginQuorumEpoch(): void {
    const { raft } = this;
    this.beginResendTimer = null;
    if (raft.quorum.role !== "leader") return;
    for (const voter of this.progress.nonAcknowledging()) if (!raft.requests.hasInFlight(voter, "BeginQuorumEpoch")) this.sendBeginQuorumEpoch(voter);
    this.beginResendTimer = raft.io.setTimer(ms(raft.config.fetchTimeoutMs / 2), { kind: "begin-resend" });
  }

  private sendBeginQuorumEpoch(voter: string): void {
    const { raft } = this;
    raft.requests.send(
      voter,
      "BeginQuorumEpoch",
      (correlationId) => ({ type: "BeginQuorumEpoch", correlationId, epoch: raft.quorum.epoch, leader: raft.io.name }) satisfies BeginQuorumEpochRequest,
    );
  }
}
