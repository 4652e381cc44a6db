import { describe, expect, it } from "vitest";
import { InvariantMonitor } from "../../../src/check/invariants/monitor.js";
import type { PartitionState } from "../../../src/kafka/metadata/partition-state.js";
import { ClusterView } from "../../../src/scenario/runner/cluster-view.js";

const state = (isr: number[], partitionEpoch: number, leaderEpoch = 0): PartitionState => ({
  topic: "orders",
  partition: 0,
  replicas: [1, 2, 3],
  isr,
  elr: [],
  lastKnownElr: [],
  leader: 1,
  leaderEpoch,
  partitionEpoch,
  leaderRecoveryState: "RECOVERED",
});

describe("ClusterView: the authoritative committed metadata (Reference: docs/scenario-format.md Fault targets)", () => {
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

describe("ClusterView: unavailability counts a leader that runs but is not registered or fenced (Reference: KIP-631; BrokerServer opens its listeners after BrokerLifecycleManager.initialUnfenceFuture)", () => {
  it("a restarted leader is unavailable until its own registration is committed and unfenced", () => {
    let now = 0;
    const view = new ClusterView(new InvariantMonitor({ replicaLog: () => null }, () => now), () => now);
    view.brokerRegistered(1, 5);
    view.brokerRegistrationCommitted({ type: "RegisterBroker", brokerId: 1, node: "broker-1", incarnationId: "a", brokerEpoch: 5 }, 5);
    view.brokerRegistrationCommitted({ type: "BrokerRegistrationChange", brokerId: 1, brokerEpoch: 5, fenced: false, reason: "caught-up" }, 7);
    view.partitionCommitted(state([1, 2, 3], 0), { unclean: false, reason: "created" });
    now = 1_000_000;
    // The process restarts: running, but its old incarnation's registration is the committed one.
    view.brokerRegistered(1, -1);
    now = 3_000_000;
    // A replayed older record changes nothing.
    view.brokerRegistrationCommitted({ type: "BrokerRegistrationChange", brokerId: 1, brokerEpoch: 5, fenced: false, reason: "caught-up" }, 7);
    view.brokerRegistrationCommitted({ type: "RegisterBroker", brokerId: 1, node: "broker-1", incarnationId: "b", brokerEpoch: 40 }, 40);
    view.brokerRegistered(1, 40);
    now = 4_000_000;
    view.brokerRegistrationCommitted({ type: "BrokerRegistrationChange", brokerId: 1, brokerEpoch: 40, fenced: false, reason: "caught-up" }, 41);
    now = 9_000_000;
    view.finish();
    expect(view.downtime.totalUs("orders-0")).toBe(3_000_000);
    expect(view.downtime.intervals("orders-0")).toEqual([[1_000_000, 4_000_000]]);
  });

  it("brokers that report no registration (ZooKeeper mode) count as registered", () => {
    const view = new ClusterView(new InvariantMonitor({ replicaLog: () => null }, () => 0), () => 0);
    view.partitionCommitted(state([1, 2, 3], 0), { unclean: false, reason: "created" });
    view.finish();
    expect(view.downtime.totalUs("orders-0")).toBe(0);
  });
});
