/**
 * TopicPartitionKeys builds each `topic\u0000partition` key once (issue 11: no string built per
 * lookup in the fetch path); the keys are the strings the fetch session maps always used.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareTopicPartition, sortByTopicPartition, TopicPartitionKeys } from "../../src/kafka/topic-partition-keys.js";

describe("TopicPartitionKeys", () => {
  it("gives one key per (topic, partition), the same string each time, distinct across topics and partitions", () => {
    const keys = new TopicPartitionKeys();
    const a0 = keys.key("a", 0);
    expect(a0).toBe("a\u00000");
    expect(keys.key("a", 0)).toBe(a0);
    expect(keys.key("a", 10)).toBe("a\u000010");
    expect(keys.key("a1", 0)).toBe("a1\u00000");
    const all = new Set(["a", "a1", "a-1", "b"].flatMap((t) => [0, 1, 10, 999].map((p) => keys.key(t, p))));
    expect(all.size).toBe(16);
  });
});

describe("sortByTopicPartition", () => {
  it("orders like a stable Array.prototype.sort by (topic, partition), short lists and long ones (seed 5; reproduce: npx vitest run test/kafka/topic-partition-keys.test.ts)", () => {
    const item = fc.record({ topic: fc.constantFrom("a", "b", "a-1", "orders"), partition: fc.nat(40), id: fc.nat() });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 80 }), (list) => {
        const expected = [...list].sort(compareTopicPartition);
        const input = [...list];
        expect(sortByTopicPartition(input)).toBe(input); // in place
        expect(input).toEqual(expected);
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});
