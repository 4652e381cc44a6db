import { describe, expect, it } from "vitest";
import { InvariantMonitor } from "../../../src/check/invariants/monitor.js";
import type { ClusterProbe, ReplicaLogView } from "../../../src/check/invariants/types.js";
import type { PartitionState } from "../../../src/kafka/metadata/partition-state.js";
import type { RecordBatch } from "../../../src/kafka/protocol/records.js";

function batch(baseOffset: number, values: string[], epoch = 0, producer?: { id: number; seq: number }): RecordBatch {
  return {
    baseOffset,
    partitionLeaderEpoch: epoch,
    producerId: producer ? producer.id : -1,
    producerEpoch: 0,
    baseSequence: producer ? producer.seq : -1,
    records: values.map((value) => ({ key: null, value, timestampUs: 0 })),
    sizeBytes: 10,
  };
}

class FakeProbe implements ClusterProbe {
  logs = new Map<number, ReplicaLogView>();
  replicaLog(broker: number): ReplicaLogView | null {
    return this.logs.get(broker) ?? null;
  }
  set(broker: number, batches: RecordBatch[], hw: number): void {
    const leo = batches.length ? batches[batches.length - 1]!.baseOffset + batches[batches.length - 1]!.records.length : 0;
    this.logs.set(broker, { batches, highWatermark: hw, logStartOffset: 0, logEndOffset: leo });
  }
}

const state = (leader: number, leaderEpoch: number, isr: number[], elr: number[] = []): PartitionState => ({
  topic: "orders",
  partition: 0,
  replicas: [1, 2, 3],
  isr,
  elr,
  lastKnownElr: [],
  leader,
  leaderEpoch,
  partitionEpoch: leaderEpoch,
  leaderRecoveryState: "RECOVERED",
});

const snap = (broker: number, role: "leader" | "follower", leaderEpoch: number, hw: number, leo: number) => ({
  broker,
  topic: "orders",
  partition: 0,
  role,
  leaderEpoch,
  highWatermark: hw,
  logEndOffset: leo,
  logStartOffset: 0,
});

const count = (m: InvariantMonitor, name: string) => m.results().find((r) => r.name === name)!.violations;

