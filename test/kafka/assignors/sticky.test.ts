import { describe, expect, it } from "vitest";
import { sticky } from "../../../src/kafka/assignors/sticky.js";
import type { AssignorMember } from "../../../src/kafka/assignors/types.js";
import { asSet, show, tps } from "./helpers.js";

const G = 1; // AbstractStickyAssignorTest.generationId

function owner(id: string, topics: string[], owned: string, generation = G): AssignorMember {
  return { id, topics, owned: tps(owned), generation };
}

describe("StickyAssignor — reference cases of §6.2", () => {
  it("Reference: AbstractStickyAssignorTest.testTwoConsumersTwoTopicsSixPartitions", () => {
    const both = ["topic1", "topic2"];
    const a = sticky.assign({
      partitions: { topic1: 3, topic2: 3 },
      members: [
        { id: "consumer1", topics: both },
        { id: "consumer2", topics: both },
      ],
    });
    expect(show(a)).toEqual({ consumer1: "topic1-0, topic1-2, topic2-1", consumer2: "topic1-1, topic2-0, topic2-2" });
  });

  it("Reference: AbstractStickyAssignorTest.testMultipleConsumersMixedTopicSubscriptions", () => {
    const a = sticky.assign({
      partitions: { topic1: 3, topic2: 2 },
      members: [
        { id: "consumer1", topics: ["topic1"] },
        { id: "consumer2", topics: ["topic1", "topic2"] },
        { id: "consumer3", topics: ["topic1"] },
      ],
    });
    expect(show(a)).toEqual({ consumer1: "topic1-0, topic1-2", consumer2: "topic2-0, topic2-1", consumer3: "topic1-1" });
  });

  it("Reference: AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic", () => {
    const partitions = { topic: 3 };
    const t = ["topic"];
    const a1 = sticky.assign({ partitions, members: [{ id: "consumer1", topics: t }] });
    expect(show(a1)).toEqual({ consumer1: "topic-0, topic-1, topic-2" });

    const a2 = sticky.assign({ partitions, members: [owner("consumer1", t, "topic-0, topic-1, topic-2"), owner("consumer2", t, "")] });
    expect(show(a2)).toEqual({ consumer1: "topic-0, topic-1", consumer2: "topic-2" });

    const a3 = sticky.assign({ partitions, members: [owner("consumer2", t, "topic-2")] });
    expect(show(a3)).toEqual({ consumer2: "topic-0, topic-1, topic-2" });
  });

  it("Reference: StickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer", () => {
    const t = ["topic"];
    const a = sticky.assign({
      partitions: { topic: 3 },
      members: [owner("consumer1", t, "topic-0, topic-1"), owner("consumer2", t, "topic-0, topic-2"), owner("consumer3", t, "")],
    });
    expect(show(a)).toEqual({ consumer1: "topic-1", consumer2: "topic-2", consumer3: "topic-0" });
  });
});

