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

/** Steps tried forward from a hint before falling back to a binary search. */
const HINT_STEPS = 8;

/** {@link firstEndingAfter}, starting from `hint` when the answer is at most {@link HINT_STEPS} batches after it. */
function fromHint(batches: readonly RecordBatch[], offset: number, hint: number): number {
  if (hint < 0 || hint > batches.length) return firstEndingAfter(batches, offset);
  // The answer is the first index whose batch ends after `offset`: everything before the hint must end at or before it.
  if (hint > 0 && batchEnd(batches[hint - 1]!) > offset) return firstEndingAfter(batches, offset);
  let index = hint;
  for (let step = 0; step < HINT_STEPS; step++) {
    if (index === batches.length || batchEnd(batches[index]!) > offset) return index;
    index++;
  }
  return firstEndingAfter(batches, offset);
}

/**
 * Walks one log's batches by ascending offsets: each lookup continues from the previous one, so a
 * scan over a range of offsets costs one binary search plus one step per batch passed, instead of a
 * binary search per offset.
 */
export class LogCursor {
  private index = 0;
  private searched = false;

  /**
   * `hint`: where a previous scan of this log stopped ({@link position}). The first lookup starts
   * there when the batch at the hint, or one of the next few, is the first ending after the offset
   * (appends and a verified mark that only moves forward keep it close); otherwise it searches.
   */
  constructor(
    private readonly batches: readonly RecordBatch[],
    private readonly hint = -1,
  ) {}

  /** The index of the batch the last lookup found (to pass as the next cursor's hint). */
  get position(): number {
    return this.searched ? this.index : this.hint;
  }

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
      this.index = fromHint(batches, offset, this.hint);
      this.searched = true;
    } else {
      while (this.index < batches.length && batchEnd(batches[this.index]!) <= offset) this.index++;
    }
    return batches[this.index];
  }
}
