/**
 * The producer's sender, after the Java client's `Sender` thread: each round expires batches past
 * `delivery.timeout.ms`, keeps the idempotent producer's id and epoch in order, refreshes metadata,
 * and sends one Produce request per leader that has a sendable batch and a free in-flight slot.
 * Responses, request timeouts and connection resets come back through {@link BatchCompletion}.
 */
import type { ActorContext, Message } from "../../sim/actor.js";
import { dispatch, fireTimer, type HandlerTable, type TimerTable } from "../../sim/handlers.js";
import type { EventId } from "../../sim/scheduler.js";
import type { Micros } from "../../sim/time.js";
import type { HistoryRecorder } from "../history.js";
import type { MetadataRequest, MetadataResponse } from "../protocol/metadata.js";
import type { ProduceRequest, ProduceResponse } from "../protocol/produce.js";
import { RecordAccumulator, type DrainGate } from "./accumulator.js";
import type { PendingRecord, ProducerBatch } from "./batch.js";
import { ProducerMetadata } from "./client-metadata.js";
import { BatchCompletion, type SentBatch } from "./completion.js";
import { IdempotenceManager, type IdempotenceEvent } from "./idempotence.js";
import { NetworkClient, type RequestTimeoutTimer } from "./network-client.js";
import { ClientErrorReporter, completeSends } from "./outcomes.js";
import type { InitProducerIdRequest, InitProducerIdResponse } from "./protocol.js";
import type { ProducerSettings } from "./settings.js";
import { emit } from "../explain/catalogue.js";

export interface SenderOptions {
  ctx: ActorContext<Message, SenderTimer>;
  settings: ProducerSettings;
  history: HistoryRecorder;
  bootstrap: readonly string[];
  topics: readonly string[];
  bugs: ReadonlySet<string>;
}

/** Timer payload of the sender's own wake-ups. */
export interface WakeTimer {
  kind: "sender-wake";
}

/** The sender's timers: its wake-ups and its requests' timeouts. */
export type SenderTimer = WakeTimer | RequestTimeoutTimer;

/** The responses the sender routes. */
export type SenderResponse = MetadataResponse | ProduceResponse | InitProducerIdResponse;

const NO_GATE: DrainGate = { shouldStop: () => false, onDrain: () => {} };
/** No partition muted (max.in.flight.requests.per.connection > 1): one shared empty set, not one per sender round. */
const NO_MUTED_PARTITIONS: ReadonlySet<string> = new Set<string>();

export class Sender {
  readonly accumulator: RecordAccumulator;
  readonly net: NetworkClient;
  readonly metadata: ProducerMetadata;
  readonly idempotence: IdempotenceManager | null;
  readonly reporter: ClientErrorReporter;
  private readonly completion: BatchCompletion;
  private readonly ctx: ActorContext<Message, SenderTimer>;
  private readonly settings: ProducerSettings;
  private wakeAtUs = Infinity;
  private wakeId: EventId | undefined;
  private initBackoffUntilUs = 0;

  constructor(private readonly options: SenderOptions) {
    const { ctx, settings } = options;
    this.ctx = ctx;
    this.settings = settings;
    this.accumulator = new RecordAccumulator({ batchSize: settings.batchSize, lingerUs: settings.lingerUs, maxRequestSize: settings.maxRequestSize });
    this.net = new NetworkClient(
      ctx,
      {
        maxInFlight: settings.maxInFlight,
        requestTimeoutUs: settings.requestTimeoutUs,
        reconnectBackoffMs: settings.reconnectBackoffMs,
        reconnectBackoffMaxMs: settings.reconnectBackoffMaxMs,
      },
      ctx.random.fork("network-client"),
    );
    this.metadata = new ProducerMetadata(options.bootstrap, settings.metadataMaxAgeUs, settings.retryBackoffUs, settings.metadataRecovery);
    this.idempotence = settings.idempotence ? new IdempotenceManager((e) => this.traceIdempotence(e)) : null;
    this.reporter = new ClientErrorReporter(ctx, (error) => options.history.recordErrorSeen(error, ctx.name));
    this.completion = new BatchCompletion({
      ctx,
      settings,
      history: options.history,
      accumulator: this.accumulator,
      metadata: this.metadata,
      idempotence: this.idempotence,
      reporter: this.reporter,
      random: ctx.random.fork("retry-backoff"),
      resequenceOnRetry: options.bugs.has("producer-resequence-on-retry"),
    });
  }

  /** The leader epoch the metadata knows for a partition (bound once: the accumulator asks per queue head on every wake-up). */
  private readonly leaderEpoch = (topic: string, partition: number): number => this.metadata.leaderEpoch(topic, partition);

  /** The ready leaders of the current round, each once (one list reused by every round: `run` is not re-entered). */
  private readonly readyNodes: string[] = [];