describe("StickyAssignor — further Kafka test vectors (non-rack-aware)", () => {
  const both = ["topic1", "topic2"];

  it("Reference: AbstractStickyAssignorTest.testConsumerOwningMinQuotaExpectedMaxQuota", () => {
    const a = sticky.assign({
      partitions: { topic1: 2, topic2: 3 },
      members: [owner("consumer1", both, "topic1-0, topic2-1"), owner("consumer2", both, "topic1-1, topic2-2")],
    });
    expect(show(a)).toEqual({ consumer1: "topic1-0, topic2-0, topic2-1", consumer2: "topic1-1, topic2-2" });
  });

  it("Reference: AbstractStickyAssignorTest.testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers", () => {
    // Which member keeps maxQuota depends on Java HashMap order (consumer2 before consumer1).
    const a = sticky.assign({
      partitions: { topic1: 2, topic2: 2 },
      members: [owner("consumer1", both, "topic1-0, topic2-0"), owner("consumer2", both, "topic1-1, topic2-1"), owner("consumer3", both, "")],
    });
    expect(show(a)).toEqual({ consumer1: "topic1-0", consumer2: "topic1-1, topic2-1", consumer3: "topic2-0" });
  });

  it("Reference: AbstractStickyAssignorTest.testAllConsumersAreUnderMinQuota", () => {
    const a = sticky.assign({
      partitions: { topic1: 2, topic2: 3 },
      members: [owner("consumer1", both, "topic1-0"), owner("consumer2", both, "topic1-1"), owner("consumer3", both, "")],
    });
    expect(show(a)).toEqual({ consumer1: "topic1-0, topic2-1", consumer2: "topic1-1, topic2-2", consumer3: "topic2-0" });
  });

  it("Reference: AbstractStickyAssignorTest.testAddRemoveTwoConsumersTwoTopics", () => {
    const partitions = { topic1: 3, topic2: 4 };
    const fresh = sticky.assign({
      partitions,
      members: [
        { id: "consumer1", topics: both },
        { id: "consumer2", topics: both },
      ],
    });
    expect(show(fresh)).toEqual({ consumer1: "topic1-0, topic1-2, topic2-1, topic2-3", consumer2: "topic1-1, topic2-0, topic2-2" });

    const added = sticky.assign({
      partitions,
      members: [
        owner("consumer1", both, show(fresh).consumer1!),
        owner("consumer2", both, show(fresh).consumer2!),
        owner("consumer3", both, ""),
        owner("consumer4", both, ""),
      ],
    });
    expect(show(added)).toEqual({
      consumer1: "topic1-0, topic2-1",
      consumer2: "topic1-1, topic2-0",
      consumer3: "topic1-2, topic2-3",
      consumer4: "topic2-2",
    });

    const removed = sticky.assign({
      partitions,
      members: [owner("consumer3", both, show(added).consumer3!), owner("consumer4", both, show(added).consumer4!)],
    });
    expect(show(removed)).toEqual({ consumer3: "topic1-0, topic1-2, topic2-1, topic2-3", consumer4: "topic1-1, topic2-0, topic2-2" });
  });

  it("Reference: AbstractStickyAssignorTest.testAllConsumersReachExpectedQuotaAndAreConsideredFilled", () => {
    const t = ["topic"];
    const a = sticky.assign({
      partitions: { topic: 4 },
      members: [owner("consumer1", t, "topic-0, topic-1"), owner("consumer2", t, "topic-2"), owner("consumer3", t, "")],
    });
    expect(show(a)).toEqual({ consumer1: "topic-0, topic-1", consumer2: "topic-2", consumer3: "topic-3" });
  });

  it("Reference: AbstractStickyAssignorTest.testPoorRoundRobinAssignmentScenario (javadoc sticky result)", () => {
    const partitions: Record<string, number> = {};
    for (let i = 1; i <= 5; i++) partitions[`topic${i}`] = (i % 2) + 1;
    const all = ["topic1", "topic2", "topic3", "topic4", "topic5"];
    const odd = ["topic1", "topic3", "topic5"];
    const a = sticky.assign({
      partitions,
      members: [
        { id: "consumer1", topics: all },
        { id: "consumer2", topics: odd },
        { id: "consumer3", topics: odd },
        { id: "consumer4", topics: all },
      ],
    });
    expect(show(a)).toEqual({
      consumer1: "topic2-0, topic3-0",
      consumer2: "topic1-0, topic3-1",
      consumer3: "topic1-1, topic5-0",
      consumer4: "topic4-0, topic5-1",
    });
  });

  it("Reference: AbstractStickyAssignorTest.testRackAwareAssignmentWithUniformSubscription (non-rack-aware assignment)", () => {
    const all = ["t1", "t2", "t3"];
    const expected = {
      consumer0: "t1-0, t1-3, t2-0, t2-3, t2-6",
      consumer1: "t1-1, t1-4, t2-1, t2-4, t3-0",
      consumer2: "t1-2, t1-5, t2-2, t2-5, t3-1",
    };
    const partitions = { t1: 6, t2: 7, t3: 2 };
    const ids = ["consumer0", "consumer1", "consumer2"];
    expect(show(sticky.assign({ partitions, members: ids.map((id) => ({ id, topics: all })) }))).toEqual(expected);
    const again = sticky.assign({ partitions, members: ids.map((id) => owner(id, all, expected[id as keyof typeof expected], -1)) });
    expect(show(again)).toEqual(expected);
  });

  it("Reference: AbstractStickyAssignorTest.testRackAwareAssignmentWithNonEqualSubscription (non-rack-aware assignment)", () => {
    const all = ["t1", "t2", "t3"];
    const topicsOf: Record<string, string[]> = { consumer0: all, consumer1: all, consumer2: ["t1", "t3"] };
    const expected: Record<string, string> = {
      consumer0: "t1-5, t2-0, t2-2, t2-4, t2-6",
      consumer1: "t1-3, t2-1, t2-3, t2-5, t3-0",
      consumer2: "t1-0, t1-1, t1-2, t1-4, t3-1",
    };
    const partitions = { t1: 6, t2: 7, t3: 2 };
    const ids = Object.keys(topicsOf);
    expect(show(sticky.assign({ partitions, members: ids.map((id) => ({ id, topics: topicsOf[id]! })) }))).toEqual(expected);
    const again = sticky.assign({ partitions, members: ids.map((id) => owner(id, topicsOf[id]!, expected[id]!, -1)) });
    expect(show(again)).toEqual(expected);
  });

  it("Reference: AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration (and ...WithNoGeneration)", () => {
    const t = ["topic", "topic2"];
    for (const stale of [9, undefined]) {
      const a = sticky.assign({
        partitions: { topic: 3, topic2: 3 },
        members: [
          owner("consumer1", t, "topic-0, topic-2, topic2-1", 10),
          { id: "consumer2", topics: t, owned: tps("topic-0, topic-2, topic2-1"), ...(stale === undefined ? {} : { generation: stale }) },
        ],
      });
      expect(asSet(a.consumer1!)).toEqual(["topic-0", "topic-2", "topic2-1"]);
      expect(asSet(a.consumer2!)).toEqual(["topic-1", "topic2-0", "topic2-2"]);
    }
  });

  it("Reference: AbstractStickyAssignorTest.testEnsurePartitionsAssignedToHighestGeneration", () => {
    const t = ["topic", "topic2", "topic3"];
    const a = sticky.assign({
      partitions: { topic: 3, topic2: 3, topic3: 3 },
      members: [
        owner("consumer1", t, "topic-0, topic2-0, topic3-0", 10),
        owner("consumer2", t, "topic-1, topic2-1, topic3-1", 9),
        owner("consumer3", t, "topic2-1, topic3-0, topic3-2", 8),
      ],
    });
    expect(asSet(a.consumer1!)).toEqual(["topic-0", "topic2-0", "topic3-0"]);
    expect(asSet(a.consumer2!)).toEqual(["topic-1", "topic2-1", "topic3-1"]);
    expect(asSet(a.consumer3!)).toEqual(["topic-2", "topic2-2", "topic3-2"]);
  });

  it("Reference: AbstractStickyAssignorTest.testNoReassignmentOnCurrentMembers", () => {
    const t = ["topic", "topic2", "topic3", "topic1"];
    const a = sticky.assign({
      partitions: { topic: 3, topic1: 3, topic2: 3, topic3: 3 },
      members: [
        { id: "consumer1", topics: t, owned: [], generation: -1 },
        owner("consumer2", t, "topic-0, topic2-0, topic1-0", 9),
        owner("consumer3", t, "topic3-2, topic2-2, topic1-1", 8),
        owner("consumer4", t, "topic3-1, topic-1, topic-2", 7),
      ],
    });
    expect(asSet(a.consumer1!)).toEqual(["topic1-2", "topic2-1", "topic3-0"]);
  });

  it("Reference: AbstractStickyAssignorTest.testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration", () => {
    const t = ["topic", "topic2"];
    const a = sticky.assign({
      partitions: { topic: 3, topic2: 3 },
      members: [owner("consumer1", t, "topic-0, topic2-1, topic-1", 10), owner("consumer2", t, "topic-0, topic2-1, topic2-2", 8)],
    });
    expect(asSet(a.consumer1!)).toEqual(["topic-0", "topic-1", "topic2-1"]);
    expect(asSet(a.consumer2!)).toEqual(["topic-2", "topic2-0", "topic2-2"]);
  });

  it("Reference: AbstractStickyAssignorTest.testOnlyAssignsPartitionsFromSubscribedTopics / testOneConsumerNonexistentTopic", () => {
    const a = sticky.assign({
      partitions: { topic: 2, other: 2 },
      members: [owner("consumer", ["topic"], "topic-0, topic-1, other-0, other-1")],
    });
    expect(show(a)).toEqual({ consumer: "topic-0, topic-1" });
    expect(show(sticky.assign({ partitions: {}, members: [{ id: "consumer", topics: ["topic"] }] }))).toEqual({ consumer: "" });
  });

  it("Reference: AbstractStickyAssignorTest.testSubscriptionNotEqualAndAssignSamePartitionWith3Generation", () => {
    for (const [g1, g2, g3] of [
      [1, 2, 3],
      [1, 3, 2],
      [2, 1, 3],
      [2, 3, 1],
      [3, 1, 2],
      [3, 2, 1],
    ] as const) {
      const a = sticky.assign({
        partitions: { topic: 6, topic1: 1 },
        members: [
          owner("consumer1", ["topic"], "topic-0, topic-2", g1),
          owner("consumer2", ["topic"], "topic-1, topic-2, topic-3", g2),
          owner("consumer3", ["topic"], "topic-2, topic-4, topic-5", g3),
          owner("consumer4", ["topic1"], "topic1-0", 2),
        ],
      });
      const all = Object.values(a)
        .flat()
        .map((x) => `${x.topic}-${x.partition}`);
      expect(new Set(all).size).toBe(all.length);
      for (const list of Object.values(a)) expect(list.length === 1 || list.length === 2).toBe(true);
    }
  });
});

describe("StickyAssignor — simulator-specific behaviour", () => {
  it("handles an empty group and lists members with nothing assigned", () => {
    expect(sticky.assign({ partitions: { t: 3 }, members: [] })).toEqual({});
    const a = sticky.assign({
      partitions: { t: 1 },
      members: [
        { id: "a", topics: ["t"] },
        { id: "b", topics: ["t"] },
      ],
    });
    expect(show(a)).toEqual({ a: "t-0", b: "" });
  });

  it("ignores owned partitions that do not exist any more", () => {
    const a = sticky.assign({ partitions: { t: 2 }, members: [owner("a", ["t"], "t-0, t-5"), owner("b", ["t"], "")] });
    expect(show(a)).toEqual({ a: "t-0", b: "t-1" });
  });

  it("is an eager assignor named sticky and rejects duplicate member ids", () => {
    expect(sticky.name).toBe("sticky");
    expect(sticky.protocol).toBe("eager");
    expect(() =>
      sticky.assign({
        partitions: { t: 1 },
        members: [
          { id: "a", topics: ["t"] },
          { id: "a", topics: ["t"] },
        ],
      }),
    ).toThrow(/duplicate/);
  });
});
