/**
 * The consumer's fetcher (docs/kafka-rules.md §6.1, §8; Kafka's SubscriptionState, AbstractFetch,
 * FetchCollector and OffsetFetcher): the fetch state of each assigned partition
 * ({@link TopicPartitionState}), Fetch requests to the leader of each position (one in flight per
 * broker, fetch.min.bytes / fetch.max.wait.ms, the position's leader epoch as currentLeaderEpoch), a
 * buffer of fetched records that poll() drains up to max.poll.records, position validation after a
 * leader change (KIP-320, {@link PositionValidator}), and resets with ListOffsets per
 * auto.offset.reset (no committed offset, OFFSET_OUT_OF_RANGE). Leader errors
 * (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, ...) and timeouts refresh the metadata.
 */
import type { ActorContext } from "../../sim/actor.js";
import type { ClusterSpec } from "../features.js";
import type { PolledRecord, ResetReason, TopicPartition } from "../history.js";
import type { FetchPartition, FetchRequest, FetchResponse } from "../protocol/fetch.js";
import { FetchSessionHandler } from "../client/fetch-session-handler.js";
import { fetchSessionsSupported } from "../protocol/fetch-metadata.js";
import { brokerSupport, type BrokerSupport } from "./broker-support.js";
import type { ConsumerMetadata } from "./client-metadata.js";
import { FetchStateTally, TopicPartitionState, type LeaderAndEpoch } from "./fetch-position.js";
import type { ConsumerIdentity } from "./identity.js";
import type { NetworkClient, Timers } from "./network-client.js";
import { PositionValidator } from "./position-validator.js";
import type { ConsumerSettings } from "./settings.js";
import { emit } from "../explain/catalogue.js";
import type { ConsumerErrorCause } from "../explain/consumer.js";

/** An offset to commit with the leader epoch of the record before it (OffsetAndMetadata.leaderEpoch). */
export interface ConsumedOffset {
  topic: string;
  partition: number;
  offset: number;
  /** -1 when unknown. */
  leaderEpoch: number;
}

/** A committed offset as OffsetFetch returns it; null = nothing committed. */
export type CommittedPosition = { offset: number; leaderEpoch: number } | null;

const key = (topic: string, partition: number): string => `${topic}-${partition}`;

export class Fetcher {
  private readonly owned = new Map<string, TopicPartitionState>();
  /** `owned` sorted by (topic, partition), kept until the assignment changes; never mutated in place. */
  private sortedOwned: readonly TopicPartitionState[] | undefined;
  /** States per kind and position leader changes of the owned partitions. */
  private readonly tally = new FetchStateTally();
  /**
   * The owned partitions that have a position, grouped by the position's leader node (null: none
   * known), each group in sorted order; kept until the assignment or a position's leader changes.
   */
  private byLeader: { sorted: readonly TopicPartitionState[]; version: number; groups: Map<string | null, TopicPartitionState[]> } | undefined;
  private readonly fetchingNodes = new Set<string>();
  /** sendFetches' partitions that can be fetched now (a scratch list, empty between calls). */
  private readonly candidates: TopicPartitionState[] = [];
  /** Nodes in reconnect backoff with a wake-up already scheduled for the end of it. */
  private readonly waitingNodes = new Set<string>();
  private readonly support: BrokerSupport;
  /** KIP-227: one fetch session per broker (FetchSessionHandler), null before Kafka 1.1. */
  private readonly fetchSessions: Map<string, FetchSessionHandler> | null;
  private readonly validator: PositionValidator;
  /** Metadata.updateVersion as last seen by validatePositionsOnMetadataChange. */
  private metadataVersion = 0;
  private seenMetadataVersion = 0;

