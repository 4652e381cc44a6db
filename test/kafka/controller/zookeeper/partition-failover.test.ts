import { describe, expect, it } from "vitest";
import type { AlterPartitionRequest } from "../../../../src/kafka/protocol/control.js";
import { seconds } from "../../../../src/sim/time.js";
import { ZkHarness } from "./harness.js";

/** A non-controller broker leading partition 0 of a fresh topic (tries seeds until one fits). */
function clusterWithNonControllerLeader(options: { brokers?: number; rf: number; config?: Record<string, unknown> }): { h: ZkHarness; leader: number } {
  for (let seed = 1; seed < 50; seed++) {
    const h = ZkHarness.ready({ seed, brokers: options.brokers, topic: { name: "orders", partitions: 1, rf: options.rf, config: options.config } });
    const leader = h.lastCommitted("orders", 0)!.leader;
    if (leader !== h.activeController()) return { h, leader };
  }
  throw new Error("no seed with a non-controller leader");
}

/** The leader shrinks the ISR of orders-0 to itself through AlterPartition. */
function shrinkToLeader(h: ZkHarness, leader: number): void {
  const state = h.lastCommitted("orders", 0)!;
  const request: AlterPartitionRequest = {
    type: "AlterPartition",
    correlationId: 7,
    brokerId: leader,
    brokerEpoch: h.agent(leader).brokerEpoch(),
    partitions: [
      { topic: "orders", partition: 0, leaderEpoch: state.leaderEpoch, partitionEpoch: state.partitionEpoch, newIsr: [leader], newIsrBrokerEpochs: [] },
    ],
  };
  h.agent(leader).sendAlterPartition(request);
  h.runFor(1_000);
  expect(h.replicaManager(leader).alterResponses.at(-1)!.partitions[0]).toMatchObject({ error: "NONE", isr: [leader] });
}

describe("ZooKeeper-mode partition leader failover", () => {
  it("a crashed leader is replaced by the first live ISR replica in assignment order, with a higher leader epoch, after its session expires (Reference: docs/kafka-rules.md §1.6 ZooKeeper controller)", () => {
    const { h, leader } = clusterWithNonControllerLeader({ rf: 3 });
    const before = h.lastCommitted("orders", 0)!;
    const crashAt = h.world.now;
    h.world.crash(`broker-${leader}`);
    h.runFor(10_000);
    expect(h.lastCommitted("orders", 0)!.leader).toBe(leader); // nothing happens before the session expires
    h.runFor(15_000);
    const after = h.lastCommitted("orders", 0)!;
    const expected = before.replicas.find((b) => b !== leader && before.isr.includes(b));
    expect(after.leader).toBe(expected);
    expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    expect(after.isr).not.toContain(leader);
    const change = h.ofType("leader-change").at(-1)!;
    expect(change.atUs - crashAt).toBeGreaterThanOrEqual(seconds(12));
    expect(h.replicaManager(after.leader).applied.at(-1)).toMatchObject({ leader: after.leader, leaderEpoch: after.leaderEpoch });
  });

  it("AlterPartition with a stale partition epoch is rejected and the leader keeps the committed ISR (Reference: docs/kafka-rules.md §1.3 controller acceptance of AlterPartition)", () => {
    const { h, leader } = clusterWithNonControllerLeader({ rf: 3 });
    const state = h.lastCommitted("orders", 0)!;
    h.agent(leader).sendAlterPartition({
      type: "AlterPartition",
      correlationId: 8,
      brokerId: leader,
      brokerEpoch: h.agent(leader).brokerEpoch(),
      partitions: [
        { topic: "orders", partition: 0, leaderEpoch: state.leaderEpoch, partitionEpoch: state.partitionEpoch + 3, newIsr: [leader], newIsrBrokerEpochs: [] },
      ],
    });
    h.runFor(1_000);
    expect(h.replicaManager(leader).alterResponses.at(-1)!.partitions[0]).toMatchObject({ error: "INVALID_UPDATE_VERSION", isr: state.isr });
    expect(h.lastCommitted("orders", 0)).toEqual(state);
  });

  it("with unclean election disabled, a crashed sole ISR member leaves the partition offline and the ISR is never emptied (Reference: docs/kafka-rules.md §1.3 controller-initiated shrink)", () => {
    const { h, leader } = clusterWithNonControllerLeader({ rf: 2 });
    shrinkToLeader(h, leader);
    h.world.crash(`broker-${leader}`);
    h.runFor(25_000);
    const after = h.lastCommitted("orders", 0)!;
    expect(after.leader).toBe(-1);
    expect(after.isr).toEqual([leader]);
    expect(h.ofType("unclean-election")).toHaveLength(0);
    for (const c of h.committed) expect(c.state.isr.length).toBeGreaterThan(0);
  });

  it("with unclean.leader.election.enable=true the out-of-sync replica takes over and the ISR becomes just it (Reference: docs/kafka-rules.md §1.6 unclean election)", () => {
    const { h, leader } = clusterWithNonControllerLeader({ rf: 2, config: { "unclean.leader.election.enable": true } });
    const other = h.lastCommitted("orders", 0)!.replicas.find((b) => b !== leader)!;
    shrinkToLeader(h, leader);
    h.world.crash(`broker-${leader}`);
    h.runFor(25_000);
    const after = h.lastCommitted("orders", 0)!;
    expect(after).toMatchObject({ leader: other, isr: [other] });
    expect(h.committed.at(-1)!.unclean).toBe(true);
    expect(h.ofType("unclean-election")).toHaveLength(1);
  });

  it("the zk-unclean-election-always mutant elects an out-of-sync replica although unclean election is disabled", () => {
    for (let seed = 1; seed < 50; seed++) {
      const h = ZkHarness.ready({ seed, bugs: ["zk-unclean-election-always"], topic: { name: "orders", partitions: 1, rf: 2 } });
      const leader = h.lastCommitted("orders", 0)!.leader;
      if (leader === h.activeController()) continue;
      shrinkToLeader(h, leader);
      h.world.crash(`broker-${leader}`);
      h.runFor(25_000);
      expect(h.ofType("unclean-election")).toHaveLength(1);
      return;
    }
    throw new Error("no seed with a non-controller leader");
  });

  it("the ISR is never emptied even when every replica dies one after another (Reference: docs/kafka-rules.md §1.3, ReplicaStateMachine)", () => {
    const h = ZkHarness.ready({ brokers: 5, topic: { name: "orders", partitions: 1, rf: 3 } });
    const replicas = h.lastCommitted("orders", 0)!.replicas;
    for (const r of replicas) {
      h.world.crash(`broker-${r}`);
      h.runFor(40_000);
    }
    const final = h.lastCommitted("orders", 0)!;
    expect(final.leader).toBe(-1);
    expect(final.isr).toEqual([replicas.at(-1)]);
    for (const c of h.committed) expect(c.state.isr.length).toBeGreaterThan(0);
  });
});
