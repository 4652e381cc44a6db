/**
 * A broker's (or client's) view of the cluster metadata: topics, partition states, brokers, topic
 * configs. In KRaft mode it is rebuilt by replaying the metadata log as an observer; in ZooKeeper
 * mode it is updated by the controller's LeaderAndIsr / UpdateMetadata requests. It may be stale:
 * that is what lets a zombie believe it still leads.
 */
import { PartitionMap } from "./partition-map.js";
import type { PartitionState } from "./partition-state.js";

export interface BrokerInfo {
  id: number;
  node: string;
  /** KRaft: offset of its registration record; ZooKeeper: czxid of /brokers/ids/<id>. */
  brokerEpoch: number;
  fenced: boolean;
  inControlledShutdown: boolean;
}

export class MetadataImage {
  readonly partitions = new PartitionMap<PartitionState>();
  readonly topics = new Map<string, { name: string; partitionCount: number; config: Record<string, unknown> }>();
  readonly brokers = new Map<number, BrokerInfo>();
  /** Active controller id (ZooKeeper mode: a broker id; KRaft: the controller node index), -1 unknown. */
  controllerId = -1;
  /** Offset of the last applied metadata record (KRaft) or highest controller epoch seen (ZooKeeper). */
  version = -1;

  partition(topic: string, partition: number): PartitionState | undefined {
    return this.partitions.get(topic, partition);
  }

  setPartition(state: PartitionState): void {
    this.partitions.set(state.topic, state.partition, state);
  }

  topicConfig(topic: string): Record<string, unknown> {
    return this.topics.get(topic)?.config ?? {};
  }

  /** Partitions sorted by (topic, partition) — never iterate the Map directly where order matters. */
  sortedPartitions(): PartitionState[] {
    return this.partitions.values().sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  liveBrokerIds(): number[] {
    return [...this.brokers.values()]
      .filter((b) => !b.fenced)
      .map((b) => b.id)
      .sort((a, b) => a - b);
  }
}
