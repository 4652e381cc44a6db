/**
 * What happens to a batch after it was sent, as in the Java client's `Sender.completeBatch` /
 * `failBatch` and `NetworkClient` disconnects: success, retry (back into the accumulator after an
 * exponential `retry.backoff.ms`), DUPLICATE_SEQUENCE_NUMBER as success (with the offset the broker
 * returned, if any), or final failure; expiry after `delivery.timeout.ms` (the client's
 * TimeoutException), whether the batch is queued or in flight.
 */
import type { ActorContext } from "../../sim/actor.js";
import type { Random } from "../../sim/random.js";
import { ms, type Micros } from "../../sim/time.js";
import type { HistoryRecorder, SendCompletion } from "../history.js";
import { RETRIABLE_ERRORS, type KafkaError } from "../protocol/errors.js";
import type { ProduceResponse } from "../protocol/produce.js";
import type { RecordAccumulator } from "./accumulator.js";
import { exponentialBackoffMs } from "../client/backoff.js";
import type { ProducerBatch } from "./batch.js";
import type { ProducerMetadata } from "./client-metadata.js";
import { DeadlineHeap } from "./deadline-heap.js";
import type { IdempotenceManager } from "./idempotence.js";
import type { NetworkClient, ProducerInFlightRequest } from "./network-client.js";
import { attemptMayHaveBeenWritten, completeSends, DELIVERY_TIMEOUT, expiryMessage, failureOutcome, type ClientErrorReporter } from "./outcomes.js";
import type { ProducerSettings } from "./settings.js";
import { emit } from "../explain/catalogue.js";

/** One batch of a Produce request in flight, with what was known before this attempt. */
export interface SentBatch {
  batch: ProducerBatch;
  writtenBefore: boolean;
}

/** Errors after which the Java client refreshes metadata (InvalidMetadataException and friends). */
const REFRESH_METADATA: ReadonlySet<KafkaError> = new Set<KafkaError>([
  "NOT_LEADER_OR_FOLLOWER",
  "UNKNOWN_TOPIC_OR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "FENCED_LEADER_EPOCH",
  "UNKNOWN_LEADER_EPOCH",
  "NETWORK_EXCEPTION",
  "REQUEST_TIMED_OUT",
]);

export interface CompletionDeps {
  ctx: ActorContext;
  settings: ProducerSettings;
  history: HistoryRecorder;
  accumulator: RecordAccumulator;
  metadata: ProducerMetadata;
  idempotence: IdempotenceManager | null;
  reporter: ClientErrorReporter;
  random: Random;
  /** Mutant `producer-resequence-on-retry`. */
  resequenceOnRetry: boolean;
}

export class BatchCompletion {
  /** Batches with a request in flight, in send order (Kafka's `inFlightBatches`). */
  private inFlight: ProducerBatch[] = [];
  /** The same batches, for O(1) membership (an entry of `deadlines` is live while its batch is here). */
  private readonly tracked = new Set<ProducerBatch>();
  /** In-flight batches by creation time (their delivery-timeout deadline), lazily pruned. */
  private readonly deadlines = new DeadlineHeap<ProducerBatch>();

  constructor(private readonly deps: CompletionDeps) {}

  trackInFlight(batches: readonly ProducerBatch[]): void {
    for (const b of batches) {
      this.inFlight.push(b);
      this.tracked.add(b);
      this.deadlines.push(b.createdUs, b);
    }
    if (this.deadlines.size > 2 * this.tracked.size + 64) {
      this.deadlines.clear();
      for (const b of this.inFlight) this.deadlines.push(b.createdUs, b);
    }
  }

  inFlightPartitions(): Set<string> {
    return new Set(this.inFlight.map((b) => b.tp));
  }

  oldestInFlightCreatedUs(): Micros {
    return this.deadlines.minKey((b) => this.tracked.has(b));
  }

