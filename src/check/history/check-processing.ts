/**
 * `lost-processing` and `duplicate-processing`: what each consumer group's application did.
 *
 * Only groups that recorded any processing are checked. A record is owed processing by a group if
 * it exists (in the final readable log, or a poll of the group returned it), lies at or above the
 * group's initial reset position and the log start offset, and below the offset of the group's
 * last successful commit for the partition. A record that exists nowhere is a lost write, not a
 * processing anomaly.
 */
import type { ProcessOp } from "../../kafka/history.js";
import type { CheckContext } from "./context.js";
import { owedFrom, type GroupPartitionFacts, type PartitionFacts } from "./facts.js";
import { seconds } from "./format.js";
import { describeSkip, readInstead } from "./reused-offsets.js";

export function checkProcessing(context: CheckContext): void {
  const processing = new Set<string>();
  for (const partition of context.facts.partitions) {
    for (const group of partition.groups.values()) if (group.processedIds.length > 0) processing.add(group.group);
  }
  for (const partition of context.facts.partitions) {
    for (const group of partition.groups.values()) {
      if (!processing.has(group.group)) continue;
      checkDuplicateProcessing(context, partition, group);
      checkLostProcessing(context, partition, group);
    }
  }
}

function checkDuplicateProcessing(context: CheckContext, partition: PartitionFacts, group: GroupPartitionFacts): void {
  for (const id of group.processedIds) {
    const processed = group.processedAt[id];
    if (!Array.isArray(processed)) continue;
    const value = partition.values.valueOf(id);
    const first = processed[0]!;
    context.sink.add("duplicate-processing", processed.length, first.atUs, () => ({
      type: "duplicate-processing",
      partition: partition.name,
      offset: first.offset,
      value,
      explanation:
        `${group.group} processed ${value} (offset ${first.offset}) ${processed.length} times: ` +
        processed.map((op) => `by ${op.process} at ${seconds(op.atUs)}`).join(", ") +
        crashesBetween(context, processed),
      details: { group: group.group, times: processed.map((op) => op.atUs), processes: processed.map((op) => op.process) },
    }));
  }
}

/** `; g1-1#1 crashed at 3.200s` for processes that crashed between the first and the last processing. */
function crashesBetween(context: CheckContext, processed: readonly ProcessOp[]): string {
  const firstUs = processed[0]!.atUs;
  const lastUs = processed[processed.length - 1]!.atUs;
  const notes: string[] = [];
  for (const process of new Set(processed.map((op) => op.process))) {
    const crash = context.facts.crashes.get(process)?.find((atUs) => atUs >= firstUs && atUs <= lastUs);
    if (crash !== undefined) notes.push(`${process} crashed at ${seconds(crash)}`);
  }
  return notes.length === 0 ? "" : `; ${notes.join(", ")} (processed but not yet committed, then re-delivered)`;
}

function checkLostProcessing(context: CheckContext, partition: PartitionFacts, group: GroupPartitionFacts): void {
  const commit = group.lastCommit;
  if (commit === undefined) return;
  const from = Math.max(owedFrom(group), partition.final?.logStartOffset ?? 0);
  const judge = (id: number, offset: number | undefined): void => {
    if (offset === undefined || offset < from || offset >= commit.offset || group.processedAt[id] !== undefined) return;
    const value = partition.values.valueOf(id);
    context.sink.add("lost-processing", 1, offset, () => {
      const poll = group.polledAt[id];
      const crash = poll === undefined ? undefined : context.facts.crashes.get(poll.process)?.find((atUs) => atUs >= poll.completeUs);
      const instead = poll === undefined ? readInstead(partition, group, offset, value) : undefined;
      // Why it was never processed: polled and not processed before the commit passed it (commit
      // before processing), skipped at an offset reused after a truncation, or never read at all.
      const why =
        poll !== undefined
          ? `${poll.process} polled it at ${seconds(poll.completeUs)}` +
            (crash === undefined ? "" : ` and crashed at ${seconds(crash)}`) +
            " (commit before processing, at most once)"
          : instead !== undefined
            ? `no consumer of ${group.group} ever polled it: ${describeSkip(group.group, offset, instead)}`
            : `no consumer of ${group.group} ever polled it`;
      const op = commit.op;
      const at = seconds(op.completeUs ?? op.invokeUs);
      return {
        type: "lost-processing",
        partition: partition.name,
        offset,
        value,
        explanation:
          `${group.group} committed offset ${commit.offset} for ${partition.name} at ${at} (by ${op.process}` +
          `${op.generation === undefined ? "" : `, generation ${op.generation}`}), past offset ${offset} (${value}), ` +
          `which no consumer of ${group.group} processed; ${why}`,
        details: {
          group: group.group,
          committedOffset: commit.offset,
          commitId: op.id,
          polledBy: poll?.process,
          ...(instead ? { readInstead: instead.value } : {}),
        },
      };
    });
  };
  for (const id of partition.readableIds) judge(id, partition.readableOffset[id]);
  for (const id of group.polledIds) {
    if (partition.readableOffset[id] === undefined) judge(id, partition.reads.lowestOffsetOfId(id));
  }
}
