/**
 * A map from (topic, partition) to a value: a map by topic, then an array indexed by partition
 * number. Every broker keeps its replayed metadata by partition (KRaft's `ClusterState` and the
 * `MetadataImage`): keyed by a `topic-partition` string per entry, 100 brokers × 10,000 partitions
 * held two million key strings and hash entries; here an entry costs one array slot and lookups
 * build no string.
 */
export class PartitionMap<V> {
  private readonly byTopic = new Map<string, (V | undefined)[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  get(topic: string, partition: number): V | undefined {
    return this.byTopic.get(topic)?.[partition];
  }

  has(topic: string, partition: number): boolean {
    return this.get(topic, partition) !== undefined;
  }

  /** Set the value of (topic, partition); returns true when the partition had none. */
  set(topic: string, partition: number, value: V): boolean {
    let slots = this.byTopic.get(topic);
    if (slots === undefined) this.byTopic.set(topic, (slots = []));
    // Fill up to the partition number so the array stays packed (partitions are numbered from 0).
    while (slots.length < partition) slots.push(undefined);
    const added = slots[partition] === undefined;
    slots[partition] = value;
    if (added) this.count++;
    return added;
  }

  /** Whether any value satisfies `test` (no array built). */
  some(test: (value: V) => boolean): boolean {
    for (const slots of this.byTopic.values()) for (const value of slots) if (value !== undefined && test(value)) return true;
    return false;
  }

  /** Every value, topics in the order they were first set, partitions in number order. */
  values(): V[] {
    const out: V[] = [];
    for (const slots of this.byTopic.values()) for (const value of slots) if (value !== undefined) out.push(value);
    return out;
  }
}
