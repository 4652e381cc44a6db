/**
 * KIP-996 pre-vote (Kafka 4.0+; Reference: KIP-996 "Pre-Vote", KafkaRaftClient, ProspectiveState,
 * FollowerState.canGrantVote): a voter cut off from the quorum and healed does not depose a stable
 * leader with pre-vote, and does without it (the disruption KIP-996 describes).
 */
import { describe, expect, it } from "vitest";
import { KraftCluster } from "./harness.js";

function isolateAFollowerVoter(preVote: boolean, seed: number) {
  const c = new KraftCluster({ seed, brokers: 1, preVote }).startAll();
  c.runFor(8_000);
  const leader = c.activeController()!;
  const leaderNode = leader.raft.io.name;
  const epoch = leader.raft.epoch;
  const isolated = c.spec.controllerNodes.find((n) => n !== leaderNode)!;
  const cutAt = c.world.now;
  const rule = c.world.network.addRule({ kind: "partition", groups: [[isolated], c.world.hostNames().filter((n) => n !== isolated)] });
  c.runFor(10_000);
  const isolatedEpoch = c.controllers.get(isolated)!.raft.epoch;
  c.world.network.removeRule(rule);
  const healAt = c.world.now;
  c.runFor(10_000);
  const after = c.activeController()!;
  return {
    c,
    leaderNode,
    epoch,
    isolated,
    isolatedEpoch,
    cutAt,
    healAt,
    afterNode: after.raft.io.name,
    afterEpoch: after.raft.epoch,
    resigned: c.leadership.filter((l) => !l.active && l.atUs >= cutAt),
    isolatedRaft: c.controllers.get(isolated)!.raft,
  };
}

describe("KRaft pre-vote (KIP-996)", () => {
  for (const seed of [1, 2, 3]) {
    it(`with pre-vote, a voter partitioned away and healed never bumps the epoch and the leader keeps leading (seed ${seed})`, () => {
      const r = isolateAFollowerVoter(true, seed);
      expect(r.isolatedEpoch).toBe(r.epoch);
      expect(r.c.traces("raft-prospective").filter((t) => t.node === r.isolated).length).toBeGreaterThan(0);
      expect(r.c.traces("raft-candidate").filter((t) => t.atUs >= r.cutAt)).toHaveLength(0);
      expect(r.afterNode).toBe(r.leaderNode);
      expect(r.afterEpoch).toBe(r.epoch);
      expect(r.resigned).toHaveLength(0);
      // It rejoined as a follower of the same leader and caught up.
      expect(r.isolatedRaft.role).toBe("follower");
      expect(r.isolatedRaft.leader).toBe(r.leaderNode);
      expect(r.isolatedRaft.highWatermark).toBeGreaterThan(0);
    });

    it(`without pre-vote (Kafka 3.x), the healed voter's higher epoch deposes the stable leader (seed ${seed})`, () => {
      const r = isolateAFollowerVoter(false, seed);
      expect(r.isolatedEpoch).toBeGreaterThan(r.epoch);
      expect(r.afterEpoch).toBeGreaterThan(r.isolatedEpoch - 1);
      expect(r.resigned.some((l) => l.node === r.leaderNode && l.atUs >= r.healAt)).toBe(true);
    });
  }

  it("a pre-vote is refused by a follower that hears from its leader, and granted once the leader is gone (FollowerState.canGrantVote)", () => {
    const c = new KraftCluster({ seed: 4, brokers: 1 }).startAll();
    c.runFor(8_000);
    const leaderNode = c.activeController()!.raft.io.name;
    const epoch = c.activeController()!.raft.epoch;
    c.world.crash(leaderNode);
    c.runFor(10_000);
    const votes = c.traces("raft-vote").filter((t) => t.preVote === true && t.epoch === epoch);
    expect(votes.some((v) => v.granted === true)).toBe(true);
    const next = c.activeController()!;
    expect(next.raft.io.name).not.toBe(leaderNode);
    // One epoch for the new leader: pre-votes bumped nothing.
    expect(next.raft.epoch).toBe(epoch + 1);
  });
});
