/**
 * `poll-skip`, `nonmonotonic-poll`, `int-poll-skip`, `int-nonmonotonic-poll`: each consumer process
 * must read each partition contiguously, by index in the version order, between an assignment or
 * position reset and the next one. A rebalance (assign/revoke) or a reset of the partition ends the
 * comparison, so re-delivery and skips across a rebalance are legitimate.
 */
import type { PollOp } from "../../kafka/history.js";
import type { CheckContext } from "./context.js";
import type { PartitionFacts } from "./facts.js";
import { offsetRange, seconds } from "./format.js";
import { TimelineIndex } from "./timeline.js";
import type { AnomalyType } from "./types.js";

/** Where a consumer's reading of a partition stands. */
interface Position {
  index: number;
  offset: number;
  value: string;
  poll: PollOp;
}

/** Skipped values quoted in an explanation. */
const SKIPPED_QUOTED_MAX = 3;

export function checkPolls(context: CheckContext): void {
  const { facts } = context;
  for (const [process, ops] of facts.consumers) {
    const last = new Map<PartitionFacts, Position>();
    for (const op of ops) {
      if (op.kind === "assign") {
        for (const tp of op.assigned) forget(last, facts.find(tp.topic, tp.partition));
        for (const tp of op.revoked) forget(last, facts.find(tp.topic, tp.partition));
        continue;
      }
      if (op.kind === "reset") {
        forget(last, facts.find(op.topic, op.partition));
        continue;
      }
      const inPoll = new Map<PartitionFacts, Position>();
      for (const record of op.records) {
        const partition = facts.find(record.topic, record.partition)!;
        const here: Position = { index: partition.order.indexOf(record.offset), offset: record.offset, value: record.value, poll: op };
        const before = inPoll.get(partition);
        if (before !== undefined) {
          compare(context, partition, process, before, here, true);
        } else {
          const previous = last.get(partition);
          if (previous !== undefined) compare(context, partition, process, previous, here, false);
        }
        inPoll.set(partition, here);
      }
      for (const [partition, position] of inPoll) last.set(partition, position);
    }
  }
}

function forget(last: Map<PartitionFacts, Position>, partition: PartitionFacts | undefined): void {
  if (partition !== undefined) last.delete(partition);
}

function compare(context: CheckContext, partition: PartitionFacts, process: string, before: Position, here: Position, internal: boolean): void {
  if (here.index === before.index + 1) return;
  const skip = here.index > before.index + 1;
  const type: AnomalyType = internal ? (skip ? "int-poll-skip" : "int-nonmonotonic-poll") : skip ? "poll-skip" : "nonmonotonic-poll";
  const weight = skip ? here.index - before.index - 1 : before.index - here.index + 1;
  context.sink.add(type, weight, here.poll.completeUs, () => {
    const poll = here.poll;
    const where = internal
      ? `one poll by ${process} (${poll.group}) at ${seconds(poll.completeUs)} returned offset ${here.offset} right after offset ${before.offset}`
      : `${process} (${poll.group}) polled ${partition.name} up to offset ${before.offset} at ${seconds(before.poll.completeUs)}, then its next poll at ${seconds(poll.completeUs)} started at offset ${here.offset}`;
    const what = skip ? `skipping ${skippedText(partition, before.index + 1, here.index - 1)}` : `going back to or before where it had been (re-delivery)`;
    const rebalance = internal ? "" : ", with no rebalance or position reset of the partition in between";
    return {
      type,
      partition: partition.name,
      offset: here.offset,
      value: here.value,
      explanation: `${where}, ${what}${rebalance}` + TimelineIndex.quote(context.timeline.before(poll.completeUs, partition.name), "before that"),
      details: { process, group: poll.group, fromOffset: before.offset, toOffset: here.offset, pollId: poll.id },
    };
  });
}

function skippedText(partition: PartitionFacts, firstIndex: number, lastIndex: number): string {
  const count = lastIndex - firstIndex + 1;
  const range = offsetRange(partition.order.offsetAt(firstIndex), partition.order.offsetAt(lastIndex));
  const quoted: string[] = [];
  for (let index = firstIndex; index <= lastIndex && quoted.length < SKIPPED_QUOTED_MAX; index++) {
    quoted.push(partition.reads.valueAt(partition.order.offsetAt(index)) ?? "?");
  }
  const more = count > quoted.length ? ", …" : "";
  return `${count} known record${count === 1 ? "" : "s"} at ${range} (${quoted.join(", ")}${more})`;
}
