/**
 * `nonmonotonic-key`: a consumer group read one producer's records of one key out of that
 * producer's send order. Kafka orders records only within a partition (Kafka documentation,
 * "Topics and Logs"); a key keeps its order as long as it maps to one partition — the default
 * partitioner's murmur2 of the key modulo the partition count, so adding partitions moves keys
 * (BuiltInPartitioner.partitionForKey) — and the producer does not reorder its own sends
 * (retries with several requests in flight and no idempotence: `nonmonotonic-send`).
 *
 * Per group, producer process and key: the sends in call order, each with the group's first poll
 * that returned it; a send read before an earlier send of the same sequence (an earlier poll, or
 * the same poll at a lower offset of the same partition) is counted. Records never read are not
 * (`lost-write` and `unseen` speak of them), nor records without a key.
 */
import type { PollOp, SendOp } from "../../kafka/history.js";
import type { CheckContext } from "./context.js";
import type { PartitionFacts } from "./facts.js";
import { seconds } from "./format.js";

interface Read {
  send: SendOp;
  partition: PartitionFacts;
  poll: PollOp;
  offset: number;
}

/** One producer process's sends of one key to one topic, in call order. */
type KeySequence = { send: SendOp; partition: PartitionFacts; valueId: number }[];

/** Negative when `a` was read before `b`; 0 when the group cannot tell (one poll, two partitions). */
function compareReads(a: Read, b: Read): number {
  if (a.poll.id !== b.poll.id) return a.poll.id - b.poll.id;
  return a.partition === b.partition ? a.offset - b.offset : 0;
}

export function checkKeys(context: CheckContext): void {
  // (topic, producer process, key) → its sends in call order (send ids increase in call order);
  // found by topic, then process, then key (no joined key string per send), walked in order of
  // first appearance.
  const sequences: KeySequence[] = [];
  const byTopic = new Map<string, Map<string, Map<string, KeySequence>>>();
  for (const partition of context.facts.partitions) {
    const { sends, sendIds } = partition;
    for (let i = 0; i < sends.length; i++) {
      const send = sends[i]!;
      if (send.key === null) continue;
      let byProcess = byTopic.get(send.topic);
      if (byProcess === undefined) byTopic.set(send.topic, (byProcess = new Map()));
      let byKey = byProcess.get(send.process);
      if (byKey === undefined) byProcess.set(send.process, (byKey = new Map()));
      let list = byKey.get(send.key);
      if (list === undefined) {
        byKey.set(send.key, (list = []));
        sequences.push(list);
      }
      list.push({ send, partition, valueId: sendIds[i]! });
    }
  }
  for (const list of sequences) {
    // One partition: already in call order. Several: merge by send id.
    if (list.some((entry) => entry.partition !== list[0]!.partition)) list.sort((a, b) => a.send.id - b.send.id);
    const topic = list[0]!.send.topic;
    for (const [group, topics] of context.facts.subscriptions) {
      if (!topics.has(topic)) continue;
      let latest: Read | undefined;
      for (const { send, partition, valueId } of list) {
        const poll = partition.groups.get(group)?.polledAt[valueId];
        if (poll === undefined) continue;
        const read: Read = { send, partition, poll, offset: partition.reads.lowestOffsetOfId(valueId) ?? -1 };
        if (latest === undefined || compareReads(read, latest) > 0) {
          latest = read;
          continue;
        }
        if (compareReads(read, latest) === 0) continue;
        const earlier = latest;
        context.sink.add("nonmonotonic-key", 0, poll.completeUs, () => ({
          type: "nonmonotonic-key",
          partition: partition.name,
          offset: read.offset,
          value: send.value,
          explanation: explain(group, read, earlier),
          details: { group, process: send.process, key: send.key, earlierValue: earlier.send.value, earlierPartition: earlier.partition.name },
        }));
      }
    }
  }
}

function explain(group: string, later: Read, earlier: Read): string {
  const { send } = later;
  const where = (read: Read): string => `${read.partition.name} offset ${read.offset}`;
  const head =
    `${send.process} sent ${earlier.send.value} (${seconds(earlier.send.invokeUs)}) and then ${send.value} (${seconds(send.invokeUs)}), both with key ${send.key}, ` +
    `but group ${group} read ${send.value} (${where(later)}, by ${later.poll.consumer} at ${seconds(later.poll.completeUs)}) ` +
    `before ${earlier.send.value} (${where(earlier)}, by ${earlier.poll.consumer} at ${seconds(earlier.poll.completeUs)})`;
  if (later.partition !== earlier.partition)
    return (
      `${head}: the key's records went to two partitions, and Kafka orders records only within a partition ` +
      "(the partition of a key is murmur2(key) modulo the partition count, so it changes when partitions are added)"
    );
  return `${head}: in ${later.partition.name} the later send landed at a lower offset — the producer's own sends landed out of order (nonmonotonic-send)`;
}
