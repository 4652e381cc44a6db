/**
 * The leader's side of Fetch and ListOffsets (docs/kafka-rules.md §1.4, §1.8, §8): epoch fencing,
 * divergence detection through lastFetchedEpoch, OFFSET_OUT_OF_RANGE, follower fetch state, and the
 * fetch purgatory (long poll) answered as soon as new data or a needed HW arrives, or at maxWaitMs.
 */
import { ms } from "../../sim/time.js";
import type { FetchPartition, FetchPartitionResponse, FetchRequest, FetchResponse, ListOffsetsRequest, ListOffsetsResponse } from "../protocol/fetch.js";
import type { KafkaError } from "../protocol/errors.js";
import { batchEnd, type RecordBatch } from "../protocol/records.js";
import type { ReplicationContext } from "./context.js";
import { legacyEndOffsetFor } from "./legacy-truncation.js";
import { UNDEFINED_EPOCH } from "./epoch-cache.js";
import { updateFollowerFetchState } from "./isr.js";
import { FetchSessionCache, unsettle, type CachedPartition, type FetchSession } from "./fetch-session.js";
import type { Partition } from "./partition.js";
import { sortByTopicPartition } from "../topic-partition-keys.js";

/** A parked fetch (DelayedFetch). */
interface DelayedFetch {
  id: number;
  from: string;
  request: FetchRequest;
  /** The partitions read: the request's, or for an incremental fetch the session partitions read. */
  partitions: FetchPartition[];
  /** Per read partition: the HW the response would have carried when parked. */
  parkedHighWatermarks: number[];
  timerId: number;
  /** The fetch session, for a full fetch creating one (`full`) or an incremental fetch. */
  session: { kind: "full" } | { kind: "incremental"; session: FetchSession } | null;
}

/** No session partitions read (a fetch without a session, or a full one): shared, never written. */
const NOTHING_READ: readonly CachedPartition[] = Object.freeze([]);

/** A session's dirty partitions in (topic, partition) order. */
function sortedDirty(dirty: ReadonlySet<CachedPartition>): readonly CachedPartition[] {
  return dirty.size === 0 ? NOTHING_READ : sortByTopicPartition([...dirty]);
}

