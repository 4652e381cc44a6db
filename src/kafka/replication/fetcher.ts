/**
 * The follower's fetcher (docs/kafka-rules.md §1.4, §1.7): one Fetch in flight per leader broker covering
 * every partition followed there; divergence truncation (KIP-320 truncation on fetch), follower HW,
 * log start following, request timeout → disconnect, and replica.fetch.backoff.ms after errors.
 * Before leader epochs (Kafka 0.10) an OFFSET_OUT_OF_RANGE follower asks the leader for its log end
 * offset and truncates to it, or exits the broker (legacy-out-of-range.ts).
 */
import { ms } from "../../sim/time.js";
import { brokerIdOf, brokerNode } from "../metadata/partition-state.js";
import type { FetchPartition, FetchPartitionResponse, FetchRequest, FetchResponse, ListOffsetsResponse } from "../protocol/fetch.js";
import { batchEnd, type RecordBatch } from "../protocol/records.js";
import type { ReplicationContext } from "./context.js";
import { UNDEFINED_EPOCH } from "./epoch-cache.js";
import { legacyTruncationOffset } from "./legacy-truncation.js";
import { followerHighWatermark } from "./high-watermark.js";
import { applyLeaderOffsets, listOffsetsRequest, type AskedOffsets } from "./legacy-out-of-range.js";
import type { Partition } from "./partition.js";
import { FetchSessionHandler } from "../client/fetch-session-handler.js";
import { fetchSessionsSupported } from "../protocol/fetch-metadata.js";
import { sortByTopicPartition, TopicPartitionKeys } from "../topic-partition-keys.js";

/** Fetch session state towards one leader broker. */
interface LeaderSession {
  leaderId: number;
  /** The fetch in flight and the fetch data the leader holds for its partitions (by partition key). */
  inFlight: { correlationId: number; timerId: number; sent: ReadonlyMap<string, FetchPartition>; incremental: boolean } | null;
  /** KIP-227 (Kafka 1.1+): the incremental fetch session towards this leader; null before fetch sessions existed. */
  fetchSession: FetchSessionHandler | null;
  /** Followed partitions whose fetch data may have changed since the last request (named by the next incremental fetch if it did). */
  readonly changed: Set<Partition>;
  /**
   * Kafka 0.10: the leader's log end and start offsets asked for out-of-range partitions
   * (ReplicaFetcherThread.earliestOrLatestOffset is a blocking request: no fetch goes out meanwhile).
   */
  offsetsInFlight: { correlationId: number; timerId: number; asked: AskedOffsets[] } | null;
  backoffTimerId: number | null;
}

/** Partitions followed at one leader, with their (topic, partition) order built on demand. */
interface Followed {
  readonly members: Set<Partition>;
  sorted: readonly Partition[] | null;
}

const byTopicPartition = (a: Partition, b: Partition): number => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);

export class ReplicaFetcher {
  private readonly sessions = new Map<number, LeaderSession>();
  /**
   * Followed partitions indexed by leader (AbstractFetcherThread keeps one partition map per
   * fetcher thread, i.e. per leader): a role change moves one partition, no walk of all of them.
   */
  private readonly followed = new Map<number, Followed>();
  /** The leader each partition is indexed under in {@link followed}. */
  private readonly followedLeader = new Map<Partition, number>();
  private nextCorrelationId = 1;
  /** `topic\u0000partition` keys of the fetch data sent, built once. */
  private readonly keys = new TopicPartitionKeys();
  /** Before KIP-279: the leader epoch in which each partition finished its one epoch truncation. */
  private readonly truncatedInEpoch = new Map<string, number>();
  /** The broker is exiting (a fatal fetcher error): the fetcher thread is gone, nothing more is fetched. */
  private halted = false;

  constructor(private readonly rc: ReplicationContext) {}

  /** A partition now follows `leaderId` (or its epoch changed): make sure a fetch goes out. */
  follow(p: Partition): void {
    if (p.leaderId < 0 || p.leaderId === p.brokerId) return;
    this.kick(this.session(p.leaderId));
  }

