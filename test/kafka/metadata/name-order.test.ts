/**
 * compareTpNames orders partitions as their `topic-partition` names sort as strings (the order in
 * which KRaft replay hands changed partitions to the replica manager), without building the names.
 * Property test: fast-check, fixed seed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareDecimalText, compareTpNames } from "../../../src/kafka/metadata/name-order.js";

const SEED = 11;
const stringOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe("partition name order", () => {
  it("compareDecimalText is the order of the decimal strings", () => {
    expect(Math.sign(compareDecimalText(10, 2))).toBe(-1);
    expect(Math.sign(compareDecimalText(2, 10))).toBe(1);
    expect(Math.sign(compareDecimalText(1, 10))).toBe(-1);
    expect(Math.sign(compareDecimalText(100, 1))).toBe(1);
    expect(compareDecimalText(0, 0)).toBe(0);
    expect(Math.sign(compareDecimalText(0, 10))).toBe(-1);
    // Reproduce: npx vitest run test/kafka/metadata/name-order.test.ts (seed 11)
    fc.assert(
      fc.property(fc.nat(2 ** 31 - 1), fc.nat(2 ** 31 - 1), (a, b) => Math.sign(compareDecimalText(a, b)) === Math.sign(stringOrder(String(a), String(b)))),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("compareTpNames is the order of the topic-partition strings, topics that prefix each other included", () => {
    expect(Math.sign(compareTpNames("a", 1, "a-b", 0))).toBe(Math.sign(stringOrder("a-1", "a-b-0")));
    expect(Math.sign(compareTpNames("t", 10, "t", 9))).toBe(-1);
    expect(Math.sign(compareTpNames("t0", 5, "t1", 0))).toBe(-1);
    const topic = fc.array(fc.constantFrom("a", "b", "-", "1", "_", "."), { minLength: 1, maxLength: 4 }).map((cs) => cs.join(""));
    const partition = fc.oneof(fc.nat(12), fc.nat(20_000));
    fc.assert(
      fc.property(
        topic,
        partition,
        topic,
        partition,
        (at, ap, bt, bp) => Math.sign(compareTpNames(at, ap, bt, bp)) === Math.sign(stringOrder(`${at}-${ap}`, `${bt}-${bp}`)),
      ),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
