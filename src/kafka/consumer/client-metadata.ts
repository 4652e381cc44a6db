/**
 * The consumer's metadata cache: partition leaders (with leader epochs), partition counts and
 * brokers, refreshed from any broker on demand (after NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH,
 * timeouts) and every metadata.max.age.ms (Metadata.timeToNextUpdate). A Metadata request goes to
 * the next known broker that is not in reconnect backoff (NetworkClient.leastLoadedNode); when every
 * broker it knows is unavailable it rebootstraps (`metadata.recovery.strategy`, KIP-899/KIP-1102,
 * see {@link MetadataRecovery}). Bootstrap brokers are tried in turn.
 */
import { ms } from "../../sim/time.js";
import { brokerNode } from "../metadata/partition-state.js";
import type { MetadataResponse } from "../protocol/metadata.js";
import { MetadataRecovery } from "../client/metadata-recovery.js";
import { DEFAULT_METADATA_RECOVERY, type MetadataRecoverySettings } from "../client/settings.js";
import type { NetworkClient, Timers } from "./network-client.js";
import type { TraceType } from "../trace-events.js";
import { explained } from "../explain/catalogue.js";

export interface LeaderInfo {
  node: string;
  leaderEpoch: number;
}

export class ClientMetadata {
  private readonly leaders = new Map<string, LeaderInfo | null>();
  /** Metadata.lastSeenLeaderEpochs: a response with an older leader epoch does not replace what is cached. */
  private readonly lastSeenEpochs = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private readonly topics = new Set<string>();
  private brokers: string[];
  /** False while `brokers` is the bootstrap list. */
  private learnt = false;
  private nextBroker = 0;
  private readonly recovery: MetadataRecovery;
  private inFlight = false;
  private retryTimer: number | null = null;
  private readonly listeners: (() => void)[] = [];
  private lastRequestUs = -Infinity;
  /** Set once any Metadata response arrived. */
  ready = false;

  constructor(
    private readonly network: NetworkClient,
    private readonly timers: Timers,
    private readonly bootstrap: readonly string[],
    initialTopics: readonly string[],
    private readonly backoffMs: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number,
    recovery: MetadataRecoverySettings = DEFAULT_METADATA_RECOVERY,
    private readonly trace: (type: TraceType, fields: Record<string, unknown>) => void = () => {},
  ) {
    this.recovery = new MetadataRecovery(recovery);
    this.brokers = [...bootstrap];
    for (const t of initialTopics) this.topics.add(t);
  }

  onUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Leader of a partition, or null when unknown / leaderless. */
  leader(topic: string, partition: number): LeaderInfo | null {
    return this.leaders.get(`${topic}-${partition}`) ?? null;
  }

  partitionCount(topic: string): number | undefined {
    return this.counts.get(topic);
  }

  /** Make sure `topics` are part of the next refresh; true when all are already known. */
  want(topics: readonly string[]): boolean {
    let known = true;
    for (const t of topics) {
      if (!this.topics.has(t)) this.topics.add(t);
      if (!this.counts.has(t)) known = false;
    }
    if (!known) this.requestSoon();
    return known;
  }

  /** The brokers of the latest metadata (or the bootstrap list), in order. */
  brokerNodes(): readonly string[] {
    return this.brokers;
  }

  /** A broker from the latest metadata (or bootstrap), rotating: for FindCoordinator and such. */
  anyBroker(): string {
    const node = this.brokers[this.nextBroker % this.brokers.length]!;
    this.nextBroker++;
    return node;
  }

  /** Refresh soon: now, or retry.backoff.ms after the previous request (leaders moved, fetch errors). */
  requestSoon(): void {
    if (this.inFlight) return;
    const waitUs = this.lastRequestUs + ms(this.backoffMs) - this.now();
    if (waitUs <= 0) return this.request();
    this.timers.cancel(this.retryTimer);
    this.retryTimer = this.timers.set(waitUs, () => this.request());
  }

