/**
 * Leader election in KRaft's Raft (KIP-595): the role transitions of quorum-state.ts as they are
 * triggered, the election timer (random timeout, exponential backoff after a lost election), and
 * the election messages: Vote (granted to a candidate whose log is at least as up to date, once per
 * epoch), BeginQuorumEpoch (a new leader announces itself) and EndQuorumEpoch (a resigning leader
 * names its preferred successors, who then stand first).
 *
 * Pre-vote (KIP-996, Kafka 4.0+, `preVote`): a voter whose timeout expires first becomes
 * *prospective* in its current epoch and asks for pre-votes (Vote with preVote=true, epoch not
 * bumped). A pre-vote is granted to a log at least as up to date, except by the leader and by a
 * follower that has fetched from its leader in this epoch (ProspectiveState, FollowerState,
 * UnattachedState, CandidateState, ResignedState canGrantVote). Only a majority of pre-votes makes
 * it a candidate (epoch + 1); otherwise it goes back to following its last known leader. So a voter
 * that was cut off and comes back does not depose a leader the others still follow.
 */
import type {
  BeginQuorumEpochRequest,
  BeginQuorumEpochResponse,
  EndQuorumEpochRequest,
  EndQuorumEpochResponse,
  VoteRequest,
  VoteResponse,
} from "../../protocol/kraft.js";
import { electionBackoffMs, majority } from "./election-timing.js";
import type { VoteTally } from "./epoch-states.js";
import type { RaftShared } from "./raft-core.js";
import type { RaftFetcher } from "./raft-follower.js";
import type { RaftLeader } from "./raft-leader.js";
import { emit } from "../../explain/catalogue.js";
import type { VoteFacts } from "../../explain/controllers.js";

/** Roles, transitions and votes (see raft-core.ts for the parts). */
export class RaftElection {
  private fetcher!: RaftFetcher;
  private leaderSide!: RaftLeader;

  constructor(
    private readonly raft: RaftShared,
    /** The raft-vote-any-log mutant: votes regardless of the candidate's log. */
    private readonly voteAnyLog: boolean,
  ) {}

  /** The parts it drives (they are built with hooks back into this one). */
  attach(fetcher: RaftFetcher, leaderSide: RaftLeader): void {
    this.fetcher = fetcher;
    this.leaderSide = leaderSide;
  }

  /** Start from the persisted quorum state (Kafka's QuorumState.initialize). */
  start(): void {
    const { raft } = this;
    const savedLeader = raft.quorum.initialize();
    if (savedLeader !== null) return this.becomeFollower(raft.quorum.epoch, savedLeader);
    raft.resetElectionTimerRandomly();
    if (raft.quorum.role !== "resigned" && !raft.isVoter) this.fetcher.send();
  }

  // ---- transitions ------------------------------------------------------------------------------

  /**
   * Move to a higher epoch without a leader. As in Kafka's QuorumState, a candidate or an
   * unattached/voted voter keeps the rest of its election timeout (so a disruptive candidate cannot
   * keep postponing everybody's election); a former leader or follower draws a fresh one.
   */
  private becomeUnattached(epoch: number): void {
    const { raft } = this;
    const role = raft.quorum.role;
    const backingOff = raft.quorum.candidate()?.backingOff ?? false;
    const keepTimer = (role === "candidate" || role === "prospective" || role === "unattached" || role === "voted") && raft.electionTimerSet && !backingOff;
    this.leaderSide.leave();
    raft.quorum.transitionToUnattached(epoch);
    raft.listener.onLeaderKnown?.(null, epoch);
    if (!keepTimer) raft.resetElectionTimerRandomly();
  }

  private becomeFollower(epoch: number, leader: string): void {
    const { raft } = this;
    this.leaderSide.leave();
    raft.quorum.transitionToFollower(epoch, leader);
    raft.listener.onLeaderKnown?.(leader, epoch);
    raft.resetElectionTimer(raft.config.fetchTimeoutMs);
    this.fetcher.abandon();
    this.fetcher.send();
  }

