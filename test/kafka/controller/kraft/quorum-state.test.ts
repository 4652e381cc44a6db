/**
 * The Raft role state machine: every legal move of the table in quorum-state.ts, and the illegal
 * ones refused with the from-state, the to-state and the epoch named.
 * Reference: Kafka's QuorumState (transitionToUnattached, transitionToUnattachedVotedState,
 * transitionToFollower, transitionToCandidate, transitionToLeader, transitionToResigned), KIP-595;
 * transitionToProspective, KIP-996.
 */
import { describe, expect, it } from "vitest";
import { CheckpointFile } from "../../../../src/sim/disk.js";
import { IllegalStateTransition, QuorumState, QuorumStateStore, type PersistedQuorumState } from "../../../../src/kafka/controller/kraft/quorum-state.js";

const VOTERS = ["c1", "c2", "c3"];

function node(self = "c1", saved?: PersistedQuorumState) {
  const file = new CheckpointFile<PersistedQuorumState>();
  if (saved) file.write(saved, 0, true);
  const q = new QuorumState(self, VOTERS.includes(self), new QuorumStateStore(file), () => 0);
  return { q, file, savedLeader: q.initialize() };
}

/** A candidate in epoch 1 that has won c2's vote. */
function winningCandidate() {
  const { q, file } = node();
  q.transitionToCandidate();
  q.tally!.granted.add("c2");
  return { q, file };
}

describe("QuorumState: legal transitions", () => {
  it("starts unattached in epoch 0, or where the quorum-state file says", () => {
    expect(node().q.current).toEqual({ role: "unattached", epoch: 0 });
    expect(node("c1", { epoch: 4, votedFor: "c2", leader: null }).q.current).toEqual({ role: "voted", epoch: 4, votedFor: "c2" });
    const led = node("c1", { epoch: 4, votedFor: "c1", leader: "c1" });
    expect(led.q.role).toBe("resigned");
    expect(led.savedLeader).toBeNull();
    expect(node("c1", { epoch: 4, votedFor: null, leader: "c3" }).savedLeader).toBe("c3");
  });

  it("durable moves write epoch, vote and leader before they return; prospective is memory only", () => {
    const { q, file } = node();
    q.transitionToCandidate();
    expect(file.read()).toEqual({ epoch: 1, votedFor: "c1", leader: null });
    q.tally!.granted.add("c3");
    q.transitionToLeader(VOTERS, 0);
    expect(file.read()).toEqual({ epoch: 1, votedFor: "c1", leader: "c1" });
    q.transitionToResigned();
    expect(file.read()).toEqual({ epoch: 1, votedFor: "c1", leader: null });
    q.transitionToProspective();
    expect(q.role).toBe("prospective");
    expect(file.read()).toEqual({ epoch: 1, votedFor: "c1", leader: null });
  });

  it("a candidate's retries grow through backoffs and pre-vote rounds, and reset when it follows", () => {
    const { q } = node();
    q.transitionToCandidate();
    expect(q.candidate()!.retries).toBe(1);
    q.transitionToCandidate();
    expect(q.candidate()!.retries).toBe(2);
    q.transitionToProspective();
    expect(q.prospective()!.retries).toBe(3);
    q.transitionToCandidate();
    expect(q.candidate()!.retries).toBe(3);
    expect(q.epoch).toBe(3);
    q.transitionToFollower(3, "c2");
    q.transitionToProspective();
    expect(q.prospective()!.retries).toBe(1);
  });

  it("a follower keeps its vote within the epoch and loses it in a new one", () => {
    const { q } = node();
    q.transitionToUnattached(2);
    q.transitionToVoted("c2");
    q.transitionToFollower(2, "c2");
    expect(q.votedFor).toBe("c2");
    q.transitionToFollower(3, "c3");
    expect(q.votedFor).toBeNull();
    expect(q.follower()!.hasFetchedFromLeader).toBe(false);
  });

  it("a prospective remembers its last leader, may cast its one vote, and drops back to voted without a leader", () => {
    const { q, file } = node();
    q.transitionToUnattached(5);
    q.transitionToProspective();
    expect(q.leader).toBeNull();
    q.recordProspectiveVote("c3");
    expect(file.read()).toEqual({ epoch: 5, votedFor: "c3", leader: null });
    q.transitionToUnattachedFromProspective();
    expect(q.current).toEqual({ role: "voted", epoch: 5, votedFor: "c3" });
    q.transitionToFollower(5, "c3");
    q.transitionToProspective();
    expect(q.leader).toBe("c3");
  });

  it("an observer forgets a quiet leader in the same epoch", () => {
    const { q } = node("broker-1");
    q.transitionToFollower(2, "c1");
    q.transitionObserverToUnattached();
    expect(q.current).toEqual({ role: "unattached", epoch: 2 });
  });
});

