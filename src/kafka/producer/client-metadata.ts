/**
 * The producer's metadata (Kafka's `ProducerMetadata` over `Metadata`, client/metadata.ts): the
 * cache is the shared one; the producer adds when to refresh — an update is requested when a
 * leader is unknown or a response says the cache is stale (NOT_LEADER_OR_FOLLOWER, ...), after a
 * disconnect, and at least every `metadata.max.age.ms`; requested updates are spaced by
 * `retry.backoff.ms`; the sender asks `nextUpdateUs` when to send the next Metadata request — and
 * the indexes its sender and partitioner read on every round (Kafka's `Cluster.partitionsByNode`,
 * `availablePartitionsForTopic`). When every broker it knows is unavailable, it rebootstraps
 * (`metadata.recovery.strategy`, KIP-899/KIP-1102): see {@link MetadataRecovery}.
 */
import type { Micros } from "../../sim/time.js";
import type { MetadataResponse } from "../protocol/metadata.js";
import { Metadata } from "../client/metadata.js";
import type { MetadataRecovery, RebootstrapReason } from "../client/metadata-recovery.js";
import { DEFAULT_METADATA_RECOVERY, type MetadataRecoverySettings } from "../client/settings.js";

/** A partition led by a node, with the leader epoch the metadata gave it. */
export interface NodePartition {
  topic: string;
  partition: number;
  leaderEpoch: number;
}

const NO_PARTITIONS: readonly NodePartition[] = [];

export class ProducerMetadata extends Metadata {
  private updateRequested = true;
  private lastRefreshUs = -Infinity;
  private lastAttemptUs = -Infinity;
  /** Partitions by leader node, built once per metadata change (Kafka's `Cluster.partitionsByNode`). */
  private byNode: Map<string, NodePartition[]> | undefined;
  /** `availablePartitions` per topic, as of the last metadata change. */
  private readonly available = new Map<string, readonly number[]>();

  constructor(
    bootstrap: readonly string[],
    private readonly maxAgeUs: Micros,
    private readonly refreshBackoffUs: Micros,
    recovery: MetadataRecoverySettings = DEFAULT_METADATA_RECOVERY,
  ) {
    super(bootstrap, recovery);
  }

  requestUpdate(): void {
    this.updateRequested = true;
  }

  /** When the next Metadata request is due (≤ now: due now). */
  nextUpdateUs(): Micros {
    const age = this.lastRefreshUs + this.maxAgeUs;
    if (!this.updateRequested) return age;
    return Math.min(age, this.lastAttemptUs + this.refreshBackoffUs);
  }

  attempted(nowUs: Micros): void {
    this.lastAttemptUs = nowUs;
  }

  /**
   * A due update is about to pick a node: rebootstrap first if the strategy says so and every known
   * broker is `unavailable`, or the trigger interval passed (DefaultMetadataUpdater.maybeUpdate,
   * NetworkClient.handleRebootstrap). Returns the reason and the brokers it forgot, or undefined.
   * Like Metadata.rebootstrap, the brokers and thus the leaders are forgotten; the leader epochs
   * seen are kept (Metadata keeps `lastSeenLeaderEpochs`).
   */
  maybeRebootstrap(nowUs: Micros, unavailable: (node: string) => boolean): { reason: RebootstrapReason; forgotten: string[] } | undefined {
    this.recovery.attempting(nowUs);
    const known = this.knownBrokers();
    if (known.length === 0) return undefined; // still on the bootstrap list
    const reason = this.recovery.shouldRebootstrap(nowUs, known, unavailable);
    if (reason === undefined) return undefined;
    this.forgetBrokers();
    this.byNode = undefined;
    this.available.clear();
    this.recovery.rebootstrapped(nowUs);
    this.updateRequested = true;
    return { reason, forgotten: [...known] };
  }

  apply(response: MetadataResponse, nowUs: Micros): void {
    this.byNode = undefined;
    this.available.clear();
    const again = this.update(response);
    this.lastRefreshUs = nowUs;
    // A topic without partitions yet: keep asking (spaced by retry.backoff.ms) until they appear,
    // as KafkaProducer.waitOnMetadata does while the partition count is unknown.
    this.updateRequested = again || response.topics.some((t) => t.error === "NONE" && t.partitions.length === 0);
  }

  /** Partitions with a known leader that is a known broker. */
  /** Shared until the next metadata change (callers must not modify it): a producer asks on every unkeyed send. */
  availablePartitions(topic: string): readonly number[] {
    let available = this.available.get(topic);
    if (available === undefined) {
      available = Object.freeze(
        this.partitionsOf(topic)
          .filter((p) => this.leaderNode(topic, p.partition) !== undefined)
          .map((p) => p.partition),
      );
      this.available.set(topic, available);
    }
    return available;
  }

  /**
   * Partitions led by `node`, sorted by (topic, partition). Like Kafka's `Cluster`, which indexes
   * partitions by node when a metadata response arrives, the index is built once per change
   * rather than on every drain (the sender asks once per ready node per round).
   */
  partitionsForNode(node: string): readonly NodePartition[] {
    if (!this.byNode) {
      const byNode = new Map<string, NodePartition[]>();
      for (const topic of this.topicNames()) {
        for (const p of this.partitionsOf(topic)) {
          const leader = this.leaderNode(topic, p.partition);
          if (leader === undefined) continue;
          let list = byNode.get(leader);
          if (!list) byNode.set(leader, (list = []));
          list.push({ topic, partition: p.partition, leaderEpoch: p.leaderEpoch });
        }
      }
      this.byNode = byNode;
    }
    return this.byNode.get(node) ?? NO_PARTITIONS;
  }
}
