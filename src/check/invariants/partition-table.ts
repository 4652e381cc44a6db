/**
 * State kept per partition, found by (topic, partition number) — a map lookup by the topic's name,
 * then an array index — without building a `topic-p` string on every lookup: the monitor is asked
 * after every append, HW change and fetch of every replica.
 */
export class PartitionTable<T> {
  private readonly byTopic = new Map<string, T[]>();

  constructor(private readonly create: (topic: string, partition: number) => T) {}

  /** The entry of a partition, created on first use. */
  get(topic: string, partition: number): T {
    let list = this.byTopic.get(topic);
    if (list === undefined) this.byTopic.set(topic, (list = []));
    let entry = list[partition];
    if (entry === undefined) list[partition] = entry = this.create(topic, partition);
    return entry;
  }

  /** The entry of a partition, if one was created. */
  find(topic: string, partition: number): T | undefined {
    return this.byTopic.get(topic)?.[partition];
  }

  /** Every entry created, by topic in order of first use, then by partition number. */
  *values(): IterableIterator<T> {
    for (const list of this.byTopic.values()) for (const entry of list) if (entry !== undefined) yield entry;
  }
}