  /** Hands a record to the accumulator (the tail of `send()`). */
  append(topic: string, partition: number, pending: PendingRecord): { batch: ProducerBatch; created: boolean } {
    return this.accumulator.append(topic, partition, pending, this.ctx.now());
  }

  private readonly responses: HandlerTable<SenderResponse> = {
    MetadataResponse: (from, response) => {
      if (this.net.complete(from, response.correlationId)) this.metadata.apply(response, this.ctx.now());
    },
    ProduceResponse: (from, response) => {
      const request = this.net.complete(from, response.correlationId);
      if (request?.data.kind === "produce") this.completion.onProduceResponse(from, request.data.batches, response);
    },
    InitProducerIdResponse: (from, response) => this.onInitProducerId(from, response),
  };

  private readonly timers: TimerTable<SenderTimer> = {
    "sender-wake": () => {
      this.wakeAtUs = Infinity;
      this.wakeId = undefined;
    },
    "request-timeout": (timer) => this.completion.requestTimedOut(this.net, timer.correlationId),
  };

  /** Routes a response; returns false for messages that are not the sender's. */
  onMessage(from: string, message: Message): boolean {
    return dispatch(this.responses, from, message);
  }

  /** Handles the sender's timers. */
  onTimer(timer: SenderTimer): void {
    fireTimer(this.timers, timer);
  }

  onConnectionReset(node: string): void {
    this.completion.disconnect(this.net, node, "reset");
  }

  /**
   * One sender round (`Sender.runOnce`); schedules the next wake-up. As in Kafka: resolve sequences
   * and bump the epoch if needed, then `sendProducerData` — find the ready leaders, drain them,
   * expire what reached `delivery.timeout.ms` (just-drained batches included), send the requests.
   */
  run(): void {
    const now = this.ctx.now();
    let next = Infinity;
    const idem = this.idempotence;
    if (idem) {
      idem.resolveSequences();
      idem.bumpEpochIfNeeded();
      if (!idem.hasProducerId()) next = Math.min(next, this.maybeInitProducerId(now));
    }
    next = Math.min(next, this.maybeRefreshMetadata(now));

    let needMetadata = false;
    const readyNodes = this.readyNodes;
    readyNodes.length = 0;
    for (const head of this.accumulator.heads(now, this.leaderEpoch)) {
      const leader = this.metadata.leaderNode(head.batch.topic, head.batch.partition);
      if (leader === undefined) {
        // No known leader: ask for metadata now. Its wake-up time comes from maybeRefreshMetadata
        // (a due refresh that cannot be sent yet must not wake the sender at this same instant).
        this.metadata.requestUpdate();
        needMetadata = true;
      } else if (!head.sendable) {
        next = Math.min(next, head.readyAtUs ?? Infinity);
      } else if (this.net.isReady(leader, now)) {
        if (!readyNodes.includes(leader)) readyNodes.push(leader);
      } else {
        next = Math.min(next, this.net.blockedUntil(leader, now) ?? Infinity);
      }
    }
    const muted = this.settings.maxInFlight === 1 ? this.completion.inFlightPartitions() : NO_MUTED_PARTITIONS;
    const requests: { node: string; sent: SentBatch[] }[] = [];
    if (readyNodes.length > 1) readyNodes.sort();
    for (const node of readyNodes) {
      const batches = this.accumulator.drain(node, this.metadata.partitionsForNode(node), now, muted, idem ?? NO_GATE);
      if (batches.length === 0) continue;
      requests.push({ node, sent: this.markSent(batches) });
      next = now; // look again at once: more batches may be ready for this node
    }
    // A batch that expires is failed before this round's requests go out; the requests still carry it.
    if (this.completion.expire(now) > 0) next = now;
    for (const { node, sent } of requests) this.sendProduce(node, sent, now);
    if (needMetadata) next = Math.min(next, this.maybeRefreshMetadata(now));
    const oldest = Math.min(this.accumulator.oldestCreatedUs() ?? Infinity, this.completion.oldestInFlightCreatedUs());
    next = Math.min(next, oldest + this.settings.deliveryTimeoutUs);
    this.scheduleWake(Math.max(next, now));
  }

  /** Drained batches become in flight (tracked for expiry) before this round's requests are sent. */
  private markSent(batches: ProducerBatch[]): SentBatch[] {
    const sent: SentBatch[] = batches.map((batch) => ({ batch, writtenBefore: batch.mayHaveBeenWritten }));
    for (const batch of batches) {
      batch.sent = true;
      batch.sentLeaderEpoch = this.metadata.leaderEpoch(batch.topic, batch.partition);
    }
    if (this.settings.acks === "0") return sent;
    for (const batch of batches) {
      batch.inFlight = true;
      batch.mayHaveBeenWritten = true;
    }
    this.completion.trackInFlight(batches);
    return sent;
  }