describe("QuorumState: illegal transitions throw, naming from, to and epoch", () => {
  const refused = (move: (q: QuorumState) => void, setup: (q: QuorumState) => void, message: RegExp) => {
    const { q } = node();
    setup(q);
    const before = { ...q.current };
    expect(() => move(q)).toThrow(IllegalStateTransition);
    expect(() => move(q)).toThrow(message);
    expect(q.current).toMatchObject({ role: before.role, epoch: before.epoch });
  };

  it("unattached only to a higher epoch", () => {
    refused(
      (q) => q.transitionToUnattached(3),
      (q) => q.transitionToUnattached(3),
      /from unattached \(epoch 3\) to unattached \(epoch 3\): the epoch must grow/,
    );
  });

  it("no vote for a second candidate, nor for itself", () => {
    refused(
      (q) => q.transitionToVoted("c3"),
      (q) => q.transitionToVoted("c2"),
      /from voted \(epoch 0\) to voted for c3/,
    );
    refused(
      (q) => q.transitionToVoted("c1"),
      () => {},
      /votes for itself only as a candidate/,
    );
  });

  it("leader only from a candidate with a majority", () => {
    refused(
      (q) => q.transitionToLeader(VOTERS, 0),
      () => {},
      /from unattached \(epoch 0\) to leader: only a candidate/,
    );
    refused(
      (q) => q.transitionToLeader(VOTERS, 0),
      (q) => q.transitionToCandidate(),
      /from candidate \(epoch 1\) to leader: 1 of 3 votes is no majority/,
    );
  });

  it("a leader neither stands for election nor follows another leader of its own epoch", () => {
    const leader = (q: QuorumState) => {
      q.transitionToCandidate();
      q.tally!.granted.add("c2");
      q.transitionToLeader(VOTERS, 0);
    };
    refused((q) => q.transitionToCandidate(), leader, /from leader \(epoch 1\) to candidate/);
    refused((q) => q.transitionToProspective(), leader, /from leader \(epoch 1\) to prospective/);
    refused((q) => q.transitionToFollower(1, "c2"), leader, /from leader \(epoch 1\) to follower of c2 \(epoch 1\): it leads this epoch/);
  });

  it("no following backwards, of itself, or of a second leader in one epoch", () => {
    refused(
      (q) => q.transitionToFollower(1, "c2"),
      (q) => q.transitionToUnattached(2),
      /the epoch must not go back/,
    );
    refused(
      (q) => q.transitionToFollower(2, "c1"),
      () => {},
      /never follows itself/,
    );
    refused(
      (q) => q.transitionToFollower(2, "c3"),
      (q) => q.transitionToFollower(2, "c2"),
      /already follows c2 in this epoch/,
    );
  });

  it("only a leader resigns; observers never stand", () => {
    refused(
      (q) => q.transitionToResigned(),
      (q) => q.transitionToFollower(1, "c2"),
      /from follower \(epoch 1\) to resigned/,
    );
    const { q } = node("broker-1");
    expect(() => q.transitionToCandidate()).toThrow(/observers do not stand for election/);
    expect(() => q.transitionToProspective()).toThrow(/observers do not stand for election/);
  });

  it("a voter does not forget its leader without a new epoch", () => {
    refused(
      (q) => q.transitionObserverToUnattached(),
      (q) => q.transitionToFollower(1, "c2"),
      /only an observer/,
    );
  });

  it("a won candidacy leaves its vote tally behind: the leader state tracks voters instead", () => {
    const { q } = winningCandidate();
    q.transitionToLeader(VOTERS, 0);
    expect(q.tally).toBeNull();
    expect(q.leaderProgress()!.epochStartOffset).toBe(0);
  });
});
