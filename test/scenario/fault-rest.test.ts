import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/scenario/run.js";

describe("Fault targets: rest (Reference: docs/scenario-format.md Fault targets)", () => {
  it("`partition: [[leader(orders-0)], [rest]]` cuts the leader off from every other node", () => {
    const result = runScenario(
      {
        name: "rest-group",
        description: "the leader is partitioned from everyone else",
        duration: "12s",
        cluster: { brokers: 3 },
        topics: [{ name: "orders", partitions: 1, "replication-factor": 3 }],
        producers: [{ name: "p1", topic: "orders", rate: "50/s" }],
        faults: [{ at: "8s", partition: [["leader(orders-0)"], ["rest"]], "heal-after": "2s" }],
      },
      { seed: 1 },
    );
    const line = result.timeline.find((l) => l.kind === "fault" && l.text.startsWith("partition"))!;
    const [leaderSide, restSide] = line.text.replace("partition ", "").split(" | ");
    expect(leaderSide).toMatch(/^\[broker-\d\]$/);
    for (const node of ["controller-1", "controller-2", "controller-3", "p1"]) expect(restSide).toContain(node);
    expect(restSide!.split(",")).toHaveLength(2 + 3 + 1); // two brokers, three controllers, p1
  });
});
