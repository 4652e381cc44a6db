/**
 * Kafka's RangeAssignor (eager), without rack awareness.
 *
 * Works topic by topic: the topic's subscribers are sorted by member id and its partitions by
 * number; with P partitions and C subscribers each subscriber gets ⌊P/C⌋ consecutive partitions
 * and the first P mod C subscribers get one extra (RangeAssignor javadoc / `assignRanges`).
 */
import { checkMembers, compareStrings, finalize, memberTopics, subscribedPartitions } from "./common.js";
import type { Assignment, Assignor, AssignorInput, TopicPartition } from "./types.js";

/** Compute the range assignment. */
export function rangeAssign(input: AssignorInput): Assignment {
  checkMembers(input);
  const counts = subscribedPartitions(input);
  const lists = new Map<string, TopicPartition[]>(input.members.map((m) => [m.id, []]));

  const subscribers = new Map<string, string[]>();
  for (const member of input.members) {
    for (const topic of memberTopics(member)) {
      if (!counts.has(topic)) continue;
      const list = subscribers.get(topic) ?? [];
      list.push(member.id);
      subscribers.set(topic, list);
    }
  }

  for (const [topic, consumers] of subscribers) {
    const numPartitions = counts.get(topic)!;
    consumers.sort(compareStrings);
    const perConsumer = Math.floor(numPartitions / consumers.length);
    const withExtra = numPartitions % consumers.length;
    consumers.forEach((id, i) => {
      const start = perConsumer * i + Math.min(i, withExtra);
      const length = perConsumer + (i < withExtra ? 1 : 0);
      const list = lists.get(id)!;
      for (let p = start; p < start + length; p++) list.push({ topic, partition: p });
    });
  }
  return finalize(input.members, lists);
}

/** `org.apache.kafka.clients.consumer.RangeAssignor` ("range"). */
export const range: Assignor = { name: "range", protocol: "eager", assign: rangeAssign };
