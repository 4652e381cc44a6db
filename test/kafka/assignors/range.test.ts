import { describe, expect, it } from "vitest";
import { range } from "../../../src/kafka/assignors/range.js";
import { show } from "./helpers.js";

describe("RangeAssignor", () => {
  it("Reference: RangeAssignorTest.testTwoConsumersTwoTopicsSixPartitions", () => {
    const a = range.assign({
      partitions: { topic1: 3, topic2: 3 },
      members: [
        { id: "consumer1", topics: ["topic1", "topic2"] },
        { id: "consumer2", topics: ["topic1", "topic2"] },
      ],
    });
    expect(show(a)).toEqual({
      consumer1: "topic1-0, topic1-1, topic2-0, topic2-1",
      consumer2: "topic1-2, topic2-2",
    });
  });

  it("Reference: RangeAssignorTest.testMultipleConsumersMixedTopics", () => {
    const a = range.assign({
      partitions: { topic1: 3, topic2: 2 },
      members: [
        { id: "consumer1", topics: ["topic1"] },
        { id: "consumer2", topics: ["topic1", "topic2"] },
        { id: "consumer3", topics: ["topic1"] },
      ],
    });
    expect(show(a)).toEqual({
      consumer1: "topic1-0",
      consumer2: "topic1-1, topic2-0, topic2-1",
      consumer3: "topic1-2",
    });
  });

  it("gives the first P mod C members (by id) one extra partition, per topic", () => {
    const a = range.assign({
      partitions: { t: 7 },
      members: ["c", "a", "b"].map((id) => ({ id, topics: ["t"] })),
    });
    expect(show(a)).toEqual({ c: "t-5, t-6", a: "t-0, t-1, t-2", b: "t-3, t-4" });
  });

  it("lists every member, ignores unknown topics, and handles more members than partitions", () => {
    const a = range.assign({
      partitions: { t: 1, other: 4 },
      members: [
        { id: "x", topics: ["t", "missing"] },
        { id: "y", topics: ["t"] },
        { id: "z", topics: [] },
      ],
    });
    expect(show(a)).toEqual({ x: "t-0", y: "", z: "" });
  });

  it("is an eager assignor named range", () => {
    expect(range.name).toBe("range");
    expect(range.protocol).toBe("eager");
  });
});
