import { describe, expect, it } from "vitest";
import { runScenario } from "../../../../src/scenario/run.js";

const scenario = {
  name: "quick-restart",
  description: "the leader crashes and restarts inside its broker session",
  duration: "20s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 } },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 3, config: { "min.insync.replicas": 2 } }],
  producers: [{ name: "p1", topic: "orders", rate: "100/s" }],
  faults: [{ at: "8s", crash: "leader(orders-0)", "restart-after": "1s" }],
};

describe("KRaft broker restart inside its old session (Reference: KIP-631 broker lifecycle; Kafka 4.0 KAFKA-18106)", () => {
  it("the restarted broker acts on partition state only after its new registration, so it never leads again in its old epoch", () => {
    const result = runScenario(scenario, { seed: 1 });
    const crash = result.timeline.find((l) => l.kind === "host-crash")!;
    const restarted = crash.node!;
    const restartAt = result.timeline.find((l) => l.kind === "host-start" && l.node === restarted && l.atUs > crash.atUs)!.atUs;
    const ledBefore = result.timeline.filter((l) => l.kind === "become-leader" && l.node === restarted && l.atUs < crash.atUs && l.partition === "orders-0");
    const ledAfter = result.timeline.filter((l) => l.kind === "become-leader" && l.node === restarted && l.atUs >= restartAt && l.partition === "orders-0");
    expect(ledBefore.length).toBeGreaterThan(0);
    const oldEpoch = /epoch (\d+)/.exec(ledBefore[ledBefore.length - 1]!.text)![1];
    for (const line of ledAfter) expect(/epoch (\d+)/.exec(line.text)![1]).not.toBe(oldEpoch);
    expect(result.metrics["lost-write"]).toBe(0);
    expect(result.invariants.every((i) => i.violations === 0)).toBe(true);
  });
});
