/**
 * A client's metadata cache, Kafka's `Metadata`, shared by the producer (`ProducerMetadata`,
 * producer/client-metadata.ts) and the consumer (`ConsumerMetadata`, consumer/client-metadata.ts):
 * the brokers of the latest Metadata response and, per topic, each partition's leader and leader
 * epoch. What is Kafka's `Metadata` lives here, what differs between the clients in their classes.
 *
 * - Leader epochs (KIP-320, Metadata.updateLatestMetadata): `lastSeenLeaderEpochs` remembers the
 *   highest epoch seen per partition; a response with an older one keeps the cached partition, so
 *   a lagging broker cannot send the client back to a deposed leader. A partition without an epoch
 *   is taken as it is and its last seen epoch forgotten.
 * - A leader is a node only when it is among the response's brokers (`Cluster.nodeById`): a leader
 *   the broker did not list (fenced, not yet registered) is no leader to the client.
 * - An answer with an `InvalidMetadataException` (UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE,
 *   ...) for a topic or partition asks for another update (Metadata.handleMetadataResponse:
 *   `requestUpdate(false)`), which the client's refresh then spaces by `retry.backoff.ms`.
 * - Rebootstrap (Metadata.rebootstrap, KIP-899): the brokers, and with them the leaders, are
 *   forgotten; the last seen leader epochs stay.
 *
 * Not modelled: topic ids, partial updates (`requestUpdateForNewTopics`), the exponential refresh
 * backoff over equivalent responses; a topic the broker answers with an error keeps what was
 * cached of it (Kafka's full update drops it).
 */
import type { KafkaError } from "../protocol/errors.js";
import type { MetadataResponse } from "../protocol/metadata.js";
import { MetadataRecovery } from "./metadata-recovery.js";
import { DEFAULT_METADATA_RECOVERY, type MetadataRecoverySettings } from "./settings.js";

export interface ClientPartitionInfo {
  readonly partition: number;
  /** Broker id, -1 when there is no leader. */
  readonly leader: number;
  readonly leaderEpoch: number;
}

/** The errors of a Metadata answer that are Kafka `InvalidMetadataException`s: the client asks again. */
const INVALID_METADATA: ReadonlySet<KafkaError> = new Set<KafkaError>([
  "UNKNOWN_TOPIC_OR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "NOT_LEADER_OR_FOLLOWER",
  "FENCED_LEADER_EPOCH",
  "UNKNOWN_LEADER_EPOCH",
]);

export class Metadata {
  /** Broker id → node, in the response's order (by id). */
  private readonly brokers = new Map<number, string>();
  /** {@link knownBrokers}, built once per broker list. */
  private known: readonly string[] | undefined;
  private readonly cache = new Map<string, ClientPartitionInfo[]>();
  /** Metadata.lastSeenLeaderEpochs, per topic by partition. */
  private readonly lastSeenLeaderEpochs = new Map<string, Map<number, number>>();
  readonly recovery: MetadataRecovery;

  constructor(
    readonly bootstrap: readonly string[],
    recovery: MetadataRecoverySettings = DEFAULT_METADATA_RECOVERY,
  ) {
    this.recovery = new MetadataRecovery(recovery);
  }

  /** True once a response listed brokers, until a rebootstrap forgets them. */
  get hasBrokers(): boolean {
    return this.brokers.size > 0;
  }

  /** The brokers of the latest metadata, by id (empty on the bootstrap list); shared until the broker list changes. */
  knownBrokers(): readonly string[] {
    this.known ??= Object.freeze([...this.brokers.entries()].sort((a, b) => a[0] - b[0]).map(([, node]) => node));
    return this.known;
  }

  /** Nodes a request for metadata may go to: the known brokers, else the bootstrap list (the sender asks on every wake-up while an update is due). */
  candidates(): readonly string[] {
    const known = this.knownBrokers();
    return known.length > 0 ? known : this.bootstrap;
  }

  hasTopic(topic: string): boolean {
    return this.cache.has(topic);
  }

  /** Partitions of `topic`, undefined while the topic is unknown. */
  partitionCount(topic: string): number | undefined {
    return this.cache.get(topic)?.length;
  }

  /** The cached partitions of `topic` by partition number (empty when unknown). */
  protected partitionsOf(topic: string): readonly ClientPartitionInfo[] {
    return this.cache.get(topic) ?? [];
  }

  /** Known topics, sorted. */
  protected topicNames(): string[] {
    return [...this.cache.keys()].sort();
  }

  /** The leader's node (undefined: no leader, or a leader the metadata did not list among its brokers). */
  leaderNode(topic: string, partition: number): string | undefined {
    const info = this.cache.get(topic)?.[partition];
    if (!info || info.leader < 0) return undefined;
    return this.brokers.get(info.leader);
  }

  /** The cached partition's leader epoch, -1 when unknown. */
  leaderEpoch(topic: string, partition: number): number {
    return this.cache.get(topic)?.[partition]?.leaderEpoch ?? -1;
  }

  /**
   * Metadata.update: a Metadata response replaces the brokers (when it lists any) and each
   * partition whose leader epoch is not older than the last seen one. True when an error in it
   * asks for another update.
   */
  protected update(response: MetadataResponse): boolean {
    if (response.brokers.length > 0) {
      this.brokers.clear();
      this.known = undefined;
      for (const broker of response.brokers) this.brokers.set(broker.id, broker.node);
      this.recovery.succeeded();
    }
    let again = false;
    for (const topic of response.topics) {
      if (topic.error !== "NONE") {
        if (INVALID_METADATA.has(topic.error)) again = true;
        continue;
      }
      if (topic.partitions.length === 0) continue;
      const cached = this.cache.get(topic.name) ?? [];
      const next: ClientPartitionInfo[] = [];
      for (const p of [...topic.partitions].sort((a, b) => a.partition - b.partition)) {
        if (INVALID_METADATA.has(p.error)) again = true;
        const old = cached[p.partition];
        if (this.olderThanSeen(topic.name, p.partition, p.leaderEpoch) && old) next[p.partition] = old;
        else next[p.partition] = { partition: p.partition, leader: p.error === "NONE" ? p.leader : -1, leaderEpoch: p.leaderEpoch };
      }
      for (let i = 0; i < next.length; i++) if (!next[i]) next[i] = cached[i] ?? { partition: i, leader: -1, leaderEpoch: -1 };
      this.cache.set(topic.name, next);
    }
    return again;
  }

  /**
   * Metadata.updateLatestMetadata: true when `epoch` is older than the partition's last seen leader
   * epoch (the cached partition stays); otherwise it becomes the last seen one. A partition
   * without an epoch (-1) forgets it.
   */
  private olderThanSeen(topic: string, partition: number, epoch: number): boolean {
    let seen = this.lastSeenLeaderEpochs.get(topic);
    if (epoch < 0) {
      seen?.delete(partition);
      return false;
    }
    const last = seen?.get(partition);
    if (last !== undefined && epoch < last) return true;
    if (!seen) this.lastSeenLeaderEpochs.set(topic, (seen = new Map()));
    seen.set(partition, epoch);
    return false;
  }

  /** Metadata.rebootstrap: the brokers, and so the leaders, are forgotten; the last seen leader epochs stay. */
  protected forgetBrokers(): void {
    this.brokers.clear();
    this.known = undefined;
  }
}
