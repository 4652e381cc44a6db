/**
 * A min-heap of items keyed by a time, with lazy deletion: an entry stays in the heap after its
 * item stops counting (a drained queue head, a completed in-flight batch) and is dropped when it
 * reaches the top and the caller's `live` test says so. The producer keeps its delivery-timeout
 * deadlines here so that a sender wake-up that expires nothing costs O(1) instead of a scan over
 * every queue and in-flight batch (the Java client keeps `nextBatchExpiryTimeMs` for the same
 * reason: RecordAccumulator.expiredBatches / Sender.getExpiredInflightBatches only walk when a
 * deadline has passed).
 *
 * Ties are broken by insertion order (a running sequence number), so the order is total.
 */
export class DeadlineHeap<T> {
  private keys: number[] = [];
  private seqs: number[] = [];
  private items: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  push(key: number, item: T): void {
    const keys = this.keys;
    const seqs = this.seqs;
    const items = this.items;
    const seq = this.nextSeq++;
    let i = items.length;
    keys.push(key);
    seqs.push(seq);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk < key || (pk === key && seqs[parent]! < seq)) break;
      keys[i] = pk;
      seqs[i] = seqs[parent]!;
      items[i] = items[parent]!;
      i = parent;
    }
    keys[i] = key;
    seqs[i] = seq;
    items[i] = item;
  }

  /** The smallest key of a live item (Infinity when none); drops the dead entries on top. */
  minKey(live: (item: T, key: number) => boolean): number {
    while (this.items.length > 0) {
      if (live(this.items[0]!, this.keys[0]!)) return this.keys[0]!;
      this.pop();
    }
    return Infinity;
  }

  /** Empties the heap (to rebuild it from the live items when dead entries pile up). */
  clear(): void {
    this.keys = [];
    this.seqs = [];
    this.items = [];
  }

  private pop(): void {
    const keys = this.keys;
    const seqs = this.seqs;
    const items = this.items;
    const key = keys.pop()!;
    const seq = seqs.pop()!;
    const item = items.pop()!;
    const n = items.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (keys[right]! < keys[child]! || (keys[right] === keys[child] && seqs[right]! < seqs[child]!))) child = right;
      const ck = keys[child]!;
      if (key < ck || (key === ck && seq < seqs[child]!)) break;
      keys[i] = ck;
      seqs[i] = seqs[child]!;
      items[i] = items[child]!;
      i = child;
    }
    keys[i] = key;
    seqs[i] = seq;
    items[i] = item;
  }
}