  /** KIP-996 (QuorumState.transitionToProspective): ask for pre-votes in the current epoch. */
  private becomeProspective(): void {
    const { raft } = this;
    if (!raft.isVoter) return;
    this.leaderSide.leave();
    raft.quorum.transitionToProspective();
    const { quorum, log } = raft;
    emit(raft.io, "raft-prospective", {
      epoch: quorum.epoch,
      lastLeader: quorum.leader,
      lastEpoch: log.lastEpoch,
      endOffset: log.endOffset,
    });
    raft.resetElectionTimerRandomly();
    if (quorum.tally!.granted.size >= majority(raft.voters.length)) return this.becomeCandidate();
    this.sendVoteRequests(true);
  }

  /** The pre-votes were rejected or timed out: follow the last known leader again, or wait unattached. */
  private endProspective(rejected: boolean): void {
    const { raft } = this;
    const { quorum } = raft;
    const tally = quorum.tally!;
    emit(
      raft.io,
      "raft-prevote-lost",
      { epoch: quorum.epoch, granted: [...tally.granted].sort(), rejected: [...tally.rejected].sort() },
      { rejected, leader: quorum.leader },
    );
    if (quorum.leader !== null) return this.becomeFollower(quorum.epoch, quorum.leader);
    quorum.transitionToUnattachedFromProspective();
    if (rejected) raft.resetElectionTimerRandomly();
    // Timed out without a known leader: QuorumState keeps the expired timer, so it stands again at once.
    else this.becomeProspective();
  }

  private sendVoteRequests(preVote: boolean): void {
    const { raft } = this;
    const tally = raft.quorum.tally!;
    for (const voter of raft.voters) {
      if (voter === raft.io.name) continue;
      const correlationId = raft.requests.send(voter, "Vote", (correlationId) => {
        const request: VoteRequest = {
          type: "Vote",
          correlationId,
          candidateEpoch: raft.quorum.epoch,
          candidate: raft.io.name,
          lastEpoch: raft.log.lastEpoch,
          lastEndOffset: raft.log.endOffset,
        };
        return preVote ? { ...request, preVote: true } : request;
      });
      tally.round.add(correlationId);
    }
  }

  /** EpochElection.isVoteRejected: too many refusals left for a majority. */
  private voteRejected(tally: VoteTally): boolean {
    return this.raft.voters.length - tally.rejected.size < majority(this.raft.voters.length);
  }

  private becomeCandidate(): void {
    const { raft } = this;
    if (!raft.isVoter) return;
    this.leaderSide.leave();
    raft.quorum.transitionToCandidate();
    const { quorum, log } = raft;
    raft.listener.onLeaderKnown?.(null, quorum.epoch);
    emit(raft.io, "raft-candidate", { epoch: quorum.epoch, lastEpoch: log.lastEpoch, endOffset: log.endOffset });
    raft.resetElectionTimerRandomly();
    if (quorum.tally!.granted.size >= majority(raft.voters.length)) return this.becomeLeader();
    this.sendVoteRequests(false);
  }

  private becomeLeader(): void {
    const { raft } = this;
    raft.cancelElectionTimer();
    const votes = [...raft.quorum.tally!.granted].sort();
    const progress = raft.quorum.transitionToLeader(raft.voters, raft.log.endOffset);
    const epoch = raft.quorum.epoch;
    emit(raft.io, "controller-elected", { epoch, votes }, { majority: majority(raft.voters.length), voters: raft.voters.length });
    raft.listener.onLeaderKnown?.(raft.io.name, epoch);
    this.leaderSide.begin();
    raft.listener.onBecomeLeader?.(epoch, progress.epochStartOffset);
  }

  /** The leader lost its quorum (check-quorum): step down and name its successors. */
  resign(): void {
    const { raft } = this;
    const successors = raft.quorum.leaderProgress()!.preferredSuccessors();
    emit(raft.io, "raft-resign", { epoch: raft.quorum.epoch }, { fetchTimeoutMs: raft.config.fetchTimeoutMs });
    this.leaderSide.leave();
    raft.quorum.transitionToResigned();
    raft.listener.onLeaderKnown?.(null, raft.quorum.epoch);
    for (const voter of successors) {
      raft.requests.send(
        voter,
        "EndQuorumEpoch",
        (correlationId) =>
          ({
            type: "EndQuorumEpoch",
            correlationId,
            epoch: raft.quorum.epoch,
            leader: raft.io.name,
            preferredSuccessors: successors,
          }) satisfies EndQuorumEpochRequest,
      );
    }
    raft.resetElectionTimerRandomly();
  }

