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
});
