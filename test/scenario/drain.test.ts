import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/scenario/run.js";

describe("The drain phase (Reference: SCENARIO-FORMAT The drain phase)", () => {
  it("converges when a controlled shutdown that cannot hand over is still retrying as the drain begins (ZooKeeper mode, KIP-841)", () => {
    const result = runScenario(
      {
        name: "late-shutdown",
        description: "broker-1 is shut down, then the only in-sync replica of orders-1 is asked to shut down too",
        duration: "13s",
        cluster: { brokers: 5, controller: { mode: "zookeeper", nodes: 3 }, "broker-config": { "replica.lag.time.max.ms": 10000 } },
        topics: [{ name: "orders", partitions: 3, "replication-factor": 2, config: { "min.insync.replicas": 2 } }],
        producers: [{ name: "p1", topic: "orders", rate: "200/s", keys: 5, config: { acks: 1 } }],
        faults: [
          { at: "7.1s", shutdown: "broker-1" },
          { at: "7.6s", shutdown: "leader(orders-1)", "restart-after": "5s" },
        ],
      },
      { seed: 77512 },
    );
    expect(result.converged).toBe(true);
    expect(result.partitions.every((p) => p.converged)).toBe(true);
    expect(result.invariants.every((i) => i.violations === 0)).toBe(true);
  });
});
