/**
 * The consumer's fetcher (kafka-semantics §6.1, §8): positions of assigned partitions, Fetch
 * requests to partition leaders (one in flight per broker, fetch.min.bytes / fetch.max.wait.ms),
 * a buffer of fetched records that poll() drains up to max.poll.records, and position resets with
 * ListOffsets per auto.offset.reset (no committed offset, or OFFSET_OUT_OF_RANGE). Leader errors
 * (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, ...) and timeouts refresh the metadata.
 */
import type { ActorContext } from "../../sim/actor.js";
import type { ConfigView } from "../config-view.js";
import type { PolledRecord, ResetReason, TopicPartition } from "../history.js";
import type { FetchRequest, FetchResponse, ListOffsetsResponse } from "../protocol/fetch.js";
import type { ClientMetadata } from "./client-metadata.js";
import type { ConsumerIdentity } from "./identity.js";
import type { NetworkClient, Timers } from "./network-client.js";

interface OwnedPartition {
  topic: string;
  partition: number;
  /** Next offset to return; null until set from the committed offset or a reset. */
  position: number | null;
  /** A reset by auto.offset.reset is due (reason recorded in the history). */
  pendingReset: ResetReason | null;
  resetInFlight: boolean;
  fetchInFlight: boolean;
  /** Fetched records from `position` on, not yet returned by poll(). */
  buffer: PolledRecord[];
  /** auto.offset.reset=none and nothing to start from: the partition is not consumed. */
  failed: boolean;
}

const key = (topic: string, partition: number): string => `${topic}-${partition}`;

export class Fetcher {
  private readonly owned = new Map<string, OwnedPartition>();
  private readonly fetchingNodes = new Set<string>();
  /** Nodes in reconnect backoff with a wake-up already scheduled for the end of it. */
  private readonly waitingNodes = new Set<string>();

  constructor(
    private readonly ctx: ActorContext,
    private readonly network: NetworkClient,
    private readonly timers: Timers,
    private readonly metadata: ClientMetadata,
    private readonly config: ConfigView,
    private readonly identity: ConsumerIdentity,
    /** Called whenever new data or a position arrives (wakes a waiting poll). */
    private readonly wake: () => void,
  ) {}

