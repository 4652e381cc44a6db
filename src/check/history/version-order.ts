/**
 * A partition's version order: every offset known to hold a record, sorted. Anomalies compare
 * positions by index in this order, never by raw offset arithmetic, because offsets may be
 * sparse (transaction markers, compaction): offsets 4 and 7 are adjacent if 5 and 6 never held a
 * known record.
 */
export class VersionOrder {
  /** Distinct offsets, ascending. */
  private readonly offsets: Float64Array;
  /** When the offsets are base, base+1, …, indexOf is a subtraction. */
  private readonly dense: boolean;

  constructor(offsets: Iterable<number>) {
    const sorted = Float64Array.from(offsets).sort();
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i]!;
    }
    this.offsets = sorted.subarray(0, distinct);
    this.dense = distinct === 0 || this.offsets[distinct - 1]! - this.offsets[0]! === distinct - 1;
  }

  get size(): number {
    return this.offsets.length;
  }

  /** The index of a known offset; throws for an offset never seen (a bug in the caller). */
  indexOf(offset: number): number {
    const index = this.dense ? offset - (this.offsets[0] ?? 0) : this.search(offset);
    if (!(index >= 0 && index < this.offsets.length && this.offsets[index] === offset)) {
      throw new Error(`offset ${offset} is not in the version order`);
    }
    return index;
  }

  /** The offset at an index. */
  offsetAt(index: number): number {
    const offset = this.offsets[index];
    if (offset === undefined) throw new Error(`index ${index} is outside the version order (size ${this.size})`);
    return offset;
  }

  private search(offset: number): number {
    let lo = 0;
    let hi = this.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offsets[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
