/**
 * The consumer's metadata (Kafka's `ConsumerMetadata` over `Metadata`, client/metadata.ts): the
 * cache is the shared one; the consumer adds the topics it wants (its subscription and, as the
 * group leader, every member's) and drives its own refresh: on demand (after
 * NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, timeouts, an unknown leader) spaced by
 * `retry.backoff.ms`, and every metadata.max.age.ms (Metadata.timeToNextUpdate). A Metadata
 * request goes to the next known broker that is not in reconnect backoff
 * (NetworkClient.leastLoadedNode); when every broker it knows is unavailable it rebootstraps
 * (`metadata.recovery.strategy`, KIP-899/KIP-1102, see {@link MetadataRecovery}). Bootstrap brokers
 * are tried in turn.
 */
import type { Micros } from "../../sim/time.js";
import type { MetadataResponse } from "../protocol/metadata.js";
import { Metadata } from "../client/metadata.js";
import { MetadataRecovery } from "../client/metadata-recovery.js";
import { DEFAULT_METADATA_RECOVERY, type MetadataRecoverySettings } from "../client/settings.js";
import type { NetworkClient, Timers } from "./network-client.js";
import type { TraceType } from "../trace-events.js";
import { explained } from "../explain/catalogue.js";

export interface LeaderInfo {
  node: string;
  leaderEpoch: number;
}

export class ConsumerMetadata extends Metadata {
  /** The topics asked for (ConsumerMetadata.retainTopic: the subscription, and as leader every member's). */
  private readonly topics = new Set<string>();
  private nextBroker = 0;
  private inFlight = false;
  private retryTimer: number | null = null;
  private readonly listeners: (() => void)[] = [];
  private lastRequestUs = -Infinity;
  /** Set once any Metadata response arrived. */
  ready = false;

  constructor(
    private readonly network: NetworkClient,
    private readonly timers: Timers,
    bootstrap: readonly string[],
    initialTopics: readonly string[],
    private readonly backoffUs: Micros,
    private readonly maxAgeUs: Micros,
    private readonly now: () => number,
    recovery: MetadataRecoverySettings = DEFAULT_METADATA_RECOVERY,
    private readonly trace: (type: TraceType, fields: Record<string, unknown>) => void = () => {},
  ) {
    super(bootstrap, recovery);
    for (const t of initialTopics) this.topics.add(t);
  }

  onUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Leader of a partition, or null when unknown / leaderless. */
  leader(topic: string, partition: number): LeaderInfo | null {
    const node = this.leaderNode(topic, partition);
    return node === undefined ? null : { node, leaderEpoch: this.leaderEpoch(topic, partition) };
  }

  /** Make sure `topics` are part of the next refresh; true when all are already known. */
  want(topics: readonly string[]): boolean {
    let known = true;
    for (const t of topics) {
      if (!this.topics.has(t)) this.topics.add(t);
      if (!this.hasTopic(t)) known = false;
    }
    if (!known) this.requestSoon();
    return known;
  }

  /** The brokers of the latest metadata (or the bootstrap list), in order. */
  brokerNodes(): readonly string[] {
    return this.candidates();
  }

  /** A broker from the latest metadata (or bootstrap), rotating: for FindCoordinator and such. */
  anyBroker(): string {
    const brokers = this.candidates();
    const node = brokers[this.nextBroker % brokers.length]!;
    this.nextBroker++;
    return node;
  }

  /** Refresh soon: now, or retry.backoff.ms after the previous request (leaders moved, fetch errors). */
  requestSoon(): void {
    if (this.inFlight) return;
    const waitUs = this.lastRequestUs + this.backoffUs - this.now();
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
      const waitUs = Math.max(1, Math.min(...this.candidates().map((b) => this.network.connectionDelayUs(b))));
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
        // Metadata.timeToNextUpdate: metadata.max.age.ms. Not modelled: an answer with an
        // InvalidMetadataException asks for the next update at once (Kafka's requestUpdate); here the
        // fetcher, the position validator and the coordinator lookup ask for it (requestSoon).
        this.apply(response);
        this.retryTimer = this.timers.set(this.maxAgeUs, () => this.request());
      },
      () => {
        this.inFlight = false;
        this.retryTimer = this.timers.set(this.backoffUs, () => this.request());
      },
    );
  }

  /** The next broker in turn that is not in reconnect backoff (NetworkClient.leastLoadedNode). */
  private availableBroker(): string | undefined {
    for (let i = this.candidates().length; i > 0; i--) {
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
    if (!this.hasBrokers) return;
    const known = this.knownBrokers();
    const reason = this.recovery.shouldRebootstrap(now, known, (node) => this.network.connectionDelayUs(node) > 0);
    if (reason === undefined) return;
    this.forgetBrokers();
    this.nextBroker = 0;
    this.recovery.rebootstrapped(now);
    this.trace(
      "client-rebootstrap",
      explained(
        "client-rebootstrap",
        { reason, forgotten: [...known], bootstrap: [...this.bootstrap] },
        { rebootstrapTriggerMs: this.recovery.settings.rebootstrapTriggerMs },
      ),
    );
    // NetworkClient.handleRebootstrap closes the connections to the brokers it forgets.
    if (reason === "trigger-elapsed") for (const node of known) if (this.network.inFlightTo(node) > 0) this.network.close(node);
  }

  /** A Metadata response: the cache takes it, the listeners hear of it. */
  private apply(response: MetadataResponse): void {
    this.update(response);
    this.ready = true;
    for (const listener of this.listeners) listener();
  }
}
