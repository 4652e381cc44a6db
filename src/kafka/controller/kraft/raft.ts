/**
 * KRaft's Raft (KIP-595) on the metadata log, for one node: a voter (controller-N) or an observer
 * (a broker following the log). Pull-based: followers send RaftFetch; the leader answers with
 * entries, its high watermark, or a diverging epoch to truncate to (docs/kafka-rules.md §4.2).
 *
 * Roles and transitions are listed in quorum-state.ts. The node acts only through `RaftIo`, so the
 * same class runs inside the controller actor and inside a broker's controller agent.
 *
 * The node is composed of parts, one concept per file (raft-core.ts lists them): shared state,
 * follower-side fetching and truncation (raft-follower.ts), leader-side fetch serving and the
 * commit rule (raft-leader.ts), role transitions and votes (raft-election.ts). This file holds the
 * public API and routes messages and timers to the parts.
 */
import type { Message } from "../../../sim/actor.js";
import { dispatch, fireTimer, handledTypes, type HandlerTable, type TimerTable } from "../../../sim/handlers.js";
import type {
  BeginQuorumEpochRequest,
  BeginQuorumEpochResponse,
  EndQuorumEpochRequest,
  EndQuorumEpochResponse,
  MetadataRecord,
  RaftFetchRequest,
  RaftFetchResponse,
  VoteRequest,
  VoteResponse,
} from "../../protocol/kraft.js";
import type { MetadataLog } from "./metadata-log.js";
import type { QuorumStateStore, RaftRole } from "./quorum-state.js";
import { RaftShared } from "./raft-core.js";
import { RaftElection } from "./raft-election.js";
import { RaftFetcher } from "./raft-follower.js";
import { RaftLeader } from "./raft-leader.js";
import type { RaftConfig, RaftIo, RaftListener, RaftTimer } from "./raft-types.js";

export type { RaftConfig, RaftIo, RaftListener, RaftTimer } from "./raft-types.js";

/** Every message of KRaft's Raft (KIP-595). */
export type RaftMessage =
  | VoteRequest
  | VoteResponse
  | BeginQuorumEpochRequest
  | BeginQuorumEpochResponse
  | EndQuorumEpochRequest
  | EndQuorumEpochResponse
  | RaftFetchRequest
  | RaftFetchResponse;

/**
 * One Raft node. Construct with `(io, voters, log, config, listener, store, voteAnyLog?)` (`store`
 * null: nothing persisted; `voteAnyLog`: the raft-vote-any-log mutant, votes regardless of logs),
 * then `start()`, and feed it the host's messages, timers and connection resets.
 */
export class RaftNode {
  private readonly shared: RaftShared;
  private readonly election: RaftElection;
  private readonly fetcher: RaftFetcher;
  private readonly leaderSide: RaftLeader;

  constructor(
    io: RaftIo,
    voters: readonly string[],
    log: MetadataLog,
    config: RaftConfig,
    listener: RaftListener,
    store: QuorumStateStore | null,
    voteAnyLog = false,
  ) {
    this.shared = new RaftShared(io, voters, log, config, listener, store);
    this.election = new RaftElection(this.shared, voteAnyLog);
    this.fetcher = new RaftFetcher(this.shared, { observeEpoch: (epoch, leader) => this.election.observeEpoch(epoch, leader) });
    this.leaderSide = new RaftLeader(this.shared, { resign: () => this.election.resign() });
    this.election.attach(this.fetcher, this.leaderSide);
  }

  /** Start from the persisted quorum state (Kafka's QuorumState.initialize). */
  start(): void {
    this.election.start();
  }

  get io(): RaftIo {
    return this.shared.io;
  }

  get role(): RaftRole {
    return this.shared.quorum.role;
  }

  get epoch(): number {
    return this.shared.quorum.epoch;
  }

  /** The leader this node knows of (itself while leading), or null. */
  get leader(): string | null {
    return this.shared.quorum.leader;
  }

  get highWatermark(): number {
    return this.shared.highWatermark;
  }

  get isLeader(): boolean {
    return this.shared.quorum.role === "leader";
  }

  get epochStartOffset(): number {
    return this.shared.quorum.leaderProgress()?.epochStartOffset ?? -1;
  }

  /** Leader only: queue records for the next flush; returns the offset of the first one. */
  append(records: readonly MetadataRecord[]): number {
    return this.leaderSide.append(records);
  }

  /** Offset the next appended record will get. */
  nextOffset(): number {
    return this.leaderSide.nextOffset();
  }

  // ---- routing ----------------------------------------------------------------------------------

  /** One handler per Raft message type (a host actor merges it into its own table). */
  readonly handlers: HandlerTable<RaftMessage> = {
    Vote: (from, m) => this.election.handleVote(from, m),
    VoteResponse: (from, m) => this.election.handleVoteResponse(from, m),
    BeginQuorumEpoch: (from, m) => this.election.handleBeginQuorumEpoch(from, m),
    BeginQuorumEpochResponse: (_from, m) => this.election.handleSimpleResponse(m),
    EndQuorumEpoch: (from, m) => this.election.handleEndQuorumEpoch(from, m),
    EndQuorumEpochResponse: (_from, m) => this.election.handleSimpleResponse(m),
    RaftFetch: (from, m) => this.leaderSide.handleFetch(from, m),
    RaftFetchResponse: (from, m) => this.fetcher.handleResponse(from, m),
  };

  /** The Raft message types, derived from the handler table. */
  readonly handles = handledTypes(this.handlers);

  onMessage(from: string, message: Message): void {
    dispatch(this.handlers, from, message);
  }

  /** One handler per timer kind of the node. */
  readonly timers: TimerTable<RaftTimer> = {
    election: () => this.election.onElectionTimeout(),
    linger: () => this.leaderSide.flushPending(),
    "check-quorum": () => this.leaderSide.checkQuorum(),
    "begin-resend": () => this.leaderSide.resendBeginQuorumEpoch(),
    "request-timeout": (t) => {
      for (const failed of this.shared.requests.timedOut(t.id)) this.fetcher.requestFailed(failed.correlationId, failed.kind);
    },
    "fetch-wait": (t) => this.leaderSide.fetchWaitExpired(t.id),
    "fetch-retry": () => this.fetcher.send(),
  };

  onTimer(timer: RaftTimer): void {
    fireTimer(this.timers, timer);
  }

  onConnectionReset(peer: string): void {
    for (const failed of this.shared.requests.failPeer(peer)) this.fetcher.requestFailed(failed.correlationId, failed.kind);
  }
}
