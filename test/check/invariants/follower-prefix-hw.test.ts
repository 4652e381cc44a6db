/**
 * Regression for the follower-prefix check: a follower appends fetched data before it learns the
 * leader's HW from the same response, so the check must run again once its HW moved — otherwise a
 * divergent suffix appended in the last fetch of a run is never compared.
 */
import { describe, expect, it } from "vitest";
import { InvariantMonitor } from "../../../src/check/invariants/monitor.js";
import type { ClusterProbe, ReplicaLogView } from "../../../src/check/invariants/types.js";
import type { PartitionState } from "../../../src/kafka/metadata/partition-state.js";
import type { RecordBatch } from "../../../src/kafka/protocol/records.js";

const batch = (baseOffset: number, values: string[], epoch: number): RecordBatch => ({
  baseOffset,
  partitionLeaderEpoch: epoch,
  producerId: -1,
  producerEpoch: 0,
  baseSequence: -1,
  records: values.map((value) => ({ key: null, value, timestampUs: 0 })),
  sizeBytes: 10,
});

class Probe implements ClusterProbe {
  readonly logs = new Map<number, ReplicaLogView>();
  replicaLog(broker: number): ReplicaLogView | null {
    return this.logs.get(broker) ?? null;
  }
  set(broker: number, batches: RecordBatch[], hw: number): void {
    const last = batches[batches.length - 1]!;
    this.logs.set(broker, { batches, highWatermark: hw, logStartOffset: 0, logEndOffset: last.baseOffset + last.records.length });
  }
}

const state: PartitionState = {
  topic: "orders",
  partition: 0,
  replicas: [1, 2, 3],
  isr: [1, 3],
  elr: [],
  lastKnownElr: [],
  leader: 1,
  leaderEpoch: 1,
  partitionEpoch: 1,
  leaderRecoveryState: "RECOVERED",
};
const follower = (hw: number, leo: number) => ({
  broker: 2,
  topic: "orders",
  partition: 0,
  role: "follower" as const,
  leaderEpoch: 1,
  highWatermark: hw,
  logEndOffset: leo,
  logStartOffset: 0,
});
const followerPrefix = (m: InvariantMonitor) => m.results().find((r) => r.name === "follower-prefix")!.violations;

describe("follower-prefix after the follower's HW moves (Reference: docs/anomalies.md, follower-prefix; KIP-101)", () => {
  it("a follower whose untruncated suffix drops below its new HW is reported, once the HW update arrives", () => {
    const probe = new Probe();
    const m = new InvariantMonitor(probe, () => 0);
    m.partitionCommitted(state);
    probe.set(1, [batch(0, ["a", "b"], 0), batch(2, ["x", "y", "z"], 1)], 5);
    // broker-2 kept "c" at offset 2 from the old epoch and appended the leader's records after it.
    const appended = batch(3, ["y", "z"], 1);
    probe.set(2, [batch(0, ["a", "b", "c"], 0), appended], 2);
    m.appended(2, "orders", 0, [appended], false);
    expect(followerPrefix(m)).toBe(0); // its HW (2) still hides the divergent offset
    probe.set(2, [batch(0, ["a", "b", "c"], 0), appended], 5);
    m.replicaChanged(follower(5, 5));
    expect(followerPrefix(m)).toBe(1);
  });

  it("a follower whose HW moves without having appended is not re-checked (no false alarm before its truncation)", () => {
    const probe = new Probe();
    const m = new InvariantMonitor(probe, () => 0);
    m.partitionCommitted(state);
    probe.set(1, [batch(0, ["a", "b"], 0), batch(2, ["x"], 1)], 3);
    probe.set(2, [batch(0, ["a", "b", "c"], 0)], 3);
    m.replicaChanged(follower(3, 3));
    expect(followerPrefix(m)).toBe(0);
  });
});
