import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/scenario/run.js";

// Found by fuzzing: during a KRaft controller election every AlterPartition attempt got
// NOT_CONTROLLER; the agent gave up with a request-level error and the leader kept waiting for an
// answer to its ISR expansion, so the restarted follower never rejoined the ISR.
const scenario = {
  name: "regression",
  description: "found by fuzzing",
  seed: 761118,
  duration: "24s",
  cluster: { brokers: 4, controller: { mode: "kraft", nodes: 3 }, protocol: "modern", "broker-config": { "replica.lag.time.max.ms": 10000 } },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 3, config: { "min.insync.replicas": 2, "unclean.leader.election.enable": false } }],
  producers: [
    { name: "p1", topic: "orders", config: { acks: "all" }, rate: "60/s", keys: 1 },
    { name: "p2", topic: "orders", config: { acks: "all" }, rate: "300/s", keys: 6 },
  ],
  faults: [
    { at: "2.7s", restart: "broker-2" },
    { at: "8.6s", partition: [["broker-3"], ["rest"]], "heal-after": "14.5s" },
    { at: "13.3s", shutdown: "broker-4" },
    { at: "23s", partition: [["controller-2"], ["rest"]], "heal-after": "12s" },
  ],
};

describe("AlterPartition that fails as a whole (Reference: docs/kafka-rules.md §1.3, KIP-497)", () => {
  it("rolls the proposal back so the leader proposes again, and the follower rejoins the ISR", () => {
    const result = runScenario(scenario, { seed: 1 });
    expect(result.converged).toBe(true);
    expect(result.invariants.filter((i) => i.violations > 0)).toEqual([]);
  });
});