  /** Ask for fresh metadata (at most one request in flight). */
  request(): void {
    if (this.inFlight) return;
    const now = this.now();
    this.lastRequestUs = now;
    this.timers.cancel(this.retryTimer);
    this.retryTimer = null;
    this.recovery.attempting(now);
    this.maybeRebootstrap(now);
    const node = this.availableBroker();
    if (node === undefined) {
      // DefaultMetadataUpdater.maybeUpdate: "Give up sending metadata request since no node is
      // available"; try again when the first broker's reconnect backoff ends.
      const waitUs = Math.max(1, Math.min(...this.brokers.map((b) => this.network.connectionDelayUs(b))));
      this.retryTimer = this.timers.set(waitUs, () => this.request());
      return;
    }
    this.inFlight = true;
    const topics = [...this.topics].sort();
    this.network.send(
      node,
      (correlationId) => ({ type: "Metadata", correlationId, topics }),
      (response) => {
        this.inFlight = false;
        this.apply(response);
        this.retryTimer = this.timers.set(ms(this.maxAgeMs), () => this.request());
      },
      () => {
        this.inFlight = false;
        this.retryTimer = this.timers.set(ms(this.backoffMs), () => this.request());
      },
    );
  }

  /** The next broker in turn that is not in reconnect backoff (NetworkClient.leastLoadedNode). */
  private availableBroker(): string | undefined {
    for (let i = 0; i < this.brokers.length; i++) {
      const node = this.anyBroker();
      if (this.network.connectionDelayUs(node) === 0) return node;
    }
    return undefined;
  }

  /**
   * metadata.recovery.strategy=rebootstrap: every known broker is in reconnect backoff, or no
   * metadata for metadata.recovery.rebootstrap.trigger.ms: back to the bootstrap list
   * (DefaultMetadataUpdater.maybeUpdate, NetworkClient.handleRebootstrap, Metadata.rebootstrap).
   */
  private maybeRebootstrap(now: number): void {
    if (!this.learnt) return;
    const known = [...this.brokers];
    const reason = this.recovery.shouldRebootstrap(now, known, (node) => this.network.connectionDelayUs(node) > 0);
    if (reason === undefined) return;
    this.brokers = [...this.bootstrap];
    this.learnt = false;
    this.nextBroker = 0;
    this.recovery.rebootstrapped(now);
    this.trace(
      "client-rebootstrap",
      explained(
        "client-rebootstrap",
        { reason, forgotten: known, bootstrap: [...this.bootstrap] },
        { rebootstrapTriggerMs: this.recovery.settings.rebootstrapTriggerMs },
      ),
    );
    // NetworkClient.handleRebootstrap closes the connections to the brokers it forgets.
    if (reason === "trigger-elapsed") for (const node of known) if (this.network.inFlightTo(node) > 0) this.network.close(node);
  }

  /** Metadata.updateLatestMetadata: true when `epoch` is older than the last seen one (the cached partition stays). */
  private olderEpoch(partition: string, epoch: number): boolean {
    if (epoch < 0) return false;
    const seen = this.lastSeenEpochs.get(partition);
    if (seen !== undefined && epoch < seen) return true;
    this.lastSeenEpochs.set(partition, epoch);
    return false;
  }

  private apply(response: MetadataResponse): void {
    const nodes = new Map(response.brokers.map((b) => [b.id, b.node]));
    if (response.brokers.length > 0) {
      this.brokers = response.brokers.map((b) => b.node);
      this.learnt = true;
      this.recovery.succeeded();
    }
    for (const topic of response.topics) {
      if (topic.error !== "NONE") continue;
      this.counts.set(topic.name, topic.partitions.length);
      for (const p of topic.partitions) {
        const known = p.leader >= 0 && p.error === "NONE";
        if (this.olderEpoch(`${topic.name}-${p.partition}`, p.leaderEpoch)) continue;
        this.leaders.set(`${topic.name}-${p.partition}`, known ? { node: nodes.get(p.leader) ?? brokerNode(p.leader), leaderEpoch: p.leaderEpoch } : null);
      }
    }
    this.ready = true;
    for (const listener of this.listeners) listener();
  }
}
