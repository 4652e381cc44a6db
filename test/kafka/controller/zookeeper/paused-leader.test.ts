import { describe, expect, it } from "vitest";
import { runScenario } from "../../../../src/scenario/run.js";

// Found by fuzzing: the ZooKeeper leader zk-1 was paused during start-up; zk-2 took over in a new
// epoch; when zk-1 woke it kept serving as a zombie leader (its queued heartbeats looked fresh),
// expiring the brokers' sessions on the real quorum.
const scenario = {
  name: "regression",
  description: "found by fuzzing",
  seed: 601822,
  duration: "15s",
  cluster: { brokers: 4, controller: { mode: "zookeeper", nodes: 3 }, protocol: "modern", "broker-config": { "replica.lag.time.max.ms": 10000 } },
  topics: [{ name: "orders", partitions: 3, "replication-factor": 3, config: { "min.insync.replicas": 2, "unclean.leader.election.enable": false } }],
  producers: [
    { name: "p1", topic: "orders", config: { acks: 0 }, rate: "180/s" },
    { name: "p2", topic: "orders", config: { acks: 1 }, rate: "120/s" },
  ],
  faults: [
    { at: "2.6s", isolate: "followers(orders-1)", "heal-after": "1.5s" },
    { at: "2.9s", pause: "zk-1", for: "13.5s" },
    { at: "7s", drop: { between: [["p2"], ["followers(orders-2)"]], probability: 0.4 } },
    { at: "8.2s", drop: { between: [["broker-1"], ["p2"]], probability: 0.5 }, for: "14s" },
  ],
};

describe("A paused ZooKeeper leader (Reference: docs/kafka-rules.md §4.1; ZAB epochs)", () => {
  it("steps down when it hears that its peers moved on to a newer epoch, and the cluster converges", () => {
    const result = runScenario(scenario, { seed: 1 });
    expect(result.timeline.some((l) => l.kind === "zk-stop-serving" && l.node === "zk-1" && /moved on to epoch/.test(l.text + (l.rule ?? "")))).toBe(true);
    expect(result.converged).toBe(true);
  });
});