  constructor(
    private readonly ctx: ActorContext,
    private readonly network: NetworkClient,
    private readonly timers: Timers,
    private readonly metadata: ConsumerMetadata,
    private readonly settings: ConsumerSettings,
    cluster: ClusterSpec,
    private readonly identity: ConsumerIdentity,
    /** Called whenever new data or a position arrives (wakes a waiting poll). */
    private readonly wake: () => void,
  ) {
    this.support = brokerSupport(cluster);
    this.fetchSessions = fetchSessionsSupported(cluster.features) ? new Map() : null;
    metadata.onUpdate(() => this.metadataVersion++);
    this.validator = new PositionValidator(ctx, network, metadata, settings, this.support, identity, {
      assigned: (p) => this.owned.get(key(p.topic, p.partition)) === p,
      nodeReady: (node) => this.nodeReady(node),
      seeked: (p, offset) => this.recordPosition(p, offset, "log-truncation"),
      fail: (p, why, cause) => this.fail(p, why, cause),
      wake: () => this.wake(),
    });
  }

  assign(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      if (this.owned.has(key(tp.topic, tp.partition))) continue;
      this.owned.set(key(tp.topic, tp.partition), new TopicPartitionState(tp.topic, tp.partition, this.tally));
      this.sortedOwned = undefined;
    }
  }

  revoke(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      const k = key(tp.topic, tp.partition);
      const p = this.owned.get(k);
      if (!p) continue;
      this.owned.delete(k);
      p.release();
      this.sortedOwned = undefined;
    }
  }

  /** Eager rebalance with auto-commit: stop fetching and returning these until they are revoked. */
  markPendingRevocation(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      const p = this.owned.get(key(tp.topic, tp.partition));
      if (p) p.pendingRevocation = true;
    }
  }

  /** Assigned partitions, sorted. */
  assigned(): TopicPartition[] {
    return this.sorted().map((p) => ({ topic: p.topic, partition: p.partition }));
  }

  /** Partitions that need their committed offset (SubscriptionState.initializingPartitions). */
  missingPositions(): TopicPartition[] {
    if (this.tally.inState.INITIALIZING === 0) return [];
    return this.sorted()
      .filter((p) => p.state === "INITIALIZING" && p.failed === null)
      .map((p) => ({ topic: p.topic, partition: p.partition }));
  }

  /**
   * ConsumerUtils.refreshCommittedOffsets: seek (unvalidated) to the committed offset with its leader
   * epoch, or, when none exists, reset per auto.offset.reset (resetInitializingPositions).
   */
  initialize(tp: TopicPartition, committed: CommittedPosition): void {
    const p = this.owned.get(key(tp.topic, tp.partition));
    if (!p || p.state !== "INITIALIZING" || p.failed !== null) return;
    if (committed !== null && committed.offset >= 0) {
      const epoch = this.support.recordEpochs && committed.leaderEpoch >= 0 ? committed.leaderEpoch : null;
      p.seekUnvalidated({ offset: committed.offset, offsetEpoch: epoch, currentLeader: this.currentLeader(p) });
      this.recordPosition(p, committed.offset, "committed");
      return;
    }
    const policy = this.settings.autoOffsetReset;
    if (policy === "none") return this.fail(p, "NoOffsetForPartitionException: no committed offset and auto.offset.reset=none", { cause: "no-reset-policy" });
    p.reset(policy === "earliest" ? "earliest" : "latest");
  }

  /** SubscriptionState.allConsumed: the valid positions of assigned partitions, what a commit commits. */
  positions(): ConsumedOffset[] {
    return this.sorted()
      .filter((p) => p.hasValidPosition())
      .map((p) => ({ topic: p.topic, partition: p.partition, offset: p.position!.offset, leaderEpoch: p.position!.offsetEpoch ?? -1 }));
  }

  /** FetchCollector.collectFetch: take up to `max` buffered records (partitions in order), advancing positions. */
  drain(max: number): PolledRecord[] {
    const out: PolledRecord[] = [];
    for (const p of this.sorted()) {
      if (p.buffer.length === 0) continue;
      // Not fetchable (pending revocation, validating, resetting) or moved since the fetch: drained unreturned.
      if (!p.isFetchable() || p.buffer[0]!.record.offset !== p.position!.offset) {
        p.buffer = [];
        continue;
      }
      while (out.length < max && p.buffer.length > 0) {
        const { record, epoch } = p.buffer.shift()!;
        out.push(record);
        p.position = { offset: record.offset + 1, offsetEpoch: epoch, currentLeader: p.position!.currentLeader };
      }
    }
    return out;
  }

  /**
   * ClassicKafkaConsumer.updateFetchPositions, once the group is active: validate positions whose
   * leader changed (OffsetFetcher.validatePositionsIfNeeded), then look up the positions of partitions
   * awaiting a reset (resetPositionsIfNeeded).
   */
  updatePositions(): void {
    this.validatePositionsOnMetadataChange();
    if (this.tally.inState.AWAIT_VALIDATION > 0) this.validator.validate(this.sorted());
    if (this.tally.inState.AWAIT_RESET > 0) this.sendResets();
  }

  /** ClassicKafkaConsumer.sendFetches: a Fetch to each leader for its fetchable partitions without buffered data. */
  sendFetches(): void {
    this.validatePositionsOnMetadataChange();
    // Only partitions without a known leader and those of nodes with no fetch in flight can be
    // fetched now: look at those alone (in sorted order, as a walk over every partition would).
    // One list reused by every call: it is read whole into the per-node lists before any fetch is sent.
    const candidates = this.candidates;
    candidates.length = 0;
    let groupsUsed = 0;
    const groups = this.partitionsByLeader();
    for (const node of groups.keys()) {
      if (node !== null && this.fetchingNodes.has(node)) continue;
      const group = groups.get(node)!;
      const before = candidates.length;
      for (let i = 0; i < group.length; i++) {
        const p = group[i]!;
        if (p.isFetchable() && p.buffer.length === 0) candidates.push(p);
      }
      if (candidates.length > before) groupsUsed++;
    }
    if (candidates.length === 0) return;
    if (groupsUsed > 1) candidates.sort((a, b) => a.rank - b.rank);
    const byNode = new Map<string, TopicPartitionState[]>();
    for (const p of candidates) {
      // AbstractFetch.prepareFetchRequests: one fetch in flight per node, none for a partition with
      // buffered data; a partition whose leader moved is fetched from the new one even while a
      // fetch to the old one is still out (its late answer is then stale and dropped).
      if (!p.isFetchable() || p.buffer.length > 0) continue;
      const node = p.position!.currentLeader.node;
      if (node === null) {
        this.metadata.requestSoon();
        continue;
      }
      if (this.fetchingNodes.has(node) || !this.nodeReady(node)) continue;
      const list = byNode.get(node) ?? [];
      list.push(p);
      byNode.set(node, list);
    }
    candidates.length = 0;
    for (const node of byNode.size > 1 ? [...byNode.keys()].sort() : byNode.keys()) this.fetchFrom(node, byNode.get(node)!);
  }

  /** `parts`: sorted, one node's. */
  private fetchFrom(node: string, parts: TopicPartitionState[]): void {
    const offsets = new Array<number>(parts.length);
    for (let i = 0; i < parts.length; i++) offsets[i] = parts[i]!.position!.offset;
    this.fetchingNodes.add(node);
    const settings = this.settings;
    const session = this.fetchSessionFor(node);
    const sessionId = session?.sessionId ?? 0;
    const sessionEpoch = session?.epoch ?? 0;
    const incremental = session?.incremental ?? false;
    let partitions: FetchPartition[];
    let forgotten: { topic: string; partition: number }[] = [];
    if (session) ({ partitions, forgotten } = sessionRequest(session, parts, this.fetchData));
    else {
      partitions = new Array<FetchPartition>(parts.length);
      for (let i = 0; i < parts.length; i++) partitions[i] = this.fetchPartition(parts[i]!);
    }
    const request = (correlationId: number): FetchRequest => {
      const fetch: FetchRequest = {
        type: "Fetch",
        correlationId,
        replicaId: -1,
        replicaEpoch: -1,
        maxWaitMs: settings.fetchMaxWaitMs,
        minBytes: settings.fetchMinBytes,
        maxBytes: settings.fetchMaxBytes,
        partitions,
      };
      if (session) {
        fetch.sessionId = sessionId;
        fetch.sessionEpoch = sessionEpoch;
        if (incremental) fetch.forgotten = forgotten;
      }
      return fetch;
    };
    const done = () => this.fetchingNodes.delete(node);
    this.network.send(
      node,
      request,
      (response) => {
        done();
        if (session && session.handleResponse(response.error, response.sessionId) === "reset") {
          // FetchSessionHandler.handleResponse returned false: nothing to process, the next fetch is full.
          emit(this.ctx, "consumer-fetch-session-reset", { consumer: this.identity.name, node, error: response.error });
          this.wake();
          return;
        }
        for (const answer of response.partitions) {
          const i = indexOf(parts, answer.topic, answer.partition);
          if (i >= 0 && this.owned.get(parts[i]!.key) === parts[i]) this.handleFetched(parts[i]!, offsets[i]!, answer);
        }
        this.wake();
      },
      () => {
        done();
        session?.handleError();
        this.metadata.requestSoon();
        this.wake();
      },
      // The broker may hold the fetch for fetch.max.wait.ms: allow that on top of request.timeout.ms.
      (settings.requestTimeoutMs + settings.fetchMaxWaitMs) * 1000,
    );
  }

  /** {@link fetchPartition} bound once (the session request builder calls it per changed partition). */
  private readonly fetchData = (p: TopicPartitionState): FetchPartition => this.fetchPartition(p);

  /** The fetch data of a partition (AbstractFetch.prepareFetchRequests: FetchRequest.PartitionData). */
  private fetchPartition(p: TopicPartitionState): FetchPartition {
    return {
      topic: p.topic,
      partition: p.partition,
      currentLeaderEpoch: this.requestEpoch(p.position!.currentLeader),
      fetchOffset: p.position!.offset,
      lastFetchedEpoch: -1,
      logStartOffset: -1,
      partitionMaxBytes: this.settings.maxPartitionFetchBytes,
    };
  }

  private fetchSessionFor(node: string): FetchSessionHandler | null {
    if (!this.fetchSessions) return null;
    let session = this.fetchSessions.get(node);
    if (!session) {
      session = new FetchSessionHandler();
      this.fetchSessions.set(node, session);
    }
    return session;
  }

  /** FetchCollector.initialize: a partition's answer, ignored unless the position is still valid and unchanged. */
  private handleFetched(p: TopicPartitionState, fetchOffset: number, answer: FetchResponse["partitions"][number]): void {
    // A second answer for the same position (an earlier fetch to the old leader) is stale once the first is consumed.
    if (!p.hasValidPosition() || p.position!.offset !== fetchOffset || p.buffer.length > 0) return;
    if (answer.error === "NONE") {
      let next = fetchOffset;
      for (const batch of answer.batches) {
        const epoch = this.support.recordEpochs && batch.partitionLeaderEpoch >= 0 ? batch.partitionLeaderEpoch : null;
        const records = batch.records;
        for (let i = 0; i < records.length; i++) {
          const offset = batch.baseOffset + i;
          if (offset < next) continue;
          p.buffer.push({ record: { topic: p.topic, partition: p.partition, offset, value: records[i]!.value }, epoch });
          next = offset + 1;
        }
      }
      return;
    }
    if (answer.error === "OFFSET_OUT_OF_RANGE") {
      const policy = this.settings.autoOffsetReset;
      emit(
        this.ctx,
        "consumer-offset-out-of-range",
        {
          consumer: this.identity.name,
          topic: p.topic,
          partition: p.partition,
          offset: fetchOffset,
          logStartOffset: answer.logStartOffset,
          highWatermark: answer.highWatermark,
        },
        { policy },
      );
      if (policy === "none") return this.fail(p, "OffsetOutOfRangeException with auto.offset.reset=none", { cause: "no-reset-policy" });
      p.reset("out-of-range");
      return;
    }
    // UNKNOWN_LEADER_EPOCH: the leader has not heard of the epoch yet; the fetch is simply retried.
    if (answer.error === "UNKNOWN_LEADER_EPOCH") return;
    // NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_TOPIC_OR_PARTITION, OFFSET_NOT_AVAILABLE, ...
    this.metadata.requestSoon();
  }

  /**
   * OffsetFetcherUtils.validatePositionsOnMetadataChange: after each metadata update, every position
   * whose leader or leader epoch changed takes the new leader and awaits validation
   * (SubscriptionState.maybeValidatePositionForCurrentLeader).
   */
  private validatePositionsOnMetadataChange(): void {
    if (this.seenMetadataVersion === this.metadataVersion) return;
    this.seenMetadataVersion = this.metadataVersion;
    for (const p of this.sorted()) {
      if (p.failed !== null) continue;
      const current = this.currentLeader(p);
      if (this.support.validatePositions) p.maybeValidatePosition(current);
      else if (
        current.node !== null &&
        p.position !== null &&
        p.state !== "AWAIT_RESET" &&
        (p.position.currentLeader.node !== current.node || p.position.currentLeader.epoch !== current.epoch)
      ) {
        p.updatePositionLeaderNoValidation(current);
      }
    }
  }

  /** OffsetFetcher.resetPositionsIfNeeded: ListOffsets for partitions awaiting a reset. */
  private sendResets(): void {
    const now = this.ctx.now();
    for (const p of this.sorted()) {
      if (p.state !== "AWAIT_RESET" || p.failed !== null || p.awaitingRetryBackoff(now)) continue;
      const leader = this.metadata.leader(p.topic, p.partition);
      if (!leader) {
        this.metadata.requestSoon();
        continue;
      }
      if (!this.nodeReady(leader.node)) continue;
      const reason = p.resetReason ?? "earliest";
      const timestamp = this.settings.autoOffsetReset === "earliest" ? -2 : -1;
      p.nextRetryUs = now + this.settings.requestTimeoutUs;
      this.network.send(
        leader.node,
        (correlationId) => ({
          type: "ListOffsets",
          correlationId,
          replicaId: -1,
          partitions: [{ topic: p.topic, partition: p.partition, currentLeaderEpoch: this.support.currentLeaderEpoch ? leader.leaderEpoch : -1, timestamp }],
        }),
        (response) => {
          const answer = response.partitions[0];
          if (this.owned.get(key(p.topic, p.partition)) !== p || p.state !== "AWAIT_RESET") return;
          if (!answer || answer.error !== "NONE") {
            p.nextRetryUs = this.ctx.now() + this.settings.retryBackoffUs;
            this.metadata.requestSoon();
          } else {
            // OffsetFetcherUtils.resetPositionIfNeeded: no offset epoch, so that the new position skips validation.
            p.seekValidated({ offset: answer.offset, offsetEpoch: null, currentLeader: this.currentLeader(p) });
            this.recordPosition(p, answer.offset, reason);
          }
          this.wake();
        },
        () => {
          if (p.state === "AWAIT_RESET") p.nextRetryUs = this.ctx.now() + this.settings.retryBackoffUs;
          this.metadata.requestSoon();
          this.wake();
        },
      );
    }
  }

  /** Metadata.currentLeader. */
  private currentLeader(p: TopicPartitionState): LeaderAndEpoch {
    const leader = this.metadata.leader(p.topic, p.partition);
    return leader
      ? { node: leader.node, epoch: this.support.currentLeaderEpoch && leader.leaderEpoch >= 0 ? leader.leaderEpoch : null }
      : { node: null, epoch: null };
  }

  private requestEpoch(leader: LeaderAndEpoch): number {
    return leader.epoch ?? -1;
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

  private recordPosition(p: TopicPartitionState, offset: number, reason: ResetReason): void {
    const id = this.identity;
    id.history.recordReset({
      process: id.process,
      consumer: id.name,
      group: id.group,
      atUs: this.ctx.now(),
      topic: p.topic,
      partition: p.partition,
      offset,
      reason,
    });
  }

  private fail(p: TopicPartitionState, why: string, cause: ConsumerErrorCause): void {
    p.failed = why;
    p.buffer = [];
    emit(this.ctx, "consumer-error", { consumer: this.identity.name, topic: p.topic, partition: p.partition, error: why }, cause);
  }

  private sorted(): readonly TopicPartitionState[] {
    if (this.sortedOwned === undefined) {
      const sorted = [...this.owned.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
      sorted.forEach((p, i) => (p.rank = i));
      this.sortedOwned = sorted;
    }
    return this.sortedOwned;
  }

  /** {@link byLeader}, rebuilt when stale. */
  private partitionsByLeader(): Map<string | null, TopicPartitionState[]> {
    const sorted = this.sorted();
    const cached = this.byLeader;
    if (cached && cached.sorted === sorted && cached.version === this.tally.leaderVersion) return cached.groups;
    const groups = new Map<string | null, TopicPartitionState[]>();
    for (const p of sorted) {
      if (p.position === null) continue;
      const node = p.position.currentLeader.node;
      const group = groups.get(node);
      if (group) group.push(p);
      else groups.set(node, [p]);
    }
    this.byLeader = { sorted, version: this.tally.leaderVersion, groups };
    return groups;
  }
}

/** Index of (topic, partition) in `parts` sorted by (topic, partition), or -1. */
function indexOf(parts: readonly TopicPartitionState[], topic: string, partition: number): number {
  let lo = 0;
  let hi = parts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = parts[mid]!;
    const c = p.topic < topic ? -1 : p.topic > topic ? 1 : p.partition - partition;
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * FetchSessionHandler.Builder.build: a full fetch names every wanted partition; an incremental one
 * names those added or changed and forgets those the session holds but this fetch does not want
 * (e.g. a partition with buffered records, or one no longer assigned). Updates the session's view.
 * The fetch data of a partition the session holds unchanged is not built again.
 */
function sessionRequest(
  session: FetchSessionHandler,
  wanted: readonly TopicPartitionState[],
  fetchData: (p: TopicPartitionState) => FetchPartition,
): { partitions: FetchPartition[]; forgotten: { topic: string; partition: number }[] } {
  const held = session.sessionPartitions;
  if (session.full) {
    held.clear();
    const partitions = new Array<FetchPartition>(wanted.length);
    for (let i = 0; i < wanted.length; i++) held.set(wanted[i]!.key, (partitions[i] = fetchData(wanted[i]!)));
    return { partitions, forgotten: [] };
  }
  const partitions: FetchPartition[] = [];
  for (const p of wanted) {
    const before = held.get(p.key);
    if (before !== undefined && sameFetchData(before, p)) continue;
    const fp = fetchData(p);
    if (!FetchSessionHandler.changed(fp, before)) continue;
    held.set(p.key, fp);
    partitions.push(fp);
  }
  const forgotten: { topic: string; partition: number }[] = [];
  // Every wanted partition is held now: when the session holds no more than these, nothing is forgotten.
  if (held.size === wanted.length) return { partitions, forgotten };
  const keep = new Set(wanted.map((p) => p.key));
  for (const [key, fp] of [...held]) {
    if (keep.has(key)) continue;
    held.delete(key);
    forgotten.push({ topic: fp.topic, partition: fp.partition });
  }
  return { partitions, forgotten };
}

/** Quick check: `held` has the position's offset and leader epoch, so it is what would be sent again. */
function sameFetchData(held: FetchPartition, p: TopicPartitionState): boolean {
  return held.fetchOffset === p.position!.offset && held.currentLeaderEpoch === (p.position!.currentLeader.epoch ?? -1);
}
