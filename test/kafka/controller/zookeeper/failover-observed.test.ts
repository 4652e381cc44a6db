import { describe, expect, it } from "vitest";
import { runScenario } from "../../../../src/scenario/run.js";

// Found by fuzzing: the ZooKeeper-mode controller (broker-2) wrote a partition state during a
// controlled shutdown and stopped before it saw the result; the write was committed in ZooKeeper.
const scenario = {
  name: "regression",
  description: "found by fuzzing",
  seed: 999988,
  duration: "18s",
  cluster: { brokers: 5, controller: { mode: "zookeeper", nodes: 3 }, protocol: "modern", "broker-config": { "offsets.topic.num.partitions": 3 } },
  topics: [{ name: "orders", partitions: 3, "replication-factor": 3, config: { "min.insync.replicas": 2, "unclean.leader.election.enable": true } }],
  producers: [
    { name: "p1", topic: "orders", config: { acks: 1 }, rate: "100/s", keys: 5 },
    { name: "p2", topic: "orders", config: { acks: "all" }, rate: "110/s", keys: 8 },
  ],
  consumers: [{ group: "g1", topics: ["orders"], config: { "auto.offset.reset": "earliest" }, commit: "auto" }],
  faults: [
    { at: "0s", delay: { between: [["leader(orders-0)"], ["broker-3"]], extra: "1.25s" }, for: "14.5s" },
    { at: "3.8s", shutdown: "followers(orders-1)", "restart-after": "4.5s" },
    { at: "12.6s", cut: { from: ["leader(orders-1)"], to: ["followers(orders-1)"] }, "heal-after": "9.5s" },
  ],
};

describe("ZooKeeper-mode controller failover (Reference: docs/kafka-rules.md §4.1)", () => {
  it("the new controller reports the partition states it reads, so checks use what ZooKeeper committed", () => {
    const result = runScenario(scenario, { seed: 1 });
    expect(result.invariants.filter((i) => i.violations > 0)).toEqual([]);
    expect(result.converged).toBe(true);
  });
});
