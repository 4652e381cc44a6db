/**
 * Leader-epoch cache (KIP-101, docs/kafka-rules.md §1.7): epoch → start offset, persisted per partition in
 * `leader-epoch-checkpoint`. A new entry is written and fsynced at once (as Kafka does on assign);
 * truncations rewrite the checkpoint without a sync (background flush).
 */
import type { CheckpointFile, Disk } from "../../sim/disk.js";
import type { Micros } from "../../sim/time.js";

/** One leader epoch and the first offset written in it. */
export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/** Answer of an epoch lookup: the largest known epoch ≤ the requested one and its exclusive end offset. */
export interface EpochEndOffset {
  epoch: number;
  endOffset: number;
}

/** -1: no epoch known (Kafka's UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET). */
export const UNDEFINED_EPOCH = -1;

export class LeaderEpochCache {
  private entries: EpochEntry[];
  /**
   * The checkpoint file, opened at the first write: until then a missing file reads as Kafka's
   * empty one (LeaderEpochCheckpointFile creates it empty; an empty file has nothing to lose at a
   * power loss), so a follower that never receives a batch costs no file.
   */
  private file: CheckpointFile<readonly EpochEntry[]> | undefined;
  private readonly fileName: string;

  constructor(
    private readonly disk: Disk,
    directory: string,
  ) {
    this.fileName = `${directory}/leader-epoch-checkpoint`;
    this.file = disk.existingCheckpoint<readonly EpochEntry[]>(this.fileName);
    const saved = this.file?.read();
    this.entries = saved === undefined || saved.length === 0 ? [] : [...saved];
  }

  private write(nowUs: Micros, sync: boolean): void {
    this.file ??= this.disk.checkpoint<readonly EpochEntry[]>(this.fileName);
    this.file.write(this.all(), nowUs, sync);
  }

  /** Entries, oldest first (copies). */
  all(): EpochEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  latestEpoch(): number {
    return this.entries.length === 0 ? UNDEFINED_EPOCH : this.entries[this.entries.length - 1]!.epoch;
  }

  /** Start offset of `epoch`, or undefined when the epoch is not cached. */
  startOffsetOf(epoch: number): number | undefined {
    return this.entries.find((e) => e.epoch === epoch)?.startOffset;
  }

  /**
   * Record that `epoch` starts at `startOffset` (a new leader's LEO, or a follower's first batch of
   * that epoch). Older or equal epochs are ignored; entries at or beyond the offset are replaced.
   * Returns true when the cache changed (the checkpoint is then written and fsynced).
   */
  assign(epoch: number, startOffset: number, nowUs: Micros): boolean {
    const latest = this.entries[this.entries.length - 1];
    if (latest && epoch <= latest.epoch) return false;
    this.entries = this.entries.filter((e) => e.startOffset < startOffset);
    this.entries.push({ epoch, startOffset });
    this.write(nowUs, true);
    return true;
  }

  /**
   * Kafka's `LeaderEpochFileCache.endOffsetFor`: for the latest epoch, (epoch, logEndOffset); else the
   * largest epoch ≤ `requested` with the next epoch's start offset as its exclusive end; a requested
   * epoch older than every entry answers (requested, first entry's start offset) so the follower
   * truncates there; one newer than every entry, or an empty cache, is unknown (UNDEFINED).
   */
  endOffsetFor(requested: number, logEndOffset: number): EpochEndOffset {
    const entries = this.entries;
    if (requested === UNDEFINED_EPOCH || entries.length === 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH };
    const latest = entries[entries.length - 1]!;
    if (requested === latest.epoch) return { epoch: latest.epoch, endOffset: logEndOffset };
    const higher = entries.findIndex((e) => e.epoch > requested);
    if (higher < 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH };
    if (higher === 0) return { epoch: requested, endOffset: entries[0]!.startOffset };
    return { epoch: entries[higher - 1]!.epoch, endOffset: entries[higher]!.startOffset };
  }

  /** Drop entries starting at or after `endOffset` (log truncation); written without a sync. */
  truncateFromEnd(endOffset: number, nowUs: Micros): void {
    if (this.entries.length === 0) return;
    const kept = this.entries.filter((e) => e.startOffset < endOffset);
    if (kept.length === this.entries.length) return;
    this.entries = kept;
    this.write(nowUs, false);
  }

  /** Log start moved to `startOffset`: entries wholly below it go, the one covering it starts there. */
  truncateFromStart(startOffset: number, nowUs: Micros): void {
    let covering = -1;
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i]!.startOffset <= startOffset) covering = i;
    if (covering < 0) return;
    const first = this.entries[covering]!;
    const kept = [{ epoch: first.epoch, startOffset: Math.max(first.startOffset, startOffset) }, ...this.entries.slice(covering + 1)];
    if (kept.length === this.entries.length && kept[0]!.startOffset === this.entries[0]!.startOffset) return;
    this.entries = kept;
    this.write(nowUs, false);
  }

  /** Forget everything (the log was wiped and restarts at a new offset). */
  clear(nowUs: Micros): void {
    if (this.entries.length === 0) return;
    this.entries = [];
    this.write(nowUs, false);
  }
}
