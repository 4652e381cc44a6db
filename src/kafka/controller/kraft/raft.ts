/**
 * KRaft's Raft (KIP-595) on the metadata log, for one node: a voter (controller-N) or an observer
 * (a broker following the log). Pull-based: followers send RaftFetch; the leader answers with
 * entries, its high watermark, or a diverging epoch to truncate to (kafka-semantics §4.2).
 *
 * Roles and transitions are listed in quorum-state.ts. The node acts only through `RaftIo`, so the
 * same class runs inside the controller actor and inside a broker's controller agent.
 */
import type { Message } from "../../../sim/actor.js";
import type { Random } from "../../../sim/random.js";
import type { EventId } from "../../../sim/scheduler.js";
import { ms, type Micros } from "../../../sim/time.js";
import type {
  BeginQuorumEpochRequest,
  BeginQuorumEpochResponse,
  EndQuorumEpochRequest,
  MetadataLogEntry,
  MetadataRecord,
  RaftFetchRequest,
  RaftFetchResponse,
  VoteRequest,
  VoteResponse,
} from "../../protocol/kraft.js";
import { LeaderState } from "./leader-state.js";
import type { MetadataLog } from "./metadata-log.js";
import { electionBackoffMs, majority, randomElectionTimeoutMs, type QuorumStateStore, type RaftRole } from "./quorum-state.js";
import { RaftRequests } from "./raft-requests.js";

/** The effects a Raft node may have. */
export interface RaftIo {
  readonly name: string;
  readonly random: Random;
  now(): Micros;
  send(to: string, message: Message): void;
  disconnect(peer: string): void;
  setTimer(delayUs: Micros, payload: RaftTimer): EventId;
  cancelTimer(id: EventId): void;
  trace(type: string, fields: Record<string, unknown>): void;
}

export interface RaftConfig {
  electionTimeoutMs: number;
  fetchTimeoutMs: number;
  electionBackoffMaxMs: number;
  appendLingerMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  /** How long the leader holds a fetch with nothing new (Kafka's raft fetch max wait, 500 ms). */
  fetchMaxWaitMs: number;
}

export interface RaftListener {
  /** Entries that just became committed (below the HW), in offset order. */
  onCommitted(entries: readonly MetadataLogEntry[]): void;
  onBecomeLeader?(epoch: number, epochStartOffset: number): void;
  onResign?(epoch: number): void;
  /** The node learned who leads (or that nobody is known to lead: null). */
  onLeaderKnown?(leader: string | null, epoch: number): void;
}

export interface RaftTimer {
  raft: "election" | "linger" | "check-quorum" | "begin-resend" | "request-timeout" | "fetch-wait" | "fetch-retry";
  id?: number;
}

interface ParkedFetch {
  from: string;
  request: RaftFetchRequest;
  timer: EventId;
  /** The HW when it was parked: a later HW is news for the fetcher. */
  highWatermark: number;
}

const MAX_FETCH_ENTRIES = 500;

export class RaftNode {
  role: RaftRole = "unattached";
  epoch = 0;
  votedFor: string | null = null;
  leader: string | null = null;
  highWatermark = 0;
  /** Entries below this offset were delivered to the listener. */
  private deliveredTo = 0;
  private electionTimer: EventId | null = null;
  private candidateRetries = 0;
  private backingOff = false;
  private votesGranted = new Set<string>();
  private votesRejected = new Set<string>();
  private leaderState: LeaderState | null = null;
  private pending: MetadataRecord[] = [];
  private lingerTimer: EventId | null = null;
  private checkQuorumTimer: EventId | null = null;
  private beginResendTimer: EventId | null = null;
  private readonly parked = new Map<number, ParkedFetch>();
  private nextParkId = 1;
  private fetchInFlight: number | null = null;
  private discoveryIndex = 0;
  readonly requests: RaftRequests;
  readonly isVoter: boolean;

  constructor(
    readonly io: RaftIo,
    readonly voters: readonly string[],
    readonly log: MetadataLog,
    readonly config: RaftConfig,
    readonly listener: RaftListener,
    private readonly store: QuorumStateStore | null,
    private readonly voteAnyLog = false,
  ) {
    this.isVoter = voters.includes(io.name);
    this.requests = new RaftRequests(io, ms(config.requestTimeoutMs));
  }

