import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/scenario/run.js";

// Found by the idempotence fuzz profile: the partition leader became unknown while every broker
// connection was busy, and the sender woke itself at the same instant forever to refresh metadata.
const scenario = {
  name: "live",
  description: "liveness probe",
  seed: 999986,
  duration: "26s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 }, protocol: "modern" },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 2, config: { "min.insync.replicas": 2, "unclean.leader.election.enable": false } }],
  producers: [
    { name: "p1", topic: "orders", config: { acks: "all", "enable.idempotence": true, "max.in.flight.requests.per.connection": 4 }, rate: "100/s", keys: 8 },
    { name: "p2", topic: "orders", config: { acks: "all", "enable.idempotence": true, "max.in.flight.requests.per.connection": 5 }, rate: "130/s", keys: 8 },
  ],
  faults: [
    { at: "6.3s", drop: { between: [["controller-1"], ["brokers"]], probability: 0.4 } },
    { at: "16.8s", delay: { between: [["broker-3"], ["controller"]], extra: "500ms" } },
    { at: "21s", delay: { between: [["p1"], ["broker-1"]], extra: "600ms" }, for: "4s" },
    { at: "24s", delay: { between: [["controller-3"], ["controller"]], extra: "1.75s" }, for: "13s" },
  ],
};

describe("Producer sender wake-ups (Reference: docs/kafka-rules.md §5.3; the Java client's metadata refresh)", () => {
  it("a due metadata refresh that cannot be sent yet does not wake the sender at the same instant forever", () => {
    const result = runScenario(scenario, { seed: 1 });
    expect(result.events).toBeGreaterThan(0);
    expect(result.invariants.every((i) => i.violations === 0)).toBe(true);
  });
});
