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

  it("the metric unconverged counts the partitions left offline or under-replicated, and expect can require it", () => {
    // RF 1 and no drain: the only replica of orders-0 crashes and stays down, so its partitions end
    // with a leader that is not running.
    const scenario = (expectation: Record<string, number | string>) => ({
      name: "leaderless",
      description: "the only replica of orders-0 crashes and the run ends without a drain",
      duration: "8s",
      drain: false,
      cluster: { brokers: 3 },
      topics: [{ name: "orders", partitions: 3, "replication-factor": 1 }],
      producers: [{ name: "p1", topic: "orders", rate: "50/s", config: { acks: 1 } }],
      faults: [{ at: "4s", crash: "leader(orders-0)" }],
      expect: expectation,
    });
    const held = runScenario(scenario({ unconverged: ">= 1" }), { seed: 1 });
    const stuck = held.partitions.filter((p) => !p.converged);
    expect(stuck.map((p) => p.partition)).toContain("orders-0");
    expect(stuck.every((p) => p.why === `leader ${held.partitions[0]!.leader} is not running`)).toBe(true);
    expect(held.metrics["unconverged"]).toBe(stuck.length);
    expect(held.passed).toBe(true);
    const broken = runScenario(scenario({ unconverged: 0 }), { seed: 1 });
    expect(broken.passed).toBe(false);
    expect(broken.failures).toContain(`expected unconverged 0, got ${stuck.length}`);
  });
});
