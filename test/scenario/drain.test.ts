import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/scenario/run.js";

describe("The drain phase (Reference: docs/scenario-format.md The drain phase)", () => {
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

  it("a group counts as read to the HW only when its owner's position is the HW: a consumer that read records since truncated away is not done yet (KIP-320, unclean election)", () => {
    // broker-2 leads orders-0 and coordinates g1; the consumer read up to ~3500 from it when an
    // unclean election makes broker-3 leader with a log ending at 760. The consumer detects the
    // truncation only once its coordinator is back. Counting its highest position ever (3500 ≥ the
    // HW) ended this drain before it re-read 760 … HW: 606 records were reported unseen.
    const result = runScenario(join(import.meta.dirname, "../../scenarios/unclean-election.yaml"), { seed: 1, sets: ["duration=25s"] });
    expect(result.converged).toBe(true);
    expect(result.timeline.some((line) => line.kind === "consumer-truncation-detected")).toBe(true);
    expect(result.metrics.unseen).toBe(0);
    expect(result.metrics["duplicate-processing"]).toBe(0);
    expect(result.metrics["lost-processing"]).toBe(0);
  });
});
