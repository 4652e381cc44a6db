/**
 * Every (offset, value) pair observed in one partition: by acknowledgements, by polls, and in the
 * final readable log. Keeps the first value seen at each offset and the first offset seen for each
 * value, and remembers conflicts (inconsistent offsets) and repeats (duplicates) on the side.
 *
 * Values are numbered per partition ({@link ValueIds}) so that a clean partition costs two arrays,
 * one indexed by offset and one by value number, and one string lookup per observation: a history
 * of tens of millions of operations is mostly clean pairs.
 */

/**
 * Where one reader of a partition's values last was: readers that go through the values in the
 * same order (the sends, each group's polls, each group's processing, the final log) each keep one
 * (see {@link ValueIds.intern}).
 */
export class InternCursor {
  /** The number the reader's last lookup returned (-1: none yet). */
  last = -1;
}

/**
 * A partition's values, numbered 0, 1, 2, … in the order they were first seen.
 *
 * Readers mostly look values up in an order some reader used before (a group polls a partition in
 * offset order, processes what it polled in that order, the final log is in offset order), so each
 * number remembers which number a reader looked up right after it last time, and a lookup first
 * tries that guess — one comparison with the value the guess stands for — before the map: lookups
 * in a map of tens of thousands of strings were a third of the history analysis.
 */
export class ValueIds {
  private readonly ids = new Map<string, number>();
  /** number → value. */
  readonly values: string[] = [];
  /** number → the number some reader looked up right after it, the last time (holes: none yet). */
  private readonly successor: number[] = [];
  private readonly anyReader = new InternCursor();

  /** The number of a value, given the next one when new; `reader` says whose lookup this is. */
  intern(value: string, reader: InternCursor = this.anyReader): number {
    const last = reader.last;
    const guess = last < 0 ? undefined : this.successor[last];
    let id: number | undefined;
    // Numbers and values are one to one: the guess is right exactly when its value is this one.
    if (guess !== undefined && this.values[guess] === value) id = guess;
    else {
      id = this.ids.get(value);
      if (id === undefined) {
        id = this.values.length;
        this.ids.set(value, id);
        this.values.push(value);
      }
      if (last >= 0) this.successor[last] = id;
    }
    reader.last = id;
    return id;
  }

  /** The number of a value seen before, or undefined. */
  idOf(value: string): number | undefined {
    return this.ids.get(value);
  }

  valueOf(id: number): string {
    const value = this.values[id];
    if (value === undefined) throw new Error(`no value numbered ${id}`);
    return value;
  }

  get size(): number {
    return this.values.length;
  }
}

export class ReadIndex {
  /** offset → the number of the first value read there (holes where nothing was read). */
  private readonly valueIdAt: number[] = [];
  /** value number → the first offset it was read at (holes for values never read at an offset). */
  private readonly firstOffset: number[] = [];
  /** offset → every distinct value read there, only for offsets read with two or more values. */
  readonly conflicts = new Map<number, Set<string>>();
  /** value → every distinct offset it was read at, only for values read at two or more offsets. */
  readonly repeats = new Map<string, Set<number>>();

  constructor(readonly values: ValueIds) {}

  /** One observation of the value numbered `id` at `offset`. */
  add(offset: number, id: number): void {
    if (!(Number.isInteger(offset) && offset >= 0)) throw new Error(`offset ${offset} read for ${this.values.valueOf(id)} is not a non-negative integer`);
    const known = this.valueIdAt[offset];
    if (known === undefined) {
      this.valueIdAt[offset] = id;
    } else if (known !== id) {
      const value = this.values.valueOf(id);
      const values = this.conflicts.get(offset);
      if (values === undefined) this.conflicts.set(offset, new Set([this.values.valueOf(known), value]));
      else values.add(value);
    }
    const first = this.firstOffset[id];
    if (first === undefined) {
      this.firstOffset[id] = offset;
    } else if (first !== offset) {
      const value = this.values.valueOf(id);
      const offsets = this.repeats.get(value);
      if (offsets === undefined) this.repeats.set(value, new Set([first, offset]));
      else offsets.add(offset);
    }
  }

  /** The first value read at an offset, or undefined. */
  valueAt(offset: number): string | undefined {
    const id = this.valueIdAt[offset];
    return id === undefined ? undefined : this.values.valueOf(id);
  }

  /** Every offset read with some value, ascending. */
  offsets(): number[] {
    const out: number[] = [];
    const at = this.valueIdAt;
    for (let offset = 0; offset < at.length; offset++) if (at[offset] !== undefined) out.push(offset);
    return out;
  }

  /** Every offset a value was read at, ascending (empty if never read). */
  offsetsOf(value: string): number[] {
    const repeated = this.repeats.get(value);
    if (repeated !== undefined) return [...repeated].sort((a, b) => a - b);
    const id = this.values.idOf(value);
    const first = id === undefined ? undefined : this.firstOffset[id];
    return first === undefined ? [] : [first];
  }

  /** The lowest offset a value was read at, or undefined. */
  lowestOffsetOf(value: string): number | undefined {
    const id = this.values.idOf(value);
    return id === undefined ? undefined : this.lowestOffsetOfId(id);
  }

  /** {@link lowestOffsetOf} by value number. */
  lowestOffsetOfId(id: number): number | undefined {
    const first = this.firstOffset[id];
    if (first === undefined || this.repeats.size === 0) return first;
    const repeated = this.repeats.get(this.values.valueOf(id));
    if (repeated === undefined) return first;
    let lowest = Infinity;
    for (const offset of repeated) lowest = Math.min(lowest, offset);
    return lowest;
  }
}
