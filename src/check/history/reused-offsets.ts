/**
 * Records a consumer group skipped at reused offsets: after a log truncation (an unclean election,
 * Last Replica Standing, a correlated power loss) the new leader writes other records at offsets
 * the group had already read. A consumer that does not move back to the first offset known to
 * diverge (KIP-320 validation: unavailable before Kafka 2.3, or LogTruncationException with
 * auto.offset.reset=none) never polls them. This finds, for a record the group never polled, the
 * other record the group did poll at the same offset.
 */
import type { PollOp } from "../../kafka/history.js";
import { polledBy, type GroupPartitionFacts, type PartitionFacts } from "./facts.js";
import { seconds } from "./format.js";

/** What the group read instead at `offset`: another value and the poll that returned it. */
export interface ReadInstead {
  value: string;
  poll: PollOp;
}

export function readInstead(partition: PartitionFacts, group: GroupPartitionFacts | undefined, offset: number, value: string): ReadInstead | undefined {
  if (group === undefined) return undefined;
  const values = partition.reads.conflicts.get(offset);
  if (values === undefined) return undefined;
  for (const other of [...values].sort()) {
    if (other === value) continue;
    const poll = polledBy(partition, group, other);
    if (poll !== undefined) return { value: other, poll };
  }
  return undefined;
}

/** `g1 had read offset 760 when it held p1-760 (g1-1#1 at 20.040s)…` */
export function describeSkip(groupName: string, offset: number, instead: ReadInstead): string {
  return (
    `${groupName} had read offset ${offset} when it held ${instead.value} (${instead.poll.process} at ${seconds(instead.poll.completeUs)}): ` +
    `the log was truncated below the consumer's position and rewritten, and the consumer did not move back to the first offset known to diverge ` +
    `(KIP-320 validation), so it skipped the records written at the reused offsets`
  );
}
