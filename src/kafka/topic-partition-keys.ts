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
