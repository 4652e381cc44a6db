/**
 * PartitionMap: a broker's replayed metadata by (topic, partition) without a key string per entry
 * (issue 11: 100 brokers × 10,000 partitions held two million `topic-partition` keys).
 */
import { describe, expect, it } from "vitest";
import { PartitionMap } from "../../../src/kafka/metadata/partition-map.js";

describe("PartitionMap", () => {
  it("sets, replaces and counts values by (topic, partition), and lists them by topic then partition number", () => {
    const map = new PartitionMap<string>();
    expect(map.set("orders", 2, "o2")).toBe(true);
    expect(map.set("audit", 0, "a0")).toBe(true);
    expect(map.set("orders", 0, "o0")).toBe(true);
    expect(map.set("orders", 2, "o2'")).toBe(false); // replaced, not added
    expect(map.size).toBe(3);
    expect(map.get("orders", 2)).toBe("o2'");
    expect(map.get("orders", 1)).toBeUndefined();
    expect(map.has("orders", 1)).toBe(false);
    expect(map.get("orders-1", 0)).toBeUndefined();
    expect(map.has("audit", 0)).toBe(true);
    // Topics in the order first set, partitions by number; gaps are skipped.
    expect(map.values()).toEqual(["o0", "o2'", "a0"]);
  });

  it("keeps (topic, partition) pairs apart whose `topic-partition` names would be alike", () => {
    const map = new PartitionMap<number>();
    map.set("a-1", 2, 1);
    map.set("a", 12, 2);
    expect(map.get("a-1", 2)).toBe(1);
    expect(map.get("a", 12)).toBe(2);
    expect(map.size).toBe(2);
  });

  it("some: true when any value passes, false on none or an empty map (gaps are not values)", () => {
    const map = new PartitionMap<{ leader: number }>();
    expect(map.some(() => true)).toBe(false);
    map.set("orders", 3, { leader: 2 });
    map.set("audit", 0, { leader: 1 });
    expect(map.some((p) => p.leader === 1)).toBe(true);
    expect(map.some((p) => p.leader === 2)).toBe(true);
    expect(map.some((p) => p.leader === 3)).toBe(false);
  });
});
