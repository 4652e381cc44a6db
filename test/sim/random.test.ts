import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/sim/random.js";

describe("Random streams (docs/architecture.md principle 4: randomness forked by name)", () => {
  it("gives the same sequence for the same seed and label", () => {
    const a = new RandomStreams(7).stream("broker-2#1");
    const b = new RandomStreams(7).stream("broker-2#1");
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it("draws in one stream do not shift another stream", () => {
    const streams = new RandomStreams(7);
    const x1 = streams.stream("network");
    const first = Array.from({ length: 3 }, () => x1.next());
    const other = streams.stream("broker-1#1");
    for (let i = 0; i < 100; i++) other.next();
    const x2 = new RandomStreams(7).stream("network");
    expect(Array.from({ length: 3 }, () => x2.next())).toEqual(first);
  });

  it("differs between incarnations and seeds", () => {
    const streams = new RandomStreams(7);
    expect(streams.stream("broker-2#1").next()).not.toBe(streams.stream("broker-2#2").next());
    expect(new RandomStreams(8).stream("x").next()).not.toBe(new RandomStreams(7).stream("x").next());
  });
});
