/**
 * The partition log of one replica (docs/kafka-rules.md §1.1, §3.1, §8): record batches in segments on
 * the simulated disk, the leader-epoch cache, LEO, HW and log start offset, segment rolling and the
 * flush policy. Recovery at actor start keeps the valid prefix the disk still holds.
 */
import type { Disk } from "../../sim/disk.js";
import { ms, type Micros } from "../../sim/time.js";
import { batchEnd, tpName, type RecordBatch } from "../protocol/records.js";
import { LeaderEpochCache } from "./epoch-cache.js";
import { parseSegmentBase, Segment } from "./segment.js";
import { isNever, type LogSettings } from "./settings.js";
import { AssertionFailure } from "../../sim/assert.js";

/** What recovery found (for the trace). */
export interface RecoveryReport {
  segments: number;
  logEndOffset: number;
  droppedBatches: number;
}

/** The `partition.metadata` file that lets a restarted broker rediscover the replica. */
export interface PartitionMetadataFile {
  topic: string;
  partition: number;
}

/** Name of that file inside the replica's directory. */
export const PARTITION_METADATA_FILE = "partition.metadata";

/**
 * A log as code outside the replica manager reads it (the group coordinator's load, the runner's
 * drain and final state, the invariant checks after every append): live getters over the log, one
 * object per log instead of a copy of four fields per call.
 */
export class LogReadView {
  constructor(private readonly log: PartitionLog) {}

  /** The log's own batch list (see {@link PartitionLog.batches}): read it, do not keep or modify it. */
  get batches(): readonly RecordBatch[] {
    return this.log.batches();
  }

  get highWatermark(): number {
    return this.log.highWatermark;
  }

  get logStartOffset(): number {
    return this.log.logStartOffset;
  }

  get logEndOffset(): number {
    return this.log.logEndOffset;
  }
}

export class PartitionLog {
  readonly directory: string;
  readonly epochCache: LeaderEpochCache;
  private segments: Segment[] = [];
  /**
   * Every batch of a log of more than one segment, oldest first, kept from the first call of
   * `batches()` until a segment is removed, truncated or added (an append pushes onto it): the
   * invariant checks read the whole log after every append, so a concatenation per call would make
   * a long run with small segments quadratic.
   */
  private allBatches: RecordBatch[] | null = null;
  private hw = 0;
  /** The LEO, kept by every method that changes the segments (it is read on every fetch, append and HW check). */
  private leo = 0;
  private unflushedMessages = 0;
  /** When the oldest unflushed message was appended (flush.ms), undefined when all flushed. */
  firstUnflushedUs: Micros | undefined;
  readonly recovery: RecoveryReport;
  /** Told (with this log) after every change of the HW once constructed (the broker's HW checkpoint writes only changed partitions' entries anew). */
  onHighWatermarkChange: ((log: PartitionLog) => void) | null = null;

  constructor(
    private readonly disk: Disk,
    readonly topic: string,
    readonly partition: number,
    private readonly settings: () => LogSettings,
    checkpointedHw: number | undefined,
    nowUs: Micros,
  ) {
    this.directory = tpName(topic, partition);
    const meta = disk.checkpoint<PartitionMetadataFile>(`${this.directory}/${PARTITION_METADATA_FILE}`);
    if (!meta.read()) meta.write({ topic, partition }, nowUs, true);
    this.epochCache = new LeaderEpochCache(disk, this.directory);
    this.recovery = this.recover(nowUs);
    this.hw = Math.min(Math.max(checkpointedHw ?? 0, this.logStartOffset), this.logEndOffset);
  }

  private view: LogReadView | null = null;

  /** This log for readers outside the replica manager (one object, read when its fields are read). */
  readView(): LogReadView {
    return (this.view ??= new LogReadView(this));
  }

  get logStartOffset(): number {
    return this.segments[0]!.baseOffset;
  }

  get logEndOffset(): number {
    return this.leo;
  }

  get highWatermark(): number {
    return this.hw;
  }

