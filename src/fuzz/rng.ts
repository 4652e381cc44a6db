/**
 * The random source of a fuzz campaign. Run i of a campaign draws from its own generator, seeded
 * from (campaign seed, i) alone, so run i is a pure function of (profile, seed, i): a shard, a
 * worker or a replay of one run generates exactly what the whole campaign would have. The
 * generator is xorshift128+ (as fast-check's default) behind pure-rand's mutable interface, which
 * `fc.Random` wraps; its 128-bit state comes from splitmix32 over the two numbers.
 */

/** pure-rand's mutable generator interface, as `fc.Random` takes it. */
export interface FuzzRandomGenerator {
  clone(): FuzzRandomGenerator;
  /** The next value, uniform in −2³¹ … 2³¹−1. */
  next(): number;
  getState(): readonly number[];
}

/** splitmix32: a 32-bit mixer (Steele, Lea, Flood; the 32-bit variant). */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [(z ^ (z >>> 16)) | 0, next];
}

class XorShift128Plus implements FuzzRandomGenerator {
  constructor(
    private s01: number,
    private s00: number,
    private s11: number,
    private s10: number,
  ) {}

  clone(): FuzzRandomGenerator {
    return new XorShift128Plus(this.s01, this.s00, this.s11, this.s10);
  }

  next(): number {
    // xorshift128+ on two 64-bit words held as 32-bit halves (hi, lo), as pure-rand does.
    const a0 = this.s10;
    const a1 = this.s11;
    const b0 = this.s00;
    const b1 = this.s01;
    this.s01 = a0;
    this.s00 = a1;
    let c0 = b0 ^ (b0 << 23);
    let c1 = b1 ^ ((b1 << 23) | (b0 >>> 9));
    c0 = c0 ^ a0 ^ ((c0 >>> 18) | (c1 << 14)) ^ ((a0 >>> 5) | (a1 << 27));
    c1 = c1 ^ a1 ^ (c1 >>> 18) ^ (a1 >>> 5);
    this.s11 = c1;
    this.s10 = c0;
    return (this.s00 + this.s10) | 0;
  }

  getState(): readonly number[] {
    return [this.s01, this.s00, this.s11, this.s10];
  }
}

/** The generator of run `index` (0-based) of the campaign with seed `seed`. */
export function runGenerator(seed: number, index: number): FuzzRandomGenerator {
  let state = (seed ^ 0x5bd1e995) | 0;
  let mixed: number;
  [mixed, state] = splitmix32(state);
  state = (state ^ Math.imul(index + 1, 0x27d4eb2d)) | 0;
  const words: number[] = [mixed];
  for (let i = 0; i < 4; i++) {
    [mixed, state] = splitmix32(state ^ words[words.length - 1]!);
    words.push(mixed);
  }
  const [, a, b, c, d] = words as [number, number, number, number, number];
  // An all-zero state would only ever produce zeros.
  return new XorShift128Plus(a, b, c, (a | b | c | d) === 0 ? 1 : d);
}

/** A number in [0, 1) from (seed, index, salt): for per-run decisions outside fast-check (self-check sampling). */
export function runUniform(seed: number, index: number, salt: number): number {
  const generator = runGenerator(seed ^ Math.imul(salt, 0x01000193), index);
  return (generator.next() >>> 0) / 2 ** 32;
}
