import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InternCursor, ValueIds } from "../../../src/check/history/reads.js";

// fast-check prints the seed and path of a failure; rerun with `npx vitest run test/check/history/reads.test.ts`.
const SETTINGS = { seed: 23, numRuns: 300 };

describe("ValueIds (a partition's values numbered in the order first seen; Reference: docs/anomalies.md, how the history is checked)", () => {
  it("gives every value the number of its first sighting, whatever readers look it up and in whatever order", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ reader: fc.integer({ min: 0, max: 3 }), value: fc.integer({ min: 0, max: 15 }) }), { maxLength: 120 }), (lookups) => {
        const ids = new ValueIds();
        const readers = [undefined, new InternCursor(), new InternCursor(), new InternCursor()];
        const expected = new Map<string, number>();
        for (const { reader, value } of lookups) {
          const text = `p1-${value}`;
          if (!expected.has(text)) expected.set(text, expected.size);
          expect(ids.intern(text, readers[reader])).toBe(expected.get(text));
        }
        expect(ids.size).toBe(expected.size);
        for (const [text, id] of expected) {
          expect(ids.idOf(text)).toBe(id);
          expect(ids.valueOf(id)).toBe(text);
        }
      }),
      SETTINGS,
    );
  });

  it("a reader that repeats another's order finds each value by its guess, and a value that breaks the order still gets its own number", () => {
    const ids = new ValueIds();
    for (const value of ["a", "b", "c", "d"]) ids.intern(value);
    const group = new InternCursor();
    expect(["b", "a", "d", "c"].map((v) => ids.intern(v, group))).toEqual([1, 0, 3, 2]);
    const again = new InternCursor();
    expect(["b", "a", "e", "d", "c"].map((v) => ids.intern(v, again))).toEqual([1, 0, 4, 3, 2]);
    // Strings equal by content but built apart are the same value.
    expect(ids.intern(["c", "c"].join("").slice(1), group)).toBe(2);
  });
});
