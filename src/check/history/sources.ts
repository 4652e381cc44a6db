/**
 * Who saw what, for the few offsets and values that anomalies are about. Built lazily, in one
 * pass over the history, only when the first duplicate or inconsistent-offsets explanation is
 * written; a clean history never pays for it.
 */
import type { History } from "../../kafka/history.js";
import { seconds } from "./format.js";
import { readableLog, type HistoryFacts, type PartitionFacts } from "./facts.js";

/** One observation of (offset, value). */
export interface ReadSource {
  offset: number;
  value: string;
  /** `ack from broker-1 at 2.000s`, `poll by g1-1#1 at 3.100s`, `final log of broker-2`. */
  source: string;
  atUs: number;
}

/** The time given to reads of the final log, which happen after everything else. */
export const FINAL_LOG_US = Number.MAX_SAFE_INTEGER;

/** Sources quoted per (offset, value) pair, so that a record re-delivered 1000 times reads short. */
const QUOTED_PER_PAIR_MAX = 3;

export class ReadSources {
  private byPartition: Map<PartitionFacts, ReadSource[]> | undefined;

  constructor(
    private readonly history: History,
    private readonly facts: HistoryFacts,
  ) {}

  /** The sources of reads of one offset (any value). */
  atOffset(partition: PartitionFacts, offset: number): ReadSource[] {
    return this.of(partition).filter((read) => read.offset === offset);
  }

  /** The sources of reads of one value (any offset). */
  ofValue(partition: PartitionFacts, value: string): ReadSource[] {
    return this.of(partition).filter((read) => read.value === value);
  }

  /** `p1-5 (ack from broker-1 at 2.000s; poll by g1-1#1 at 3.000s)`, grouped by `key`. */
  static describe(reads: readonly ReadSource[], key: (read: ReadSource) => string): string {
    const grouped = new Map<string, string[]>();
    for (const read of reads) {
      const label = key(read);
      let list = grouped.get(label);
      if (list === undefined) grouped.set(label, (list = []));
      if (list.length < QUOTED_PER_PAIR_MAX) list.push(read.source);
      else if (list.length === QUOTED_PER_PAIR_MAX) list.push("…");
    }
    return [...grouped].map(([label, sources]) => `${label} (${sources.join("; ")})`).join(" and ");
  }

  private of(partition: PartitionFacts): ReadSource[] {
    if (this.byPartition === undefined) this.byPartition = this.build();
    return this.byPartition.get(partition) ?? [];
  }

  private build(): Map<PartitionFacts, ReadSource[]> {
    const found = new Map<PartitionFacts, ReadSource[]>();
    const interesting = (partition: PartitionFacts | undefined, offset: number, value: string): partition is PartitionFacts =>
      partition !== undefined && (partition.reads.conflicts.has(offset) || partition.reads.repeats.has(value));
    const note = (partition: PartitionFacts, offset: number, value: string, source: string, atUs: number) => {
      let list = found.get(partition);
      if (list === undefined) found.set(partition, (list = []));
      list.push({ offset, value, source, atUs });
    };
    for (const op of this.history) {
      if (op.kind === "send" && op.outcome === "ok" && op.offset !== undefined) {
        const partition = this.facts.find(op.topic, op.partition);
        if (!interesting(partition, op.offset, op.value)) continue;
        const at = op.completeUs ?? op.invokeUs;
        const from = op.ackedBy === undefined ? "" : ` from ${op.ackedBy}`;
        note(partition, op.offset, op.value, `ack${from} (acks=${op.acks}) at ${seconds(at)}`, at);
      } else if (op.kind === "poll") {
        for (const record of op.records) {
          const partition = this.facts.find(record.topic, record.partition);
          if (!interesting(partition, record.offset, record.value)) continue;
          note(partition, record.offset, record.value, `poll by ${op.process} at ${seconds(op.completeUs)}`, op.completeUs);
        }
      }
    }
    for (const partition of this.facts.partitions) {
      const final = partition.final;
      if (final === undefined) continue;
      for (const record of readableLog(final)) {
        if (!interesting(partition, record.offset, record.value)) continue;
        note(partition, record.offset, record.value, `final log of leader ${final.leader}`, FINAL_LOG_US);
      }
    }
    return found;
  }
}