  /** Total bytes of the log (retention.bytes). */
  get sizeBytes(): number {
    return this.segments.reduce((sum, s) => sum + s.sizeBytes, 0);
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Segments oldest first (read-only use: retention). */
  segmentList(): readonly Segment[] {
    return this.segments;
  }

  /**
   * Every batch, oldest first. The array is the log's own (one segment: the segment's entries;
   * more: a concatenation kept until the segments change) and grows with appends: read it, do not
   * keep or modify it.
   */
  batches(): readonly RecordBatch[] {
    // One segment (the common case: segment.bytes is 1 GiB) needs no copy.
    if (this.segments.length === 1) return this.segments[0]!.batches;
    if (this.allBatches === null) {
      const all: RecordBatch[] = [];
      for (const segment of this.segments) for (const batch of segment.batches) all.push(batch);
      this.allBatches = all;
    }
    return this.allBatches;
  }

  /** Epoch of the last batch (Kafka's LastFetchedEpoch: the latest cached epoch), -1 when none. */
  latestEpoch(): number {
    return this.epochCache.latestEpoch();
  }

  /**
   * Set the HW. Callers compute it at most the LEO (asserted: HW ≤ LEO holds at the source); below
   * the log start it is raised to the log start, as Kafka's UnifiedLog.updateHighWatermark does
   * (a follower whose log was trimmed may hear of a lower leader HW). Returns true when it changed.
   */
  setHighWatermark(offset: number): boolean {
    if (offset > this.logEndOffset) throw new AssertionFailure(`${this.directory}: high watermark ${offset} above the log end offset ${this.logEndOffset}`);
    const clamped = Math.max(offset, this.logStartOffset);
    if (clamped === this.hw) return false;
    this.hw = clamped;
    this.onHighWatermarkChange?.(this);
    return true;
  }

  /**
   * Append one batch (already stamped with baseOffset = LEO and its leader epoch). The epoch cache
   * learns a new epoch from its first batch. Rolls first when the active segment is full or old.
   */
  append(batch: RecordBatch, nowUs: Micros, trackEpochs: boolean): { rolled: boolean; flushed: boolean } {
    if (batch.baseOffset !== this.logEndOffset)
      throw new AssertionFailure(
        `${this.directory}: offsets must be contiguous, but a batch at ${batch.baseOffset} is appended at the log end offset ${this.logEndOffset}`,
      );
    const rolled = this.maybeRoll(batch.sizeBytes, nowUs);
    if (trackEpochs && batch.partitionLeaderEpoch > this.epochCache.latestEpoch()) this.epochCache.assign(batch.partitionLeaderEpoch, batch.baseOffset, nowUs);
    this.active().append(batch, nowUs);
    this.allBatches?.push(batch);
    this.leo = this.active().endOffset;
    this.unflushedMessages += batch.records.length;
    this.firstUnflushedUs ??= nowUs;
    let flushed = false;
    if (this.unflushedMessages >= this.settings().flushMessages) flushed = this.flush();
    return { rolled, flushed };
  }

  /** Batches overlapping [fromOffset, untilOffset), at least one when any, then up to maxBytes. */
  read(fromOffset: number, untilOffset: number, maxBytes: number): RecordBatch[] {
    const out: RecordBatch[] = [];
    let bytes = 0;
    for (const segment of this.segments) {
      if (segment.endOffset <= fromOffset) continue;
      const batches = segment.batches;
      // Binary search for the first batch ending after fromOffset (batches are in offset order).
      let lo = 0;
      let hi = batches.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (batchEnd(batches[mid]!) <= fromOffset) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < batches.length; i++) {
        const batch = batches[i]!;
        if (batch.baseOffset >= untilOffset) return out;
        if (out.length > 0 && bytes + batch.sizeBytes > maxBytes) return out;
        out.push(batch);
        bytes += batch.sizeBytes;
      }
    }
    return out;
  }

  /** Remove everything at or beyond `offset` (a straddling batch goes whole). Returns the new LEO. */
  truncateTo(offset: number, nowUs: Micros): number {
    if (offset >= this.logEndOffset) {
      // As Kafka's UnifiedLog.truncateTo: always truncate the epoch cache, which may end with an
      // entry this broker inserted as leader without appending anything before another was elected.
      this.epochCache.truncateFromEnd(this.logEndOffset, nowUs);
      return this.logEndOffset;
    }
    this.allBatches = null;
    while (this.segments.length > 1 && this.active().baseOffset >= offset) {
      this.disk.deleteFile(this.segments.pop()!.fileName);
    }
    this.active().truncateTo(offset);
    this.leo = this.active().endOffset;
    this.epochCache.truncateFromEnd(this.logEndOffset, nowUs);
    if (this.hw > this.logEndOffset) {
      this.hw = this.logEndOffset;
      this.onHighWatermarkChange?.(this);
    }
    return this.logEndOffset;
  }

  /** Drop the whole log and restart it empty at `offset` (follower behind the leader's log start). */
  truncateFullyAndStartAt(offset: number, nowUs: Micros): void {
    for (const segment of this.segments) this.disk.deleteFile(segment.fileName);
    this.segments = [new Segment(this.disk, this.directory, offset)];
    this.allBatches = null;
    this.leo = this.active().endOffset;
    this.epochCache.clear(nowUs);
    if (this.hw !== offset) {
      this.hw = offset;
      this.onHighWatermarkChange?.(this);
    }
    this.unflushedMessages = 0;
    this.firstUnflushedUs = undefined;
  }

