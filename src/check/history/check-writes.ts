/**
 * `lost-write`, `unreadable` and `unseen`: what became of acknowledged and observed records.
 *
 * A record is judged if its send was acknowledged (acks=1/all) or a poll returned it. If it is in
 * the final readable log (the leader's log below its HW) it survived. Otherwise it is lost when
 * the partition converged (kafkasim's rule, even at the tail), when consumers read past its index
 * and no poll ever returned it (Jepsen's rule), or when no replica holds it; else it is
 * `unreadable` (formerly `unavailable`: held by a replica, readable from none). Unknown-outcome and acks=0 sends are never judged unless observed. Records below
 * the log start offset were deleted by retention and are not judged.
 */
import type { PollOp, SendOp } from "../../kafka/history.js";
import type { CheckContext } from "./context.js";
import { finalValueAt, owedFrom, polledByAnyone, type GroupPartitionFacts, type PartitionFacts } from "./facts.js";
import { describeSend, isAcknowledged, seconds } from "./format.js";
import { describeSkip, readInstead } from "./reused-offsets.js";
import { TimelineIndex } from "./timeline.js";
import type { FinalPartition } from "./types.js";

export function checkWrites(context: CheckContext): void {
  for (const partition of context.facts.partitions) {
    checkLoss(context, partition);
    checkUnseen(context, partition);
  }
}

function checkLoss(context: CheckContext, partition: PartitionFacts): void {
  const final = partition.final;
  let holders: Map<string, string> | undefined;
  const judge = (id: number, send: SendOp | undefined, poll: PollOp | undefined): void => {
    if (partition.readableOffset[id] !== undefined) return;
    const value = partition.values.valueOf(id);
    const offset = send?.outcome === "ok" && send.offset !== undefined ? send.offset : partition.reads.lowestOffsetOfId(id);
    if (final !== undefined && offset !== undefined && offset < final.logStartOffset) return;
    const readPast = poll === undefined && offset !== undefined ? groupReadPast(partition, offset) : undefined;
    let holder: string | undefined;
    if (final !== undefined && !final.converged) holder = (holders ??= holdersOf(final)).get(value);
    const lost = readPast !== undefined || (final !== undefined && (final.converged || holder === undefined));
    const loss: Loss = { value, offset, send, poll, readPast, holder };
    const fromUs = send?.completeUs ?? send?.invokeUs ?? poll?.completeUs ?? 0;
    if (lost) {
      const weight = (send !== undefined && isAcknowledged(send) ? (send.acks === "all" ? 3 : 2) : 1) + (readPast ? 0.5 : 0);
      context.sink.add("lost-write", weight, fromUs, () => ({
        type: "lost-write",
        partition: partition.name,
        offset,
        value,
        explanation: explainLoss(context, partition, loss, fromUs),
        details: lossDetails(loss, readPast !== undefined ? "read-past" : "final-log"),
      }));
    } else if (holder !== undefined) {
      context.sink.add("unreadable", 1, fromUs, () => ({
        type: "unreadable",
        partition: partition.name,
        offset,
        value,
        explanation: explainLoss(context, partition, loss, fromUs),
        details: { ...lossDetails(loss, "not-readable"), heldBy: holder },
      }));
    }
  };
  const { sends, sendIds } = partition;
  for (let i = 0; i < sends.length; i++) {
    const send = sends[i]!;
    const poll = polledByAnyone(partition, sendIds[i]!);
    if (isAcknowledged(send) || poll !== undefined) judge(sendIds[i]!, send, poll);
  }
  let judged: Set<number> | undefined;
  for (const group of partition.groups.values()) {
    for (const id of group.polledIds) {
      if (partition.sendAt[id] !== undefined || judged?.has(id)) continue;
      (judged ??= new Set()).add(id);
      judge(id, undefined, group.polledAt[id]);
    }
  }
}

interface Loss {
  value: string;
  offset: number | undefined;
  send: SendOp | undefined;
  poll: PollOp | undefined;
  readPast: GroupPartitionFacts | undefined;
  holder: string | undefined;
}

/** A group that polled beyond this offset although it owed a read of it (Jepsen's rule). */
function groupReadPast(partition: PartitionFacts, offset: number): GroupPartitionFacts | undefined {
  for (const group of partition.groups.values()) {
    if (group.maxPolledOffset > offset && offset >= owedFrom(group)) return group;
  }
  return undefined;
}

/** value → the first broker whose final log (leader or replica, any offset) holds it. */
function holdersOf(final: FinalPartition): Map<string, string> {
  const holders = new Map<string, string>();
  if (final.leader !== null) for (const record of final.leaderLog) holders.set(record.value, final.leader);
  for (const replica of final.replicas) {
    for (const record of replica.log) if (!holders.has(record.value)) holders.set(record.value, replica.broker);
  }
  return holders;
}

