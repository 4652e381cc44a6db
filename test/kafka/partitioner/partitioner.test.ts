import { describe, expect, it } from "vitest";
import { partitionForKey, StickyPartitioner } from "../../../src/kafka/partitioner/partitioner.js";
import { utf8 } from "../../../src/kafka/partitioner/murmur2.js";
import { Random } from "../../../src/sim/random.js";

describe("partitionForKey", () => {
  // Reference §5.1: the "% 3" and "% 6" columns were computed from Kafka's murmur2 vectors.
  const CASES: ReadonlyArray<[key: string | Uint8Array, mod3: number, mod6: number]> = [
    ["21", 0, 0],
    ["foobar", 0, 0],
    ["a-little-bit-long-string", 2, 2],
    ["a-little-bit-longer-string", 2, 5],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", 2, 5],
    [new Uint8Array([0x61, 0x62, 0x63]), 0, 3],
  ];
  for (const [key, mod3, mod6] of CASES) {
    it(`Reference: UtilsTest.testMurmur2 vector ${typeof key === "string" ? JSON.stringify(key) : "bytes abc"} → partition`, () => {
      expect(partitionForKey(key, 3)).toBe(mod3);
      expect(partitionForKey(key, 6)).toBe(mod6);
    });
  }

  it('maps "key" to partition 1 of 3 (reference §5.1 extra value)', () => {
    expect(partitionForKey("key", 3)).toBe(1);
  });

  it("hashes a string key as its UTF-8 bytes", () => {
    for (const s of ["", "ü-key", "order-42", "日本"]) {
      expect(partitionForKey(s, 7)).toBe(partitionForKey(utf8(s), 7));
    }
  });

  it("rejects a non-positive partition count", () => {
    expect(() => partitionForKey("k", 0)).toThrow(RangeError);
    expect(() => partitionForKey("k", 2.5)).toThrow(RangeError);
  });
});

describe("StickyPartitioner (KIP-794 uniform sticky)", () => {
  const BATCH = 100;

  it("sticks to one partition until batch.size bytes were appended, then switches to another", () => {
    const sp = new StickyPartitioner(BATCH, new Random(1, "sticky"));
    const first = sp.partition("t", 4);
    expect(sp.partition("t", 4)).toBe(first);
    expect(sp.onAppend("t", first, 60)).toBe(false);
    expect(sp.partition("t", 4)).toBe(first);
    expect(sp.onAppend("t", first, 40)).toBe(true); // 100 >= batch.size
    const second = sp.partition("t", 4);
    expect(second).not.toBe(first);
    expect(sp.producedBytes("t")).toBe(0);
  });

  it("only counts bytes appended to the current sticky partition", () => {
    const sp = new StickyPartitioner(BATCH, new Random(2, "sticky"));
    const p = sp.partition("t", 3);
    const other = (p + 1) % 3;
    expect(sp.onAppend("t", other, 1_000)).toBe(false);
    expect(sp.partition("t", 3)).toBe(p);
    expect(sp.onAppend("unknown-topic", 0, 1_000)).toBe(false);
  });

  it("waits for a ready batch, but never past 2 × batch.size", () => {
    const sp = new StickyPartitioner(BATCH, new Random(3, "sticky"));
    const p = sp.partition("t", 5);
    expect(sp.onAppend("t", p, 150, false)).toBe(false);
    expect(sp.partition("t", 5)).toBe(p);
    expect(sp.onAppend("t", p, 50, false)).toBe(true); // 200 >= 2 × batch.size
    expect(sp.partition("t", 5)).not.toBe(p);
  });

  it("chooses only among available partitions, and among all when none is available", () => {
    const sp = new StickyPartitioner(BATCH, new Random(4, "sticky"));
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const p = sp.partition("t", 8, [1, 5, 6]);
      seen.add(p);
      sp.onAppend("t", p, BATCH);
    }
    expect([...seen].sort()).toEqual([1, 5, 6]);

    const all = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const p = sp.partition("u", 4, []);
      all.add(p);
      sp.onAppend("u", p, BATCH);
    }
    expect([...all].sort()).toEqual([0, 1, 2, 3]);
  });

  it("follows a new list of available partitions, and a new partition count with the same list", () => {
    const sp = new StickyPartitioner(BATCH, new Random(7, "sticky"));
    // The partitions drawn after the first switch (the current sticky partition stays until its batch is full).
    const draws = (numPartitions: number, available: readonly number[]): number[] => {
      const seen = new Set<number>();
      for (let i = 0; i < 200; i++) {
        const p = sp.partition("t", numPartitions, available);
        if (i > 0) seen.add(p);
        sp.onAppend("t", p, BATCH);
      }
      return [...seen].sort((a, b) => a - b);
    };
    const shared = Object.freeze([2, 3, 9]); // one list passed on every send, as ProducerMetadata shares it
    expect(draws(8, shared)).toEqual([2, 3]); // 9 is beyond the partition count
    expect(draws(10, shared)).toEqual([2, 3, 9]);
    expect(draws(10, Object.freeze([0, 7]))).toEqual([0, 7]);
  });

  it("stays on the only partition when a topic has a single one", () => {
    const sp = new StickyPartitioner(BATCH, new Random(5, "sticky"));
    expect(sp.partition("t", 1)).toBe(0);
    expect(sp.onAppend("t", 0, BATCH)).toBe(true);
    expect(sp.partition("t", 1)).toBe(0);
  });

  it("keeps independent state per topic", () => {
    const sp = new StickyPartitioner(BATCH, new Random(6, "sticky"));
    const a = sp.partition("a", 10);
    const b = sp.partition("b", 10);
    sp.onAppend("a", a, BATCH);
    expect(sp.partition("b", 10)).toBe(b);
    expect(sp.current("a")).not.toBe(a);
    expect(sp.current("never-used")).toBeUndefined();
  });

  it("is deterministic for a given seed and roughly uniform over partitions", () => {
    const run = (seed: number) => {
      const sp = new StickyPartitioner(BATCH, new Random(seed, "sticky"));
      const picks: number[] = [];
      for (let i = 0; i < 3_000; i++) {
        const p = sp.partition("t", 6);
        picks.push(p);
        sp.onAppend("t", p, BATCH);
      }
      return picks;
    };
    const picks = run(7);
    expect(run(7)).toEqual(picks);
    const counts = new Array<number>(6).fill(0);
    for (const p of picks) counts[p]!++;
    for (const c of counts) expect(c).toBeGreaterThan(400); // expected 500 each
    for (let i = 1; i < picks.length; i++) expect(picks[i]).not.toBe(picks[i - 1]);
  });

  it("rejects invalid configuration", () => {
    expect(() => new StickyPartitioner(0, new Random(1, "x"))).toThrow(RangeError);
    expect(() => new StickyPartitioner(BATCH, new Random(1, "x")).partition("t", 0)).toThrow(RangeError);
  });
});
