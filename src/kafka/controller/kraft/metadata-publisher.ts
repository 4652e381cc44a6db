/**
 * The broker side of metadata replay: committed records fetched from the Raft leader (as an
 * observer) are applied to a ClusterState, published into the broker's MetadataImage, and every
 * changed partition this broker hosts is handed to the replica manager. Brokers learn changes
 * only when they fetch them, so a broker's view is late, as in Kafka.
 */
import type { BrokerServices } from "../../broker/services.js";
import { compareTpNames } from "../../metadata/name-order.js";
import { PartitionMap } from "../../metadata/partition-map.js";
import type { MetadataLogEntry } from "../../protocol/kraft.js";
import { ClusterState } from "./cluster-state.js";

/** A partition changed by the entries of one publish. */
interface ChangedPartition {
  topic: string;
  partition: number;
  hostedBefore: boolean;
}

/** By `topic-partition` name, as strings sort (unique names: no ties): replay hands partitions over in this order. */
function byName(a: { topic: string; partition: number }, b: { topic: string; partition: number }): number {
  return compareTpNames(a.topic, a.partition, b.topic, b.partition);
}

export class MetadataPublisher {
  readonly state = new ClusterState();
  /**
   * Partition states reach the replica manager only once the broker's registration was accepted
   * and it has replayed the log up to its registration record (Kafka's BrokerServer installs its
   * metadata publishers after the initial catch-up). Before that, a restarted broker must not act
   * on what its previous incarnation was told — e.g. lead in an epoch it no longer owns.
   */
  private replicasEnabled = false;
  /** Topics whose records are replayed only in part (see publish). */
  private readonly incompleteTopics = new Set<string>();

  constructor(private readonly services: BrokerServices) {}

  /** Offset of the last record applied (-1: none). */
  get appliedOffset(): number {
    return this.state.lastOffset;
  }

  publish(entries: readonly MetadataLogEntry[]): void {
    const image = this.services.metadata;
    const self = this.services.brokerId;
    // The partitions these entries change, each once, with whether this broker hosted it before them.
    const touched = new PartitionMap<boolean>();
    const changed: ChangedPartition[] = [];
    const touchedTopics = new Set<string>();
    for (const entry of entries) {
      if (entry.offset <= this.state.lastOffset) continue;
      const record = entry.record;
      if (record.type === "Partition" || record.type === "PartitionChange") {
        const { topic, partition } = record.state;
        if (!touched.has(topic, partition)) {
          const hostedBefore = this.state.partitions.get(topic, partition)?.replicas.includes(self) ?? false;
          touched.set(topic, partition, hostedBefore);
          changed.push({ topic, partition, hostedBefore });
        }
      }
      this.state.apply(entry);
      if (record.type === "RegisterBroker" || record.type === "BrokerRegistrationChange") {
        const broker = this.state.brokers.get(record.brokerId);
        if (broker)
          image.brokers.set(broker.id, {
            id: broker.id,
            node: broker.node,
            brokerEpoch: broker.epoch,
            fenced: broker.fenced,
            inControlledShutdown: broker.inControlledShutdown,
          });
      } else if (record.type === "Topic" || record.type === "ConfigRecord") {
        touchedTopics.add(record.type === "Topic" ? record.name : record.resourceName);
      } else if (record.type === "Partition" && record.topicPartitionCount !== undefined) {
        touchedTopics.add(record.state.topic); // partitions added to an existing topic (CreatePartitions)
      }
    }
    image.version = this.state.lastOffset;
    // In the order of their `topic-partition` names.
    changed.sort(byName);
    // The image and the replica manager share the replayed (frozen) states.
    for (const c of changed) image.setPartition(this.state.partitions.get(c.topic, c.partition)!);
    // A topic's creation is one atomic batch of records (QuorumController writes the TopicRecord,
    // its configs and every PartitionRecord together, and MetadataLoader publishes whole batches),
    // so a broker never shows a topic with only some of its partitions. A fetch here may end inside
    // that batch (the Raft fetch is cut at a number of entries): the topic becomes visible to
    // clients once every partition record has been replayed.
    for (const name of this.incompleteTopics) touchedTopics.add(name);
    for (const name of [...touchedTopics].sort()) {
      const topic = this.state.topics.get(name);
      if (!topic) continue;
      if (this.state.partitionCountOf(name) < topic.partitionCount) {
        this.incompleteTopics.add(name);
        continue;
      }
      this.incompleteTopics.delete(name);
      image.topics.set(name, { name, partitionCount: topic.partitionCount, config: { ...topic.config } });
    }
    if (!this.replicasEnabled) return;
    const replicaManager = this.services.replicaManager();
    for (const c of changed) {
      const state = this.state.partitions.get(c.topic, c.partition)!;
      if (state.replicas.includes(self)) replicaManager.applyPartitionState(state);
      else if (c.hostedBefore) replicaManager.stopReplica(state.topic, state.partition, true);
    }
  }

  get publishingToReplicas(): boolean {
    return this.replicasEnabled;
  }

  /** Registered and caught up: hand every hosted partition's current state to the replica manager. */
  enableReplicas(): void {
    if (this.replicasEnabled) return;
    this.replicasEnabled = true;
    const self = this.services.brokerId;
    const replicaManager = this.services.replicaManager();
    for (const state of this.state.partitions.values().sort(byName)) {
      if (state.replicas.includes(self)) replicaManager.applyPartitionState(state);
    }
  }
}
