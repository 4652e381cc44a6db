import { describe, expect, it } from "vitest";
import { roundrobin } from "../../../src/kafka/assignors/roundrobin.js";
import { show } from "./helpers.js";

describe("RoundRobinAssignor", () => {
  it("Reference: RoundRobinAssignorTest.testTwoDynamicConsumersTwoTopicsSixPartitions", () => {
    const a = roundrobin.assign({
      partitions: { topic1: 3, topic2: 3 },
      members: [
        { id: "consumer1", topics: ["topic1", "topic2"] },
        { id: "consumer2", topics: ["topic1", "topic2"] },
      ],
    });
    expect(show(a)).toEqual({
      consumer1: "topic1-0, topic1-2, topic2-1",
      consumer2: "topic1-1, topic2-0, topic2-2",
    });
  });

  it("Reference: RoundRobinAssignorTest.testMultipleConsumersMixedTopics", () => {
    const a = roundrobin.assign({
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

  it("Reference: AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario (javadoc round-robin result)", () => {
    const partitions: Record<string, number> = {};
    for (let i = 1; i <= 5; i++) partitions[`topic${i}`] = (i % 2) + 1;
    const all = ["topic1", "topic2", "topic3", "topic4", "topic5"];
    const odd = ["topic1", "topic3", "topic5"];
    const a = roundrobin.assign({
      partitions,
      members: [
        { id: "consumer1", topics: all },
        { id: "consumer2", topics: odd },
        { id: "consumer3", topics: odd },
        { id: "consumer4", topics: all },
      ],
    });
    expect(show(a)).toEqual({
      consumer1: "topic1-0, topic3-0, topic5-0",
      consumer2: "topic1-1, topic3-1, topic5-1",
      consumer3: "",
      consumer4: "topic2-0, topic4-0",
    });
  });

  it("is an eager assignor named roundrobin", () => {
    expect(roundrobin.name).toBe("roundrobin");
    expect(roundrobin.protocol).toBe("eager");
  });
});
