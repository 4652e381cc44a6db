/**
 * TopicPartitionKeys builds each `topic\u0000partition` key once (issue 11: no string built per
 * lookup in the fetch path); the keys are the strings the fetch session maps always used.
 */
import { describe, expect, it } from "vitest";
import { TopicPartitionKeys } from "../../src/kafka/topic-partition-keys.js";

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
