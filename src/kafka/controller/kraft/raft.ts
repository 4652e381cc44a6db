/**
 * KRaft's Raft (KIP-595) on the metadata log, for one node: a voter (controller-N) or an observer
 * (a broker following the log). Pull-based: followers send RaftFetch; the leader answers with
 * entries, its high watermark, or a diverging epoch to truncate to (kafka-semantics §4.2).
 *
 * Roles and transitions are listed in quorum-state.ts. The node acts only through `RaftIo`, so the
 * same class runs inside the controller actor and inside a broker's controller agent.
 *
 * The node is built in layers, one concept per file (raft-core.ts lists them): shared state,
 * follower-side fetching and truncation (raft-follower.ts), leader-side fetch serving and the
 * commit rule (raft-leader.ts), role transitions and votes (raft-election.ts). This file holds the
 * public API and routes messages and timers to the layers.
 */
import type { Message } from "../../../sim/actor.js";
import type {
  BeginQuorumEpochRequest,
  BeginQuorumEpochResponse,
  EndQuorumEpochRequest,
  MetadataRecord,
  RaftFetchRequest,
  RaftFetchResponse,
  VoteRequest,
  VoteResponse,
} from "../../protocol/kraft.js";
import { ms } from "../../../sim/time.js";
import { randomElectionTimeoutMs } from "./quorum-state.js";
import { RaftElection } from "./raft-election.js";
import type { RaftTimer } from "./raft-types.js";

export type { RaftConfig, RaftIo, RaftListener, RaftTimer } from "./raft-types.js";

/**
 * One Raft node. Construct with `(io, voters, log, config, listener, store, voteAnyLog?)` (`store`
 * null: nothing persisted; `voteAnyLog`: the raft-vote-any-log mutant, votes regardless of logs),
 * then `start()`, and feed it the host's messages, timers and connection resets.
 */
export class RaftNode extends RaftElection {
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
      case "fetch-wait": return this.fetchWaitExpired(timer.id!);
      case "fetch-retry": return this.sendFetch();
    }
  }

  onConnectionReset(peer: string): void {
    for (const failed of this.requests.failPeer(peer)) this.requestFailed(failed.correlationId, failed.kind);
  }
}