  /** Partitions this broker follows at `leaderId`, sorted by (topic, partition). */
  private followedAt(leaderId: number): readonly Partition[] {
    const set = this.followed.get(leaderId);
    if (!set) return [];
    if (set.sorted === null) set.sorted = Object.freeze([...set.members].sort(byTopicPartition));
    return set.sorted;
  }

  /**
   * The role or leader of `p` changed: move it to the index of the leader it now follows (if any),
   * and forget the fetch state towards its previous leader when nothing is followed there any more.
   */
  roleChanged(p: Partition): void {
    const leaderId = p.role === "follower" && p.leaderId >= 0 && p.leaderId !== p.brokerId ? p.leaderId : -1;
    const previous = this.followedLeader.get(p) ?? -1;
    if (previous === leaderId) return this.onReplicaChanged(p);
    if (previous >= 0) {
      this.sessions.get(previous)?.changed.add(p);
      const set = this.followed.get(previous)!;
      set.members.delete(p);
      set.sorted = null;
      this.followedLeader.delete(p);
      if (set.members.size === 0) {
        this.followed.delete(previous);
        this.pruneSession(previous);
      }
    }
    if (leaderId >= 0) {
      let set = this.followed.get(leaderId);
      if (!set) {
        set = { members: new Set(), sorted: null };
        this.followed.set(leaderId, set);
      }
      set.members.add(p);
      set.sorted = null;
      this.followedLeader.set(p, leaderId);
      this.sessions.get(leaderId)?.changed.add(p);
    }
  }

  /** A followed replica changed (log, epoch, log start): its next fetch data may differ from what the session holds. */
  onReplicaChanged(p: Partition): void {
    const leaderId = this.followedLeader.get(p);
    if (leaderId !== undefined) this.sessions.get(leaderId)?.changed.add(p);
  }

  private session(leaderId: number): LeaderSession {
    let session = this.sessions.get(leaderId);
    if (!session) {
      const fetchSession = fetchSessionsSupported(this.rc.services.cluster.features) ? new FetchSessionHandler() : null;
      session = { leaderId, inFlight: null, offsetsInFlight: null, backoffTimerId: null, fetchSession, changed: new Set() };
      this.sessions.set(leaderId, session);
    }
    return session;
  }