/** The fetch data of session partitions, in their order. */
function fetchDataOf(read: readonly CachedPartition[]): FetchPartition[] {
  const partitions = new Array<FetchPartition>(read.length);
  for (let i = 0; i < read.length; i++) partitions[i] = read[i]!.fetch;
  return partitions;
}

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
  /** KIP-227 incremental fetch sessions, in this broker's memory only. */
  readonly sessions: FetchSessionCache;

  constructor(private readonly rc: ReplicationContext) {
    const services = rc.services;
    this.sessions = new FetchSessionCache(((services.ctx.incarnation % 2000) + 1) * 1_000_000, rc.settings.fetchSessionCacheSlots);
  }

  handle(from: string, request: FetchRequest): void {
    const context = this.sessions.newContext(request, this.rc.services.ctx.now());
    if (context.kind === "error") {
      this.rc.trace("fetch-session-error", null, {
        replicaId: request.replicaId,
        sessionId: request.sessionId,
        sessionEpoch: request.sessionEpoch,
        error: context.error,
      });
      const response: FetchResponse = { type: "FetchResponse", correlationId: request.correlationId, error: context.error, sessionId: 0, partitions: [] };
      return this.rc.services.ctx.send(from, response);
    }
    let partitions: FetchPartition[];
    let session: DelayedFetch["session"] = null;
    let read: readonly CachedPartition[] = NOTHING_READ;
    if (context.kind === "incremental") {
      session = context;
      if (request.replicaId >= 0) this.refreshSettledFollowers(context.session, request);
      read = sortedDirty(context.session.dirty);
      partitions = fetchDataOf(read);
    } else {
      if (context.kind === "full") session = context;
      partitions = request.partitions;
    }
    const responses = this.readAll(request, partitions, true);
    let bytes = 0;
    let urgent = false;
    for (let i = 0; i < responses.length; i++) {
      const r = responses[i]!;
      if (r.error !== "NONE" || r.divergingEpoch !== undefined) urgent = true;
      const batches = r.batches;
      for (let j = 0; j < batches.length; j++) bytes += batches[j]!.sizeBytes;
    }
    if (urgent || bytes >= Math.max(1, request.minBytes) || request.maxWaitMs <= 0) return this.respond(from, request, session, partitions, read, responses);
    const id = this.nextId++;
    const timerId = this.rc.setTimer({ kind: "fetch-timeout", id }, ms(request.maxWaitMs));
    const parkedHighWatermarks = new Array<number>(responses.length);
    for (let i = 0; i < responses.length; i++) parkedHighWatermarks[i] = responses[i]!.highWatermark;
    this.delayed.set(id, { id, from, request, partitions, parkedHighWatermarks, timerId, session });
    if (session?.kind === "incremental") session.session.parkedFetchId = id;
    for (let index = 0; index < partitions.length; index++) {
      const fp = partitions[index]!;
      const k = this.sessions.keys.key(fp.topic, fp.partition);
      let parked = this.waiting.get(k);
      if (!parked) {
        parked = new Map();
        this.waiting.set(k, parked);
      }
      if (!parked.has(id)) parked.set(id, index);
    }
  }

  /** Read every partition of `partitions`, in order. */
  private readAll(request: FetchRequest, partitions: readonly FetchPartition[], updateState: boolean): FetchPartitionResponse[] {
    const responses = new Array<FetchPartitionResponse>(partitions.length);
    for (let i = 0; i < partitions.length; i++) responses[i] = this.readPartition(request, partitions[i]!, updateState);
    return responses;
  }

  /** LEO, HW or leadership of `p` changed: answer parked fetches that now have something. */
  onPartitionChanged(p: Partition): void {
    const inSessions = this.sessions.markChanged(p.topic, p.partition);
    const parked = this.waiting.get(this.sessions.keys.key(p.topic, p.partition));
    if (parked !== undefined && parked.size > 0) {
      // Completing a fetch removes only that fetch from this map (and nothing parks meanwhile): the
      // walk needs no copy of it.
      for (const [id, index] of parked) {
        const entry = this.delayed.get(id);
        if (!entry) continue;
        this.parkedChecks++;
        const fp = entry.partitions[index]!;
        this.maybeComplete(entry, p, fp, entry.parkedHighWatermarks[index]!);
      }
    }
    // Session partitions that were settled when their session's fetch was parked (so not read by
    // it): the parked fetch waits on them too (Kafka's DelayedFetch watches every session partition).
    for (const cp of inSessions) {
      const id = cp.session.parkedFetchId;
      const entry = id === null ? undefined : this.delayed.get(id);
      if (!entry || parked?.has(entry.id)) continue;
      this.parkedChecks++;
      this.maybeComplete(entry, p, cp.fetch, cp.highWatermark);
    }
  }

  /** Something else about `p` changed here (ISR, log start): sessions holding it read it at their next fetch. */
  onReplicaChanged(p: Partition): void {
    this.sessions.markChanged(p.topic, p.partition);
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

  private maybeComplete(entry: DelayedFetch, p: Partition, fp: FetchPartition, parkedHighWatermark: number): void {
    const isFollower = entry.request.replicaId >= 0;
    const readableEnd = this.readableEnd(p, isFollower);
    const newData = readableEnd > fp.fetchOffset;
    const hwNeeded = isFollower && p.log.highWatermark !== parkedHighWatermark && fp.fetchOffset > parkedHighWatermark;
    if (!p.isLeader || newData || hwNeeded) this.complete(entry, newData ? "new data at the leader" : p.isLeader ? "high watermark moved" : "leadership moved");
  }

  private complete(entry: DelayedFetch, reason: string | null): void {
    this.delayed.delete(entry.id);
    for (const fp of entry.partitions) {
      const k = this.sessions.keys.key(fp.topic, fp.partition);
      const parked = this.waiting.get(k);
      // An emptied map stays for the partition's next parked fetch (`waiting` is only looked up, never walked).
      parked?.delete(entry.id);
    }
    this.rc.services.ctx.cancelTimer(entry.timerId);
    if (reason !== null)
      this.rc.trace("fetch-completed-early", null, {
        replicaId: entry.request.replicaId,
        correlationId: entry.request.correlationId,
        reason,
      });
    let partitions = entry.partitions;
    let read: readonly CachedPartition[] = NOTHING_READ;
    if (entry.session?.kind === "incremental") {
      const session = entry.session.session;
      if (session.parkedFetchId === entry.id) session.parkedFetchId = null;
      // The session's partitions to read now: those read when parked and those changed since.
      read = sortedDirty(session.dirty);
      partitions = fetchDataOf(read);
    }
    const responses = this.readAll(entry.request, partitions, false);
    this.respond(entry.from, entry.request, entry.session, partitions, read, responses);
  }

  /**
   * Send the answer. A full fetch creates a session (FullFetchContext); an incremental one sends only
   * the partitions that must be answered (IncrementalFetchContext), and partitions that are settled
   * leave the session's dirty set.
   */
  private respond(
    to: string,
    request: FetchRequest,
    session: DelayedFetch["session"],
    partitions: FetchPartition[],
    read: readonly CachedPartition[],
    responses: FetchPartitionResponse[],
  ): void {
    let sessionId: number | undefined;
    let answered = responses;
    if (session?.kind === "full") {
      const created = this.sessions.maybeCreateSession(request.replicaId >= 0, this.rc.services.ctx.now(), partitions, responses);
      sessionId = created?.id ?? 0;
      if (created) {
        let i = 0;
        for (const cp of created.partitions.values()) this.settle(cp, request, responses[i++]!);
        this.rc.trace("fetch-session-created", null, {
          replicaId: request.replicaId,
          sessionId: created.id,
          partitions: created.partitions.size,
        });
      }
    } else if (session?.kind === "incremental") {
      sessionId = session.session.id;
      answered = [];
      for (let i = 0; i < read.length; i++) {
        const cp = read[i]!;
        const response = responses[i]!;
        if (this.sessions.mustRespond(cp, response)) answered.push(response);
        this.settle(cp, request, response);
      }
    }
    const response: FetchResponse = { type: "FetchResponse", correlationId: request.correlationId, error: "NONE", partitions: answered };
    if (sessionId !== undefined) response.sessionId = sessionId;
    this.rc.services.ctx.send(to, response);
  }

  /**
   * A session partition is settled when reading it again, with nothing changed at the leader, would
   * answer nothing and change nothing: no error or divergence, and for a follower at the leader's
   * LEO = HW, in the ISR with no ISR change pending (expansion and the HW need no new look); for a
   * consumer at the readable end. Settled partitions leave the dirty set until the partition changes.
   */
  private settle(cp: CachedPartition, request: FetchRequest, response: FetchPartitionResponse): void {
    const p = this.rc.partition(cp.topic, cp.partition);
    cp.replica = p;
    let settled = p !== undefined && p.isLeader && response.error === "NONE" && response.divergingEpoch === undefined && response.batches.length === 0;
    if (settled && request.replicaId >= 0) {
      const end = p!.log.logEndOffset;
      settled =
        cp.fetch.fetchOffset === end &&
        p!.log.highWatermark === end &&
        p!.pendingIsr === null &&
        p!.isr.includes(request.replicaId) &&
        p!.remotes.has(request.replicaId);
    } else if (settled) settled = cp.fetch.fetchOffset >= this.readableEnd(p!, false);
    unsettle(cp);
    if (settled) {
      cp.session.dirty.delete(cp);
      // From the session's next fetch on, this follower's state is refreshed as a fetch at the LEO.
      if (request.replicaId >= 0) {
        cp.settledRemote = p!.remotes.get(request.replicaId)!;
        cp.settledRemote.settle(cp, cp.session.followerClock, cp.fetch.fetchOffset);
      }
    } else cp.session.dirty.add(cp);
  }

  /**
   * Kafka reads every session partition on every fetch, so each follower fetch refreshes the
   * follower's fetch state of all of them (Replica.updateFetchStateOrThrow). For a settled partition
   * the fetch offset is the leader's LEO (any change of it makes the partition dirty), so the refresh
   * is that of a fetch at the LEO, without a read: the fetch is counted on the session's clock, which
   * the settled partitions' follower states follow (RemoteReplica.settle), at no cost per partition.
   */
  private refreshSettledFollowers(session: FetchSession, request: FetchRequest): void {
    const clock = session.followerClock;
    clock.fetches++;
    clock.lastFetchUs = this.rc.services.ctx.now();
    clock.brokerEpoch = request.replicaEpoch;
  }

  /**
   * Where a fetch may read up to: followers to the LEO, consumers only to the HW, so that they never
   * see a record that a leader change could still truncate (docs/kafka-rules.md §1.2). Mutant
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
    if (!p) return answer(fp, p, "UNKNOWN_TOPIC_OR_PARTITION", []);
    const fenced = this.fencing(p, fp.currentLeaderEpoch);
    if (fenced !== "NONE") {
      if (updateState && request.replicaId >= 0)
        rc.trace("fetch-fenced", p, {
          replicaId: request.replicaId,
          error: fenced,
          requestEpoch: fp.currentLeaderEpoch,
          leaderEpoch: p.leaderEpoch,
        });
      return answer(fp, p, fenced, []);
    }
    const isFollower = request.replicaId >= 0;
    const log = p.log;
    if (
      isFollower &&
      rc.services.cluster.features.leaderEpochs &&
      fp.lastFetchedEpoch !== UNDEFINED_EPOCH &&
      !rc.services.cluster.features.epochCheckedTruncation
    ) {
      // Before KIP-279 (Kafka 1.1): the answer is an end offset alone (legacy-truncation.ts).
      const endOffset = legacyEndOffsetFor(log.epochCache, fp.lastFetchedEpoch, log.logEndOffset);
      if (endOffset === UNDEFINED_EPOCH || endOffset < fp.fetchOffset) {
        if (updateState)
          rc.trace("fetch-diverging-epoch", p, {
            replicaId: request.replicaId,
            lastFetchedEpoch: fp.lastFetchedEpoch,
            fetchOffset: fp.fetchOffset,
            divergingEpoch: { epoch: UNDEFINED_EPOCH, endOffset },
          });
        return { ...answer(fp, p, "NONE", []), divergingEpoch: { epoch: UNDEFINED_EPOCH, endOffset } };
      }
    } else if (isFollower && rc.services.cluster.features.leaderEpochs && fp.lastFetchedEpoch !== UNDEFINED_EPOCH) {
      const end = log.epochCache.endOffsetFor(fp.lastFetchedEpoch, log.logEndOffset);
      if (end.epoch === UNDEFINED_EPOCH || end.endOffset === UNDEFINED_EPOCH) {
        // Kafka's Partition.fetchRecords: the end offset of the last fetched epoch cannot be determined.
        if (updateState)
          rc.trace("fetch-offset-out-of-range", p, {
            replicaId: request.replicaId,
            fetchOffset: fp.fetchOffset,
            lastFetchedEpoch: fp.lastFetchedEpoch,
          });
        return answer(fp, p, "OFFSET_OUT_OF_RANGE", []);
      }
      if (end.epoch < fp.lastFetchedEpoch || end.endOffset < fp.fetchOffset) {
        if (updateState)
          rc.trace("fetch-diverging-epoch", p, {
            replicaId: request.replicaId,
            lastFetchedEpoch: fp.lastFetchedEpoch,
            fetchOffset: fp.fetchOffset,
            divergingEpoch: end,
          });
        return { ...answer(fp, p, "NONE", []), divergingEpoch: { epoch: end.epoch, endOffset: end.endOffset } };
      }
    }
    if (fp.fetchOffset < log.logStartOffset || fp.fetchOffset > log.logEndOffset) {
      if (updateState)
        rc.trace("fetch-offset-out-of-range", p, {
          replicaId: request.replicaId,
          fetchOffset: fp.fetchOffset,
          logStartOffset: log.logStartOffset,
          logEndOffset: log.logEndOffset,
        });
      return answer(fp, p, "OFFSET_OUT_OF_RANGE", []);
    }
    if (isFollower && updateState) {
      const remote = p.remotes.get(request.replicaId);
      if (remote) {
        updateFollowerFetchState(remote, fp.fetchOffset, log.logEndOffset, rc.services.ctx.now(), request.replicaEpoch);
        rc.maybeExpandIsr(p, request.replicaId);
        rc.maybeAdvanceHighWatermarkAfterFetch(p, request.replicaId, fp.fetchOffset);
      }
    }
    const until = this.readableEnd(p, isFollower);
    const maxBytes = Math.min(
      fp.partitionMaxBytes > 0 ? fp.partitionMaxBytes : Number.MAX_SAFE_INTEGER,
      request.maxBytes > 0 ? request.maxBytes : Number.MAX_SAFE_INTEGER,
    );
    if (fp.fetchOffset >= until) return answer(fp, p, "NONE", []);
    // Batches are in offset order: those ending beyond `until` (a batch straddling a consumer's HW) are the last ones.
    const batches = log.read(fp.fetchOffset, until, maxBytes);
    while (batches.length > 0 && batchEnd(batches[batches.length - 1]!) > until) batches.pop();
    return answer(fp, p, "NONE", batches);
  }
}

/** One partition's answer: the partition's HW (as last stable offset too), log start and leader epoch, or -1 without a replica. */
function answer(fp: FetchPartition, p: Partition | undefined, error: KafkaError, batches: RecordBatch[]): FetchPartitionResponse {
  return {
    topic: fp.topic,
    partition: fp.partition,
    error,
    highWatermark: p ? p.log.highWatermark : -1,
    lastStableOffset: p ? p.log.highWatermark : -1,
    logStartOffset: p ? p.log.logStartOffset : -1,
    currentLeaderEpoch: p ? p.leaderEpoch : -1,
    batches,
  };
}