  /** Delete the `count` oldest segments (retention); rolls a fresh active segment if all would go. */
  deleteOldestSegments(count: number, nowUs: Micros): number {
    if (count >= this.segments.length && this.active().isEmpty) count = this.segments.length - 1;
    if (count <= 0) return this.logStartOffset;
    if (count >= this.segments.length) this.roll(nowUs);
    for (const segment of this.segments.splice(0, count)) this.disk.deleteFile(segment.fileName);
    this.allBatches = null;
    this.epochCache.truncateFromStart(this.logStartOffset, nowUs);
    if (this.hw < this.logStartOffset) {
      this.hw = this.logStartOffset;
      this.onHighWatermarkChange?.(this);
    }
    return this.logStartOffset;
  }

  /** Follower: raise the log start offset to the leader's, deleting segments wholly below it. */
  maybeIncrementLogStartOffset(leaderLogStart: number, nowUs: Micros): boolean {
    const target = Math.min(leaderLogStart, this.hw);
    let count = 0;
    while (count < this.segments.length - 1 && this.segments[count + 1]!.baseOffset <= target) count++;
    if (count === 0) return false;
    this.deleteOldestSegments(count, nowUs);
    return true;
  }

  /** fsync every segment (flush policy, roll, clean shutdown). */
  flush(): boolean {
    if (this.unflushedMessages === 0 && this.firstUnflushedUs === undefined) return false;
    for (const segment of this.segments) segment.fsync();
    this.unflushedMessages = 0;
    this.firstUnflushedUs = undefined;
    return true;
  }

  /** flush.ms: fsync when the oldest unflushed message has waited that long. */
  maybeTimedFlush(nowUs: Micros): boolean {
    const flushMs = this.settings().flushMs;
    if (isNever(flushMs) || this.firstUnflushedUs === undefined) return false;
    if (nowUs - this.firstUnflushedUs < ms(flushMs)) return false;
    return this.flush();
  }

  private active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  private maybeRoll(incomingBytes: number, nowUs: Micros): boolean {
    const active = this.active();
    if (active.isEmpty) return false;
    const settings = this.settings();
    const full = active.sizeBytes + incomingBytes > settings.segmentBytes;
    const old = active.rollBaseUs !== undefined && nowUs - active.rollBaseUs >= ms(settings.segmentMs);
    if (!full && !old) return false;
    this.roll(nowUs);
    return true;
  }

  /** Start a new active segment at the LEO; the rolled segment is flushed (Kafka's flush on roll). */
  private roll(nowUs: Micros): void {
    const previous = this.active();
    previous.fsync();
    if (previous.isEmpty) return;
    const next = new Segment(this.disk, this.directory, this.logEndOffset);
    next.rollBaseUs = undefined;
    this.segments.push(next);
    this.allBatches = null;
    this.lastRollUs = nowUs;
  }

  /** When the last roll happened (for the trace), undefined before the first. */
  lastRollUs: Micros | undefined;

  /** Load segments from the disk, keeping the longest gap-free prefix (Kafka's log recovery). */
  private recover(nowUs: Micros): RecoveryReport {
    const bases: number[] = [];
    for (const name of this.disk.listAppendFiles(`${this.directory}/`)) {
      const base = parseSegmentBase(this.directory, name);
      if (base !== undefined) bases.push(base);
    }
    bases.sort((a, b) => a - b);
    let dropped = 0;
    let expected: number | undefined;
    for (const base of bases) {
      const segment = new Segment(this.disk, this.directory, base);
      const consistent = expected === undefined || base === expected;
      if (!consistent || (this.segments.length > 0 && segment.isEmpty && base !== bases[bases.length - 1])) {
        dropped += segment.batches.length;
        this.disk.deleteFile(segment.fileName);
        continue;
      }
      let offset = base;
      let keep = 0;
      for (const batch of segment.batches) {
        if (batch.baseOffset !== offset) break;
        offset = batchEnd(batch);
        keep++;
      }
      if (keep < segment.batches.length) {
        dropped += segment.batches.length - keep;
        segment.truncateTo(offset);
      }
      this.segments.push(segment);
      expected = segment.isEmpty ? Number.NaN : offset;
    }
    // No segment file (a fresh replica's directory): an empty first segment at 0, without a file until its first append.
    if (this.segments.length === 0) this.segments.push(new Segment(this.disk, this.directory, 0, bases.length === 0));
    this.leo = this.active().endOffset;
    this.epochCache.truncateFromEnd(this.logEndOffset, nowUs);
    this.epochCache.truncateFromStart(this.logStartOffset, nowUs);
    return { segments: this.segments.length, logEndOffset: this.logEndOffset, droppedBatches: dropped };
  }
}
