/** Offset → record lookups over a replica's batches (binary search by base offset). */
import type { RecordBatch } from "../../kafka/protocol/records.js";

export interface RecordAt {
  value: string;
  leaderEpoch: number;
}

export function recordAt(batches: readonly RecordBatch[], offset: number): RecordAt | null {
  let lo = 0;
  let hi = batches.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const batch = batches[mid]!;
    if (offset < batch.baseOffset) hi = mid - 1;
    else if (offset >= batch.baseOffset + batch.records.length) lo = mid + 1;
    else return { value: batch.records[offset - batch.baseOffset]!.value, leaderEpoch: batch.partitionLeaderEpoch };
  }
  return null;
}

/**
 * First offset in [from, to) where the two logs hold different records (both present), or -1.
 * Offsets missing from either side (below a log start offset) are skipped.
 */
export function firstDifference(a: readonly RecordBatch[], b: readonly RecordBatch[], from: number, to: number): number {
  for (let offset = from; offset < to; offset++) {
    const x = recordAt(a, offset);
    const y = recordAt(b, offset);
    if (x && y && x.value !== y.value) return offset;
  }
  return -1;
}
