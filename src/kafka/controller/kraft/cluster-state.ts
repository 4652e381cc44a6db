/**
 * The cluster metadata as replayed from `__cluster_metadata` records: broker registrations,
 * topics with their configs, partition states. Every voter and every broker (observer) builds
 * the same state from the same committed records; the active controller also applies the records
 * it writes before they commit, and rebuilds from the committed prefix if it loses leadership.
 */
import { PartitionMap } from "../../metadata/partition-map.js";
import { sharedPartitionState, type PartitionState } from "../../metadata/partition-state.js";
import type { MetadataLogEntry } from "../../protocol/kraft.js";

export interface BrokerRegistration {
  id: number;
  node: string;
  incarnationId: string;
  /** Offset of its RegisterBroker record. */
  epoch: number;
  fenced: boolean;
  inControlledShutdown: boolean;
}

export interface TopicInfo {
  name: string;
  partitionCount: number;
  config: Record<string, unknown>;
}

export class ClusterState {
  readonly brokers = new Map<number, BrokerRegistration>();
  readonly topics = new Map<string, TopicInfo>();
  readonly partitions = new PartitionMap<PartitionState>();
  /** Offset of the last applied record (-1: none). */
  lastOffset = -1;
  /** Node name of the Raft leader of the last LeaderChange record. */
  lastLeader: string | null = null;
  private readonly partitionsPerTopic = new Map<string, number>();

  /** Apply one entry; returns the partition state it set, if any. */
  apply(entry: MetadataLogEntry): PartitionState | null {
    if (entry.offset <= this.lastOffset) throw new Error(`replay out of order: ${entry.offset} after ${this.lastOffset}`);
    this.lastOffset = entry.offset;
    const record = entry.record;
    switch (record.type) {
      case "RegisterBroker":
        this.brokers.set(record.brokerId, {
          id: record.brokerId,
          node: record.node,
          incarnationId: record.incarnationId,
          epoch: record.brokerEpoch,
          fenced: true,
          inControlledShutdown: false,
        });
        return null;
      case "BrokerRegistrationChange": {
        const broker = this.brokers.get(record.brokerId);
        if (!broker || broker.epoch !== record.brokerEpoch) return null;
        const next = { ...broker };
        if (record.fenced !== undefined) next.fenced = record.fenced;
        if (record.inControlledShutdown !== undefined) next.inControlledShutdown = record.inControlledShutdown;
        this.brokers.set(record.brokerId, next);
        return null;
      }
      case "Topic":
        this.topics.set(record.name, { name: record.name, partitionCount: record.partitionCount, config: {} });
        return null;
      case "ConfigRecord": {
        const topic = this.topics.get(record.resourceName);
        if (!topic) return null;
        const config = { ...topic.config };
        if (record.value === null) delete config[record.name];
        else config[record.name] = record.value;
        this.topics.set(topic.name, { ...topic, config });
        return null;
      }
      case "Partition":
      case "PartitionChange": {
        const topic = record.type === "Partition" && record.topicPartitionCount !== undefined ? this.topics.get(record.state.topic) : undefined;
        if (topic && record.type === "Partition" && record.topicPartitionCount! > topic.partitionCount) {
          this.topics.set(topic.name, { ...topic, partitionCount: record.topicPartitionCount! });
        }
        // The record's state itself, frozen: every node replaying this record shares it.
        const state = sharedPartitionState(record.state);
        if (this.partitions.set(state.topic, state.partition, state)) this.partitionsPerTopic.set(state.topic, this.partitionCountOf(state.topic) + 1);
        return state;
      }
      case "LeaderChange":
        this.lastLeader = record.leader;
        return null;
      case "NoOp":
        return null;
    }
  }

  /** How many partitions of `topic` have a record replayed so far. */
  partitionCountOf(topic: string): number {
    return this.partitionsPerTopic.get(topic) ?? 0;
  }

  partition(topic: string, partition: number): PartitionState | undefined {
    return this.partitions.get(topic, partition);
  }

  /** Whether `brokerId` leads any partition. */
  leadsAnyPartition(brokerId: number): boolean {
    return this.partitions.some((p) => p.leader === brokerId);
  }

  /** Partitions sorted by (topic, partition). */
  sortedPartitions(): PartitionState[] {
    return this.partitions.values().sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  sortedBrokers(): BrokerRegistration[] {
    return [...this.brokers.values()].sort((a, b) => a.id - b.id);
  }

  /** Unfenced and not shutting down: may lead and join ISRs. */
  isActive(brokerId: number): boolean {
    const broker = this.brokers.get(brokerId);
    return broker !== undefined && !broker.fenced && !broker.inControlledShutdown;
  }
}