  /** Send the next fetch to this leader unless one is in flight or we back off. */
  private kick(session: LeaderSession): void {
    if (this.halted || session.inFlight || session.offsetsInFlight || session.backoffTimerId !== null) return;
    const partitions = this.followedAt(session.leaderId);
    if (partitions.length === 0) return;
    const rc = this.rc;
    const features = rc.services.cluster.features;
    // Mutant no-follower-truncation: the follower never asks the leader to check its last epoch, so
    // a divergent suffix is never reported and the leader's records are appended after it.
    const sendLastEpoch = features.leaderEpochs && !rc.bug("no-follower-truncation");
    const fs = session.fetchSession;
    const incremental = fs !== null && fs.incremental;
    let fetchPartitions: FetchPartition[];
    const forgotten: { topic: string; partition: number }[] = [];
    let sent: Map<string, FetchPartition>;
    if (!incremental) {
      // A full fetch names every followed partition (and, with sessions, becomes the session's content).
      sent = fs?.sessionPartitions ?? new Map();
      sent.clear();
      fetchPartitions = new Array<FetchPartition>(partitions.length);
      for (let i = 0; i < partitions.length; i++) {
        const p = partitions[i]!;
        const fp = this.fetchData(p, this.lastFetchedEpoch(p, sendLastEpoch));
        sent.set(this.keys.key(p.topic, p.partition), fp);
        fetchPartitions[i] = fp;
      }
    } else {
      // FetchSessionHandler.Builder: name partitions added or whose fetch data changed; forget those no longer followed here.
      sent = fs.sessionPartitions;
      fetchPartitions = [];
      for (const p of sortByTopicPartition([...session.changed])) {
        const k = this.keys.key(p.topic, p.partition);
        if (this.followedLeader.get(p) === session.leaderId) {
          // Compared field by field before building (FetchSessionHandler.changed on the fields): most
          // changed partitions had only a new HW answered, and their fetch data is the same.
          const before = sent.get(k);
          const lastFetchedEpoch = this.lastFetchedEpoch(p, sendLastEpoch);
          if (
            before !== undefined &&
            before.fetchOffset === p.log.logEndOffset &&
            before.currentLeaderEpoch === p.leaderEpoch &&
            before.lastFetchedEpoch === lastFetchedEpoch &&
            before.logStartOffset === p.log.logStartOffset &&
            before.partitionMaxBytes === rc.settings.fetchMaxBytes
          )
            continue;
          const fp = this.fetchData(p, lastFetchedEpoch);
          sent.set(k, fp);
          fetchPartitions.push(fp);
        } else if (sent.delete(k)) forgotten.push({ topic: p.topic, partition: p.partition });
      }
    }
    session.changed.clear();
    const correlationId = this.nextCorrelationId++;
    const request: FetchRequest = {
      type: "Fetch",
      correlationId,
      replicaId: rc.services.brokerId,
      replicaEpoch: rc.services.controllerAgent().brokerEpoch(),
      maxWaitMs: rc.settings.fetchWaitMaxMs,
      minBytes: rc.settings.fetchMinBytes,
      maxBytes: rc.settings.fetchMaxBytes * Math.max(1, partitions.length),
      partitions: fetchPartitions,
    };
    if (fs) {
      request.sessionId = fs.sessionId;
      request.sessionEpoch = fs.epoch;
      if (incremental) request.forgotten = forgotten;
    }
    const timerId = rc.setTimer({ kind: "fetcher-timeout", leaderId: session.leaderId, correlationId }, ms(rc.settings.fetchRequestTimeoutMs));
    session.inFlight = { correlationId, timerId, sent, incremental };
    rc.services.ctx.send(brokerNode(session.leaderId), request);
  }

  /** The fetch data of one followed partition: its LEO, epochs and log start. */
  private fetchData(p: Partition, lastFetchedEpoch: number): FetchPartition {
    return {
      topic: p.topic,
      partition: p.partition,
      currentLeaderEpoch: p.leaderEpoch,
      fetchOffset: p.log.logEndOffset,
      lastFetchedEpoch,
      logStartOffset: p.log.logStartOffset,
      partitionMaxBytes: this.rc.settings.fetchMaxBytes,
    };
  }

  /** The last fetched epoch a fetch of `p` carries (UNDEFINED_EPOCH when it checks none). */
  private lastFetchedEpoch(p: Partition, sendLastEpoch: boolean): number {
    return sendLastEpoch && this.checksEpoch(p) ? p.log.latestEpoch() : UNDEFINED_EPOCH;
  }

  /** A FetchResponse from a leader. */
  onResponse(from: string, response: FetchResponse): void {
    const leaderId = brokerIdOf(from);
    const session = this.sessions.get(leaderId);
    if (!session?.inFlight || session.inFlight.correlationId !== response.correlationId) return;
    const { sent, incremental } = session.inFlight;
    this.rc.services.ctx.cancelTimer(session.inFlight.timerId);
    session.inFlight = null;
    if (session.fetchSession) {
      const sessionId = session.fetchSession.sessionId;
      if (session.fetchSession.handleResponse(response.error, response.sessionId) === "reset") {
        // FetchSessionHandler.handleResponse returns false: nothing is processed and the next fetch is a full one.
        this.rc.trace("follower-fetch-session-reset", null, {
          leader: leaderId,
          sessionId,
          error: response.error,
        });
        return this.kick(session);
      }
    }
    let errors = 0;
    const askOffsets: Partition[] = [];
    for (const pr of response.partitions) if (!this.processPartition(leaderId, sent.get(this.keys.key(pr.topic, pr.partition)), pr, askOffsets)) errors++;
    if (response.error === "NONE" && askOffsets.length > 0) return this.askLeaderOffsets(session, askOffsets);
    // Back off when every partition failed; an incremental answer leaves out partitions without news, which did not.
    const total = incremental ? sent.size : response.partitions.length;
    if (response.error !== "NONE" || (errors > 0 && errors === total)) this.backoff(session);
    else this.kick(session);
  }

