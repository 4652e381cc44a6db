/**
 * The replicas hosted by one broker and their files: rediscovery from the disk at start (every
 * `<topic>-<partition>/partition.metadata` next to its segments), creation on demand, deletion, and
 * the broker-wide `replication-offset-checkpoint` (HW per partition, kafka-semantics §1.2 item 7).
 */
import type { BrokerServices } from "../broker/services.js";
import { tpName } from "../protocol/records.js";
import { PartitionLog, type PartitionMetadataFile } from "./partition-log.js";
import { Partition } from "./partition.js";
import { readLogSettings, type LogSettings } from "./settings.js";

/** File name of the HW checkpoint (one per log directory in Kafka). */
export const HW_CHECKPOINT_FILE = "replication-offset-checkpoint";

export type HighWatermarkCheckpoint = Readonly<Record<string, number>>;

export class ReplicaStore {
  private readonly partitions = new Map<string, Partition>();
  private checkpointedHw: HighWatermarkCheckpoint = {};

  constructor(private readonly services: BrokerServices) {}

  get(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(tpName(topic, partition));
  }

  /** Hosted partitions sorted by (topic, partition). */
  sorted(): Partition[] {
    return [...this.partitions.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  logSettings(topic: string): LogSettings {
    return readLogSettings(this.services.topicConfig(topic));
  }

  /** Load every replica found on the disk (a restarted broker has its logs before any controller word). */
  recoverAll(): Partition[] {
    const disk = this.services.ctx.disk;
    this.checkpointedHw = disk.checkpoint<HighWatermarkCheckpoint>(HW_CHECKPOINT_FILE).read() ?? {};
    const directories = new Set<string>();
    for (const name of disk.listAppendFiles()) {
      const slash = name.indexOf("/");
      if (slash > 0) directories.add(name.slice(0, slash));
    }
    const recovered: Partition[] = [];
    for (const directory of [...directories].sort()) {
      if (!disk.hasFile(`${directory}/partition.metadata`)) continue;
      const meta = disk.checkpoint<PartitionMetadataFile>(`${directory}/partition.metadata`).read();
      if (!meta) continue;
      recovered.push(this.getOrCreate(meta.topic, meta.partition));
    }
    return recovered;
  }

  getOrCreate(topic: string, partition: number): Partition {
    const name = tpName(topic, partition);
    let p = this.partitions.get(name);
    if (!p) {
      const log = new PartitionLog(this.services.ctx.disk, topic, partition, () => this.logSettings(topic), this.checkpointedHw[name], this.services.ctx.now());
      p = new Partition(this.services.brokerId, log);
      this.partitions.set(name, p);
    }
    return p;
  }

  /** StopReplica with delete: remove the replica and its files. */
  delete(p: Partition): void {
    const disk = this.services.ctx.disk;
    const name = tpName(p.topic, p.partition);
    for (const file of disk.listAppendFiles(`${name}/`)) disk.deleteFile(file);
    disk.deleteFile(`${name}/partition.metadata`);
    disk.deleteFile(`${name}/leader-epoch-checkpoint`);
    this.partitions.delete(name);
  }

  /** Write every hosted replica's HW (Kafka writes checkpoint files with an fsync). */
  writeHighWatermarkCheckpoint(_cleanShutdown: boolean): void {
    const value: Record<string, number> = {};
    for (const p of this.sorted()) value[tpName(p.topic, p.partition)] = p.log.highWatermark;
    this.checkpointedHw = value;
    this.services.ctx.disk.checkpoint<HighWatermarkCheckpoint>(HW_CHECKPOINT_FILE).write(value, this.services.ctx.now(), true);
  }
}
