/**
 * Helpers shared by the assignors: partition keys, ordering, subscribed-topic metadata and output
 * normalisation.
 */
import type { Assignment, AssignorInput, AssignorMember, TopicPartition } from "./types.js";

/** A string key that identifies a topic partition (usable in Map/Set). */
export function tpKey(tp: TopicPartition): string {
  return `${tp.topic}\u0000${tp.partition}`;
}

/** Java's `String.compareTo` (UTF-16 code unit order), which is what JS `<` also does. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order by topic, then partition number. */
export function compareTp(a: TopicPartition, b: TopicPartition): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

/** A copy of `tps`, sorted by (topic, partition). */
function sortTps(tps: readonly TopicPartition[]): TopicPartition[] {
  return tps.map((tp) => ({ topic: tp.topic, partition: tp.partition })).sort(compareTp);
}

/** Deduplicated topic list of a member, in first-seen order. */
export function memberTopics(member: AssignorMember): string[] {
  return [...new Set(member.topics)];
}

/**
 * Partition counts of the topics that at least one member subscribes to and that exist in the
 * metadata (what `AbstractPartitionAssignor.assign` hands to `assign(partitionsPerTopic, ...)`).
 */
export function subscribedPartitions(input: AssignorInput): Map<string, number> {
  const out = new Map<string, number>();
  for (const member of input.members) {
    for (const topic of member.topics) {
      const count = input.partitions[topic];
      if (count !== undefined && !out.has(topic)) out.set(topic, Math.max(0, Math.floor(count)));
    }
  }
  return out;
}

/** Check member ids are unique; assignors key their output by member id. */
export function checkMembers(input: AssignorInput): void {
  const seen = new Set<string>();
  for (const m of input.members) {
    if (seen.has(m.id)) throw new Error(`assignor: duplicate member id ${JSON.stringify(m.id)}`);
    seen.add(m.id);
  }
}

/** Build the output: every member present, every list sorted by (topic, partition). */
export function finalize(members: readonly AssignorMember[], lists: ReadonlyMap<string, readonly TopicPartition[]>): Assignment {
  const out: Assignment = {};
  for (const m of members) out[m.id] = sortTps(lists.get(m.id) ?? []);
  return out;
}
