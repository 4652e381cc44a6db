/**
 * `topic\u0000partition` map keys, each built once: hot paths (fetch sessions, parked fetches, the
 * follower fetcher) look partitions up by such keys several times per fetch, and a key string
 * built per lookup costs an allocation and a fresh hash every time. One instance per owner (no
 * module state); the keys are the same strings a template literal would give.
 */
export class TopicPartitionKeys {
  private readonly byTopic = new Map<string, string[]>();

  key(topic: string, partition: number): string {
    let keys = this.byTopic.get(topic);
    if (keys === undefined) this.byTopic.set(topic, (keys = []));
    let k = keys[partition];
    if (k === undefined) keys[partition] = k = `${topic}\u0000${partition}`;
    return k;
  }
}

/** (topic, partition) order. */
export function compareTopicPartition(a: { topic: string; partition: number }, b: { topic: string; partition: number }): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

/**
 * Sort `list` in place by (topic, partition) and return it. The short lists of the fetch path (a
 * session's changed partitions, per fetch) are sorted by insertion, which allocates nothing
 * (`Array.prototype.sort` allocates a work array on every call); both sorts are stable, so the
 * order is the same.
 */
export function sortByTopicPartition<T extends { topic: string; partition: number }>(list: T[]): T[] {
  if (list.length > 32) return list.sort(compareTopicPartition);
  for (let i = 1; i < list.length; i++) {
    const item = list[i]!;
    let j = i - 1;
    while (j >= 0 && compareTopicPartition(list[j]!, item) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = item;
  }
  return list;
}
