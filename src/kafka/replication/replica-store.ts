/**
 * The replicas hosted by one broker and their files: rediscovery from the disk at start (every
 * `<topic>-<partition>/partition.metadata` next to its segments), creation on demand, deletion, and
 * the broker-wide `replication-offset-checkpoint` (HW per partition, docs/kafka-rules.md §1.2 item 7).
 */
import type { BrokerServices } from "../broker/services.js";
import { tpName } from "../protocol/records.js";
import { PARTITION_METADATA_FILE, PartitionLog, type PartitionMetadataFile } from "./partition-log.js";
import { Partition } from "./partition.js";
import { readLogSettings, type LogSettings } from "./settings.js";

/** File name of the HW checkpoint (one per log directory in Kafka). */
export const HW_CHECKPOINT_FILE = "replication-offset-checkpoint";

export type HighWatermarkCheckpoint = Readonly<Record<string, number>>;

export class ReplicaStore {
  /** The hosted replicas by topic, then partition number: a lookup builds no `topic-partition` string. */
  private readonly byTopic = new Map<string, Map<number, Partition>>();
  private checkpointedHw: HighWatermarkCheckpoint = {};
  /** The HW checkpoint this incarnation last wrote (null: none yet); the next write updates it in place. */
  private hwWritten: Record<string, number> | null = null;
  /** Logs of hosted replicas whose HW changed, or that were created, since the last HW checkpoint write. */
  private readonly hwChanged = new Set<PartitionLog>();
  /** Every log's HW listener (one function for all of them). */
  private readonly noteHwChange = (log: PartitionLog): void => {
    this.hwChanged.add(log);
  };
  /** Each topic's log settings reader, shared by the topic's logs. */
  private readonly settingsReaders = new Map<string, () => LogSettings>();
  /** Directories (`topic-partition`) of replicas deleted since the last HW checkpoint write. */
  private readonly hwDeleted = new Set<string>();
  /** `sorted()` as of the last change of the hosted set (null: rebuild on the next call). */
  private sortedCache: readonly Partition[] | null = null;
  /** Log settings per topic, valid while the metadata image keeps the same topic config object. */
  private readonly settingsCache = new Map<string, { source: Readonly<Record<string, unknown>>; settings: LogSettings }>();
  /**
   * Partition visits: one per lookup and one per partition handed out by `sorted()`. A
   * deterministic measure of how much of the replication layer's work walks partitions
   * (issue 11: an idle partition should be nearly free).
   */
  partitionVisits = 0;
  /** The part of {@link partitionVisits} made by walks over all hosted partitions (`sorted()`: periodic tasks such as the HW checkpoint). */
  walkVisits = 0;

  constructor(
    private readonly services: BrokerServices,
    /** Told of every replica this store creates (the replica manager wires its parts to it). */
    private readonly created: (p: Partition) => void = () => {},
  ) {}

  get(topic: string, partition: number): Partition | undefined {
    this.partitionVisits++;
    return this.byTopic.get(topic)?.get(partition);
  }

  /**
   * Hosted partitions sorted by (topic, partition). The array is shared until the hosted set
   * changes (a replica created or deleted: then a new array, with the replica inserted in place or
   * left out, so creating N replicas costs no N sorts): callers must not modify it.
   */
  sorted(): readonly Partition[] {
    if (this.sortedCache === null) {
      const all: Partition[] = [];
      for (const inTopic of this.byTopic.values()) for (const p of inTopic.values()) all.push(p);
      this.sortedCache = Object.freeze(all.sort(byTopicPartition));
    }
    this.partitionVisits += this.sortedCache.length;
    this.walkVisits += this.sortedCache.length;
    return this.sortedCache;
  }

  /**
   * The topic's log settings, read once per topic config: the broker's metadata image replaces a
   * topic's config object whenever it changes (it never edits one in place), so the settings are
   * read again exactly when the config changed.
   */
  logSettings(topic: string): LogSettings {
    const source = this.services.metadata.topicConfig(topic);
    const cached = this.settingsCache.get(topic);
    if (cached !== undefined && cached.source === source) return cached.settings;
    const settings = Object.freeze(readLogSettings(this.services.topicConfig(topic)));
    this.settingsCache.set(topic, { source, settings });
    return settings;
  }