  /** Start from the persisted quorum state (Kafka's QuorumState.initialize). */
  start(): void {
    const saved = this.store?.read() ?? { epoch: 0, votedFor: null, leader: null };
    this.epoch = saved.epoch;
    this.votedFor = saved.votedFor;
    if (saved.leader === this.io.name) {
      this.role = "resigned";
      this.leader = null;
      this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
    } else if (saved.leader !== null) {
      this.becomeFollower(this.epoch, saved.leader);
    } else {
      this.role = saved.votedFor !== null ? "voted" : "unattached";
      this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
      if (!this.isVoter) this.sendFetch();
    }
  }

  get isLeader(): boolean {
    return this.role === "leader";
  }

  get epochStartOffset(): number {
    return this.leaderState?.epochStartOffset ?? -1;
  }

  /** Leader only: queue records for the next flush; returns the offset of the first one. */
  append(records: readonly MetadataRecord[]): number {
    if (this.role !== "leader") throw new Error(`${this.io.name}: append while ${this.role} in epoch ${this.epoch}`);
    const base = this.log.endOffset + this.pending.length;
    this.pending.push(...records);
    if (this.lingerTimer === null) this.lingerTimer = this.io.setTimer(ms(this.config.appendLingerMs), { raft: "linger" });
    return base;
  }

  /** Offset the next appended record will get. */
  nextOffset(): number {
    return this.log.endOffset + this.pending.length;
  }

  // ---- routing ----------------------------------------------------------------------------------

  static readonly HANDLES = ["Vote", "VoteResponse", "BeginQuorumEpoch", "BeginQuorumEpochResponse", "EndQuorumEpoch", "EndQuorumEpochResponse", "RaftFetch", "RaftFetchResponse"] as const;

  onMessage(from: string, message: Message): void {
    switch (message.type) {
      case "Vote": return this.handleVote(from, message as VoteRequest);
      case "VoteResponse": return this.handleVoteResponse(from, message as VoteResponse);
      case "BeginQuorumEpoch": return this.handleBeginQuorumEpoch(from, message as BeginQuorumEpochRequest);
      case "BeginQuorumEpochResponse": return this.handleSimpleResponse(message as BeginQuorumEpochResponse);
      case "EndQuorumEpoch": return this.handleEndQuorumEpoch(from, message as EndQuorumEpochRequest);
      case "EndQuorumEpochResponse": return this.handleSimpleResponse(message as BeginQuorumEpochResponse);
      case "RaftFetch": return this.handleFetch(from, message as RaftFetchRequest);
      case "RaftFetchResponse": return this.handleFetchResponse(from, message as RaftFetchResponse);
    }
  }

  onTimer(timer: RaftTimer): void {
    switch (timer.raft) {
      case "election": return this.onElectionTimeout();
      case "linger": return this.flushPending();
      case "check-quorum": return this.checkQuorum();
      case "begin-resend": return this.resendBeginQuorumEpoch();
      case "request-timeout": {
        for (const failed of this.requests.timedOut(timer.id!)) this.requestFailed(failed.correlationId, failed.kind);
        return;
      }
      case "fetch-wait": {
        const parked = this.parked.get(timer.id!);
        if (parked) {
          this.parked.delete(timer.id!);
          this.answerFetch(parked.from, parked.request);
        }
        return;
      }
      case "fetch-retry": return this.sendFetch();
    }
  }

  onConnectionReset(peer: string): void {
    for (const failed of this.requests.failPeer(peer)) this.requestFailed(failed.correlationId, failed.kind);
  }

  private out<T extends Message>(to: string, message: T): void {
    this.io.send(to, message);
  }

  // ---- transitions ------------------------------------------------------------------------------

  private persist(): void {
    this.store?.write({ epoch: this.epoch, votedFor: this.votedFor, leader: this.leader }, this.io.now());
  }

