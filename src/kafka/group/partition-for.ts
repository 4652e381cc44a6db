/**
 * Which `__consumer_offsets` partition holds a group: `Utils.abs(groupId.hashCode()) %
 * offsets.topic.num.partitions` (docs/kafka-rules.md §6.1, GroupCoordinatorService.partitionFor). The
 * leader of that partition is the group's coordinator.
 */

/** Kafka's internal topic of committed offsets and group metadata. */
export const OFFSETS_TOPIC = "__consumer_offsets";

/** Java's `String.hashCode()`: s[0]·31^(n-1) + … + s[n-1] in 32-bit two's complement, over UTF-16 units. */
export function javaStringHashCode(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}

/** Kafka's `Utils.abs`: |n|, except Integer.MIN_VALUE maps to 0 (not `toPositive`, which masks the sign bit). */
export function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/** The `__consumer_offsets` partition of a group. */
export function partitionForGroup(groupId: string, offsetsPartitions: number): number {
  if (!(offsetsPartitions >= 1)) throw new Error(`offsets.topic.num.partitions must be ≥ 1, found ${offsetsPartitions}`);
  return kafkaAbs(javaStringHashCode(groupId)) % offsetsPartitions;
}