  /** Kafka 0.10 (ReplicaFetcherThread.handleOffsetOutOfRange): ask the leader for its log end and start offsets. */
  private askLeaderOffsets(session: LeaderSession, partitions: Partition[]): void {
    const rc = this.rc;
    const correlationId = this.nextCorrelationId++;
    const { request, asked } = listOffsetsRequest(correlationId, rc.services.brokerId, partitions);
    for (const p of partitions) {
      rc.trace("follower-offset-out-of-range", p, {
        leader: session.leaderId,
        fetchOffset: p.log.logEndOffset,
      });
    }
    const timerId = rc.setTimer({ kind: "fetcher-timeout", leaderId: session.leaderId, correlationId }, ms(rc.settings.fetchRequestTimeoutMs));
    session.offsetsInFlight = { correlationId, timerId, asked };
    rc.services.ctx.send(brokerNode(session.leaderId), request);
  }

  /** The leader's answer to {@link askLeaderOffsets}. */
  onListOffsetsResponse(from: string, response: ListOffsetsResponse): void {
    const leaderId = brokerIdOf(from);
    const session = this.sessions.get(leaderId);
    if (!session?.offsetsInFlight || session.offsetsInFlight.correlationId !== response.correlationId) return;
    const { asked, timerId } = session.offsetsInFlight;
    this.rc.services.ctx.cancelTimer(timerId);
    session.offsetsInFlight = null;
    const outcome = applyLeaderOffsets(this.rc, leaderId, asked, response);
    if (outcome === "exit") {
      this.halted = true;
      this.rc.services.exitProcess?.("log-truncation-not-allowed");
      return;
    }
    if (outcome === "error") this.backoff(session);
    else this.kick(session);
  }

  /** Timer: the fetch went unanswered for replica.socket.timeout.ms → disconnect and retry after backoff. */
  onTimeout(leaderId: number, correlationId: number): void {
    const session = this.sessions.get(leaderId);
    if (session?.offsetsInFlight?.correlationId === correlationId) session.offsetsInFlight = null;
    else if (!session?.inFlight || session.inFlight.correlationId !== correlationId) return;
    else {
      session.inFlight = null;
      session.fetchSession?.handleError();
    }
    this.rc.trace("follower-fetch-timeout", null, { leader: leaderId }, { fetchRequestTimeoutMs: this.rc.settings.fetchRequestTimeoutMs });
    this.rc.services.ctx.disconnect(brokerNode(leaderId));
    this.backoff(session);
  }

  onConnectionReset(peer: string): void {
    if (!peer.startsWith("broker-")) return;
    const session = this.sessions.get(brokerIdOf(peer));
    const pending = session?.inFlight ?? session?.offsetsInFlight;
    if (!session || !pending) return;
    this.rc.services.ctx.cancelTimer(pending.timerId);
    if (session.inFlight) session.fetchSession?.handleError();
    session.inFlight = null;
    session.offsetsInFlight = null;
    this.backoff(session);
  }

  onBackoffDone(leaderId: number): void {
    const session = this.sessions.get(leaderId);
    if (!session) return;
    session.backoffTimerId = null;
    this.kick(session);
  }

  private backoff(session: LeaderSession): void {
    if (session.backoffTimerId !== null) return;
    session.backoffTimerId = this.rc.setTimer({ kind: "fetcher-backoff", leaderId: session.leaderId }, ms(this.rc.settings.fetchBackoffMs));
  }