  /** Load every replica found on the disk (a restarted broker has its logs before any controller word). */
  recoverAll(): Partition[] {
    const disk = this.services.ctx.disk;
    this.checkpointedHw = disk.checkpoint<HighWatermarkCheckpoint>(HW_CHECKPOINT_FILE).read() ?? {};
    // Every directory with a partition.metadata file (a fresh replica's log may have no segment file yet: see Segment).
    const directories: string[] = [];
    for (const name of disk.listCheckpoints()) {
      const slash = name.indexOf("/");
      if (slash > 0 && name.slice(slash + 1) === PARTITION_METADATA_FILE) directories.push(name.slice(0, slash));
    }
    const recovered: Partition[] = [];
    for (const directory of directories.sort()) {
      const meta = disk.existingCheckpoint<PartitionMetadataFile>(`${directory}/${PARTITION_METADATA_FILE}`)?.read();
      if (!meta) continue;
      recovered.push(this.getOrCreate(meta.topic, meta.partition));
    }
    return recovered;
  }

  getOrCreate(topic: string, partition: number): Partition {
    let inTopic = this.byTopic.get(topic);
    let p = inTopic?.get(partition);
    if (!p) {
      let settings = this.settingsReaders.get(topic);
      if (settings === undefined) this.settingsReaders.set(topic, (settings = () => this.logSettings(topic)));
      const log = new PartitionLog(this.services.ctx.disk, topic, partition, settings, this.checkpointedHw[tpName(topic, partition)], this.services.ctx.now());
      p = new Partition(this.services.brokerId, log);
      log.onHighWatermarkChange = this.noteHwChange;
      this.hwChanged.add(log);
      this.created(p);
      if (inTopic === undefined) this.byTopic.set(topic, (inTopic = new Map()));
      inTopic.set(partition, p);
      this.sortedCache = this.sortedCache === null ? null : withInserted(this.sortedCache, p);
    }
    return p;
  }

  /** StopReplica with delete: remove the replica and its files. */
  delete(p: Partition): void {
    const disk = this.services.ctx.disk;
    const name = tpName(p.topic, p.partition);
    for (const file of disk.listAppendFiles(`${name}/`)) disk.deleteFile(file);
    disk.deleteFile(`${name}/${PARTITION_METADATA_FILE}`);
    disk.deleteFile(`${name}/leader-epoch-checkpoint`);
    this.hwChanged.delete(p.log);
    this.hwDeleted.add(name);
    const inTopic = this.byTopic.get(p.topic);
    inTopic?.delete(p.partition);
    if (inTopic?.size === 0) this.byTopic.delete(p.topic);
    this.sortedCache = this.sortedCache === null ? null : Object.freeze(this.sortedCache.filter((q) => q !== p));
  }

  /**
   * Write every hosted replica's HW (Kafka's ReplicaManager.checkpointHighWatermarks writes the file
   * whole, with an fsync, every replica.high.watermark.checkpoint.interval.ms). The file's content
   * is the same as a whole rewrite's, but only what changed since the last write is written anew:
   * the entries of replicas created, deleted or whose HW moved. The previous content object is
   * updated in place at the moment of the write, which replaces the file's content as a new object
   * would (the write is synced at once, so the disk keeps no older version of it).
   */
  writeHighWatermarkCheckpoint(_cleanShutdown: boolean): void {
    let value = this.hwWritten;
    if (value === null) {
      value = {};
      for (const p of this.sorted()) value[p.log.directory] = p.log.highWatermark;
    } else {
      for (const name of this.hwDeleted) delete value[name];
      this.partitionVisits += this.hwChanged.size;
      for (const log of this.hwChanged) value[log.directory] = log.highWatermark;
    }
    this.hwDeleted.clear();
    this.hwChanged.clear();
    this.hwWritten = value;
    this.checkpointedHw = value;
    this.services.ctx.disk.checkpoint<HighWatermarkCheckpoint>(HW_CHECKPOINT_FILE).write(value, this.services.ctx.now(), true);
  }
}

function byTopicPartition(a: Partition, b: Partition): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition;
}

/** A copy of sorted `list` with `p` inserted at its place (binary search). */
function withInserted(list: readonly Partition[], p: Partition): readonly Partition[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byTopicPartition(list[mid]!, p) < 0) lo = mid + 1;
    else hi = mid;
  }
  const out = list.slice(0, lo);
  out.push(p);
  for (let i = lo; i < list.length; i++) out.push(list[i]!);
  return Object.freeze(out);
}
