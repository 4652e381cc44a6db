import { describe, expect, it } from "vitest";
import { InvariantMonitor } from "../../../src/check/invariants/monitor.js";
import type { PartitionState } from "../../../src/kafka/metadata/partition-state.js";
import { ClusterView } from "../../../src/scenario/runner/cluster-view.js";

const state = (isr: number[], partitionEpoch: number, leaderEpoch = 0): PartitionState => ({
  topic: "orders", partition: 0, replicas: [1, 2, 3], isr, elr: [], lastKnownElr: [], leader: 1, leaderEpoch, partitionEpoch, leaderRecoveryState: "RECOVERED",
});

describe("ClusterView: the authoritative committed metadata (Reference: SCENARIO-FORMAT Fault targets)", () => {
  it("ignores committed records replayed by a newly active KRaft controller: an older partition epoch is history", () => {
    const view = new ClusterView(new InvariantMonitor({ replicaLog: () => null }, () => 0), () => 0);
    view.partitionCommitted(state([1, 2, 3], 0), { unclean: false, reason: "created" });
    view.partitionCommitted(state([1, 3], 1), { unclean: false, reason: "shrink" });
    view.partitionCommitted(state([1, 2, 3], 0), { unclean: false, reason: "replayed" });
    expect(view.partition("orders-0")!.isr).toEqual([1, 3]);
    view.partitionCommitted(state([1], 2, 1), { unclean: false, reason: "leader change" });
    expect(view.partition("orders-0")!.isr).toEqual([1]);
  });
});
