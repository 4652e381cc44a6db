/**
 * Produce on the leader (docs/kafka-rules.md §1.5, §5.4): acks=0/1/all, the up-front NOT_ENOUGH_REPLICAS
 * check, idempotent sequence checks, the append stamped with the leader epoch, and the produce
 * purgatory that answers acks=all once the HW covers the batch (or at the request timeout). A
 * client connection's requests are handled one at a time, in order (Kafka's SocketServer mutes the
 * channel until the response is sent).
 */
import { ms } from "../../sim/time.js";
import type { KafkaError } from "../protocol/errors.js";
import type { ProducePartitionResponse, ProduceRequest, ProduceResponse } from "../protocol/produce.js";
import { batchEnd, type RecordBatch } from "../protocol/records.js";
import { ConnectionMute } from "./connection-mute.js";
import type { ReplicationContext } from "./context.js";
import type { Partition } from "./partition.js";
import { emit } from "../explain/catalogue.js";

/** One partition of a parked acks=all request. */
interface PendingPartition {
  topic: string;
  partition: number;
  requiredOffset: number;
  response: ProducePartitionResponse;
  done: boolean;
}

/** A parked acks=all request (DelayedProduce). */
interface DelayedProduce {
  id: number;
  partitions: PendingPartition[];
  timerId: number;
  complete: (partitions: ProducePartitionResponse[]) => void;
}

/** Result of a local append attempt for one partition. */
export interface LocalAppend {
  response: ProducePartitionResponse;
  /** Exclusive end offset that the HW must reach (acks=all), undefined on error. */
  requiredOffset?: number;
}

export class ProduceHandler {
  private readonly delayed = new Map<number, DelayedProduce>();
  private readonly connections = new ConnectionMute<ProduceRequest>();
  private nextId = 1;

  constructor(private readonly rc: ReplicationContext) {}

  /**
   * A Produce request from a client. Requests of one connection are handled one at a time, in
   * order ({@link ConnectionMute}): a request parked in the purgatory holds back the next ones.
   */
  handle(from: string, request: ProduceRequest): void {
    const connectionId = request.connectionId ?? "";
    if (this.connections.admit(from, connectionId, request)) this.process(from, connectionId, request);
  }

  /** Timer: the connection's channel was unmuted; handle the next request waiting on it. */
  onUnmuted(client: string, connectionId: string): void {
    const next = this.connections.responseSent(client, connectionId);
    if (next) this.process(client, connectionId, next);
  }

  /** The client's connection was reset (its process died): its unread requests are gone. */
  onConnectionReset(peer: string): void {
    this.connections.reset(peer);
  }

  private process(from: string, connectionId: string, request: ProduceRequest): void {
    const results = request.partitions.map((entry) => this.appendLocal(entry.topic, entry.partition, entry.batch, request.acks));
    const respond = (partitions: ProducePartitionResponse[]): void => {
      if (request.acks === "0") this.closeOnAcksZeroError(from, request, partitions);
      else {
        const response: ProduceResponse = { type: "ProduceResponse", correlationId: request.correlationId, partitions };
        this.rc.services.ctx.send(from, response);
      }
      // The channel is unmuted once the response is out (a NoOpResponse for acks=0); the network
      // thread reads the next request later, never in the middle of the handler that completed this one.
      if (this.connections.hasWaiting(from, connectionId)) {
        this.rc.setTimer({ kind: "produce-unmuted", client: from, connectionId }, 0);
      } else {
        this.connections.responseSent(from, connectionId);
      }
    };
    if (request.acks !== "all" || this.rc.bug("acks-all-early-ack")) return respond(results.map((r) => r.response));
    this.park(results, request.timeoutMs, respond);
  }