  assign(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      if (this.owned.has(key(tp.topic, tp.partition))) continue;
      this.owned.set(key(tp.topic, tp.partition), {
        topic: tp.topic, partition: tp.partition, position: null, pendingReset: null,
        resetInFlight: false, fetchInFlight: false, buffer: [], failed: false,
      });
    }
  }

  revoke(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.owned.delete(key(tp.topic, tp.partition));
  }

  /** Assigned partitions, sorted. */
  assigned(): TopicPartition[] {
    return this.sorted().map((p) => ({ topic: p.topic, partition: p.partition }));
  }

  /** Partitions that need their committed offset (no position, no reset under way). */
  missingPositions(): TopicPartition[] {
    return this.sorted()
      .filter((p) => p.position === null && p.pendingReset === null && !p.resetInFlight && !p.failed)
      .map((p) => ({ topic: p.topic, partition: p.partition }));
  }

  /** Set a position from the committed offset (OffsetFetch), or schedule a reset when none exists. */
  initialize(tp: TopicPartition, committed: number): void {
    const p = this.owned.get(key(tp.topic, tp.partition));
    if (!p || p.position !== null) return;
    if (committed >= 0) return this.setPosition(p, committed, "committed");
    const policy = this.config.str("auto.offset.reset");
    if (policy === "none") return this.fail(p, "NoOffsetForPartitionException: no committed offset and auto.offset.reset=none");
    p.pendingReset = policy === "earliest" ? "earliest" : "latest";
  }

  /** Current positions of assigned partitions that have one: what commitSync() commits. */
  positions(): { topic: string; partition: number; offset: number }[] {
    return this.sorted().filter((p) => p.position !== null).map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position! }));
  }

  /** Take up to `max` buffered records (partitions in order), advancing positions. */
  drain(max: number): PolledRecord[] {
    const out: PolledRecord[] = [];
    for (const p of this.sorted()) {
      while (out.length < max && p.buffer.length > 0) {
        const record = p.buffer.shift()!;
        out.push(record);
        p.position = record.offset + 1;
      }
    }
    return out;
  }

  /** Send ListOffsets for due resets and Fetch for partitions with a position and an empty buffer. */
  sendRequests(): void {
    this.sendResets();
    this.sendFetches();
  }

  private sendResets(): void {
    for (const p of this.sorted()) {
      if (p.pendingReset === null || p.resetInFlight) continue;
      const leader = this.metadata.leader(p.topic, p.partition);
      if (!leader) {
        this.metadata.requestSoon();
        continue;
      }
      if (!this.nodeReady(leader.node)) continue;
      const reason = p.pendingReset;
      const timestamp = this.config.str("auto.offset.reset") === "earliest" ? -2 : -1;
      p.resetInFlight = true;
      this.network.send<ListOffsetsResponse>(
        leader.node,
        (correlationId) => ({ type: "ListOffsets", correlationId, replicaId: -1, partitions: [{ topic: p.topic, partition: p.partition, currentLeaderEpoch: leader.leaderEpoch, timestamp }] }),
        (response) => {
          p.resetInFlight = false;
          const answer = response.partitions[0];
          if (this.owned.get(key(p.topic, p.partition)) !== p || p.pendingReset === null) return;
          if (!answer || answer.error !== "NONE") {
            this.metadata.requestSoon();
          } else {
            p.pendingReset = null;
            p.buffer = [];
            this.setPosition(p, answer.offset, reason);
          }
          this.wake();
        },
        () => {
          p.resetInFlight = false;
          this.metadata.requestSoon();
          this.wake();
        },
      );
    }
  }

  private sendFetches(): void {
    const byNode = new Map<string, { p: OwnedPartition; epoch: number }[]>();
    for (const p of this.sorted()) {
      if (p.position === null || p.pendingReset !== null || p.fetchInFlight || p.buffer.length > 0 || p.failed) continue;
      const leader = this.metadata.leader(p.topic, p.partition);
      if (!leader) {
        this.metadata.requestSoon();
        continue;
      }
      if (this.fetchingNodes.has(leader.node) || !this.nodeReady(leader.node)) continue;
      const list = byNode.get(leader.node) ?? [];
      list.push({ p, epoch: leader.leaderEpoch });
      byNode.set(leader.node, list);
    }
    for (const node of [...byNode.keys()].sort()) {
      const parts = byNode.get(node)!;
      const offsets = new Map(parts.map(({ p }) => [p, p.position!]));
      this.fetchingNodes.add(node);
      for (const { p } of parts) p.fetchInFlight = true;
      const request = (correlationId: number): FetchRequest => ({
        type: "Fetch", correlationId, replicaId: -1, replicaEpoch: -1,
        maxWaitMs: this.config.int("fetch.max.wait.ms"), minBytes: this.config.int("fetch.min.bytes"),
        maxBytes: this.config.int("fetch.max.bytes"),
        partitions: parts.map(({ p, epoch }) => ({
          topic: p.topic, partition: p.partition, currentLeaderEpoch: epoch, fetchOffset: p.position!,
          lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: this.config.int("max.partition.fetch.bytes"),
        })),
      });
      const done = () => {
        this.fetchingNodes.delete(node);
        for (const { p } of parts) p.fetchInFlight = false;
      };
      this.network.send<FetchResponse>(
        node,
        request,
        (response) => {
          done();
          for (const answer of response.partitions) {
            const p = this.owned.get(key(answer.topic, answer.partition));
            if (p && offsets.has(p)) this.handleFetched(p, offsets.get(p)!, answer);
          }
          this.wake();
        },
        () => {
          done();
          this.metadata.requestSoon();
          this.wake();
        },
        // The broker may hold the fetch for fetch.max.wait.ms: allow that on top of request.timeout.ms.
        (this.config.int("request.timeout.ms") + this.config.int("fetch.max.wait.ms")) * 1000,
      );
    }
  }

  private handleFetched(p: OwnedPartition, fetchOffset: number, answer: FetchResponse["partitions"][number]): void {
    if (p.position !== fetchOffset || p.pendingReset !== null) return; // moved on since (seek, reset)
    if (answer.error === "NONE") {
      let next = fetchOffset;
      for (const batch of answer.batches) {
        batch.records.forEach((record, i) => {
          const offset = batch.baseOffset + i;
          if (offset < next) return;
          p.buffer.push({ topic: p.topic, partition: p.partition, offset, value: record.value });
          next = offset + 1;
        });
      }
      return;
    }
    if (answer.error === "OFFSET_OUT_OF_RANGE") {
      const policy = this.config.str("auto.offset.reset");
      this.ctx.trace("consumer-offset-out-of-range", {
        consumer: this.identity.name, topic: p.topic, partition: p.partition, offset: fetchOffset, logStartOffset: answer.logStartOffset, highWatermark: answer.highWatermark,
        rule: `offset ${fetchOffset} is outside the log (below the log start offset or above its end): auto.offset.reset=${policy} decides where to resume`,
      });
      if (policy === "none") return this.fail(p, "OffsetOutOfRangeException with auto.offset.reset=none");
      p.pendingReset = "out-of-range";
      return;
    }
    // NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, UNKNOWN_TOPIC_OR_PARTITION, ...
    this.metadata.requestSoon();
  }

  /**
   * Kafka's fetcher skips a node in reconnect backoff (NetworkClient.isReady); poll() tries again
   * once the backoff ends, instead of re-sending at once to a node that just refused it.
   */
  private nodeReady(node: string): boolean {
    const delayUs = this.network.connectionDelayUs(node);
    if (delayUs <= 0) return true;
    if (!this.waitingNodes.has(node)) {
      this.waitingNodes.add(node);
      this.timers.set(delayUs, () => {
        this.waitingNodes.delete(node);
        this.wake();
      });
    }
    return false;
  }

  private setPosition(p: OwnedPartition, offset: number, reason: ResetReason): void {
    p.position = offset;
    const id = this.identity;
    id.history.recordReset({ process: id.process, consumer: id.name, group: id.group, atUs: this.ctx.now(), topic: p.topic, partition: p.partition, offset, reason });
  }

  private fail(p: OwnedPartition, why: string): void {
    p.failed = true;
    this.ctx.trace("consumer-error", { consumer: this.identity.name, topic: p.topic, partition: p.partition, error: why, rule: "auto.offset.reset=none: the consumer throws instead of choosing a position, so this partition is not consumed" });
  }

  private sorted(): OwnedPartition[] {
    return [...this.owned.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }
}