  /** A message showed a higher epoch: follow its leader if known, else become unattached. */
  observeEpoch(epoch: number, leader: string | null): void {
    const { raft } = this;
    const { quorum } = raft;
    if (epoch < quorum.epoch) return;
    const self = raft.io.name;
    if (epoch === quorum.epoch) {
      if (leader !== null && leader !== self && quorum.leader === null && quorum.role !== "leader" && quorum.role !== "candidate")
        this.becomeFollower(epoch, leader);
      else if (leader !== null && quorum.role === "candidate" && leader !== self) this.becomeFollower(epoch, leader);
      return;
    }
    if (leader !== null && leader !== self) this.becomeFollower(epoch, leader);
    else this.becomeUnattached(epoch);
  }

  // ---- the election timer -------------------------------------------------------------------------

  onElectionTimeout(): void {
    const { raft } = this;
    const { quorum } = raft;
    raft.electionTimerFired();
    if (!raft.isVoter) {
      // Observer: the leader went quiet; look for it again among the voters.
      quorum.transitionObserverToUnattached();
      raft.listener.onLeaderKnown?.(null, quorum.epoch);
      raft.resetElectionTimer(raft.config.fetchTimeoutMs);
      this.fetcher.abandon();
      return this.fetcher.send();
    }
    if (quorum.role === "leader") return;
    if (raft.config.preVote) {
      // Kafka 4.0 (KafkaRaftClient.pollCandidate/pollProspective/pollFollowerAsVoter): every
      // timeout leads to a pre-vote round, a candidate's too (after its backoff, if it had one).
      if (quorum.role === "prospective") return this.endProspective(false);
      return this.becomeProspective();
    }
    const candidate = quorum.candidate();
    if (candidate !== null && !candidate.backingOff) return this.startBackoff();
    this.becomeCandidate();
  }

  private startBackoff(): void {
    const { raft } = this;
    const candidate = raft.quorum.candidate()!;
    candidate.backingOff = true;
    const backoff = electionBackoffMs(candidate.retries, raft.config.electionBackoffMaxMs, () => raft.io.random.next());
    raft.resetElectionTimer(backoff);
  }

  // ---- Vote -------------------------------------------------------------------------------------

  handleVote(from: string, request: VoteRequest): void {
    const { raft } = this;
    const { quorum, log } = raft;
    if (request.candidateEpoch > quorum.epoch) this.becomeUnattached(request.candidateEpoch);
    let granted = false;
    const logOk = this.voteAnyLog || request.lastEpoch > log.lastEpoch || (request.lastEpoch === log.lastEpoch && request.lastEndOffset >= log.endOffset);
    if (request.candidateEpoch === quorum.epoch && request.preVote) {
      const following = quorum.follower();
      granted = quorum.role === "leader" ? false : following !== null ? logOk && !following.hasFetchedFromLeader : logOk;
      emit(raft.io, "raft-vote", { candidate: request.candidate, epoch: quorum.epoch, preVote: true, granted }, this.voteFacts(request, logOk));
    } else if (request.candidateEpoch === quorum.epoch) {
      const role = quorum.role;
      if (role === "unattached") granted = logOk;
      else if (role === "voted") granted = quorum.votedFor === request.candidate;
      // QuorumState.unattachedOrProspectiveCanGrantVote: a prospective votes like an unattached
      // voter unless it knows a leader of this epoch, and stays prospective.
      else if (role === "prospective") granted = quorum.votedFor !== null ? quorum.votedFor === request.candidate : quorum.leader === null && logOk;
      if (granted && role === "unattached") {
        quorum.transitionToVoted(request.candidate);
        raft.resetElectionTimerRandomly();
      } else if (granted && role === "prospective" && quorum.votedFor === null) {
        quorum.recordProspectiveVote(request.candidate);
      }
      emit(raft.io, "raft-vote", { candidate: request.candidate, epoch: quorum.epoch, granted }, this.voteFacts(request, logOk));
    }
    raft.out(from, {
      type: "VoteResponse",
      correlationId: request.correlationId,
      error: request.candidateEpoch < quorum.epoch ? "FENCED_LEADER_EPOCH" : "NONE",
      epoch: quorum.epoch,
      leader: quorum.leader,
      voteGranted: granted,
    } satisfies VoteResponse);
  }

