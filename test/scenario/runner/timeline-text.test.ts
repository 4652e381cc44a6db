/**
 * Timeline lines stay one line: a list longer than 16 items (a 1,000-partition topic's replica
 * assignment, a consumer assigned hundreds of partitions) is cut, with its length (issue 11:
 * a result's size grows with what happened, not with the cluster).
 */
import { describe, expect, it } from "vitest";
import { describeRecord } from "../../../src/scenario/runner/timeline-text.js";

describe("describeRecord", () => {
  it("spells out short lists and cuts long ones, saying how long they were", () => {
    expect(describeRecord("isr-change", { topic: "t", partition: 0, isr: [1, 2, 3] }, "controller-1")).toBe("t-0: ISR {1,2,3}");
    const assignment = Array.from({ length: 1000 }, (_, i) => (i % 3) + 1);
    const text = describeRecord("topic-created", { topic: "t", partitions: 1000, assignment }, "controller-1");
    expect(text).toBe("topic-created topic=t partitions=1000 assignment={1,2,3,1,2,3,1,2,3,1,2,3,1,2,3,1,… 1000 in all}");
  });

  it("an ELR change names the eligible leader replicas and who joined or left them (Reference: KIP-966; records declared in src/kafka/trace-events.ts)", () => {
    const record = { topic: "t", partition: 0, leaderEpoch: 4, partitionEpoch: 9, elr: [2, 3], added: [3], removed: [] };
    expect(describeRecord("elr-change", record, "controller-1")).toBe("t-0: ELR {2,3}, added {3} in epoch 4");
    expect(describeRecord("elr-change", { ...record, elr: [], added: [], removed: [2, 3] }, "controller-1")).toBe("t-0: ELR {}, removed {2,3} in epoch 4");
  });
});
