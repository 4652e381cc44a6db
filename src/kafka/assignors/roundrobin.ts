/**
 * Kafka's RoundRobinAssignor (eager).
 *
 * All partitions of all subscribed topics are sorted by (topic, partition) and dealt to the members
 * (sorted by id) in a circle; the circle position carries over between partitions, and members not
 * subscribed to a partition's topic are skipped (RoundRobinAssignor javadoc / `assign`).
 */
import { checkMembers, compareStrings, finalize, memberTopics, subscribedPartitions } from "./common.js";
import type { Assignment, Assignor, AssignorInput, TopicPartition } from "./types.js";

/** Compute the round-robin assignment. */
export function roundRobinAssign(input: AssignorInput): Assignment {
  checkMembers(input);
  const counts = subscribedPartitions(input);
  const lists = new Map<string, TopicPartition[]>(input.members.map((m) => [m.id, []]));
  const members = [...input.members].sort((a, b) => compareStrings(a.id, b.id));
  const topicsOf = new Map(members.map((m) => [m.id, new Set(memberTopics(m))]));

  const topics = [...counts.keys()].sort(compareStrings);
  let cursor = 0;
  for (const topic of topics) {
    for (let p = 0; p < counts.get(topic)!; p++) {
      // Some member subscribes to `topic` (it is in `counts`), so this loop terminates.
      while (!topicsOf.get(members[cursor]!.id)!.has(topic)) cursor = (cursor + 1) % members.length;
      lists.get(members[cursor]!.id)!.push({ topic, partition: p });
      cursor = (cursor + 1) % members.length;
    }
  }
  return finalize(input.members, lists);
}

/** `org.apache.kafka.clients.consumer.RoundRobinAssignor` ("roundrobin"). */
export const roundrobin: Assignor = { name: "roundrobin", protocol: "eager", assign: roundRobinAssign };
