/**
 * Every (offset, value) pair observed in one partition: by acknowledgements, by polls, and in the
 * final readable log. Keeps the first value seen at each offset and the first offset seen for each
 * value, and remembers conflicts (inconsistent offsets) and repeats (duplicates) on the side, so
 * that a clean partition costs two maps.
 */
export class ReadIndex {
  /** offset → the first value read there. */
  readonly valueAt = new Map<number, string>();
  /** value → the first offset it was read at. */
  readonly offsetOf = new Map<string, number>();
  /** offset → every distinct value read there, only for offsets read with two or more values. */
  readonly conflicts = new Map<number, Set<string>>();
  /** value → every distinct offset it was read at, only for values read at two or more offsets. */
  readonly repeats = new Map<string, Set<number>>();

  add(offset: number, value: string): void {
    if (!(Number.isInteger(offset) && offset >= 0)) throw new Error(`offset ${offset} read for ${value} is not a non-negative integer`);
    const known = this.valueAt.get(offset);
    if (known === undefined) {
      this.valueAt.set(offset, value);
    } else if (known !== value) {
      const values = this.conflicts.get(offset);
      if (values === undefined) this.conflicts.set(offset, new Set([known, value]));
      else values.add(value);
    }
    const first = this.offsetOf.get(value);
    if (first === undefined) {
      this.offsetOf.set(value, offset);
    } else if (first !== offset) {
      const offsets = this.repeats.get(value);
      if (offsets === undefined) this.repeats.set(value, new Set([first, offset]));
      else offsets.add(offset);
    }
  }

  /** Every offset a value was read at, ascending (empty if never read). */
  offsetsOf(value: string): number[] {
    const repeated = this.repeats.get(value);
    if (repeated !== undefined) return [...repeated].sort((a, b) => a - b);
    const first = this.offsetOf.get(value);
    return first === undefined ? [] : [first];
  }

  /** The lowest offset a value was read at, or undefined. */
  lowestOffsetOf(value: string): number | undefined {
    const repeated = this.repeats.get(value);
    if (repeated === undefined) return this.offsetOf.get(value);
    let lowest = Infinity;
    for (const offset of repeated) lowest = Math.min(lowest, offset);
    return lowest;
  }
}
