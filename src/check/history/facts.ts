/**
 * One pass over the history and the final state, sorting everything the checks need by partition,
 * group, consumer process and value. Nothing here judges; the checks do.
 *
 * Values are numbered per partition ({@link ValueIds}); what is known per value (its send, its
 * polls and processings per group, its offset in the final log) sits in arrays indexed by that
 * number, so each observation costs one string lookup however many facts it feeds.
 */
import type { AssignOp, CommitOp, History, PollOp, ProcessOp, ResetOp, SendOp } from "../../kafka/history.js";
import { partitionName } from "./format.js";
import { InternCursor, ReadIndex, ValueIds } from "./reads.js";
import type { FinalPartition, FinalState } from "./types.js";
import { VersionOrder } from "./version-order.js";

/** What one consumer group did with one partition. */
export interface GroupPartitionFacts {
  group: string;
  /** value number → the first poll of this group that returned it (holes: never polled). */
  polledAt: (PollOp | undefined)[];
  /** Value numbers in the order this group first polled them. */
  polledIds: number[];
  /** Highest offset this group polled; -1 if none. */
  maxPolledOffset: number;
  /** The group's first position reset on this partition. */
  firstReset?: ResetOp;
  /** value number → its processing(s) by this group (holes: never processed). */
  processedAt: (ProcessOp | ProcessOp[] | undefined)[];
  /** Value numbers in the order this group first processed them. */
  processedIds: number[];
  /** The successful commit that completed last, and the offset it committed. */
  lastCommit?: { offset: number; op: CommitOp };
  /** This group's place in the partition's values, as it polls and as it processes (ValueIds.intern). */
  readonly pollReader: InternCursor;
  readonly processReader: InternCursor;
}

export interface PartitionFacts {
  name: string;
  topic: string;
  partition: number;
  /** Absent if the runner reported no final state for this partition. */
  final?: FinalPartition;
  /** Every value seen in this partition, numbered. */
  values: ValueIds;
  /** Sends to this partition, in call order. */
  sends: SendOp[];
  /** The value number of each of `sends`. */
  sendIds: number[];
  /** value number → the send that wrote it (values are unique per record). */
  sendAt: (SendOp | undefined)[];
  /** Every (offset, value) observed: acks with an offset, polls, the final readable log. */
  reads: ReadIndex;
  /** The final readable log (leader, logStartOffset ≤ offset < HW): value number → offset. */
  readableOffset: (number | undefined)[];
  /** Value numbers of the final readable log, in log order (each once). */
  readableIds: number[];
  order: VersionOrder;
  groups: Map<string, GroupPartitionFacts>;
}

export type ConsumerOp = PollOp | AssignOp | ResetOp;

export interface HistoryFacts {
  /** Sorted by topic, then partition. */
  partitions: PartitionFacts[];
  /** Consumer process → its polls, assignments and resets, in history order. */
  consumers: Map<string, ConsumerOp[]>;
  /** Client process → times it crashed. */
  crashes: Map<string, number[]>;
  /** Group → topics it reads. */
  subscriptions: Map<string, Set<string>>;
  find(topic: string, partition: number): PartitionFacts | undefined;
}

