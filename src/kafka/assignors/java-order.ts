/**
 * Emulation of the iteration order of Java's `HashMap` / `HashSet`.
 *
 * Kafka's AbstractStickyAssignor iterates `HashMap`s keyed by member id and `HashSet`s of
 * `TopicPartition`, and some tie-breaks depend on that order (e.g. which members keep `maxQuota`
 * owned partitions in the constrained path). To reproduce Kafka's results we iterate in the order a
 * default-constructed Java `HashMap` would: by bucket index `(h ^ (h >>> 16)) & (capacity - 1)`,
 * then by insertion order within a bucket. Tree bins (buckets with ≥ 8 colliding keys) are not
 * modelled; they need pathological hash collisions.
 */
import type { TopicPartition } from "./types.js";

/** Java's `String.hashCode()` (over UTF-16 code units), as a signed int32. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Kafka's `TopicPartition.hashCode()`: `31 * (31 + partition) + topic.hashCode()`. */
export function javaTopicPartitionHash(tp: TopicPartition): number {
  return (Math.imul(31, (31 + tp.partition) | 0) + javaStringHash(tp.topic)) | 0;
}

function bucketOf(hash: number, capacity: number): number {
  return (hash ^ (hash >>> 16)) & (capacity - 1);
}

/** Table size of a default-constructed `HashMap` after `size` insertions (load factor 0.75). */
function javaHashCapacity(size: number): number {
  let capacity = 16;
  while (size > capacity * 0.75) capacity *= 2;
  return capacity;
}

/**
 * The order in which a default-constructed Java `HashMap` filled with `items` (inserted in the given
 * order, keys unique) iterates them.
 */
export function javaHashMapOrder<T>(items: readonly T[], hash: (item: T) => number): T[] {
  const capacity = javaHashCapacity(items.length);
  return items
    .map((item, seq) => ({ item, seq, bucket: bucketOf(hash(item), capacity) }))
    .sort((a, b) => a.bucket - b.bucket || a.seq - b.seq)
    .map((e) => e.item);
}

/**
 * A set that knows which element a Java `HashSet` (default constructed) holding the same history
 * of insertions and removals would return first from its iterator. The capacity only grows, as in
 * Java; a re-inserted element goes to the end of its bucket.
 */
export class JavaHashSet<T> {
  private readonly entries = new Map<string, { item: T; seq: number; hash: number }>();
  private capacity = 16;
  private seq = 0;

  constructor(
    private readonly key: (item: T) => string,
    private readonly hash: (item: T) => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  add(item: T): void {
    const k = this.key(item);
    if (this.entries.has(k)) return;
    this.entries.set(k, { item, seq: this.seq++, hash: this.hash(item) });
    if (this.entries.size > this.capacity * 0.75) this.capacity *= 2;
  }

  delete(item: T): void {
    this.entries.delete(this.key(item));
  }

  /** The element `iterator().next()` would return (undefined when empty). */
  first(): T | undefined {
    let best: { item: T; seq: number; bucket: number } | undefined;
    for (const e of this.entries.values()) {
      const bucket = bucketOf(e.hash, this.capacity);
      if (best === undefined || bucket < best.bucket || (bucket === best.bucket && e.seq < best.seq)) {
        best = { item: e.item, seq: e.seq, bucket };
      }
    }
    return best?.item;
  }
}