  onProduceResponse(node: string, sent: readonly SentBatch[], response: ProduceResponse): void {
    for (const entry of sent) {
      const part = response.partitions.find((p) => p.topic === entry.batch.topic && p.partition === entry.batch.partition);
      if (!part) this.complete(entry, "NETWORK_EXCEPTION", -1, -1, node, undefined);
      else this.complete(entry, part.error, part.baseOffset, part.logStartOffset, node, part.leaderEpoch);
    }
  }

  /**
   * A request timer fired (`request.timeout.ms`): if the request is still in flight, its connection
   * is closed and every request on it fails with REQUEST_TIMED_OUT (see {@link disconnect}).
   */
  requestTimedOut(net: NetworkClient, correlationId: number): void {
    const expired = net.expire(correlationId);
    if (expired) this.disconnect(net, expired.node, "timeout", expired);
  }

  /**
   * The connection to `node` is gone (request timeout, or reset by the peer): every request in flight
   * on it fails — REQUEST_TIMED_OUT after our own timeout, NETWORK_EXCEPTION after a reset, as the
   * Java client reports them — and metadata is refreshed.
   */
  disconnect(net: NetworkClient, node: string, reason: "timeout" | "reset", expired?: ProducerInFlightRequest): void {
    const lost = net.connectionLost(node);
    const failed = expired ? [expired, ...lost].sort((a, b) => a.correlationId - b.correlationId) : lost;
    this.deps.metadata.requestUpdate();
    const error: KafkaError = reason === "timeout" ? "REQUEST_TIMED_OUT" : "NETWORK_EXCEPTION";
    if (failed.length > 0 || reason === "timeout") {
      emit(
        this.deps.ctx,
        "producer-disconnect",
        { broker: node, reason, failedRequests: failed.length },
        { requestTimeoutMs: this.deps.settings.requestTimeoutMs },
      );
    }
    for (const request of failed) {
      if (request.data.kind !== "produce") continue;
      for (const entry of request.data.batches) this.complete(entry, error, -1, -1, node, undefined);
    }
  }

  /**
   * Fails every batch that reached `delivery.timeout.ms`, as `Sender.sendProducerData` does: the
   * queue heads of the accumulator (`RecordAccumulator.expiredBatches`), then the batches in flight,
   * per partition in send order up to the first that has not expired (`getExpiredInflightBatches`).
   * Each fails with the client's TimeoutException ("Expiring N record(s) for tp: X ms has passed
   * since batch creation"), whatever its retries saw; that last error is kept beside it. A batch
   * that had been retried leaves its partition's sequences unresolved (`markSequenceUnresolved`).
   */
  expire(now: Micros): number {
    const timeout = this.deps.settings.deliveryTimeoutUs;
    const expired = this.deps.accumulator.expire(now, timeout);
    // The in-flight list is walked only once its oldest batch has reached the deadline.
    if (now - this.oldestInFlightCreatedUs() >= timeout) {
      const stillInFlight: ProducerBatch[] = [];
      const keepFrom = new Set<string>();
      for (const b of this.inFlight) {
        if (!keepFrom.has(b.tp) && b.expired(now, timeout)) {
          expired.push(b);
          this.tracked.delete(b);
        } else {
          keepFrom.add(b.tp);
          stillInFlight.push(b);
        }
      }
      this.inFlight = stillInFlight;
    }
    for (const batch of expired) {
      const message = expiryMessage(batch, now);
      const outcome = failureOutcome(batch);
      const lastError = batch.lastError;
      this.deps.idempotence?.handleFailed(batch, DELIVERY_TIMEOUT, false);
      if (batch.attempts > 0) this.deps.idempotence?.markUnresolved(batch);
      this.deps.reporter.report(
        DELIVERY_TIMEOUT,
        {
          message,
          ...(lastError === undefined ? {} : { lastError }),
          expired: true,
          partition: batch.partition,
          topic: batch.topic,
          records: batch.recordCount,
          outcome,
        },
        "delivery-timeout",
      );
      const completion: SendCompletion = { completeUs: now, outcome, error: DELIVERY_TIMEOUT, message };
      if (lastError !== undefined) completion.lastError = lastError;
      completeSends(this.deps.history, batch, completion);
    }
    return expired.length;
  }

