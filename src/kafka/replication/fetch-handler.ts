/**
 * The leader's side of Fetch and ListOffsets (kafka-semantics §1.4, §1.8, §8): epoch fencing,
 * divergence detection through lastFetchedEpoch, OFFSET_OUT_OF_RANGE, follower fetch state, and the
 * fetch purgatory (long poll) answered as soon as new data or a needed HW arrives, or at maxWaitMs.
 */
import { ms } from "../../sim/time.js";
import type { FetchPartition, FetchPartitionResponse, FetchRequest, FetchResponse, ListOffsetsRequest, ListOffsetsResponse } from "../protocol/fetch.js";
import type { KafkaError } from "../protocol/errors.js";
import { batchEnd } from "../protocol/records.js";
import type { ReplicationContext } from "./context.js";
import { legacyEndOffsetFor } from "./legacy-truncation.js";
import { UNDEFINED_EPOCH } from "./epoch-cache.js";
import { updateFollowerFetchState } from "./isr.js";
import type { Partition } from "./partition.js";

/** A parked fetch (DelayedFetch). */
interface DelayedFetch {
  id: number;
  from: string;
  request: FetchRequest;
  /** Per requested partition: the HW the response would have carried when parked. */
  parkedHighWatermarks: number[];
  timerId: number;
}

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

export class FetchHandler {
  private readonly delayed = new Map<number, DelayedFetch>();
  /**
   * Parked fetches by the partitions they wait on (Kafka's DelayedOperationPurgatory is keyed by
   * partition: `TopicPartitionOperationKey`): per partition, parked fetch id → index of the
   * partition in its request, in parking (= id) order.
   */
  private readonly waiting = new Map<string, Map<number, number>>();
  /** Parked fetches examined by {@link onPartitionChanged} (a deterministic cost measure, tests). */
  parkedChecks = 0;
  private nextId = 1;

  constructor(private readonly rc: ReplicationContext) {}

  handle(from: string, request: FetchRequest): void {
    const responses = request.partitions.map((fp) => this.readPartition(request, fp, true));
    const bytes = responses.reduce((sum, r) => sum + r.batches.reduce((s, b) => s + b.sizeBytes, 0), 0);
    const urgent = responses.some((r) => r.error !== "NONE" || r.divergingEpoch !== undefined);
    if (urgent || bytes >= Math.max(1, request.minBytes) || request.maxWaitMs <= 0) return this.respond(from, request, responses);
    const id = this.nextId++;
    const timerId = this.rc.services.setTimer("replica-manager", { kind: "fetch-timeout", id }, ms(request.maxWaitMs));
    this.delayed.set(id, { id, from, request, parkedHighWatermarks: responses.map((r) => r.highWatermark), timerId });
    request.partitions.forEach((fp, index) => {
      const k = key(fp.topic, fp.partition);
      let parked = this.waiting.get(k);
      if (!parked) {
        parked = new Map();
        this.waiting.set(k, parked);
      }
      if (!parked.has(id)) parked.set(id, index);
    });
  }

  /** LEO, HW or leadership of `p` changed: answer parked fetches that now have something. */
  onPartitionChanged(p: Partition): void {
    const parked = this.waiting.get(key(p.topic, p.partition));
    if (!parked) return;
    for (const [id, index] of [...parked]) {
      const entry = this.delayed.get(id);
      if (!entry) continue;
      this.parkedChecks++;
      const fp = entry.request.partitions[index]!;
      const isFollower = entry.request.replicaId >= 0;
      const readableEnd = this.readableEnd(p, isFollower);
      const newData = readableEnd > fp.fetchOffset;
      const hwNeeded = isFollower && p.log.highWatermark !== entry.parkedHighWatermarks[index] && fp.fetchOffset > entry.parkedHighWatermarks[index]!;
      if (!p.isLeader || newData || hwNeeded) this.complete(entry, newData ? "new data at the leader" : p.isLeader ? "high watermark moved" : "leadership moved");
    }
  }

  onTimeout(id: number): void {
    const entry = this.delayed.get(id);
    if (entry) this.complete(entry, null);
  }

