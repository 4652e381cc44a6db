/**
 * The producer's metadata cache (Kafka's client `Metadata`): brokers, and for each topic its
 * partitions' leaders and leader epochs, learnt from Metadata responses. An update is requested
 * when a leader is unknown or a response says the cache is stale (NOT_LEADER_OR_FOLLOWER, ...),
 * after a disconnect, and at least every `metadata.max.age.ms`; requested updates are spaced by
 * `retry.backoff.ms`. Partition info with an older leader epoch than the cached one is ignored
 * (KIP-320), so a lagging broker cannot send the producer back to a deposed leader. When every
 * broker it knows is unavailable, it rebootstraps (`metadata.recovery.strategy`, KIP-899/KIP-1102):
 * see {@link MetadataRecovery}.
 */
import type { Micros } from "../../sim/time.js";
import { ms } from "../../sim/time.js";
import type { MetadataResponse } from "../protocol/metadata.js";
import { MetadataRecovery, type RebootstrapReason } from "../client/metadata-recovery.js";
import { DEFAULT_METADATA_RECOVERY, type MetadataRecoverySettings } from "../client/settings.js";

export interface ClientPartitionInfo {
  partition: number;
  /** Broker id, -1 when there is no leader. */
  leader: number;
  leaderEpoch: number;
}

/** A partition led by a node, with the leader epoch the metadata gave it. */
export interface NodePartition {
  topic: string;
  partition: number;
  leaderEpoch: number;
}

const NO_PARTITIONS: readonly NodePartition[] = [];

export class ClientMetadata {
  private readonly brokers = new Map<number, string>();
  private readonly topics = new Map<string, ClientPartitionInfo[]>();
  private updateRequested = true;
  private lastRefreshUs = -Infinity;
  private lastAttemptUs = -Infinity;
  /** Partitions by leader node, built once per metadata change (Kafka's `Cluster.partitionsByNode`). */
  private byNode: Map<string, NodePartition[]> | undefined;
  /** `availablePartitions` per topic, as of the last metadata change. */
  private readonly available = new Map<string, readonly number[]>();
  readonly recovery: MetadataRecovery;

  constructor(
    private readonly bootstrap: readonly string[],
    private readonly maxAgeMs: number,
    private readonly refreshBackoffMs: number,
    recovery: MetadataRecoverySettings = DEFAULT_METADATA_RECOVERY,
  ) {
    this.recovery = new MetadataRecovery(recovery);
  }

  requestUpdate(): void {
    this.updateRequested = true;
  }

  /** When the next Metadata request is due (≤ now: due now). */
  nextUpdateUs(): Micros {
    const age = this.lastRefreshUs + ms(this.maxAgeMs);
    if (!this.updateRequested) return age;
    return Math.min(age, this.lastAttemptUs + ms(this.refreshBackoffMs));
  }

  attempted(nowUs: Micros): void {
    this.lastAttemptUs = nowUs;
  }

  /** Nodes a Metadata or InitProducerId request may go to: known brokers, else the bootstrap list. */
  candidates(): readonly string[] {
    const known = this.knownBrokers();
    return known.length > 0 ? known : this.bootstrap;
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
    this.brokers.clear();
    this.known = undefined;
    this.byNode = undefined;
    this.available.clear();
    this.recovery.rebootstrapped(nowUs);
    this.updateRequested = true;
    return { reason, forgotten: [...known] };
  }

  /** The known brokers' nodes by id, kept until the broker list changes (the sender asks on every wake-up while an update is due). */
  private known: readonly string[] | undefined;

  private knownBrokers(): readonly string[] {
    this.known ??= Object.freeze([...this.brokers.entries()].sort((a, b) => a[0] - b[0]).map(([, node]) => node));
    return this.known;
  }

  apply(response: MetadataResponse, nowUs: Micros): void {
    this.byNode = undefined;
    this.available.clear();
    if (response.brokers.length > 0) {
      this.brokers.clear();
      this.known = undefined;
      for (const broker of response.brokers) this.brokers.set(broker.id, broker.node);
      this.recovery.succeeded();
    }
    let missing = false;
    for (const topic of response.topics) {
      if (topic.error !== "NONE" || topic.partitions.length === 0) {
        missing = true; // keep asking (spaced by retry.backoff.ms) until the topic appears
        continue;
      }
      const cached = this.topics.get(topic.name) ?? [];
      const next: ClientPartitionInfo[] = [];
      for (const p of [...topic.partitions].sort((a, b) => a.partition - b.partition)) {
        const old = cached[p.partition];
        if (old && old.leaderEpoch > p.leaderEpoch) next[p.partition] = old;
        else next[p.partition] = { partition: p.partition, leader: p.error === "NONE" ? p.leader : -1, leaderEpoch: p.leaderEpoch };
      }
      for (let i = 0; i < next.length; i++) if (!next[i]) next[i] = cached[i] ?? { partition: i, leader: -1, leaderEpoch: -1 };
      this.topics.set(topic.name, next);
    }
    this.lastRefreshUs = nowUs;
    this.updateRequested = missing;
  }

  hasTopic(topic: string): boolean {
    return this.topics.has(topic);
  }

  partitionCount(topic: string): number {
    return this.topics.get(topic)?.length ?? 0;
  }

  /** Partitions with a known leader that is a known broker. */
  /** Shared until the next metadata change (callers must not modify it): a producer asks on every unkeyed send. */
  availablePartitions(topic: string): readonly number[] {
    let available = this.available.get(topic);
    if (available === undefined) {
      available = Object.freeze((this.topics.get(topic) ?? []).filter((p) => this.leaderNode(topic, p.partition) !== undefined).map((p) => p.partition));
      this.available.set(topic, available);
    }
    return available;
  }

  leaderNode(topic: string, partition: number): string | undefined {
    const info = this.topics.get(topic)?.[partition];
    if (!info || info.leader < 0) return undefined;
    return this.brokers.get(info.leader);
  }

  leaderEpoch(topic: string, partition: number): number {
    return this.topics.get(topic)?.[partition]?.leaderEpoch ?? -1;
  }

  /**
   * Partitions led by `node`, sorted by (topic, partition). Like Kafka's `Cluster`, which indexes
   * partitions by node when a metadata response arrives, the index is built once per change
   * rather than on every drain (the sender asks once per ready node per round).
   */
  partitionsForNode(node: string): readonly NodePartition[] {
    if (!this.byNode) {
      const byNode = new Map<string, NodePartition[]>();
      for (const topic of [...this.topics.keys()].sort()) {
        for (const p of this.topics.get(topic)!) {
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
