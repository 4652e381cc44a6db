/**
 * Drawing and shrinking a shape part by part. A shape is one fast-check `Value` per part of the
 * space; shrinking is fast-check's own greedy walk (take the first simpler candidate that still
 * fails, then shrink that one), over the parts in order, as `fc.record` would. Working part by
 * part lets the fuzzer first replace the fault list alone — dropping every fault that did nothing
 * in the failing run — while every other part keeps the context fast-check shrinks it with.
 */
import fc from "fast-check";
import { runGenerator } from "./rng.js";
import type { FuzzSpace, Shape } from "./space.js";

/** A drawn shape, part by part, with fast-check's shrink contexts. */
export type ShapeValues = readonly fc.Value<unknown>[];

/** fast-check's bias for the run with this index (small values are likelier in early runs). */
function biasFactor(index: number): number {
  return 2 + Math.floor(Math.log10(index + 1));
}

/** Run `index` (0-based) of the campaign `seed`: a pure function of (space, seed, index). */
export function drawShape(space: FuzzSpace, seed: number, index: number): ShapeValues {
  const random = new fc.Random(runGenerator(seed, index));
  const bias = biasFactor(index);
  return space.parts.map(([, arbitrary]) => arbitrary.generate(random, bias));
}

/** The plain shape of drawn values. */
export function shapeOf(space: FuzzSpace, values: ShapeValues): Shape {
  return Object.fromEntries(space.parts.map(([name], index) => [name, (values[index] as fc.Value<unknown>).value]));
}

/** The values with the fault list replaced by `faults` (no shrink context: the fault list shrinks without one). */
export function withFaults(space: FuzzSpace, values: ShapeValues, faults: readonly unknown[]): ShapeValues {
  const index = space.parts.findIndex(([name]) => name === space.faultsPart);
  return values.map((value, i) => (i === index ? new fc.Value([...faults], undefined) : value));
}

/** The simpler candidates of a shape, lazily, part by part (as fc.record's shrinker). */
export function* shrinkCandidates(space: FuzzSpace, values: ShapeValues): Generator<ShapeValues> {
  for (let i = 0; i < space.parts.length; i++) {
    const [, arbitrary] = space.parts[i] as readonly [string, fc.Arbitrary<unknown>];
    const value = values[i] as fc.Value<unknown>;
    if (value.context === undefined && !arbitrary.canShrinkWithoutContext(value.value)) continue;
    for (const candidate of arbitrary.shrink(value.value, value.context)) {
      yield values.map((v, j) => (j === i ? candidate : v));
    }
  }
}