  /**
   * acks=0 gets no response; but an error closes the connection, so that the producer notices and
   * refreshes its metadata (KafkaApis.handleProduceRequest: "Closing connection due to error during
   * produce request ... with ack=0", `requestChannel.closeConnection`, in every Kafka since 0.8).
   */
  private closeOnAcksZeroError(from: string, request: ProduceRequest, partitions: ProducePartitionResponse[]): void {
    const errors = partitions.filter((p) => p.error !== "NONE");
    if (errors.length === 0) return;
    const ctx = this.rc.services.ctx;
    emit(ctx, "produce-acks0-close", {
      client: from,
      correlationId: request.correlationId,
      errors: errors.map((p) => `${p.topic}-${p.partition}: ${p.error}`),
    });
    ctx.closeConnection(from);
  }

  /** Internal acks=all append (`appendAsLeader`). */
  appendInternal(topic: string, partition: number, batch: RecordBatch, timeoutMs: number, done: (error: KafkaError, baseOffset: number) => void): void {
    const result = this.appendLocal(topic, partition, batch, "all");
    this.park([result], timeoutMs, (partitions) => done(partitions[0]!.error, partitions[0]!.baseOffset));
  }

  /** Append one partition's batch on the leader; no waiting. */
  appendLocal(topic: string, partition: number, batch: RecordBatch, acks: ProduceRequest["acks"]): LocalAppend {
    const rc = this.rc;
    const p = rc.partition(topic, partition);
    const fail = (error: KafkaError): LocalAppend => ({ response: { topic, partition, error, baseOffset: -1, logStartOffset: p?.log.logStartOffset ?? -1 } });
    if (!p) return fail("UNKNOWN_TOPIC_OR_PARTITION");
    if (!p.isLeader) return fail("NOT_LEADER_OR_FOLLOWER");
    const minIsr = rc.effectiveMinIsr(p);
    const features = rc.services.cluster.features;
    if (acks === "all" && p.isr.length < minIsr) {
      rc.trace(
        "produce-rejected",
        p,
        {
          error: "NOT_ENOUGH_REPLICAS",
          isr: [...p.isr],
          minIsr,
        },
        { strictMinIsr: features.strictMinIsr },
      );
      return fail("NOT_ENOUGH_REPLICAS");
    }
    if (features.idempotence && !rc.bug("no-idempotent-dedup")) {
      const check = p.producers.check(batch);
      if (check.kind === "duplicate") {
        rc.trace("duplicate-batch", p, {
          producerId: batch.producerId,
          baseSequence: batch.baseSequence,
          baseOffset: check.baseOffset,
        });
        return {
          response: { topic, partition, error: "NONE", baseOffset: check.baseOffset, logStartOffset: p.log.logStartOffset, leaderEpoch: check.leaderEpoch },
          requiredOffset: check.endOffset,
        };
      }
      if (check.kind === "error") {
        rc.trace(
          "producer-sequence-error",
          p,
          { producerId: batch.producerId, baseSequence: batch.baseSequence, error: check.error },
          { message: check.reason },
        );
        return fail(check.error);
      }
    }
    // Records are immutable values: the log shares the request's records (one object per record
    // from the producer's batch to every replica's log) and stamps only the batch.
    const stamped: RecordBatch = {
      ...batch,
      baseOffset: p.log.logEndOffset,
      partitionLeaderEpoch: p.leaderEpoch,
    };
    p.log.append(stamped, rc.services.ctx.now(), features.leaderEpochs);
    p.producers.record(stamped);
    rc.afterLeaderAppend(p, [stamped]);
    return {
      response: { topic, partition, error: "NONE", baseOffset: stamped.baseOffset, logStartOffset: p.log.logStartOffset, leaderEpoch: p.leaderEpoch },
      requiredOffset: batchEnd(stamped),
    };
  }

  /** Park in the purgatory until every successful partition's HW reaches its batch end. */
  private park(results: LocalAppend[], timeoutMs: number, complete: (partitions: ProducePartitionResponse[]) => void): void {
    const id = this.nextId++;
    const partitions: PendingPartition[] = results.map((r) => ({
      topic: r.response.topic,
      partition: r.response.partition,
      requiredOffset: r.requiredOffset ?? -1,
      response: r.response,
      done: r.requiredOffset === undefined,
    }));
    const timerId = this.rc.setTimer({ kind: "produce-timeout", id }, ms(timeoutMs));
    const entry: DelayedProduce = { id, partitions, timerId, complete };
    this.delayed.set(id, entry);
    for (const pending of partitions) if (!pending.done) this.tryCompletePartition(pending);
    this.maybeFinish(entry);
  }

