/**
 * The consumer's metadata cache: partition leaders (with leader epochs), partition counts and
 * brokers, refreshed from any broker on demand (after NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH,
 * timeouts) and every metadata.max.age.ms. Bootstrap brokers are tried in turn.
 */
import { ms } from "../../sim/time.js";
import { brokerNode } from "../metadata/partition-state.js";
import type { MetadataResponse } from "../protocol/metadata.js";
import type { NetworkClient, Timers } from "./network-client.js";

export interface LeaderInfo {
  node: string;
  leaderEpoch: number;
}

export class ClientMetadata {
  private readonly leaders = new Map<string, LeaderInfo | null>();
  private readonly counts = new Map<string, number>();
  private readonly topics = new Set<string>();
  private brokers: string[];
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
    private readonly backoffMs: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number,
  ) {
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
    this.lastRequestUs = this.now();
    this.timers.cancel(this.retryTimer);
    this.retryTimer = null;
    this.inFlight = true;
    const node = this.anyBroker();
    const topics = [...this.topics].sort();
    this.network.send<MetadataResponse>(
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

  private apply(response: MetadataResponse): void {
    const nodes = new Map(response.brokers.map((b) => [b.id, b.node]));
    if (response.brokers.length > 0) this.brokers = response.brokers.map((b) => b.node);
    for (const topic of response.topics) {
      if (topic.error !== "NONE") continue;
      this.counts.set(topic.name, topic.partitions.length);
      for (const p of topic.partitions) {
        const known = p.leader >= 0 && p.error === "NONE";
        this.leaders.set(`${topic.name}-${p.partition}`, known ? { node: nodes.get(p.leader) ?? brokerNode(p.leader), leaderEpoch: p.leaderEpoch } : null);
      }
    }
    this.ready = true;
    for (const listener of this.listeners) listener();
  }
}