  /** ListOffsets earliest (-2) / latest (-1); latest = HW, OFFSET_NOT_AVAILABLE in the lagging-HW state (KIP-207). */
  handleListOffsets(from: string, request: ListOffsetsRequest): void {
    const partitions = request.partitions.map((lp) => {
      const p = this.rc.partition(lp.topic, lp.partition);
      const base = { topic: lp.topic, partition: lp.partition, offset: -1, leaderEpoch: -1 };
      const fenced = p ? this.fencing(p, lp.currentLeaderEpoch) : "UNKNOWN_TOPIC_OR_PARTITION";
      if (!p || fenced !== "NONE") return { ...base, error: fenced };
      if (lp.timestamp === -2) return { ...base, error: "NONE" as KafkaError, offset: p.log.logStartOffset, leaderEpoch: p.leaderEpoch };
      if (request.replicaId >= 0) return { ...base, error: "NONE" as KafkaError, offset: p.log.logEndOffset, leaderEpoch: p.leaderEpoch };
      if (this.rc.services.cluster.features.leaderEpochs && p.log.highWatermark < p.leaderEpochStartOffset) {
        this.rc.trace("list-offsets-lagging-hw", p, {
          highWatermark: p.log.highWatermark,
          leaderEpochStartOffset: p.leaderEpochStartOffset,
          rule: "a new leader whose HW is still below its epoch start offset answers OFFSET_NOT_AVAILABLE so that offsets seen by clients never go backwards (KIP-207)",
        });
        return { ...base, error: "OFFSET_NOT_AVAILABLE" as KafkaError };
      }
      return { ...base, error: "NONE" as KafkaError, offset: p.log.highWatermark, leaderEpoch: p.leaderEpoch };
    });
    const response: ListOffsetsResponse = { type: "ListOffsetsResponse", correlationId: request.correlationId, partitions };
    this.rc.services.ctx.send(from, response);
  }

  /** Parked requests (tests). */
  get parked(): number {
    return this.delayed.size;
  }

  private complete(entry: DelayedFetch, reason: string | null): void {
    this.delayed.delete(entry.id);
    for (const fp of entry.request.partitions) {
      const k = key(fp.topic, fp.partition);
      const parked = this.waiting.get(k);
      if (parked?.delete(entry.id) && parked.size === 0) this.waiting.delete(k);
    }
    this.rc.services.ctx.cancelTimer(entry.timerId);
    if (reason !== null) this.rc.trace("fetch-completed-early", null, { replicaId: entry.request.replicaId, correlationId: entry.request.correlationId, reason, rule: "a parked fetch is answered as soon as there is something new to return, not at replica.fetch.wait.max.ms / fetch.max.wait.ms" });
    const responses = entry.request.partitions.map((fp) => this.readPartition(entry.request, fp, false));
    this.respond(entry.from, entry.request, responses);
  }

  private respond(to: string, request: FetchRequest, partitions: FetchPartitionResponse[]): void {
    const response: FetchResponse = { type: "FetchResponse", correlationId: request.correlationId, error: "NONE", partitions };
    this.rc.services.ctx.send(to, response);
  }

  /**
   * Where a fetch may read up to: followers to the LEO, consumers only to the HW, so that they never
   * see a record that a leader change could still truncate (kafka-semantics §1.2). Mutant
   * `consumer-reads-above-hw` serves consumers up to the LEO as well.
   */
  private readableEnd(p: Partition, isFollower: boolean): number {
    return isFollower || this.rc.bug("consumer-reads-above-hw") ? p.log.logEndOffset : p.log.highWatermark;
  }

  /** Leader-side fencing by the requester's current leader epoch (KIP-320). */
  private fencing(p: Partition, currentLeaderEpoch: number): KafkaError {
    if (!p.isLeader) return "NOT_LEADER_OR_FOLLOWER";
    if (currentLeaderEpoch < 0) return "NONE";
    if (currentLeaderEpoch < p.leaderEpoch) return "FENCED_LEADER_EPOCH";
    if (currentLeaderEpoch > p.leaderEpoch) return "UNKNOWN_LEADER_EPOCH";
    return "NONE";
  }

