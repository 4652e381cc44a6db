/**
 * The ZooKeeper-mode controller's in-memory view (ControllerContext): live brokers with their
 * epochs, brokers in controlled shutdown, topic assignments and configs, and every partition's
 * state with its znode version. Rebuilt from ZooKeeper on every failover.
 */
import type { BrokerInfo } from "../../metadata/image.js";
import { brokerNode, NO_LEADER, type PartitionState } from "../../metadata/partition-state.js";
import { tpName } from "../../protocol/records.js";
import type { PartitionStateZnode, TopicZnode } from "./paths.js";

export class ControllerState {
  /** Live brokers → broker epoch (czxid of /brokers/ids/<id>). */
  readonly liveBrokers = new Map<number, number>();
  readonly shuttingDown = new Set<number>();
  readonly topics = new Map<string, TopicZnode>();
  readonly partitions = new Map<string, PartitionState>();

  clear(): void {
    this.liveBrokers.clear();
    this.shuttingDown.clear();
    this.topics.clear();
    this.partitions.clear();
  }

  liveSet(): Set<number> {
    return new Set(this.liveBrokers.keys());
  }

  liveIds(): number[] {
    return [...this.liveBrokers.keys()].sort((a, b) => a - b);
  }

  partition(topic: string, partition: number): PartitionState | undefined {
    return this.partitions.get(tpName(topic, partition));
  }

  /** Partitions sorted by (topic, partition). */
  sortedPartitions(): PartitionState[] {
    return [...this.partitions.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  /** Record a partition state read from (or written to) ZooKeeper. */
  store(topic: string, partition: number, znode: PartitionStateZnode, version: number): PartitionState {
    const replicas = this.topics.get(topic)?.partitions[partition] ?? [];
    const state: PartitionState = {
      topic,
      partition,
      replicas: [...replicas],
      isr: [...znode.isr],
      elr: [],
      lastKnownElr: [],
      leader: znode.leader,
      leaderEpoch: znode.leader_epoch,
      partitionEpoch: version,
      leaderRecoveryState: "RECOVERED",
    };
    this.partitions.set(tpName(topic, partition), state);
    return state;
  }

  brokerInfos(): BrokerInfo[] {
    return this.liveIds().map((id) => ({
      id,
      node: brokerNode(id),
      brokerEpoch: this.liveBrokers.get(id)!,
      fenced: false,
      inControlledShutdown: this.shuttingDown.has(id),
    }));
  }

  topicInfos(): { name: string; partitionCount: number; config: Record<string, unknown> }[] {
    return [...this.topics.keys()].sort().map((name) => {
      const topic = this.topics.get(name)!;
      return { name, partitionCount: topic.partitions.length, config: { ...topic.config } };
    });
  }

  /** Partitions whose leader is missing or not alive. */
  offlinePartitions(): PartitionState[] {
    return this.sortedPartitions().filter((p) => p.leader === NO_LEADER || !this.liveBrokers.has(p.leader));
  }
}

export const toZnode = (leader: number, leaderEpoch: number, isr: number[], controllerEpoch: number): PartitionStateZnode => ({
  leader,
  leader_epoch: leaderEpoch,
  isr: [...isr],
  controller_epoch: controllerEpoch,
});
