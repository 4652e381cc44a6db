import { describe, expect, it } from "vitest";
import { runScenario } from "../../../../src/scenario/run.js";

// Found by fuzzing: the controller's topic-creation multi committed but its answer was dropped;
// the ZooKeeper client re-sent it, got NODEEXISTS, and the controller never started the partitions.
const scenario = {
  name: "regression",
  description: "found by fuzzing",
  seed: 924402,
  duration: "14s",
  cluster: { brokers: 3, controller: { mode: "zookeeper", nodes: 3 }, protocol: "modern" },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 2, config: { "min.insync.replicas": 2, "unclean.leader.election.enable": false } }],
  producers: [
    { name: "p1", topic: "orders", config: { acks: "all", "enable.idempotence": true, "max.in.flight.requests.per.connection": 2 }, rate: "100/s", keys: 8 },
  ],
  faults: [
    { at: "3.1s", drop: { between: [["zk-2"], ["brokers"]], probability: 0.5 }, for: "12.5s" },
    { at: "6.4s", delay: { between: [["zk-3"], ["brokers"]], extra: "750ms" } },
    { at: "7.6s", delay: { between: [["followers(orders-0)"], ["controller"]], extra: "1.8s" } },
    { at: "13.5s", delay: { between: [["broker-3"], ["leader(orders-0)"]], extra: "1.5s" } },
  ],
};

describe("Topic creation whose ZooKeeper answer was lost (Reference: docs/kafka-rules.md §4.1)", () => {
  it("the controller adopts the topic ZooKeeper holds and elects its leaders", () => {
    const result = runScenario(scenario, { seed: 1 });
    expect(result.partitions.find((p) => p.partition === "orders-0")?.leader).not.toBeNull();
    expect(result.converged).toBe(true);
  });
});
