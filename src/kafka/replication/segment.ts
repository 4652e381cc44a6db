/**
 * One log segment: a disk append file named after its base offset (`orders-0/00000000000000000000.log`)
 * holding one entry per record batch (docs/kafka-rules.md §8: retention is "always done a file at a time").
 */
import type { AppendFile, Disk } from "../../sim/disk.js";
import type { Micros } from "../../sim/time.js";
import { batchEnd, type RecordBatch } from "../protocol/records.js";

/** `orders-0/00000000000000000042.log` for base offset 42. */
export function segmentFileName(directory: string, baseOffset: number): string {
  return `${directory}/${String(baseOffset).padStart(20, "0")}.log`;
}

/** The base offset encoded in a segment file name, or undefined when the name is not a segment. */
export function parseSegmentBase(directory: string, fileName: string): number | undefined {
  const match = /^(\d{20})\.log$/.exec(fileName.slice(directory.length + 1));
  return match ? Number(match[1]) : undefined;
}

/** No batches: what a segment without a file yet reads as. */
const NO_BATCHES: readonly RecordBatch[] = Object.freeze([]);

/**
 * A log segment. Its append file is created with it, except the first segment of a log (base
 * offset 0): that one's file is created by its first append. A missing base-0 file reads exactly
 * as an empty one everywhere the disk is read (recovery of a log without segment files starts an
 * empty segment at 0; an empty file has no unsynced tail to lose at a power loss), so a fresh
 * replica that never receives a batch costs no append file (issue 11: creating 1,000 idle
 * partitions). Kafka's LogSegment.open creates the `.log` file at once; only the simulator's
 * representation of an empty base-0 file differs.
 */
export class Segment {
  private file: AppendFile<RecordBatch> | undefined;
  private name: string | undefined;
  /** Sum of batch sizes (for segment.bytes and retention.bytes). */
  sizeBytes = 0;
  /** When the segment started receiving data (segment.ms). */
  rollBaseUs: Micros | undefined;

  /**
   * `fileless`: the caller knows the directory holds no segment file (a log recovered from an empty
   * directory starts its first segment at 0), so the disk is not asked for one. Only at base offset 0.
   */
  constructor(
    private readonly disk: Disk,
    private readonly directory: string,
    readonly baseOffset: number,
    fileless = false,
  ) {
    if (fileless && baseOffset === 0) return;
    this.file = baseOffset === 0 ? disk.existingAppendFile<RecordBatch>(this.fileName) : disk.appendFile<RecordBatch>(this.fileName);
    if (this.file !== undefined) for (const batch of this.file.entries) this.noteAppended(batch, undefined);
  }

  /** The segment's file name on the disk (built when first needed). */
  get fileName(): string {
    return (this.name ??= segmentFileName(this.directory, this.baseOffset));
  }

  get batches(): readonly RecordBatch[] {
    return this.file === undefined ? NO_BATCHES : this.file.entries;
  }

  get isEmpty(): boolean {
    return this.file === undefined || this.file.length === 0;
  }

  /** Exclusive end offset of the data in this segment (its base when empty). */
  get endOffset(): number {
    const file = this.file;
    const last = file === undefined ? undefined : file.entries[file.length - 1];
    return last ? batchEnd(last) : this.baseOffset;
  }

  /** Largest record timestamp in the segment, undefined when empty (retention.ms). */
  largestTimestampUs(): number | undefined {
    let largest: number | undefined;
    for (const batch of this.batches) for (const record of batch.records) largest = Math.max(largest ?? record.timestampUs, record.timestampUs);
    return largest;
  }

  append(batch: RecordBatch, nowUs: Micros): void {
    this.file ??= this.disk.appendFile<RecordBatch>(this.fileName);
    this.file.append(batch, nowUs);
    this.noteAppended(batch, nowUs);
  }

  /** fsync the segment's file (none yet: nothing to sync). */
  fsync(): void {
    this.file?.fsync();
  }

  /** Keep only the batches ending at or before `offset` (a batch straddling it goes too). */
  truncateTo(offset: number): void {
    const file = this.file;
    if (file === undefined) return;
    const entries = file.entries;
    let keep = 0;
    while (keep < entries.length && batchEnd(entries[keep]!) <= offset) keep++;
    file.truncate(keep);
    this.sizeBytes = 0;
    for (const batch of file.entries) this.sizeBytes += batch.sizeBytes;
  }

  private noteAppended(batch: RecordBatch, nowUs: Micros | undefined): void {
    this.sizeBytes += batch.sizeBytes;
    if (this.rollBaseUs === undefined) {
      let first: number | undefined;
      for (const record of batch.records) first = Math.max(first ?? record.timestampUs, record.timestampUs);
      this.rollBaseUs = nowUs ?? first;
    }
  }
}
