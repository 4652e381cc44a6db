/**
 * The produce purgatory (src/kafka/replication/produce.ts): when a parked acks=all request ends.
 * Kafka's `DelayedProduce.tryComplete` asks `Partition.checkEnoughReplicasReachOffset`, which fails
 * the wait only when this broker no longer leads the partition; `ReplicaManager.makeLeaders` does
 * not complete parked produces, `makeFollowers` does (`completeDelayedFetchOrProduceRequests`).
 */
import { describe, expect, it } from "vitest";
import { ReplicationHarness } from "./harness.js";

/** orders-0 on brokers 1..3 led by broker-1; broker-3 crashed unnoticed, so the HW cannot pass what it lacks. */
function parkedWrite(): { h: ReplicationHarness; write: ReturnType<ReplicationHarness["produce"]> } {
  const h = new ReplicationHarness();
  h.createTopic("orders", { "min.insync.replicas": 2 });
  h.runFor(100);
  h.crash(3, { notifyController: false });
  const write = h.produce("orders", ["a", "b"], "all", { producer: { id: 7, epoch: 0, sequence: 0 } });
  h.runFor(200);
  expect(write.response).toBeUndefined();
  expect(h.values(2, "orders")).toEqual(["a", "b"]);
  return { h, write };
}

describe("produce purgatory", () => {
  it("a parked acks=all write survives a new leader epoch in which its broker still leads, and is acknowledged at its offset once the HW passes it (Reference: DelayedProduce.tryComplete, Partition.checkEnoughReplicasReachOffset, ReplicaManager.makeLeaders)", () => {
    const { h, write } = parkedWrite();
    // What a ZooKeeper controller sends when a broker of the ISR dies: the ISR without it and a
    // new leader epoch, with the same leader (KafkaController.onReplicasBecomeOffline).
    const state = h.controller.state("orders", 0);
    state.isr = [1, 2];
    h.controller.elect(state, null);
    h.runFor(1000);
    expect(h.controller.state("orders", 0)).toMatchObject({ leader: 1, leaderEpoch: 1 });
    expect(h.rm(1).partition("orders", 0)!.leaderEpoch).toBe(1);
    // Failing it instead (NOT_LEADER_OR_FOLLOWER) tells an idempotent producer that sequences 0-1 were
    // never acknowledged although they sit at offsets 0-1: after its next OUT_OF_ORDER_SEQUENCE_NUMBER
    // it restarts them at 0 under a new epoch (TransactionManager.canRetry) and writes them twice.
    expect(write.response?.partitions[0]).toMatchObject({ error: "NONE", baseOffset: 0 });
    expect(h.values(1, "orders")).toEqual(["a", "b"]);
  });

  it("a parked acks=all write fails with NOT_LEADER_OR_FOLLOWER as soon as its broker becomes a follower (Reference: ReplicaManager.makeFollowers, completeDelayedFetchOrProduceRequests)", () => {
    const { h, write } = parkedWrite();
    h.controller.failover("orders", 0, 2);
    h.runFor(20);
    expect(h.rm(1).partition("orders", 0)!.isLeader).toBe(false);
    expect(write.response?.partitions[0]!.error).toBe("NOT_LEADER_OR_FOLLOWER");
  });
});