export function gatherFacts(history: History, final: FinalState, subscriptions?: Record<string, string[]>): HistoryFacts {
  const byTopic = new Map<string, Map<number, PartitionFacts>>();
  const at = (topic: string, partition: number): PartitionFacts => {
    let partitions = byTopic.get(topic);
    if (partitions === undefined) byTopic.set(topic, (partitions = new Map()));
    let facts = partitions.get(partition);
    if (facts === undefined) {
      const values = new ValueIds();
      facts = {
        name: partitionName(topic, partition),
        topic,
        partition,
        values,
        sends: [],
        sendIds: [],
        sendAt: [],
        reads: new ReadIndex(values),
        readableOffset: [],
        readableIds: [],
        order: new VersionOrder([]),
        groups: new Map(),
      };
      partitions.set(partition, facts);
    }
    return facts;
  };
  const groupAt = (facts: PartitionFacts, group: string): GroupPartitionFacts => {
    let found = facts.groups.get(group);
    if (found === undefined) {
      found = {
        group,
        polledAt: [],
        polledIds: [],
        maxPolledOffset: -1,
        processedAt: [],
        processedIds: [],
        pollReader: new InternCursor(),
        processReader: new InternCursor(),
      };
      facts.groups.set(group, found);
    }
    return found;
  };
  const consumers = new Map<string, ConsumerOp[]>();
  const trail = (process: string): ConsumerOp[] => {
    let ops = consumers.get(process);
    if (ops === undefined) consumers.set(process, (ops = []));
    return ops;
  };
  const crashes = new Map<string, number[]>();
  const reads = new Map<string, Set<string>>();
  const reading = (group: string, topic: string): void => {
    let topics = reads.get(group);
    if (topics === undefined) reads.set(group, (topics = new Set()));
    topics.add(topic);
  };

  for (const op of history) {
    switch (op.kind) {
      case "send": {
        const facts = at(op.topic, op.partition);
        const id = facts.values.intern(op.value);
        facts.sends.push(op);
        facts.sendIds.push(id);
        if (facts.sendAt[id] === undefined) facts.sendAt[id] = op;
        if (op.outcome === "ok" && op.offset !== undefined) facts.reads.add(op.offset, id);
        break;
      }
      case "poll": {
        trail(op.process).push(op);
        // A batch is mostly one partition: look the partition up only when it changes.
        let facts: PartitionFacts | undefined;
        let group: GroupPartitionFacts | undefined;
        for (const record of op.records) {
          if (facts === undefined || facts.partition !== record.partition || facts.topic !== record.topic) {
            facts = at(record.topic, record.partition);
            group = groupAt(facts, op.group);
            reading(op.group, record.topic);
          }
          const id = facts.values.intern(record.value, group!.pollReader);
          facts.reads.add(record.offset, id);
          if (group!.polledAt[id] === undefined) {
            group!.polledAt[id] = op;
            group!.polledIds.push(id);
          }
          if (record.offset > group!.maxPolledOffset) group!.maxPolledOffset = record.offset;
        }
        break;
      }
      case "assign":
        trail(op.process).push(op);
        for (const tp of op.assigned) reading(op.group, tp.topic);
        break;
      case "reset": {
        trail(op.process).push(op);
        const group = groupAt(at(op.topic, op.partition), op.group);
        if (group.firstReset === undefined) group.firstReset = op;
        reading(op.group, op.topic);
        break;
      }
      case "commit":
        if (op.outcome !== "ok") break;
        for (const committed of op.offsets) {
          const group = groupAt(at(committed.topic, committed.partition), op.group);
          if (group.lastCommit === undefined || completedLater(op, group.lastCommit.op)) {
            group.lastCommit = { offset: committed.offset, op };
          }
          reading(op.group, committed.topic);
        }
        break;
      case "process": {
        const facts = at(op.topic, op.partition);
        const group = groupAt(facts, op.group);
        const id = facts.values.intern(op.value, group.processReader);
        const earlier = group.processedAt[id];
        if (earlier === undefined) {
          group.processedAt[id] = op;
          group.processedIds.push(id);
        } else if (Array.isArray(earlier)) earlier.push(op);
        else group.processedAt[id] = [earlier, op];
        reading(op.group, op.topic);
        break;
      }
      case "client-crash": {
        const times = crashes.get(op.process);
        if (times === undefined) crashes.set(op.process, [op.atUs]);
        else times.push(op.atUs);
        break;
      }
      case "client-start":
      case "client-stop":
        break;
    }
  }

  for (const partition of final.partitions) {
    const facts = at(partition.topic, partition.partition);
    if (facts.final !== undefined) throw new Error(`final state lists ${facts.name} twice`);
    facts.final = partition;
    const reader = new InternCursor();
    for (const record of readableLog(partition)) {
      const id = facts.values.intern(record.value, reader);
      facts.reads.add(record.offset, id);
      if (facts.readableOffset[id] === undefined) {
        facts.readableOffset[id] = record.offset;
        facts.readableIds.push(id);
      }
    }
  }

  const partitions: PartitionFacts[] = [];
  for (const topic of [...byTopic.keys()].sort()) {
    const inTopic = byTopic.get(topic)!;
    for (const number of [...inTopic.keys()].sort((a, b) => a - b)) {
      const facts = inTopic.get(number)!;
      facts.order = new VersionOrder(facts.reads.offsets());
      partitions.push(facts);
    }
  }
  const declared = subscriptions === undefined ? reads : new Map(Object.entries(subscriptions).map(([group, topics]) => [group, new Set(topics)]));
  return {
    partitions,
    consumers,
    crashes,
    subscriptions: declared,
    find: (topic, partition) => byTopic.get(topic)?.get(partition),
  };
}

/** The records a consumer can read at the end: the leader's log from logStartOffset up to its HW. */
export function readableLog(partition: FinalPartition): FinalPartition["leaderLog"] {
  if (partition.leader === null) return [];
  return partition.leaderLog.filter((record) => record.offset >= partition.logStartOffset && record.offset < partition.highWatermark);
}

function completedLater(a: CommitOp, b: CommitOp): boolean {
  const aUs = a.completeUs ?? a.invokeUs;
  const bUs = b.completeUs ?? b.invokeUs;
  return aUs > bUs || (aUs === bUs && a.id > b.id);
}

/**
 * The first offset a group owes a read of: records below its initial `auto.offset.reset=latest`
 * position were never meant for it (docs/anomalies.md). 0 otherwise.
 */
export function owedFrom(group: GroupPartitionFacts | undefined): number {
  const reset = group?.firstReset;
  return reset !== undefined && reset.reason === "latest" ? reset.offset : 0;
}

/** The first poll of some group (in order of the groups' first reads) that returned the value numbered `id`. */
export function polledByAnyone(partition: PartitionFacts, id: number): PollOp | undefined {
  for (const group of partition.groups.values()) {
    const poll = group.polledAt[id];
    if (poll !== undefined) return poll;
  }
  return undefined;
}

/** The send that wrote a value, if the history has one. */
export function sendOf(partition: PartitionFacts, value: string): SendOp | undefined {
  const id = partition.values.idOf(value);
  return id === undefined ? undefined : partition.sendAt[id];
}

/** The first poll of a group that returned a value, if any. */
export function polledBy(partition: PartitionFacts, group: GroupPartitionFacts, value: string): PollOp | undefined {
  const id = partition.values.idOf(value);
  return id === undefined ? undefined : group.polledAt[id];
}

/** The value at an offset of the final readable log, found by binary search (a log is sorted). */
export function finalValueAt(partition: FinalPartition, offset: number): string | undefined {
  if (partition.leader === null || offset < partition.logStartOffset || offset >= partition.highWatermark) return undefined;
  const log = partition.leaderLog;
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (log[mid]!.offset < offset) lo = mid + 1;
    else hi = mid;
  }
  return log[lo]?.offset === offset ? log[lo]!.value : undefined;
}
