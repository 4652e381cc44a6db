/**
 * `duplicate`, `inconsistent-offsets` and `nonmonotonic-send`: where records landed.
 *
 * Every read (acknowledgements with an offset, polls, the final readable log) has already been
 * indexed; sends without an offset (acks=0, unknown outcome, DUPLICATE_SEQUENCE_NUMBER) are placed
 * by value at the lowest offset any read saw them, before producer order is checked.
 */
import type { SendOp } from "../../kafka/history.js";
import type { CheckContext } from "./context.js";
import { sendOf, type PartitionFacts } from "./facts.js";
import { describeSend, seconds } from "./format.js";
import { FINAL_LOG_US, ReadSources } from "./sources.js";
import { TimelineIndex } from "./timeline.js";

export function checkOrder(context: CheckContext): void {
  for (const partition of context.facts.partitions) {
    checkDuplicates(context, partition);
    checkInconsistentOffsets(context, partition);
    checkSendOrder(context, partition);
  }
}

function checkDuplicates(context: CheckContext, partition: PartitionFacts): void {
  for (const [value, offsets] of partition.reads.repeats) {
    const sorted = [...offsets].sort((a, b) => a - b);
    context.sink.add("duplicate", sorted.length, sorted[0]!, () => {
      const send = sendOf(partition, value);
      const reads = context.sources.ofValue(partition, value);
      const seen = ReadSources.describe(reads, (read) => `offset ${read.offset}`);
      const again = send === undefined ? [] : partition.sends.filter((s) => s.value === value && s.process !== send.process);
      const origin =
        send === undefined
          ? "it has no recorded send"
          : `it was ${describeSend(send, context.facts.crashes)}${again.map((s) => `; again ${describeSend(s, context.facts.crashes)}`).join("")}`;
      // The cluster events before the last read that revealed the second copy (final logs have no time).
      let lastSeenUs = send?.completeUs ?? send?.invokeUs ?? 0;
      for (const read of reads) if (read.atUs !== FINAL_LOG_US) lastSeenUs = Math.max(lastSeenUs, read.atUs);
      const cluster = TimelineIndex.quote(context.timeline.before(lastSeenUs, partition.name), "before that");
      return {
        type: "duplicate",
        partition: partition.name,
        offset: sorted[0],
        value,
        explanation: `${send !== undefined && again.length > 0 ? resentPreamble(send, again) : ""}${value} appears at ${sorted.length} offsets of ${partition.name}: ${seen}; ${origin}${cluster}`,
        details: { offsets: sorted, sendId: send?.id },
      };
    });
  }
}

/**
 * The same value handed to `send()` again by another producer process (an application that re-sends
 * what it never saw acknowledged after a restart): each process has its own producer id, and the
 * broker deduplicates only retries of one producer id and epoch (KIP-98), so it wrote the record again.
 */
function resentPreamble(first: SendOp, again: readonly SendOp[]): string {
  const processes = [...new Set(again.map((s) => s.process))].join(", ");
  return (
    `${first.process} sent ${first.value} and ${processes} sent it again after a restart; ` +
    "a new producer process has a new producer id, and a broker recognises only retries of one producer id and epoch (KIP-98), so it wrote the record again. "
  );
}

function checkInconsistentOffsets(context: CheckContext, partition: PartitionFacts): void {
  for (const [offset, values] of partition.reads.conflicts) {
    context.sink.add("inconsistent-offsets", values.size, offset, () => {
      const reads = context.sources.atOffset(partition, offset);
      const firstUs = reads.reduce((least, read) => Math.min(least, read.atUs), FINAL_LOG_US);
      const seen = ReadSources.describe(reads, (read) => read.value);
      const cluster = TimelineIndex.quote(context.timeline.after(firstUs, partition.name), "then");
      return {
        type: "inconsistent-offsets",
        partition: partition.name,
        offset,
        explanation: `offset ${offset} of ${partition.name} was seen holding ${values.size} different values: ${seen}${cluster}`,
        details: { values: [...values].sort() },
      };
    });
  }
}

/** Adjacent sends of one producer process, in call order, must land at increasing indices. */
function checkSendOrder(context: CheckContext, partition: PartitionFacts): void {
  const previousOf = new Map<string, { send: SendOp; index: number; offset: number }>();
  const { sends, sendIds } = partition;
  for (let i = 0; i < sends.length; i++) {
    const send = sends[i]!;
    const offset = send.outcome === "ok" && send.offset !== undefined ? send.offset : partition.reads.lowestOffsetOfId(sendIds[i]!);
    if (offset === undefined) continue;
    const index = partition.order.indexOf(offset);
    const previous = previousOf.get(send.process);
    previousOf.set(send.process, { send, index, offset });
    if (previous === undefined || index > previous.index) continue;
    const earlier = previous;
    context.sink.add("nonmonotonic-send", 0, send.invokeUs, () => ({
      type: "nonmonotonic-send",
      partition: partition.name,
      offset,
      value: send.value,
      explanation:
        `${send.process} sent ${earlier.send.value} (${seconds(earlier.send.invokeUs)}) before ${send.value} (${seconds(send.invokeUs)}), ` +
        `but ${send.value} landed at offset ${offset}, ${index === earlier.index ? "the same index as" : "before"} ${earlier.send.value} at offset ${earlier.offset}; ` +
        `${earlier.send.value} was ${describeSend(earlier.send, context.facts.crashes)}; ${send.value} was ${describeSend(send, context.facts.crashes)}` +
        TimelineIndex.quote(context.timeline.before(send.completeUs ?? send.invokeUs, partition.name), "before that"),
      details: { process: send.process, earlierSendId: earlier.send.id, laterSendId: send.id, earlierOffset: earlier.offset, laterOffset: offset },
    }));
  }
}