describe("Live invariants (Reference: docs/anomalies.md, cluster invariants)", () => {
  it("lists every invariant with its count, zero included", () => {
    const m = new InvariantMonitor(new FakeProbe(), () => 0);
    expect(
      m
        .results()
        .map((r) => r.violations)
        .every((v) => v === 0),
    ).toBe(true);
    expect(m.results().map((r) => r.name)).toContain("committed-prefix-agreement");
  });

  it("a new leader's HW below its predecessor's is not a violation; a HW moving back within one epoch is", () => {
    const m = new InvariantMonitor(new FakeProbe(), () => 0);
    m.replicaChanged(snap(1, "leader", 1, 10, 10));
    m.replicaChanged(snap(2, "leader", 2, 7, 10));
    expect(count(m, "leader-hw-monotonic")).toBe(0);
    m.replicaChanged(snap(2, "leader", 2, 5, 10));
    expect(count(m, "leader-hw-monotonic")).toBe(1);
  });

  it("two brokers leading in different epochs is legal (a zombie); in the same epoch it is a violation", () => {
    const m = new InvariantMonitor(new FakeProbe(), () => 0);
    m.replicaChanged(snap(1, "leader", 1, 0, 0));
    m.replicaChanged(snap(2, "leader", 2, 0, 0));
    expect(count(m, "single-leader-per-epoch")).toBe(0);
    m.replicaChanged(snap(3, "leader", 2, 0, 0));
    expect(count(m, "single-leader-per-epoch")).toBe(1);
  });

  it("HW above LEO is a violation", () => {
    const m = new InvariantMonitor(new FakeProbe(), () => 0);
    m.replicaChanged(snap(2, "follower", 1, 5, 4));
    expect(count(m, "hw-le-leo")).toBe(1);
  });

  it("an ISR member holding a different record below the leader's HW breaks committed-prefix agreement", () => {
    const probe = new FakeProbe();
    const m = new InvariantMonitor(probe, () => 0);
    probe.set(1, [batch(0, ["a", "b"], 0)], 2);
    probe.set(2, [batch(0, ["a", "b"], 0)], 2);
    probe.set(3, [batch(0, ["a"], 0), batch(1, ["x"], 1)], 1);
    m.partitionCommitted(state(1, 0, [1, 2]));
    m.replicaChanged(snap(1, "leader", 0, 2, 2));
    expect(count(m, "committed-prefix-agreement")).toBe(0); // broker 3 is not in the ISR
    m.partitionCommitted(state(1, 0, [1, 2, 3]));
    expect(count(m, "committed-prefix-agreement")).toBe(1);
  });

  it("an ISR member missing a record below the HW is a violation, unless it lost unsynced data in a power loss", () => {
    const probe = new FakeProbe();
    const m = new InvariantMonitor(probe, () => 0);
    probe.set(1, [batch(0, ["a", "b"], 0)], 2);
    probe.set(2, [batch(0, ["a"], 0)], 1);
    m.brokerLostData(2);
    m.partitionCommitted(state(1, 0, [1, 2]));
    m.replicaChanged(snap(1, "leader", 0, 2, 2));
    expect(count(m, "committed-prefix-agreement")).toBe(0);
    const m2 = new InvariantMonitor(probe, () => 0);
    m2.partitionCommitted(state(1, 0, [1, 2]));
    expect(count(m2, "committed-prefix-agreement")).toBe(1);
  });

  describe("a leader that lost unsynced data and leads its epoch again (ZooKeeper mode; Reference: KafkaController.onControllerFailover, Partition.makeLeader)", () => {
    // broker-1 led epoch 0 with a, b, c, d; broker-2 (ISR) copied them. broker-1 lost power with only
    // a, b durable, and leads epoch 0 again, appending x, y at offsets 2 and 3.
    const setup = (zookeeperMode: boolean, memberTail: RecordBatch[]) => {
      const probe = new FakeProbe();
      const m = new InvariantMonitor(probe, () => 0, { zookeeperMode });
      probe.set(1, [batch(0, ["a", "b", "c", "d"], 0)], 4);
      probe.set(2, [batch(0, ["a", "b", "c", "d"], 0)], 4);
      m.partitionCommitted(state(1, 0, [1, 2]));
      m.replicaChanged(snap(1, "leader", 0, 4, 4));
      m.brokerLostData(1);
      probe.set(1, [batch(0, ["a", "b"], 0)], 0);
      m.replicaChanged(snap(1, "leader", 0, 0, 2)); // makeLeader after the restart: recovered LEO 2
      probe.set(1, [batch(0, ["a", "b"], 0), batch(2, ["x", "y"], 0)], 4);
      probe.set(2, [batch(0, ["a", "b"], 0), ...memberTail], 4);
      m.replicaChanged(snap(1, "leader", 0, 4, 4));
      return m;
    };

    it("records of that epoch from its recovered LEO up may differ", () => {
      const m = setup(true, [batch(2, ["c", "d"], 0)]);
      expect(count(m, "committed-prefix-agreement")).toBe(0);
    });

    it("in KRaft mode (the controller always bumps the epoch) the same logs are a violation", () => {
      const m = setup(false, [batch(2, ["c", "d"], 0)]);
      expect(count(m, "committed-prefix-agreement")).toBe(1);
    });

    it("a difference in records of another epoch is still a violation", () => {
      const m = setup(true, [batch(2, ["c", "d"], 7)]);
      expect(count(m, "committed-prefix-agreement")).toBe(1);
    });

    it("a difference below the recovered LEO is still a violation, and is checked again after the loss", () => {
      const probe = new FakeProbe();
      const m = new InvariantMonitor(probe, () => 0, { zookeeperMode: true });
      probe.set(1, [batch(0, ["a", "b", "c", "d"], 0)], 4);
      probe.set(2, [batch(0, ["a", "b", "c", "d"], 0)], 4);
      m.partitionCommitted(state(1, 0, [1, 2]));
      m.replicaChanged(snap(1, "leader", 0, 4, 4));
      m.brokerLostData(1);
      probe.set(1, [batch(0, ["a", "q"], 0)], 0);
      m.replicaChanged(snap(1, "leader", 0, 0, 2));
      probe.set(1, [batch(0, ["a", "q"], 0)], 2);
      m.replicaChanged(snap(1, "leader", 0, 2, 2));
      expect(count(m, "committed-prefix-agreement")).toBe(1);
    });
  });

  it("a follower diverging from its leader below both HWs breaks follower-prefix", () => {
    const probe = new FakeProbe();
    const m = new InvariantMonitor(probe, () => 0);
    probe.set(1, [batch(0, ["a", "b"], 0)], 2);
    probe.set(2, [batch(0, ["a", "z"], 0)], 2);
    m.partitionCommitted(state(1, 0, [1]));
    m.appended(2, "orders", 0, [batch(1, ["z"], 0)], false);
    expect(count(m, "follower-prefix")).toBe(1);
  });

  it("the same idempotent sequence appended twice by a leader is a violation; after a truncation it is not", () => {
    const probe = new FakeProbe();
    const m = new InvariantMonitor(probe, () => 0);
    const b1 = batch(0, ["a"], 0, { id: 7, seq: 0 });
    const b2 = batch(1, ["a"], 0, { id: 7, seq: 0 });
    probe.set(1, [b1], 0);
    m.appended(1, "orders", 0, [b1], true);
    probe.set(1, [b1, b2], 0);
    m.appended(1, "orders", 0, [b2], true);
    expect(count(m, "idempotent-append-once")).toBe(1);
    m.truncated(1, "orders", 0, 0);
    probe.set(1, [batch(0, ["a"], 1, { id: 7, seq: 0 })], 0);
    m.appended(1, "orders", 0, [batch(0, ["a"], 1, { id: 7, seq: 0 })], true);
    expect(count(m, "idempotent-append-once")).toBe(1);
  });

  it("a replica that leads again continues from the batches it replicated as a follower: not a violation; a real gap still is (Reference: ProducerStateManager, ProducerAppendInfo origin REPLICATION; fuzz invariants seed 7002)", () => {
    const probe = new FakeProbe();
    const m = new InvariantMonitor(probe, () => 0);
    const seq = (offset: number, s: number) => batch(offset, [`v${s}`], 0, { id: 7, seq: s });
    // broker-1 leads and appends sequences 0..1, then follows and replicates 2..3, then leads again.
    probe.set(1, [seq(0, 0)], 0);
    m.appended(1, "orders", 0, [seq(0, 0)], true);
    probe.set(1, [seq(0, 0), seq(1, 1)], 0);
    m.appended(1, "orders", 0, [seq(1, 1)], true);
    probe.set(1, [seq(0, 0), seq(1, 1), seq(2, 2), seq(3, 3)], 0);
    m.appended(1, "orders", 0, [seq(2, 2), seq(3, 3)], false);
    probe.set(1, [seq(0, 0), seq(1, 1), seq(2, 2), seq(3, 3), seq(4, 4)], 0);
    m.appended(1, "orders", 0, [seq(4, 4)], true);
    expect(count(m, "idempotent-append-once")).toBe(0);
    m.appended(1, "orders", 0, [seq(5, 6)], true);
    expect(count(m, "idempotent-append-once")).toBe(1);
  });

  it("one partition owned twice in a generation, or moved directly in a cooperative rebalance, breaks exclusive-ownership", () => {
    const m = new InvariantMonitor(new FakeProbe(), () => 0);
    m.groupAssignment("g", 1, { a: [{ topic: "t", partition: 0 }], b: [{ topic: "t", partition: 0 }] }, "range");
    expect(count(m, "exclusive-ownership")).toBe(1);
    m.groupAssignment("g", 2, { a: [{ topic: "t", partition: 0 }], b: [] }, "cooperative-sticky");
    m.groupAssignment("g", 3, { a: [], b: [{ topic: "t", partition: 0 }] }, "cooperative-sticky");
    expect(count(m, "exclusive-ownership")).toBe(2);
    m.groupAssignment("g", 4, { b: [] }, "cooperative-sticky");
    m.groupAssignment("g", 5, { c: [{ topic: "t", partition: 0 }] }, "cooperative-sticky");
    expect(count(m, "exclusive-ownership")).toBe(2); // b left the group: its ownership is void
  });

  it("an ISR with a member that is not an assigned replica, or without its leader, is invalid", () => {
    const m = new InvariantMonitor(new FakeProbe(), () => 0);
    m.partitionCommitted({ ...state(1, 0, [2, 3]) });
    expect(count(m, "isr-valid")).toBe(1);
  });
});
