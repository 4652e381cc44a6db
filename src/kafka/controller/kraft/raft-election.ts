/**
 * Leader election in KRaft's Raft (KIP-595, kafka-semantics §4.2): the role transitions listed in
 * quorum-state.ts, the election timer (random timeout, exponential backoff after a lost election),
 * and the election messages: Vote (granted to a candidate whose log is at least as up to date, once
 * per epoch), BeginQuorumEpoch (a new leader announces itself) and EndQuorumEpoch (a resigning
 * leader names its preferred successors, who then stand first).
 *
 * Pre-vote (KIP-996, Kafka 4.0+, `preVote`): a voter whose timeout expires first becomes
 * *prospective* in its current epoch and asks for pre-votes (Vote with preVote=true, epoch not
 * bumped). A pre-vote is granted to a log at least as up to date, except by the leader and by a
 * follower that has fetched from its leader in this epoch (ProspectiveState, FollowerState,
 * UnattachedState, CandidateState, ResignedState canGrantVote). Only a majority of pre-votes makes
 * it a candidate (epoch + 1); otherwise it goes back to following its last known leader. So a voter
 * that was cut off and comes back does not depose a leader the others still follow.
 */
import { ms } from "../../../sim/time.js";
import type {
  BeginQuorumEpochRequest,
  BeginQuorumEpochResponse,
  EndQuorumEpochRequest,
  VoteRequest,
  VoteResponse,
} from "../../protocol/kraft.js";
import { LeaderState } from "./leader-state.js";
import { electionBackoffMs, majority, randomElectionTimeoutMs } from "./quorum-state.js";
import { RaftLeaderSide } from "./raft-leader.js";

/** Layer 4 of {@link RaftNode}: roles, transitions and votes (see raft-core.ts for the layers). */
export abstract class RaftElection extends RaftLeaderSide {
  private candidateRetries = 0;
  private backingOff = false;
  private votesGranted = new Set<string>();
  private votesRejected = new Set<string>();
  /** Correlation ids of the Vote requests of the current round (pre-vote or vote). */
  private voteRound = new Set<number>();
  /** Election retries carried from a failed candidacy through the prospective state. */
  private prospectiveRetries = 1;

  // ---- transitions ------------------------------------------------------------------------------

