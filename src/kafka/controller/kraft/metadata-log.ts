/**
 * The `__cluster_metadata` log of one KRaft node: an append file of entries (offset, epoch,
 * record), one entry per record, with the epoch lookups Raft's fetch reconciliation needs
 * (docs/kafka-rules.md §4.2). Voters keep it on their simulated disk; observers (brokers) may keep an
 * in-memory AppendFile and refetch after a restart.
 */
import type { AppendFile } from "../../../sim/disk.js";
import type { Micros } from "../../../sim/time.js";
import type { MetadataLogEntry, MetadataRecord } from "../../protocol/kraft.js";

export const METADATA_LOG_FILE = "__cluster_metadata-0/log";

export class MetadataLog {
  constructor(readonly file: AppendFile<MetadataLogEntry>) {
    // Entries are stored densely from offset 0 (no snapshots in the model).
    for (let i = 0; i < file.entries.length; i++) {
      if (file.entries[i]!.offset !== i) throw new Error(`metadata log corrupt: entry ${i} has offset ${file.entries[i]!.offset}`);
    }
  }

  /** Exclusive end offset (LEO). */
  get endOffset(): number {
    return this.file.length;
  }

  /** Epoch of the last entry, 0 when empty. */
  get lastEpoch(): number {
    const n = this.file.length;
    return n === 0 ? 0 : this.file.entries[n - 1]!.epoch;
  }

  entry(offset: number): MetadataLogEntry | undefined {
    return this.file.entries[offset];
  }

  /** Epoch of the entry before `offset` (-1 for offset 0). */
  epochBefore(offset: number): number {
    return offset <= 0 ? -1 : (this.file.entries[offset - 1]?.epoch ?? -1);
  }

  /**
   * Kafka's endOffsetForEpoch: the largest epoch ≤ `epoch` present in the log and the exclusive end
   * offset of its entries. With no such epoch: (-1, 0).
   */
  endOffsetForEpoch(epoch: number): { epoch: number; endOffset: number } {
    const entries = this.file.entries;
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i]!.epoch <= epoch) return { epoch: entries[i]!.epoch, endOffset: i + 1 };
    }
    return { epoch: -1, endOffset: 0 };
  }

  /** Append records in `epoch`; returns the new entries. */
  appendRecords(records: readonly MetadataRecord[], epoch: number, nowUs: Micros): MetadataLogEntry[] {
    const added: MetadataLogEntry[] = [];
    for (const record of records) {
      const entry: MetadataLogEntry = { offset: this.file.length, epoch, record };
      this.file.append(entry, nowUs);
      added.push(entry);
    }
    return added;
  }

  /** Append entries fetched from the leader (offsets must continue the log). */
  appendEntries(entries: readonly MetadataLogEntry[], nowUs: Micros): void {
    for (const entry of entries) {
      if (entry.offset !== this.file.length) throw new Error(`metadata log: expected offset ${this.file.length}, got ${entry.offset}`);
      this.file.append(entry, nowUs);
    }
  }

  /** Entries in [from, min(to, from + max)). */
  slice(from: number, to: number, max: number): MetadataLogEntry[] {
    return this.file.entries.slice(from, Math.min(to, from + max));
  }

  truncateTo(offset: number): void {
    this.file.truncate(offset);
  }

  fsync(): void {
    this.file.fsync();
  }
}