function explainLoss(context: CheckContext, partition: PartitionFacts, loss: Loss, fromUs: number): string {
  const { value, offset, send, poll, readPast, holder } = loss;
  const final = partition.final;
  const parts: string[] = [send === undefined ? `${value} has no recorded send` : `${value} was ${describeSend(send, context.facts.crashes)}`];
  if (poll !== undefined) parts.push(`${poll.process} (${poll.group}) polled it at ${seconds(poll.completeUs)}`);
  if (final === undefined) {
    parts.push(`the run reported no final state for ${partition.name}`);
  } else if (final.converged) {
    const other = offset === undefined ? undefined : finalValueAt(final, offset);
    const instead = other === undefined ? "" : ` (offset ${offset} holds ${other} instead)`;
    parts.push(`after the drain the converged leader ${final.leader} has no such record below its HW ${final.highWatermark}${instead}`);
  } else {
    const leader = final.leader === null ? "there is no leader" : `the leader ${final.leader} cannot serve it (HW ${final.highWatermark})`;
    const kept = holder === undefined ? "no replica holds it" : `only ${holder} still holds it`;
    parts.push(`${partition.name} did not converge (${final.whyNotConverged ?? "reason not given"}): ${leader} and ${kept}`);
  }
  if (readPast !== undefined) {
    parts.push(`consumers read past it (${readPast.group} polled up to offset ${readPast.maxPolledOffset}) yet no poll ever returned it`);
  }
  // The fault in force when it was acknowledged (a partition cutting the leader off, say), then what followed.
  const cause = context.timeline
    .before(fromUs, partition.name, send?.ackedBy)
    .filter((entry) => entry.kind.startsWith("fault"))
    .slice(-1);
  return (
    parts.join("; ") + TimelineIndex.quote(cause, "before that") + TimelineIndex.quote(context.timeline.after(fromUs, partition.name, send?.ackedBy), "then")
  );
}

function lossDetails(loss: Loss, rule: string): Record<string, unknown> {
  const { send, poll } = loss;
  return {
    rule,
    sendId: send?.id,
    process: send?.process,
    acks: send?.acks,
    ackedBy: send?.ackedBy,
    outcome: send?.outcome,
    ackUs: send?.completeUs,
    polledBy: poll?.process,
    polledUs: poll?.completeUs,
    readPastBy: loss.readPast?.group,
    readPastOffset: loss.readPast?.maxPolledOffset,
  };
}

function checkUnseen(context: CheckContext, partition: PartitionFacts): void {
  const final = partition.final;
  if (!context.drained || final === undefined || !final.converged) return;
  const owing: { group: string; facts: GroupPartitionFacts | undefined; from: number }[] = [];
  for (const [group, topics] of context.facts.subscriptions) {
    if (!topics.has(partition.topic)) continue;
    const facts = partition.groups.get(group);
    owing.push({ group, facts, from: owedFrom(facts) });
  }
  if (owing.length === 0) return;
  owing.sort((a, b) => (a.group < b.group ? -1 : 1));
  for (const id of partition.readableIds) {
    const offset = partition.readableOffset[id]!;
    let missed: typeof owing | undefined;
    for (const owed of owing) {
      if (offset >= owed.from && owed.facts?.polledAt[id] === undefined) (missed ??= []).push(owed);
    }
    if (missed === undefined) continue;
    const groups = missed;
    const value = partition.values.valueOf(id);
    context.sink.add("unseen", 0, offset, () => {
      const send = partition.sendAt[id];
      const who = groups.map(({ group, facts }) =>
        facts === undefined || facts.maxPolledOffset < 0
          ? `${group} (never polled ${partition.name})`
          : `${group} (polled up to offset ${facts.maxPolledOffset})`,
      );
      const origin = send === undefined ? "" : `; it was ${describeSend(send, context.facts.crashes)}`;
      const skipped = groups.map(({ group, facts }) => ({ group, instead: readInstead(partition, facts, offset, value) })).find((g) => g.instead !== undefined);
      const reused = skipped === undefined ? "" : `; ${describeSkip(skipped.group, offset, skipped.instead!)}`;
      return {
        type: "unseen",
        partition: partition.name,
        offset,
        value,
        explanation: `${value} at offset ${offset} is below the HW ${final.highWatermark} of the converged leader ${final.leader}, but no consumer of ${who.join(", ")} polled it${origin}${reused}`,
        details: { groups: groups.map((owed) => owed.group), sendId: send?.id, ...(skipped ? { readInstead: skipped.instead!.value } : {}) },
      };
    });
  }
}