  private readPartition(request: FetchRequest, fp: FetchPartition, updateState: boolean): FetchPartitionResponse {
    const rc = this.rc;
    const p = rc.partition(fp.topic, fp.partition);
    const empty = (error: KafkaError): FetchPartitionResponse => ({
      topic: fp.topic,
      partition: fp.partition,
      error,
      highWatermark: p?.log.highWatermark ?? -1,
      lastStableOffset: p?.log.highWatermark ?? -1,
      logStartOffset: p?.log.logStartOffset ?? -1,
      currentLeaderEpoch: p?.leaderEpoch ?? -1,
      batches: [],
    });
    if (!p) return empty("UNKNOWN_TOPIC_OR_PARTITION");
    const fenced = this.fencing(p, fp.currentLeaderEpoch);
    if (fenced !== "NONE") {
      if (updateState && request.replicaId >= 0) rc.trace("fetch-fenced", p, { replicaId: request.replicaId, error: fenced, requestEpoch: fp.currentLeaderEpoch, leaderEpoch: p.leaderEpoch, rule: "the leader rejects a fetch whose current leader epoch differs from its own (KIP-320): lower → FENCED_LEADER_EPOCH, higher → UNKNOWN_LEADER_EPOCH" });
      return empty(fenced);
    }
    const isFollower = request.replicaId >= 0;
    const log = p.log;
    if (isFollower && rc.services.cluster.features.leaderEpochs && fp.lastFetchedEpoch !== UNDEFINED_EPOCH && !rc.services.cluster.features.epochCheckedTruncation) {
      // Before KIP-279 (Kafka 1.1): the answer is an end offset alone (legacy-truncation.ts).
      const endOffset = legacyEndOffsetFor(log.epochCache, fp.lastFetchedEpoch, log.logEndOffset);
      if (endOffset === UNDEFINED_EPOCH || endOffset < fp.fetchOffset) {
        if (updateState) rc.trace("fetch-diverging-epoch", p, { replicaId: request.replicaId, lastFetchedEpoch: fp.lastFetchedEpoch, fetchOffset: fp.fetchOffset, divergingEpoch: { epoch: UNDEFINED_EPOCH, endOffset }, rule: `OffsetsForLeaderEpoch v0 (before KIP-279): the leader answers that the follower's epoch ${fp.lastFetchedEpoch} ends at ${endOffset} (the start of the first later epoch it knows), without saying which epoch it had there` });
        return { ...empty("NONE"), divergingEpoch: { epoch: UNDEFINED_EPOCH, endOffset } };
      }
    } else if (isFollower && rc.services.cluster.features.leaderEpochs && fp.lastFetchedEpoch !== UNDEFINED_EPOCH) {
      const end = log.epochCache.endOffsetFor(fp.lastFetchedEpoch, log.logEndOffset);
      if (end.epoch === UNDEFINED_EPOCH || end.endOffset === UNDEFINED_EPOCH) {
        // Kafka's Partition.fetchRecords: the end offset of the last fetched epoch cannot be determined.
        if (updateState) rc.trace("fetch-offset-out-of-range", p, { replicaId: request.replicaId, fetchOffset: fp.fetchOffset, lastFetchedEpoch: fp.lastFetchedEpoch, rule: "the leader cannot determine where the follower's last fetched epoch ends: OFFSET_OUT_OF_RANGE" });
        return empty("OFFSET_OUT_OF_RANGE");
      }
      if (end.epoch < fp.lastFetchedEpoch || end.endOffset < fp.fetchOffset) {
        if (updateState) rc.trace("fetch-diverging-epoch", p, { replicaId: request.replicaId, lastFetchedEpoch: fp.lastFetchedEpoch, fetchOffset: fp.fetchOffset, divergingEpoch: end, rule: `the follower's log diverges: the leader's epoch ${end.epoch} ends at ${end.endOffset}, so the follower must truncate there before fetching again (truncation on fetch, KIP-320)` });
        return { ...empty("NONE"), divergingEpoch: { epoch: end.epoch, endOffset: end.endOffset } };
      }
    }
    if (fp.fetchOffset < log.logStartOffset || fp.fetchOffset > log.logEndOffset) {
      if (updateState) rc.trace("fetch-offset-out-of-range", p, { replicaId: request.replicaId, fetchOffset: fp.fetchOffset, logStartOffset: log.logStartOffset, logEndOffset: log.logEndOffset, rule: "a fetch below the log start offset or beyond the LEO is OFFSET_OUT_OF_RANGE" });
      return empty("OFFSET_OUT_OF_RANGE");
    }
    if (isFollower && updateState) {
      const remote = p.remotes.get(request.replicaId);
      if (remote) {
        updateFollowerFetchState(remote, fp.fetchOffset, log.logEndOffset, rc.services.ctx.now(), request.replicaEpoch);
        rc.maybeExpandIsr(p, request.replicaId);
        rc.maybeAdvanceHighWatermark(p, `broker-${request.replicaId} fetched at ${fp.fetchOffset}`);
      }
    }
    const until = this.readableEnd(p, isFollower);
    const maxBytes = Math.min(fp.partitionMaxBytes > 0 ? fp.partitionMaxBytes : Number.MAX_SAFE_INTEGER, request.maxBytes > 0 ? request.maxBytes : Number.MAX_SAFE_INTEGER);
    const batches = fp.fetchOffset >= until ? [] : log.read(fp.fetchOffset, until, maxBytes).filter((b) => batchEnd(b) <= until);
    return { ...empty("NONE"), highWatermark: log.highWatermark, lastStableOffset: log.highWatermark, batches };
  }
}

