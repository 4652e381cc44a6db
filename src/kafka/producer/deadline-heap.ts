/**
 * A min-heap of items keyed by a time, with lazy deletion: an entry stays in the heap after its
 * item stops counting (a drained queue head, a completed in-flight batch) and is dropped when it
 * reaches the top and the caller's `live` test says so. The producer keeps its delivery-timeout
 * deadlines here so that a sender wake-up that expires nothing costs O(1) instead of a scan over
 * every queue and in-flight batch (the Java client keeps `nextBatchExpiryTimeMs` for the same
 * reason: RecordAccumulator.expiredBatches / Sender.getExpiredInflightBatches only walk when a
 * deadline has passed).
 *
 * The ordering is the kernel's (time, seq) heap; ties are broken by insertion order (a running
 * sequence number), so the order is total. Items live in slots that are reused once popped.
 */
import { EventHeap } from "../../sim/event-heap.js";

export class DeadlineHeap<T> {
  private heap = new EventHeap(64);
  private items: (T | undefined)[] = [];
  private freeSlots: number[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.size;
  }

  push(key: number, item: T): void {
    const slot = this.freeSlots.pop() ?? this.items.length;
    this.items[slot] = item;
    this.heap.push(key, this.nextSeq++, slot);
  }

  /** The smallest key of a live item (Infinity when none); drops the dead entries on top. */
  minKey(live: (item: T, key: number) => boolean): number {
    while (this.heap.size > 0) {
      const key = this.heap.peekTime();
      const slot = this.heap.peekSlot();
      if (live(this.items[slot]!, key)) return key;
      this.heap.pop();
      this.items[slot] = undefined;
      this.freeSlots.push(slot);
    }
    return Infinity;
  }

  /** Empties the heap (to rebuild it from the live items when dead entries pile up). */
  clear(): void {
    this.heap = new EventHeap(64);
    this.items = [];
    this.freeSlots = [];
  }
}