  /** The HW or leadership of `p` changed: complete what waits on it. */
  onPartitionChanged(p: Partition): void {
    if (this.delayed.size === 0) return;
    // In id order: `delayed` holds its entries in insertion order, which is id order (ids only grow).
    // Completing an entry removes only that entry, so the walk needs no copy; an entry parked by a
    // completion's callback (an internal append) is past `end` and was already tried when parked.
    const end = this.nextId;
    for (const entry of this.delayed.values()) {
      if (entry.id >= end) break;
      let touched = false;
      for (const pending of entry.partitions) {
        if (pending.done || pending.topic !== p.topic || pending.partition !== p.partition) continue;
        this.tryCompletePartition(pending);
        touched = true;
      }
      if (touched) this.maybeFinish(entry);
    }
  }

  /** Timer: the request's timeoutMs elapsed. */
  onTimeout(id: number): void {
    const entry = this.delayed.get(id);
    if (!entry) return;
    for (const pending of entry.partitions) {
      if (pending.done) continue;
      pending.done = true;
      pending.response = { ...pending.response, error: "REQUEST_TIMED_OUT" };
      const p = this.rc.partition(pending.topic, pending.partition);
      this.rc.trace("produce-timeout", p ?? null, {
        requiredOffset: pending.requiredOffset,
        highWatermark: p?.log.highWatermark ?? -1,
      });
    }
    this.maybeFinish(entry);
  }

  /**
   * Kafka's `DelayedProduce.tryComplete` / `Partition.checkEnoughReplicasReachOffset`: the wait ends
   * with NOT_LEADER_OR_FOLLOWER only once this broker no longer leads the partition (it became a
   * follower, went offline or stopped the replica: each calls this at once, as `makeFollowers` and
   * `stopPartitions` call `completeDelayedFetchOrProduceRequests`). A new leader epoch with this
   * broker still leader (an ISR shrink by the ZooKeeper controller, a re-election of the same broker)
   * does not end it: a leader never truncates its own log, so the records are still at their offsets
   * and are acknowledged once the HW passes them. Failing them instead would tell an idempotent
   * producer that sequences it wrote were never acknowledged, and its next OUT_OF_ORDER_SEQUENCE_NUMBER
   * would restart them at 0 under a new epoch (`TransactionManager.canRetry`): written twice.
   */
  private tryCompletePartition(pending: PendingPartition): void {
    const p = this.rc.partition(pending.topic, pending.partition);
    if (!p || !p.isLeader) {
      pending.done = true;
      pending.response = { ...pending.response, error: "NOT_LEADER_OR_FOLLOWER" };
      return;
    }
    if (p.log.highWatermark < pending.requiredOffset) return;
    pending.done = true;
    const minIsr = this.rc.effectiveMinIsr(p);
    const maximal = p.maximalIsr();
    if (maximal.length < minIsr) {
      pending.response = { ...pending.response, error: "NOT_ENOUGH_REPLICAS_AFTER_APPEND" };
      this.rc.trace(
        "produce-not-enough-replicas-after-append",
        p,
        {
          isr: maximal,
          minIsr,
        },
        { highWatermark: p.log.highWatermark },
      );
    }
  }

  private maybeFinish(entry: DelayedProduce): void {
    if (!this.delayed.has(entry.id) || entry.partitions.some((pending) => !pending.done)) return;
    this.delayed.delete(entry.id);
    this.rc.services.ctx.cancelTimer(entry.timerId);
    entry.complete(entry.partitions.map((pending) => pending.response));
  }

  /** Number of parked requests (tests). */
  get parked(): number {
    return this.delayed.size;
  }
}