  private leaveLeadership(): void {
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

  /**
   * Move to a higher epoch without a leader. As in Kafka's QuorumState, a candidate or an
   * unattached/voted voter keeps the rest of its election timeout (so a disruptive candidate cannot
   * keep postponing everybody's election); a former leader or follower draws a fresh one.
   */
  private becomeUnattached(epoch: number): void {
    const keepTimer = (this.role === "candidate" || this.role === "unattached" || this.role === "voted") && this.electionTimer !== null && !this.backingOff;
    this.leaveLeadership();
    if (this.role === "candidate") this.candidateRetries = 0;
    this.role = "unattached";
    this.epoch = epoch;
    this.votedFor = null;
    this.leader = null;
    this.backingOff = false;
    this.persist();
    this.listener.onLeaderKnown?.(null, epoch);
    if (!keepTimer) this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
  }

  private becomeFollower(epoch: number, leader: string): void {
    this.leaveLeadership();
    const sameEpoch = epoch === this.epoch;
    this.role = "follower";
    if (!sameEpoch) this.votedFor = null;
    this.epoch = epoch;
    this.leader = leader;
    this.candidateRetries = 0;
    this.backingOff = false;
    this.persist();
    this.listener.onLeaderKnown?.(leader, epoch);
    this.resetElectionTimer(this.config.fetchTimeoutMs);
    this.fetchInFlight = null; // a fetch to an old target is abandoned (its response is ignored)
    this.sendFetch();
  }

  private becomeCandidate(): void {
    if (!this.isVoter) return;
    this.leaveLeadership();
    this.candidateRetries = this.role === "candidate" ? this.candidateRetries + 1 : 1;
    this.role = "candidate";
    this.epoch += 1;
    this.votedFor = this.io.name;
    this.leader = null;
    this.backingOff = false;
    this.votesGranted = new Set([this.io.name]);
    this.votesRejected = new Set();
    this.persist();
    this.listener.onLeaderKnown?.(null, this.epoch);
    this.io.trace("raft-candidate", { epoch: this.epoch, lastEpoch: this.log.lastEpoch, endOffset: this.log.endOffset, rule: "no leader heard from within the election/fetch timeout: start an election in a new epoch and vote for itself" });
    this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
    if (this.votesGranted.size >= majority(this.voters.length)) return this.becomeLeader();
    for (const voter of this.voters) {
      if (voter === this.io.name) continue;
      const correlationId = this.requests.start(voter, "Vote");
      this.out(voter, { type: "Vote", correlationId, candidateEpoch: this.epoch, candidate: this.io.name, lastEpoch: this.log.lastEpoch, lastEndOffset: this.log.endOffset } satisfies VoteRequest);
    }
  }

  private becomeLeader(): void {
    this.cancelElectionTimer();
    this.role = "leader";
    this.leader = this.io.name;
    this.candidateRetries = 0;
    this.persist();
    const now = this.io.now();
    this.leaderState = new LeaderState(this.io.name, this.voters, this.epoch, this.log.endOffset, now);
    this.io.trace("controller-elected", {
      epoch: this.epoch,
      votes: [...this.votesGranted].sort(),
      rule: `won the vote of a majority (${majority(this.voters.length)} of ${this.voters.length}) with the most up-to-date log; it appends a LeaderChange record and commits only once a record of epoch ${this.epoch} is on a majority`,
    });
    this.listener.onLeaderKnown?.(this.io.name, this.epoch);
    this.pending = [{ type: "LeaderChange", leader: this.io.name, epoch: this.epoch, voters: [...this.voters] }];
    this.flushPending();
    for (const voter of this.voters) if (voter !== this.io.name) this.sendBeginQuorumEpoch(voter);
    this.beginResendTimer = this.io.setTimer(ms(this.config.fetchTimeoutMs / 2), { raft: "begin-resend" });
    this.scheduleCheckQuorum();
    this.listener.onBecomeLeader?.(this.epoch, this.leaderState.epochStartOffset);
  }

  private resign(): void {
    const state = this.leaderState!;
    const successors = state.preferredSuccessors();
    this.io.trace("raft-resign", { epoch: this.epoch, rule: `no fetches from a majority of voters within 1.5 × controller.quorum.fetch.timeout.ms (${1.5 * this.config.fetchTimeoutMs} ms): the leader resigns` });
    this.leaveLeadership();
    this.role = "resigned";
    this.leader = null;
    this.persist();
    this.listener.onLeaderKnown?.(null, this.epoch);
    for (const voter of successors) {
      const correlationId = this.requests.start(voter, "EndQuorumEpoch");
      this.out(voter, { type: "EndQuorumEpoch", correlationId, epoch: this.epoch, leader: this.io.name, preferredSuccessors: successors } satisfies EndQuorumEpochRequest);
    }
    this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
  }

  /** A message showed a higher epoch: follow its leader if known, else become unattached. */
  private observeEpoch(epoch: number, leader: string | null): void {
    if (epoch < this.epoch) return;
    if (epoch === this.epoch) {
      if (leader !== null && leader !== this.io.name && this.leader === null && this.role !== "leader" && this.role !== "candidate") this.becomeFollower(epoch, leader);
      else if (leader !== null && this.role === "candidate" && leader !== this.io.name) this.becomeFollower(epoch, leader);
      return;
    }
    if (leader !== null && leader !== this.io.name) this.becomeFollower(epoch, leader);
    else this.becomeUnattached(epoch);
  }

  // ---- timers -----------------------------------------------------------------------------------

  private resetElectionTimer(delayMs: number): void {
    this.cancelElectionTimer();
    this.electionTimer = this.io.setTimer(ms(delayMs), { raft: "election" });
  }

  private cancelElectionTimer(): void {
    if (this.electionTimer !== null) this.io.cancelTimer(this.electionTimer);
    this.electionTimer = null;
  }

  private onElectionTimeout(): void {
    this.electionTimer = null;
    if (!this.isVoter) {
      // Observer: the leader went quiet; look for it again among the voters.
      this.leader = null;
      this.role = "unattached";
      this.listener.onLeaderKnown?.(null, this.epoch);
      this.resetElectionTimer(this.config.fetchTimeoutMs);
      this.fetchInFlight = null;
      return this.sendFetch();
    }
    if (this.role === "leader") return;
    if (this.role === "candidate" && !this.backingOff) return this.startBackoff();
    this.becomeCandidate();
  }

  private startBackoff(): void {
    this.backingOff = true;
    const backoff = electionBackoffMs(this.candidateRetries, this.config.electionBackoffMaxMs, () => this.io.random.next());
    this.resetElectionTimer(backoff);
  }

  private scheduleCheckQuorum(): void {
    const state = this.leaderState!;
    const deadline = state.checkQuorumDeadline(ms(1.5 * this.config.fetchTimeoutMs));
    if (!Number.isFinite(deadline)) return;
    this.checkQuorumTimer = this.io.setTimer(Math.max(0, deadline - this.io.now()), { raft: "check-quorum" });
  }

  private checkQuorum(): void {
    this.checkQuorumTimer = null;
    if (this.role !== "leader") return;
    const deadline = this.leaderState!.checkQuorumDeadline(ms(1.5 * this.config.fetchTimeoutMs));
    if (this.io.now() >= deadline) return this.resign();
    this.scheduleCheckQuorum();
  }

  private resendBeginQuorumEpoch(): void {
    this.beginResendTimer = null;
    if (this.role !== "leader") return;
    for (const voter of this.leaderState!.nonAcknowledging()) if (!this.requests.hasInFlight(voter, "BeginQuorumEpoch")) this.sendBeginQuorumEpoch(voter);
    this.beginResendTimer = this.io.setTimer(ms(this.config.fetchTimeoutMs / 2), { raft: "begin-resend" });
  }

  private sendBeginQuorumEpoch(voter: string): void {
    const correlationId = this.requests.start(voter, "BeginQuorumEpoch");
    this.out(voter, { type: "BeginQuorumEpoch", correlationId, epoch: this.epoch, leader: this.io.name } satisfies BeginQuorumEpochRequest);
  }

  // ---- Vote -------------------------------------------------------------------------------------

  private handleVote(from: string, request: VoteRequest): void {
    if (request.candidateEpoch > this.epoch) this.becomeUnattached(request.candidateEpoch);
    let granted = false;
    if (request.candidateEpoch === this.epoch) {
      const logOk = this.voteAnyLog || request.lastEpoch > this.log.lastEpoch || (request.lastEpoch === this.log.lastEpoch && request.lastEndOffset >= this.log.endOffset);
      if (this.role === "unattached") granted = logOk;
      else if (this.role === "voted") granted = this.votedFor === request.candidate;
      if (granted && this.role === "unattached") {
        this.role = "voted";
        this.votedFor = request.candidate;
        this.persist();
        this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
      }
      const rule = granted
        ? `candidate's log (epoch ${request.lastEpoch}, end ${request.lastEndOffset}) is at least as up to date as ours (epoch ${this.log.lastEpoch}, end ${this.log.endOffset}) and we have not voted for anyone else in epoch ${this.epoch}`
        : !logOk ? `candidate's log (epoch ${request.lastEpoch}, end ${request.lastEndOffset}) is behind ours (epoch ${this.log.lastEpoch}, end ${this.log.endOffset})` : `already ${this.role}${this.votedFor ? ` (voted for ${this.votedFor})` : ""} in epoch ${this.epoch}`;
      this.io.trace("raft-vote", { candidate: request.candidate, epoch: this.epoch, granted, rule });
    }
    this.out(from, { type: "VoteResponse", correlationId: request.correlationId, error: request.candidateEpoch < this.epoch ? "FENCED_LEADER_EPOCH" : "NONE", epoch: this.epoch, leader: this.leader, voteGranted: granted } satisfies VoteResponse);
  }

  private handleVoteResponse(from: string, response: VoteResponse): void {
    if (!this.requests.complete(response.correlationId)) return;
    if (response.epoch > this.epoch) return this.observeEpoch(response.epoch, response.leader);
    if (this.role !== "candidate" || response.epoch !== this.epoch) return;
    if (response.voteGranted) this.votesGranted.add(from);
    else this.votesRejected.add(from);
    if (this.votesGranted.size >= majority(this.voters.length)) return this.becomeLeader();
    if (this.votesRejected.size >= majority(this.voters.length) && !this.backingOff) this.startBackoff();
  }

  // ---- BeginQuorumEpoch / EndQuorumEpoch ----------------------------------------------------------

  private handleBeginQuorumEpoch(from: string, request: BeginQuorumEpochRequest): void {
    const alreadyFollowing = this.role === "follower" && this.leader === request.leader && this.epoch === request.epoch;
    const selfLeads = this.role === "leader" && this.epoch === request.epoch;
    if (request.epoch >= this.epoch && !alreadyFollowing && !selfLeads) this.becomeFollower(request.epoch, request.leader);
    const error = request.epoch < this.epoch ? "FENCED_LEADER_EPOCH" : "NONE";
    this.out(from, { type: "BeginQuorumEpochResponse", correlationId: request.correlationId, error, epoch: this.epoch, leader: this.leader } satisfies BeginQuorumEpochResponse);
  }

  private handleEndQuorumEpoch(from: string, request: EndQuorumEpochRequest): void {
    if (request.epoch > this.epoch) this.becomeUnattached(request.epoch);
    if (request.epoch === this.epoch && this.role === "follower" && this.leader === request.leader) {
      const position = request.preferredSuccessors.indexOf(this.io.name);
      const delay = position <= 0 ? 0 : electionBackoffMs(position, this.config.electionBackoffMaxMs, () => this.io.random.next());
      this.resetElectionTimer(delay);
    }
    this.out(from, { type: "EndQuorumEpochResponse", correlationId: request.correlationId, error: "NONE", epoch: this.epoch, leader: this.leader });
  }

  private handleSimpleResponse(response: BeginQuorumEpochResponse): void {
    if (!this.requests.complete(response.correlationId)) return;
    if (response.epoch > this.epoch) this.observeEpoch(response.epoch, response.leader);
  }

  // ---- leader side of fetch -----------------------------------------------------------------------

  private flushPending(): void {
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

  private handleFetch(from: string, request: RaftFetchRequest): void {
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

  // ---- follower / observer side of fetch ------------------------------------------------------------

  private fetchTarget(): string | null {
    if (this.role === "follower" && this.leader) return this.leader;
    if (this.isVoter) return null;
    // Observer without a known leader: try the voters in turn; NOT_LEADER answers carry a hint.
    const others = this.voters;
    return others[this.discoveryIndex++ % others.length] ?? null;
  }

  private sendFetch(): void {
    if (this.fetchInFlight !== null && this.requests.isInFlight(this.fetchInFlight)) return;
    const target = this.fetchTarget();
    if (target === null) return;
    const correlationId = this.requests.start(target, "RaftFetch", ms(this.config.requestTimeoutMs));
    this.fetchInFlight = correlationId;
    const fetchOffset = this.log.endOffset;
    this.out(target, { type: "RaftFetch", correlationId, epoch: this.epoch, replica: this.io.name, fetchOffset, lastFetchedEpoch: this.log.epochBefore(fetchOffset), maxWaitMs: this.config.fetchMaxWaitMs } satisfies RaftFetchRequest);
  }

  private scheduleFetchRetry(): void {
    this.io.setTimer(ms(this.config.retryBackoffMs), { raft: "fetch-retry" });
  }

  private handleFetchResponse(from: string, response: RaftFetchResponse): void {
    if (!this.requests.complete(response.correlationId) || response.correlationId !== this.fetchInFlight) return;
    this.fetchInFlight = null;
    if (response.epoch > this.epoch || (response.leader !== null && response.leader !== this.leader && response.epoch === this.epoch)) {
      this.observeEpoch(response.epoch, response.leader);
      return this.role === "follower" ? this.sendFetch() : this.scheduleFetchRetry();
    }
    if (response.error !== "NONE" || this.role !== "follower" || from !== this.leader || response.epoch !== this.epoch) {
      return this.scheduleFetchRetry();
    }
    this.resetElectionTimer(this.config.fetchTimeoutMs);
    if (response.divergingEpoch) {
      const local = this.log.endOffsetForEpoch(response.divergingEpoch.epoch);
      const truncateTo = Math.min(local.endOffset, response.divergingEpoch.endOffset);
      this.io.trace("raft-truncate", { from: this.log.endOffset, to: truncateTo, leader: from, epoch: this.epoch, rule: `our log diverges from the leader's after epoch ${response.divergingEpoch.epoch} (end offset ${response.divergingEpoch.endOffset}): truncate and fetch again` });
      if (truncateTo < this.highWatermark) {
        // Correct Raft never gets here: a leader always holds every committed entry.
        this.io.trace("raft-committed-truncated", { highWatermark: this.highWatermark, to: truncateTo, rule: "committed metadata records are being truncated: the elected leader lacked committed entries (Raft election safety violated)" });
        this.highWatermark = truncateTo;
      }
      this.log.truncateTo(truncateTo);
      return this.sendFetch();
    }
    const fresh = response.entries.filter((e) => e.offset >= this.log.endOffset);
    if (fresh.length > 0 && fresh[0]!.offset === this.log.endOffset) {
      this.log.appendEntries(fresh, this.io.now());
      this.log.fsync();
    }
    const hw = Math.min(response.highWatermark, this.log.endOffset);
    if (hw > this.highWatermark) {
      this.highWatermark = hw;
      this.deliverCommitted();
    }
    this.sendFetch();
  }

  private requestFailed(correlationId: number, kind: string): void {
    if (kind !== "RaftFetch" || correlationId !== this.fetchInFlight) return;
    this.fetchInFlight = null;
    this.scheduleFetchRetry();
  }

  private deliverCommitted(): void {
    if (this.deliveredTo > this.log.endOffset) this.deliveredTo = this.log.endOffset;
    if (this.highWatermark <= this.deliveredTo) return;
    const entries = this.log.slice(this.deliveredTo, this.highWatermark, Number.MAX_SAFE_INTEGER);
    this.deliveredTo = this.highWatermark;
    this.listener.onCommitted(entries);
  }
}