  /**
   * Move to a higher epoch without a leader. As in Kafka's QuorumState, a candidate or an
   * unattached/voted voter keeps the rest of its election timeout (so a disruptive candidate cannot
   * keep postponing everybody's election); a former leader or follower draws a fresh one.
   */
  private becomeUnattached(epoch: number): void {
    const keepTimer = (this.role === "candidate" || this.role === "prospective" || this.role === "unattached" || this.role === "voted") && this.electionTimer !== null && !this.backingOff;
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

  protected becomeFollower(epoch: number, leader: string): void {
    this.leaveLeadership();
    const sameEpoch = epoch === this.epoch;
    this.role = "follower";
    if (!sameEpoch) this.votedFor = null;
    this.epoch = epoch;
    this.leader = leader;
    this.candidateRetries = 0;
    this.backingOff = false;
    this.hasFetchedFromLeader = false;
    this.persist();
    this.listener.onLeaderKnown?.(leader, epoch);
    this.resetElectionTimer(this.config.fetchTimeoutMs);
    this.fetchInFlight = null; // a fetch to an old target is abandoned (its response is ignored)
    this.sendFetch();
  }

  /** KIP-996 (QuorumState.transitionToProspective): ask for pre-votes in the current epoch. */
  private becomeProspective(): void {
    if (!this.isVoter) return;
    this.leaveLeadership();
    this.prospectiveRetries = this.role === "candidate" ? this.candidateRetries + 1 : 1;
    this.role = "prospective";
    this.backingOff = false;
    this.votesGranted = new Set([this.io.name]);
    this.votesRejected = new Set();
    this.io.trace("raft-prospective", {
      epoch: this.epoch,
      lastLeader: this.leader,
      lastEpoch: this.log.lastEpoch,
      endOffset: this.log.endOffset,
      rule: `no leader heard from within the fetch/election timeout: ask the voters for pre-votes in epoch ${this.epoch} without bumping it; only a majority of pre-votes makes it a candidate (KIP-996)`,
    });
    this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
    if (this.votesGranted.size >= majority(this.voters.length)) return this.becomeCandidate();
    this.sendVoteRequests(true);
  }

  /** The pre-votes were rejected or timed out: follow the last known leader again, or wait unattached. */
  private endProspective(rejected: boolean): void {
    this.io.trace("raft-prevote-lost", {
      epoch: this.epoch,
      granted: [...this.votesGranted].sort(),
      rejected: [...this.votesRejected].sort(),
      rule: `${rejected ? "a majority of voters refused the pre-vote (they follow a live leader or have more up-to-date logs)" : "no majority of pre-votes within the election timeout"}: the epoch stays ${this.epoch} and ${this.leader !== null ? `it follows ${this.leader} again` : "it waits unattached"} (KIP-996)`,
    });
    if (this.leader !== null) return this.becomeFollower(this.epoch, this.leader);
    this.role = this.votedFor !== null ? "voted" : "unattached";
    if (rejected) this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
    // Timed out without a known leader: QuorumState keeps the expired timer, so it stands again at once.
    else this.becomeProspective();
  }

  private sendVoteRequests(preVote: boolean): void {
    this.voteRound = new Set();
    for (const voter of this.voters) {
      if (voter === this.io.name) continue;
      const correlationId = this.requests.start(voter, "Vote");
      this.voteRound.add(correlationId);
      const request: VoteRequest = { type: "Vote", correlationId, candidateEpoch: this.epoch, candidate: this.io.name, lastEpoch: this.log.lastEpoch, lastEndOffset: this.log.endOffset };
      this.out(voter, preVote ? { ...request, preVote: true } : request);
    }
  }

  /** EpochElection.isVoteRejected: too many refusals left for a majority. */
  private voteRejected(): boolean {
    return this.voters.length - this.votesRejected.size < majority(this.voters.length);
  }

  private becomeCandidate(): void {
    if (!this.isVoter) return;
    this.leaveLeadership();
    this.candidateRetries = this.role === "prospective" ? this.prospectiveRetries : this.role === "candidate" ? this.candidateRetries + 1 : 1;
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
    this.sendVoteRequests(false);
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

  protected override resign(): void {
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
  protected override observeEpoch(epoch: number, leader: string | null): void {
    if (epoch < this.epoch) return;
    if (epoch === this.epoch) {
      if (leader !== null && leader !== this.io.name && this.leader === null && this.role !== "leader" && this.role !== "candidate") this.becomeFollower(epoch, leader);
      else if (leader !== null && this.role === "candidate" && leader !== this.io.name) this.becomeFollower(epoch, leader);
      return;
    }
    if (leader !== null && leader !== this.io.name) this.becomeFollower(epoch, leader);
    else this.becomeUnattached(epoch);
  }

  // ---- the election timer -------------------------------------------------------------------------

  protected onElectionTimeout(): void {
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
    if (this.config.preVote) {
      // Kafka 4.0 (KafkaRaftClient.pollCandidate/pollProspective/pollFollowerAsVoter): every
      // timeout leads to a pre-vote round, a candidate's too (after its backoff, if it had one).
      if (this.role === "prospective") return this.endProspective(false);
      return this.becomeProspective();
    }
    if (this.role === "candidate" && !this.backingOff) return this.startBackoff();
    this.becomeCandidate();
  }

  private startBackoff(): void {
    this.backingOff = true;
    const backoff = electionBackoffMs(this.candidateRetries, this.config.electionBackoffMaxMs, () => this.io.random.next());
    this.resetElectionTimer(backoff);
  }

  // ---- Vote -------------------------------------------------------------------------------------

  protected handleVote(from: string, request: VoteRequest): void {
    if (request.candidateEpoch > this.epoch) this.becomeUnattached(request.candidateEpoch);
    let granted = false;
    if (request.candidateEpoch === this.epoch && request.preVote) {
      const logOk = this.voteAnyLog || request.lastEpoch > this.log.lastEpoch || (request.lastEpoch === this.log.lastEpoch && request.lastEndOffset >= this.log.endOffset);
      granted = this.role === "leader" ? false : this.role === "follower" ? logOk && !this.hasFetchedFromLeader : logOk;
      const rule = granted
        ? `pre-vote: the prospective's log (epoch ${request.lastEpoch}, end ${request.lastEndOffset}) is at least as up to date as ours and we hear from no leader; a pre-vote records nothing (KIP-996)`
        : !logOk ? `pre-vote: the prospective's log (epoch ${request.lastEpoch}, end ${request.lastEndOffset}) is behind ours (epoch ${this.log.lastEpoch}, end ${this.log.endOffset}) (KIP-996)`
          : `pre-vote: ${this.role === "leader" ? "we are the leader" : `we follow ${this.leader}, who answers our fetches`} of epoch ${this.epoch}, so there is no reason for an election (KIP-996, FollowerState.canGrantVote)`;
      this.io.trace("raft-vote", { candidate: request.candidate, epoch: this.epoch, preVote: true, granted, rule });
    } else if (request.candidateEpoch === this.epoch) {
      const logOk = this.voteAnyLog || request.lastEpoch > this.log.lastEpoch || (request.lastEpoch === this.log.lastEpoch && request.lastEndOffset >= this.log.endOffset);
      if (this.role === "unattached") granted = logOk;
      else if (this.role === "voted") granted = this.votedFor === request.candidate;
      // QuorumState.unattachedOrProspectiveCanGrantVote: a prospective votes like an unattached
      // voter unless it knows a leader of this epoch, and stays prospective.
      else if (this.role === "prospective") granted = this.votedFor !== null ? this.votedFor === request.candidate : this.leader === null && logOk;
      if (granted && this.role === "unattached") {
        this.role = "voted";
        this.votedFor = request.candidate;
        this.persist();
        this.resetElectionTimer(randomElectionTimeoutMs(this.config.electionTimeoutMs, () => this.io.random.next()));
      } else if (granted && this.role === "prospective" && this.votedFor === null) {
        this.votedFor = request.candidate;
        this.persist();
      }
      const rule = granted
        ? `candidate's log (epoch ${request.lastEpoch}, end ${request.lastEndOffset}) is at least as up to date as ours (epoch ${this.log.lastEpoch}, end ${this.log.endOffset}) and we have not voted for anyone else in epoch ${this.epoch}`
        : !logOk ? `candidate's log (epoch ${request.lastEpoch}, end ${request.lastEndOffset}) is behind ours (epoch ${this.log.lastEpoch}, end ${this.log.endOffset})` : `already ${this.role}${this.votedFor ? ` (voted for ${this.votedFor})` : ""} in epoch ${this.epoch}`;
      this.io.trace("raft-vote", { candidate: request.candidate, epoch: this.epoch, granted, rule });
    }
    this.out(from, { type: "VoteResponse", correlationId: request.correlationId, error: request.candidateEpoch < this.epoch ? "FENCED_LEADER_EPOCH" : "NONE", epoch: this.epoch, leader: this.leader, voteGranted: granted } satisfies VoteResponse);
  }

  protected handleVoteResponse(from: string, response: VoteResponse): void {
    if (!this.requests.complete(response.correlationId)) return;
    const inRound = this.voteRound.delete(response.correlationId);
    if (response.epoch > this.epoch) return this.observeEpoch(response.epoch, response.leader);
    // KafkaRaftClient.maybeHandleCommonResponse: a leader of our epoch that we did not know of.
    if (response.epoch === this.epoch && response.leader !== null && this.leader === null && response.leader !== this.io.name) {
      return this.observeEpoch(response.epoch, response.leader);
    }
    if (!inRound || response.epoch !== this.epoch || (this.role !== "candidate" && this.role !== "prospective")) return;
    if (response.voteGranted) this.votesGranted.add(from);
    else this.votesRejected.add(from);
    if (this.votesGranted.size >= majority(this.voters.length)) return this.role === "prospective" ? this.becomeCandidate() : this.becomeLeader();
    if (!this.voteRejected()) return;
    if (this.role === "prospective") return this.endProspective(true);
    if (!this.backingOff) this.startBackoff();
  }

  // ---- BeginQuorumEpoch / EndQuorumEpoch ----------------------------------------------------------

  protected handleBeginQuorumEpoch(from: string, request: BeginQuorumEpochRequest): void {
    const alreadyFollowing = this.role === "follower" && this.leader === request.leader && this.epoch === request.epoch;
    const selfLeads = this.role === "leader" && this.epoch === request.epoch;
    if (request.epoch >= this.epoch && !alreadyFollowing && !selfLeads) this.becomeFollower(request.epoch, request.leader);
    const error = request.epoch < this.epoch ? "FENCED_LEADER_EPOCH" : "NONE";
    this.out(from, { type: "BeginQuorumEpochResponse", correlationId: request.correlationId, error, epoch: this.epoch, leader: this.leader } satisfies BeginQuorumEpochResponse);
  }

  protected handleEndQuorumEpoch(from: string, request: EndQuorumEpochRequest): void {
    if (request.epoch > this.epoch) this.becomeUnattached(request.epoch);
    if (request.epoch === this.epoch && this.role === "follower" && this.leader === request.leader) {
      const position = request.preferredSuccessors.indexOf(this.io.name);
      const delay = position <= 0 ? 0 : electionBackoffMs(position, this.config.electionBackoffMaxMs, () => this.io.random.next());
      this.resetElectionTimer(delay);
    }
    this.out(from, { type: "EndQuorumEpochResponse", correlationId: request.correlationId, error: "NONE", epoch: this.epoch, leader: this.leader });
  }

  /** BeginQuorumEpoch and EndQuorumEpoch answers only matter if they show a newer epoch. */
  protected handleSimpleResponse(response: BeginQuorumEpochResponse): void {
    if (!this.requests.complete(response.correlationId)) return;
    if (response.epoch > this.epoch) this.observeEpoch(response.epoch, response.leader);
  }
}
