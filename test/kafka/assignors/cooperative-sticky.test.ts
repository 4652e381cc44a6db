import { describe, expect, it } from "vitest";
import { cooperativeSticky } from "../../../src/kafka/assignors/cooperative-sticky.js";
import { sticky } from "../../../src/kafka/assignors/sticky.js";
import type { AssignorMember } from "../../../src/kafka/assignors/types.js";
import { rebalanceUntilStable, show, tps } from "./helpers.js";

const G = 1;

function owner(id: string, topics: string[], owned: string, generation = G): AssignorMember {
  return { id, topics, owned: tps(owned), generation };
}

describe("CooperativeStickyAssignor — reference cases of §6.2", () => {
  it("Reference: CooperativeStickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer", () => {
    const t = ["topic"];
    const input = {
      partitions: { topic: 3 },
      members: [owner("consumer1", t, "topic-0, topic-1"), owner("consumer2", t, "topic-0, topic-2"), owner("consumer3", t, "")],
    };
    expect(show(cooperativeSticky.assign(input))).toEqual({ consumer1: "topic-1", consumer2: "topic-2", consumer3: "" });
    // The follow-up rebalance hands topic-0 out.
    expect(show(rebalanceUntilStable(cooperativeSticky, input).final)).toEqual({
      consumer1: "topic-1",
      consumer2: "topic-2",
      consumer3: "topic-0",
    });
  });

  it("Reference: CooperativeStickyAssignorTest.testAllConsumersHaveOwnedPartitionInvalidatedWhenClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer", () => {
    const t = ["topic"];
    const a = cooperativeSticky.assign({
      partitions: { topic: 4 },
      members: [owner("consumer1", t, "topic-0, topic-1"), owner("consumer2", t, "topic-0, topic-2"), owner("consumer3", t, "")],
    });
    expect(show(a)).toEqual({ consumer1: "topic-1, topic-3", consumer2: "topic-2", consumer3: "" });
  });

  it("Reference: AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic (cooperative: the join is split in two rebalances)", () => {
    const partitions = { topic: 3 };
    const t = ["topic"];
    const first = cooperativeSticky.assign({ partitions, members: [{ id: "consumer1", topics: t }] });
    expect(show(first)).toEqual({ consumer1: "topic-0, topic-1, topic-2" });

    const join = { partitions, members: [owner("consumer1", t, "topic-0, topic-1, topic-2"), owner("consumer2", t, "")] };
    const { rounds } = rebalanceUntilStable(cooperativeSticky, join);
    expect(rounds.map(show)).toEqual([
      { consumer1: "topic-0, topic-1", consumer2: "" },
      { consumer1: "topic-0, topic-1", consumer2: "topic-2" },
    ]);

    const leave = cooperativeSticky.assign({ partitions, members: [owner("consumer2", t, "topic-2")] });
    expect(show(leave)).toEqual({ consumer2: "topic-0, topic-1, topic-2" });
  });
});

describe("CooperativeStickyAssignor — further Kafka test vectors", () => {
  const both = ["topic1", "topic2"];

  it("Reference: CooperativeStickyAssignorTest.testAssignorWithOldVersionSubscriptions", () => {
    const t = ["topic1"];
    const a = cooperativeSticky.assign({
      partitions: { topic1: 3 },
      members: [owner("consumer1", t, "topic1-0", -1), owner("consumer2", t, "topic1-1", -1), owner("consumer3", t, "")],
    });
    expect(show(a)).toEqual({ consumer1: "topic1-0", consumer2: "topic1-1", consumer3: "topic1-2" });
  });

  it("Reference: CooperativeStickyAssignorTest (inherited) testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers", () => {
    const input = {
      partitions: { topic1: 2, topic2: 2 },
      members: [owner("consumer1", both, "topic1-0, topic2-0"), owner("consumer2", both, "topic1-1, topic2-1"), owner("consumer3", both, "")],
    };
    const { rounds, final } = rebalanceUntilStable(cooperativeSticky, input);
    expect(show(rounds[0]!)).toEqual({ consumer1: "topic1-0", consumer2: "topic1-1, topic2-1", consumer3: "" });
    expect(show(final)).toEqual({ consumer1: "topic1-0", consumer2: "topic1-1, topic2-1", consumer3: "topic2-0" });
  });

  it("Reference: CooperativeStickyAssignorTest (inherited) testAddRemoveTwoConsumersTwoTopics", () => {
    const input = {
      partitions: { topic1: 3, topic2: 4 },
      members: [
        owner("consumer1", both, "topic1-0, topic1-2, topic2-1, topic2-3"),
        owner("consumer2", both, "topic1-1, topic2-0, topic2-2"),
        owner("consumer3", both, ""),
        owner("consumer4", both, ""),
      ],
    };
    const { rounds, final } = rebalanceUntilStable(cooperativeSticky, input);
    expect(show(rounds[0]!)).toEqual({ consumer1: "topic1-0, topic2-1", consumer2: "topic1-1, topic2-0", consumer3: "", consumer4: "" });
    expect(show(final)).toEqual({
      consumer1: "topic1-0, topic2-1",
      consumer2: "topic1-1, topic2-0",
      consumer3: "topic1-2, topic2-3",
      consumer4: "topic2-2",
    });
  });

  it("Reference: CooperativeStickyAssignorTest (inherited) testRackAwareAssignmentWithNonEqualSubscription (racks all match, not rack-aware)", () => {
    const all = ["t1", "t2", "t3"];
    const topicsOf: Record<string, string[]> = { consumer0: all, consumer1: all, consumer2: ["t1", "t3"] };
    const ids = Object.keys(topicsOf);
    const partitions = { t1: 6, t2: 7, t3: 2 };
    const owned: Record<string, string> = {
      consumer0: "t1-0, t1-1, t1-2, t1-3, t1-4",
      consumer1: "t1-5, t2-0, t2-1, t2-2, t2-3",
      consumer2: "t2-4, t2-5, t2-6, t3-0, t3-1",
    };
    const intermediate = cooperativeSticky.assign({ partitions, members: ids.map((id) => owner(id, topicsOf[id]!, owned[id]!, -1)) });
    expect(show(intermediate)).toEqual({ consumer0: "t1-2, t1-3, t1-4", consumer1: "t2-0, t2-1, t2-2, t2-3", consumer2: "t3-0, t3-1" });
    const final = cooperativeSticky.assign({
      partitions,
      members: ids.map((id) => ({ id, topics: topicsOf[id]!, owned: intermediate[id]!, generation: -1 })),
    });
    expect(show(final)).toEqual({
      consumer0: "t1-2, t1-3, t1-4, t2-4, t2-5",
      consumer1: "t2-0, t2-1, t2-2, t2-3, t2-6",
      consumer2: "t1-0, t1-1, t1-5, t3-0, t3-1",
    });
  });

  it("gives the same result as the sticky assignor when nothing changes owner", () => {
    const input = {
      partitions: { topic1: 3, topic2: 3 },
      members: [
        { id: "consumer1", topics: both },
        { id: "consumer2", topics: both },
      ],
    };
    expect(cooperativeSticky.assign(input)).toEqual(sticky.assign(input));
  });

  it("is a cooperative assignor named cooperative-sticky", () => {
    expect(cooperativeSticky.name).toBe("cooperative-sticky");
    expect(cooperativeSticky.protocol).toBe("cooperative");
  });
});