  /** Kafka's `Sender.completeBatch` for one partition's answer (or a failed request). */
  private complete(entry: SentBatch, error: KafkaError, baseOffset: number, logStartOffset: number, node: string, leaderEpoch: number | undefined): void {
    const { batch } = entry;
    const { ctx, settings, idempotence, history, metadata } = this.deps;
    const now = ctx.now();
    const wasInFlight = batch.inFlight;
    batch.inFlight = false;
    // An expired batch was already dropped from the in-flight list: never splice at -1 (the last batch).
    const index = wasInFlight ? this.inFlight.indexOf(batch) : -1;
    if (index >= 0) {
      this.inFlight.splice(index, 1);
      this.tracked.delete(batch);
    }
    const epoch = leaderEpoch ?? metadata.leaderEpoch(batch.topic, batch.partition);
    if (error !== "NONE") {
      if (!attemptMayHaveBeenWritten(error, settings.acks)) batch.mayHaveBeenWritten = entry.writtenBefore;
      if (REFRESH_METADATA.has(error)) metadata.requestUpdate();
    }
    if (batch.done) {
      // The batch already failed (delivery.timeout.ms): `canRetry` is false for a done batch, and
      // `failBatch` changes nothing once a batch is final; only a success still counts as an
      // acknowledged sequence (`handleCompletedBatch`).
      if (error === "NONE" || error === "DUPLICATE_SEQUENCE_NUMBER") idempotence?.handleCompleted(batch);
      return;
    }
    if (error === "NONE") {
      idempotence?.handleCompleted(batch);
      completeSends(history, batch, { completeUs: now, outcome: "ok", ackedBy: node, leaderEpoch: epoch }, baseOffset);
      return;
    }
    const retriesLeft = batch.attempts < settings.retries;
    this.deps.reporter.report(error, { topic: batch.topic, partition: batch.partition, broker: node, attempt: batch.attempts + 1 });
    const retriable = RETRIABLE_ERRORS.has(error);
    const canRetry =
      !batch.expired(now, settings.deliveryTimeoutUs) &&
      retriesLeft &&
      (idempotence ? idempotence.canRetry(batch, error, logStartOffset, retriable) : retriable);
    if (canRetry) {
      batch.lastError = error;
      this.retry(batch, now);
    } else if (error === "DUPLICATE_SEQUENCE_NUMBER") {
      // Sender.completeBatch: a success, with the offset the broker returned (none when it is -1).
      // Kafka brokers since 1.1 never answer it (ProducerAppendInfo answers OUT_OF_ORDER_SEQUENCE_NUMBER).
      idempotence?.handleCompleted(batch);
      completeSends(history, batch, { completeUs: now, outcome: "ok", ackedBy: node, leaderEpoch: epoch, error }, baseOffset);
    } else {
      batch.lastError = error;
      idempotence?.handleFailed(batch, error, retriesLeft);
      completeSends(history, batch, { completeUs: now, outcome: failureOutcome(batch), error });
    }
  }

  private retry(batch: ProducerBatch, now: Micros): void {
    const { settings, idempotence, accumulator } = this.deps;
    const backoffMs = exponentialBackoffMs(settings.retryBackoffMs, settings.retryBackoffMaxMs, batch.attempts, this.deps.random);
    if (idempotence && this.deps.resequenceOnRetry) {
      // Mutant: the retried batch loses its sequence and is stamped with a fresh one when drained,
      // so the broker cannot recognise a retry of a batch it already appended. A gap this leaves
      // (the original attempt never arrived) is answered with OUT_OF_ORDER_SEQUENCE_NUMBER, which
      // this producer repairs by resetting the partition's sequences under a bumped epoch.
      if (batch.lastError === "OUT_OF_ORDER_SEQUENCE_NUMBER") idempotence.resetAfterGap(batch.tp);
      idempotence.forgetSequence(batch);
      accumulator.reenqueue(batch, now, ms(backoffMs), false);
      return;
    }
    accumulator.reenqueue(batch, now, ms(backoffMs), idempotence !== null);
  }
}