  /** What this voter knows as it answers a (pre-)vote, for the explanation of its answer. */
  private voteFacts(request: VoteRequest, logOk: boolean): VoteFacts {
    const { quorum, log } = this.raft;
    return {
      candidateLastEpoch: request.lastEpoch,
      candidateEndOffset: request.lastEndOffset,
      ownLastEpoch: log.lastEpoch,
      ownEndOffset: log.endOffset,
      logOk,
      role: quorum.role,
      leader: quorum.leader,
      votedFor: quorum.votedFor,
    };
  }

  handleVoteResponse(from: string, response: VoteResponse): void {
    const { raft } = this;
    const { quorum } = raft;
    if (!raft.requests.complete(response.correlationId)) return;
    const inRound = quorum.tally?.round.delete(response.correlationId) ?? false;
    if (response.epoch > quorum.epoch) return this.observeEpoch(response.epoch, response.leader);
    // KafkaRaftClient.maybeHandleCommonResponse: a leader of our epoch that we did not know of.
    if (response.epoch === quorum.epoch && response.leader !== null && quorum.leader === null && response.leader !== raft.io.name) {
      return this.observeEpoch(response.epoch, response.leader);
    }
    const tally = quorum.tally;
    if (!inRound || tally === null || response.epoch !== quorum.epoch) return;
    if (response.voteGranted) tally.granted.add(from);
    else tally.rejected.add(from);
    if (tally.granted.size >= majority(raft.voters.length)) return quorum.role === "prospective" ? this.becomeCandidate() : this.becomeLeader();
    if (!this.voteRejected(tally)) return;
    if (quorum.role === "prospective") return this.endProspective(true);
    const candidate = quorum.candidate()!;
    if (!candidate.backingOff) this.startBackoff();
  }

  // ---- BeginQuorumEpoch / EndQuorumEpoch ----------------------------------------------------------

  handleBeginQuorumEpoch(from: string, request: BeginQuorumEpochRequest): void {
    const { raft } = this;
    const { quorum } = raft;
    const alreadyFollowing = quorum.role === "follower" && quorum.leader === request.leader && quorum.epoch === request.epoch;
    const selfLeads = quorum.role === "leader" && quorum.epoch === request.epoch;
    if (request.epoch >= quorum.epoch && !alreadyFollowing && !selfLeads) this.becomeFollower(request.epoch, request.leader);
    const error = request.epoch < quorum.epoch ? "FENCED_LEADER_EPOCH" : "NONE";
    raft.out(from, {
      type: "BeginQuorumEpochResponse",
      correlationId: request.correlationId,
      error,
      epoch: quorum.epoch,
      leader: quorum.leader,
    } satisfies BeginQuorumEpochResponse);
  }

  handleEndQuorumEpoch(from: string, request: EndQuorumEpochRequest): void {
    const { raft } = this;
    const { quorum } = raft;
    if (request.epoch > quorum.epoch) this.becomeUnattached(request.epoch);
    if (request.epoch === quorum.epoch && quorum.role === "follower" && quorum.leader === request.leader) {
      const position = request.preferredSuccessors.indexOf(raft.io.name);
      const delay = position <= 0 ? 0 : electionBackoffMs(position, raft.config.electionBackoffMaxMs, () => raft.io.random.next());
      raft.resetElectionTimer(delay);
    }
    raft.out(from, { type: "EndQuorumEpochResponse", correlationId: request.correlationId, error: "NONE", epoch: quorum.epoch, leader: quorum.leader });
  }

  /** BeginQuorumEpoch and EndQuorumEpoch answers only matter if they show a newer epoch. */
  handleSimpleResponse(response: BeginQuorumEpochResponse | EndQuorumEpochResponse): void {
    if (!this.raft.requests.complete(response.correlationId)) return;
    if (response.epoch > this.raft.quorum.epoch) this.observeEpoch(response.epoch, response.leader);
  }
}
