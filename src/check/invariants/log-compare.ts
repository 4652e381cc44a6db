/** Offset → record lookups over a replica's batches (batches are in offset order, never overlapping). */
import { batchEnd, type RecordBatch } from "../../kafka/protocol/records.js";

/** Index of the first batch that ends after `offset` (batches.length if none). */
function firstEndingAfter(batches: readonly RecordBatch[], offset: number): number {
  let lo = 0;
  let hi = batches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (batchEnd(batches[mid]!) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Walks one log's batches by ascending offsets: each lookup continues from the previous one, so a
 * scan over a range of offsets costs one binary search plus one step per batch passed, instead of a
 * binary search per offset.
 */
export class LogCursor {
  private index = 0;
  private searched = false;

  constructor(private readonly batches: readonly RecordBatch[]) {}

  /** The batch holding `offset` (offsets must not decrease between calls), or null. */
  batchAt(offset: number): RecordBatch | null {
    const batch = this.seek(offset);
    return batch !== undefined && batch.baseOffset <= offset ? batch : null;
  }

  /** The first offset ≥ `offset` that some batch holds, or -1 when the log ends before it. */
  nextHeld(offset: number): number {
    const batch = this.seek(offset);
    if (batch === undefined) return -1;
    return Math.max(batch.baseOffset, offset);
  }

  /** The first batch ending after `offset`. */
  private seek(offset: number): RecordBatch | undefined {
    const batches = this.batches;
    if (!this.searched) {
      this.index = firstEndingAfter(batches, offset);
      this.searched = true;
    } else {
      while (this.index < batches.length && batchEnd(batches[this.index]!) <= offset) this.index++;
    }
    return batches[this.index];
  }
}