  /** Apply one partition's answer. Returns false on a partition error. */
  private processPartition(leaderId: number, sent: FetchPartition | undefined, pr: FetchPartitionResponse, askOffsets: Partition[]): boolean {
    const rc = this.rc;
    const p = rc.partition(pr.topic, pr.partition);
    if (p) this.onReplicaChanged(p);
    // Stale answer: leadership or our log moved since the request was built.
    if (!sent || !p || p.role !== "follower" || p.leaderId !== leaderId || p.leaderEpoch !== sent.currentLeaderEpoch) return true;
    if (p.log.logEndOffset !== sent.fetchOffset) return true;
    const now = rc.services.ctx.now();
    if (pr.error === "OFFSET_OUT_OF_RANGE") {
      if (!rc.services.cluster.features.leaderEpochs) {
        askOffsets.push(p);
        return true;
      }
      return this.outOfRange(p, sent, pr);
    }
    if (pr.error !== "NONE") {
      rc.trace("follower-fetch-error", p, { leader: leaderId, error: pr.error }, "fetch");
      return false;
    }
    if (!rc.services.cluster.features.epochCheckedTruncation && sent.lastFetchedEpoch !== UNDEFINED_EPOCH) {
      this.truncatedInEpoch.set(this.keys.key(p.topic, p.partition), p.leaderEpoch);
      if (pr.divergingEpoch) return this.legacyTruncate(p, pr.divergingEpoch.endOffset);
    }
    if (pr.divergingEpoch) {
      if (rc.bug("no-follower-truncation")) return true;
      const leaderEnd = pr.divergingEpoch;
      const own = p.log.epochCache.endOffsetFor(leaderEnd.epoch, p.log.logEndOffset);
      let target: number;
      if (leaderEnd.epoch === UNDEFINED_EPOCH || own.epoch === UNDEFINED_EPOCH)
        target = Math.min(leaderEnd.endOffset < 0 ? p.log.highWatermark : leaderEnd.endOffset, p.log.logEndOffset);
      else if (own.epoch !== leaderEnd.epoch) target = own.endOffset;
      else target = Math.min(own.endOffset, leaderEnd.endOffset);
      target = Math.min(target, p.log.logEndOffset);
      rc.truncate(p, target, "diverging-epoch", {
        kind: "diverging-epoch",
        leaderEpoch: leaderEnd.epoch,
        leaderEndOffset: leaderEnd.endOffset,
        ownEpoch: own.epoch,
        ownEndOffset: own.endOffset,
        target,
      });
      return true;
    }
    // The batches that end beyond this replica's LEO as the response arrived (the others it has).
    const endBefore = p.log.logEndOffset;
    let appended: RecordBatch[] | null = null;
    for (const fetched of pr.batches) {
      if (batchEnd(fetched) <= endBefore) continue;
      // Before message format v2 (0.11) offsets are per message, so a follower whose log ends
      // inside a leader's batch (after truncating to its own HW) takes the messages from its LEO on.
      const messageLevel = !rc.services.cluster.features.leaderEpochs || rc.bug("no-follower-truncation");
      const batch = fetched.baseOffset < p.log.logEndOffset && messageLevel ? tailFrom(fetched, p.log.logEndOffset) : fetched;
      if (batch.baseOffset < p.log.logEndOffset) {
        // The follower's log ends inside one of the leader's batches (a divergent suffix kept by
        // pre-KIP-279 truncation): Log.appendAsFollower throws UnexpectedAppendOffsetException and
        // the fetcher retries the partition after replica.fetch.backoff.ms, never catching up.
        rc.trace(
          "follower-fetch-error",
          p,
          {
            leader: leaderId,
            error: "UNEXPECTED_APPEND_OFFSET",
            baseOffset: batch.baseOffset,
            logEndOffset: p.log.logEndOffset,
          },
          "append",
        );
        return false;
      }
      if (batch.baseOffset !== p.log.logEndOffset) break;
      p.log.append(batch, now, rc.services.cluster.features.leaderEpochs);
      p.producers.record(batch);
      (appended ??= []).push(batch);
    }
    if (appended !== null) rc.afterFollowerAppend(p, appended);
    const logStartMoved = p.log.maybeIncrementLogStartOffset(pr.logStartOffset, now);
    const hwMoved = followerHighWatermark(p, pr.highWatermark);
    if (appended !== null || logStartMoved || hwMoved) rc.replicaChanged(p);
    return true;
  }