  private sendProduce(node: string, sent: SentBatch[], now: Micros): void {
    const request: ProduceRequest = {
      type: "Produce",
      correlationId: this.net.newCorrelationId(),
      acks: this.settings.acks,
      timeoutMs: this.settings.requestTimeoutMs,
      partitions: sent.map(({ batch: b }) => ({ topic: b.topic, partition: b.partition, batch: b.toRecordBatch() })),
      connectionId: this.net.connectionId(node),
    };
    if (this.settings.acks === "0") {
      // No response will come: the send is complete once written, with no offset (docs/kafka-rules.md §1.5).
      this.net.sendWithoutResponse(node, request);
      for (const { batch } of sent) if (!batch.done) completeSends(this.options.history, batch, { completeUs: now, outcome: "unknown" });
      return;
    }
    this.net.send(node, request, { kind: "produce", batches: sent });
  }

  private maybeRefreshMetadata(now: Micros): Micros {
    if (this.net.inFlightCountOfKind("metadata") > 0) return Infinity;
    const due = this.metadata.nextUpdateUs();
    if (due > now) return due;
    this.maybeRebootstrap(now);
    const node = this.net.leastLoadedNode(this.metadata.candidates(), now);
    if (node === undefined) return this.earliestCandidateUs(now);
    this.metadata.attempted(now);
    const request: MetadataRequest = { type: "Metadata", correlationId: this.net.newCorrelationId(), topics: [...this.options.topics] };
    this.net.send(node, request, { kind: "metadata" });
    return Infinity;
  }

  /** metadata.recovery.strategy=rebootstrap (KIP-899, KIP-1102): see ProducerMetadata.maybeRebootstrap. */
  private maybeRebootstrap(now: Micros): void {
    const done = this.metadata.maybeRebootstrap(now, (node) => this.net.blockedUntil(node, now) !== undefined);
    if (!done) return;
    emit(
      this.ctx,
      "client-rebootstrap",
      { reason: done.reason, forgotten: done.forgotten, bootstrap: this.metadata.candidates() },
      { rebootstrapTriggerMs: this.settings.metadataRecovery.rebootstrapTriggerMs },
    );
    if (done.reason !== "trigger-elapsed") return;
    // NetworkClient.handleRebootstrap closes the connections to the forgotten brokers.
    for (const node of done.forgotten) {
      if (this.net.inFlightCount(node) === 0) continue;
      this.ctx.disconnect(node);
      this.completion.disconnect(this.net, node, "reset");
    }
  }

  private maybeInitProducerId(now: Micros): Micros {
    if (this.net.inFlightCountOfKind("init-producer-id") > 0) return Infinity;
    if (now < this.initBackoffUntilUs) return this.initBackoffUntilUs;
    const node = this.net.leastLoadedNode(this.metadata.candidates(), now);
    if (node === undefined) return this.earliestCandidateUs(now);
    const request: InitProducerIdRequest = {
      type: "InitProducerId",
      correlationId: this.net.newCorrelationId(),
      transactionalId: null,
      transactionTimeoutMs: 60000,
      producerId: -1,
      producerEpoch: -1,
    };
    this.net.send(node, request, { kind: "init-producer-id" });
    return Infinity;
  }

  private onInitProducerId(from: string, response: InitProducerIdResponse): void {
    if (!this.net.complete(from, response.correlationId) || !this.idempotence) return;
    if (response.error !== "NONE") {
      this.initBackoffUntilUs = this.ctx.now() + this.settings.retryBackoffUs;
      this.reporter.report(response.error, { request: "InitProducerId", broker: from });
      return;
    }
    this.idempotence.setProducerId(response.producerId, response.producerEpoch);
    emit(this.ctx, "producer-id", { producerId: response.producerId, producerEpoch: response.producerEpoch, broker: from });
  }

  private earliestCandidateUs(now: Micros): Micros {
    let at = Infinity;
    for (const node of this.metadata.candidates()) at = Math.min(at, this.net.blockedUntil(node, now) ?? Infinity);
    return at;
  }

  private scheduleWake(atUs: Micros): void {
    if (!Number.isFinite(atUs) || atUs >= this.wakeAtUs) return;
    if (this.wakeId !== undefined) this.ctx.cancelTimer(this.wakeId);
    this.wakeAtUs = atUs;
    this.wakeId = this.ctx.setTimer(atUs - this.ctx.now(), { kind: "sender-wake" });
  }

  private traceIdempotence(event: IdempotenceEvent): void {
    if (event.kind === "epoch-bump") {
      emit(this.ctx, "producer-epoch-bump", { producerId: event.producerId, producerEpoch: event.epoch, partitions: event.partitions });
    } else {
      emit(this.ctx, "producer-id-reset", {});
    }
  }
}
