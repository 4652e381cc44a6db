/**
 * The leader's side of OffsetsForLeaderEpoch, as followers and (KIP-320) consumers use it.
 * Reference: Kafka's ReplicaManager.lastOffsetForLeaderEpoch, Partition.lastOffsetForLeaderEpoch,
 * LeaderEpochFileCache.endOffsetFor.
 */
import { describe, expect, it } from "vitest";
import { brokerNode } from "../../../src/kafka/metadata/partition-state.js";
import type { OffsetsForLeaderEpochResponse } from "../../../src/kafka/protocol/offsets-for-leader-epoch.js";
import { ReplicationHarness, type Exchange } from "./harness.js";

function ask(h: ReplicationHarness, to: number, leaderEpoch: number, currentLeaderEpoch: number): Exchange<OffsetsForLeaderEpochResponse> {
  return h.client.send<OffsetsForLeaderEpochResponse>(brokerNode(to), (correlationId) => ({
    type: "OffsetsForLeaderEpoch",
    correlationId,
    replicaId: -1,
    partitions: [{ topic: "orders", partition: 0, currentLeaderEpoch, leaderEpoch }],
  }));
}

/** Epoch 0 on broker-1: a, b (replicated); broker-1 is cut off and alone takes c, d; broker-2 leads epoch 1 and takes e. */
function uncleanHistory(): ReplicationHarness {
  const h = new ReplicationHarness({ controllerDelayUs: 100 });
  h.createTopic("orders");
  h.runFor(100);
  h.produce("orders", ["a", "b"], "all");
  h.runFor(100);
  h.isolateFromBrokers(1);
  h.produce("orders", ["c", "d"], "1");
  h.runFor(100);
  h.crash(1, { notifyController: false });
  h.controller.failover("orders", 0, 2);
  h.runFor(100);
  h.produce("orders", ["e"], "1", { to: 2 });
  h.runFor(100);
  return h;
}

describe("OffsetsForLeaderEpoch on the leader (Reference: KIP-320, Partition.lastOffsetForLeaderEpoch)", () => {
  it("answers the end offset of the largest epoch ≤ the requested one: the next epoch's start, or the LEO for the latest epoch", () => {
    const h = uncleanHistory();
    expect(h.values(2, "orders")).toEqual(["a", "b", "e"]);
    const old = ask(h, 2, 0, 1);
    const latest = ask(h, 2, 1, 1);
    h.runFor(10);
    // A consumer that read c, d from broker-1 in epoch 0 is at offset 4: epoch 0 ends at 2 on the new leader.
    expect(old.response?.partitions[0]).toMatchObject({ error: "NONE", leaderEpoch: 0, endOffset: 2 });
    expect(latest.response?.partitions[0]).toMatchObject({ error: "NONE", leaderEpoch: 1, endOffset: 3 });
  });

  it("checks the requester's current leader epoch first, then that it asks the leader", () => {
    const h = uncleanHistory();
    const stale = ask(h, 2, 0, 0);
    const future = ask(h, 2, 0, 5);
    const follower = ask(h, 3, 0, 1);
    const unchecked = ask(h, 2, 0, -1);
    h.runFor(10);
    expect(stale.response?.partitions[0]!.error).toBe("FENCED_LEADER_EPOCH");
    expect(future.response?.partitions[0]!.error).toBe("UNKNOWN_LEADER_EPOCH");
    expect(follower.response?.partitions[0]!.error).toBe("NOT_LEADER_OR_FOLLOWER");
    expect(unchecked.response?.partitions[0]).toMatchObject({ error: "NONE", endOffset: 2 });
  });

  it("an epoch newer than every epoch of the log is unknown: NONE with epoch and end offset -1 (UnifiedLog.endOffsetForEpoch returns None)", () => {
    const h = uncleanHistory();
    const newer = ask(h, 2, 7, 1);
    h.runFor(10);
    expect(newer.response?.partitions[0]).toMatchObject({ error: "NONE", leaderEpoch: -1, endOffset: -1 });
  });
});