  private outOfRange(p: Partition, sent: FetchPartition, pr: FetchPartitionResponse): boolean {
    const rc = this.rc;
    const now = rc.services.ctx.now();
    if (sent.fetchOffset < pr.logStartOffset) {
      rc.trace(
        "follower-reset-to-log-start",
        p,
        {
          fetchOffset: sent.fetchOffset,
          leaderLogStartOffset: pr.logStartOffset,
        },
        { legacy: false },
      );
      p.log.truncateFullyAndStartAt(pr.logStartOffset, now);
      p.producers.rebuild([]);
      rc.services.observer.truncated?.(rc.services.brokerId, p.topic, p.partition, pr.logStartOffset, "log-start-reset");
      rc.replicaChanged(p);
      return true;
    }
    // Beyond the leader's LEO (after an unclean election, with leader epochs): truncate to the
    // leader's HW, which is at or below its LEO, and re-fetch the rest.
    const target = Math.max(Math.min(pr.highWatermark, p.log.logEndOffset), p.log.logStartOffset);
    rc.truncate(p, target, "offset-out-of-range", { kind: "offset-out-of-range", fetchOffset: sent.fetchOffset, leaderHighWatermark: pr.highWatermark });
    return true;
  }

  /**
   * With KIP-279 (or truncation on fetch) every fetch carries the last fetched epoch; before it
   * (Kafka 0.11–1.1) only the first fetch after the partition's leader epoch changed does: that
   * is the OffsetsForLeaderEpoch round of `AbstractFetcherThread.maybeTruncate`.
   */
  private checksEpoch(p: Partition): boolean {
    return this.rc.services.cluster.features.epochCheckedTruncation || this.truncatedInEpoch.get(this.keys.key(p.topic, p.partition)) !== p.leaderEpoch;
  }

  /** Kafka 1.1 `ReplicaFetcherThread.maybeTruncate`: truncate to the leader's end offset, once, whatever epoch the records below it have. */
  private legacyTruncate(p: Partition, leaderEndOffset: number): boolean {
    const target = Math.max(legacyTruncationOffset(leaderEndOffset, p.log.highWatermark, p.log.logEndOffset), p.log.logStartOffset);
    this.rc.truncate(p, target, "diverging-epoch", { kind: "legacy-diverging-epoch", leaderEndOffset, target });
    return true;
  }

  /** Forget the fetch state towards a leader we no longer follow anything at, unless a request or backoff is pending. */
  private pruneSession(leaderId: number): void {
    const session = this.sessions.get(leaderId);
    if (!session || session.inFlight || session.offsetsInFlight || session.backoffTimerId !== null) return;
    this.sessions.delete(leaderId);
  }
}

/**
 * Mutant no-follower-truncation: a leader batch straddling the follower's (divergent) LEO is cut so
 * that only its records from `offset` on are appended, as if the follower's own suffix were right.
 */
function tailFrom(batch: RecordBatch, offset: number): RecordBatch {
  const skip = offset - batch.baseOffset;
  const records = batch.records.slice(skip);
  const sizeBytes = Math.max(1, Math.round((batch.sizeBytes * records.length) / batch.records.length));
  const baseSequence = batch.baseSequence >= 0 ? batch.baseSequence + skip : batch.baseSequence;
  return { ...batch, baseOffset: offset, baseSequence, records, sizeBytes };
}
