import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/scenario/run.js";

// Found by fuzzing: the ZooKeeper server the controller was attached to lost power and restarted;
// without a reset the controller kept talking to the new process, which had none of its watches,
// so it never saw the failed brokers come back and the drain never converged.
const scenario = {
  name: "regression",
  description: "found by fuzzing",
  seed: 6,
  duration: "13s",
  cluster: { brokers: 4, controller: { mode: "zookeeper", nodes: 3 }, protocol: "modern", "broker-config": { "replica.lag.time.max.ms": 5000 } },
  topics: [{ name: "orders", partitions: 3, "replication-factor": 3, config: { "min.insync.replicas": 1, "unclean.leader.election.enable": true } }],
  producers: [
    { name: "p1", topic: "orders", config: { acks: "all" }, rate: "260/s", keys: 3 },
    { name: "p2", topic: "orders", config: { acks: 1 }, rate: "100/s", keys: 7 },
  ],
  faults: [
    { at: "8.5s", "power-loss": "zk-2", "restart-after": "15s" },
    { at: "9.7s", delay: { between: [["broker-3"], ["controller"]], extra: "300ms" }, for: "1s" },
    { at: "10.3s", "power-loss": "followers(orders-0)", "restart-after": "1.5s" },
  ],
};

describe("Restart after power loss (Reference: docs/architecture.md principle 6, Connections)", () => {
  it("clients of a restarted server are reset and re-attach, so the cluster converges", () => {
    const result = runScenario(scenario, { seed: 1 });
    expect(result.converged).toBe(true);
    expect(result.invariants.filter((i) => i.violations > 0)).toEqual([]);
  });
});
