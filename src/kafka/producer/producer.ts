/**
 * The producer actor: a scenario's producer client (node `p1`), behaving as Kafka's Java producer
 * (docs/kafka-rules.md §5). The application thread calls `send()` on the workload's schedule; `send()`
 * waits for the topic's metadata (up to `max.block.ms`), picks the partition (murmur2 for keyed
 * records, the uniform sticky partitioner for null keys, §5.1–5.2), records the call in the history
 * and appends to the accumulator; the {@link Sender} does the rest.
 *
 * A restart is a new process (`p1#2`) with a new producer id: nothing but the workload's count
 * (and, with `resend-on-restart`, the application's outbox of unacknowledged records) survives,
 * exactly as a restarted Java client remembers nothing.
 */
import type { Actor, ActorContext, ActorFactory, Message } from "../../sim/actor.js";
import { fireTimer, mergeTables, type TimerTable } from "../../sim/handlers.js";
import type { EventId } from "../../sim/scheduler.js";
import type { Micros } from "../../sim/time.js";
import type { ConfigView } from "../config-view.js";
import type { ClusterSpec } from "../features.js";
import type { HistoryRecorder } from "../history.js";
import { partitionForKey, StickyPartitioner } from "../partitioner/partitioner.js";
import { recordSize, type KafkaRecord } from "../protocol/records.js";
import { Sender, type SenderTimer } from "./sender.js";
import { readProducerSettings, type ProducerSettings } from "./settings.js";
import { Workload, type ProducerWorkload } from "./workload.js";
import { emit } from "../explain/catalogue.js";

export interface ProducerActorOptions {
  /** Scenario name = node name, e.g. `p1`. */
  name: string;
  topic: string;
  /** The resolved producer config (Kafka names). */
  config: ConfigView;
  workload: ProducerWorkload;
  /** Broker node names for the first Metadata request (`bootstrap.servers`). */
  bootstrap: readonly string[];
  history: HistoryRecorder;
  cluster: ClusterSpec;
}

/** Name of the producer-side mutant: a retried batch is stamped with new sequence numbers. */
export const BUG_RESEQUENCE_ON_RETRY = "producer-resequence-on-retry";

interface BlockedSend {
  key: string | null;
  value: string;
  callUs: Micros;
  timer: EventId;
}

/** The application thread's timers: the next send() call, and a send() blocked on metadata. */
type ApplicationTimer = { kind: "arrival" } | { kind: "max-block" };
/** Every timer of the producer process. */
export type ProducerTimer = ApplicationTimer | SenderTimer;

class ProducerActor implements Actor<ProducerTimer> {
  private readonly settings: ProducerSettings;
  private readonly sender: Sender;
  private readonly workload: Workload;
  private readonly sticky: StickyPartitioner;
  private readonly process: string;
  private arrivalTimer: EventId | undefined;
  private blocked: BlockedSend | undefined;
  private readonly timers: TimerTable<ProducerTimer>;

  constructor(
    private readonly ctx: ActorContext<Message, ProducerTimer>,
    private readonly options: ProducerActorOptions,
  ) {
    this.settings = readProducerSettings(options.config, options.cluster);
    this.process = `${options.name}#${ctx.incarnation}`;
    this.sender = new Sender({
      ctx,
      settings: this.settings,
      history: options.history,
      bootstrap: options.bootstrap,
      topics: [options.topic],
      bugs: options.cluster.bugs,
    });
    this.workload = new Workload(options.workload, ctx, options.name);
    // The application's send callback: an acknowledged record leaves its outbox (resend-on-restart).
    if (options.workload.resendOnRestart === true)
      options.history.onSendComplete(this.process, (op) => {
        if (op.outcome === "ok") this.workload.acknowledged(op.value);
      });
    this.sticky = new StickyPartitioner(this.settings.batchSize, ctx.random.fork("partitioner"));
    const application: TimerTable<ApplicationTimer> = {
      arrival: () => {
        this.arrivalTimer = undefined;
        this.arrive();
      },
      "max-block": () => this.blockTimeout(),
    };
    const sender: TimerTable<SenderTimer> = { "sender-wake": (t) => this.sender.onTimer(t), "request-timeout": (t) => this.sender.onTimer(t) };
    this.timers = mergeTables(application, sender);
  }

  onStart(): void {
    this.options.history.recordClientEvent({ kind: "client-start", process: this.process, atUs: this.ctx.now() });
    const s = this.settings;
    emit(
      this.ctx,
      "producer-start",
      {
        process: this.process,
        topic: this.options.topic,
        acks: s.acks,
        idempotence: s.idempotence,
        maxInFlight: s.maxInFlight,
        lingerMs: s.lingerMs,
        deliveryTimeoutMs: s.deliveryTimeoutMs,
      },
      { idempotenceSupported: this.options.cluster.features.idempotence },
    );
    if (this.workload.pendingResends > 0) emit(this.ctx, "producer-resend", { process: this.process, records: this.workload.pendingResends });
    this.scheduleArrival(this.ctx.now(), true);
    this.sender.run();
  }

  onMessage(from: string, message: Message): void {
    if (message.type === "StopSending") {
      this.workload.stop();
      if (this.arrivalTimer !== undefined) this.ctx.cancelTimer(this.arrivalTimer);
      this.arrivalTimer = undefined;
      emit(this.ctx, "producer-stop-sending", { process: this.process });
    } else if (this.sender.onMessage(from, message)) {
      if (message.type === "MetadataResponse") this.unblock();
    }
    this.sender.run();
  }

  onTimer(timer: ProducerTimer): void {
    fireTimer(this.timers, timer);
    this.sender.run();
  }

  onConnectionReset(peer: string): void {
    this.sender.onConnectionReset(peer);
    this.sender.run();
  }

  private scheduleArrival(fromUs: Micros, first: boolean): void {
    const at = this.workload.nextArrivalUs(fromUs, first);
    if (at === undefined) return;
    this.arrivalTimer = this.ctx.setTimer(at - this.ctx.now(), { kind: "arrival" });
  }

  /** The application calls send(); it blocks while the topic's metadata is unknown. */
  private arrive(): void {
    if (!this.workload.active) return;
    const now = this.ctx.now();
    const { key, value } = this.workload.nextRecord(now);
    if (!this.sender.metadata.hasTopic(this.options.topic)) {
      this.sender.metadata.requestUpdate();
      const timer = this.ctx.setTimer(this.settings.maxBlockUs, { kind: "max-block" });
      this.blocked = { key, value, callUs: now, timer };
      return;
    }
    this.send(key, value, now);
    this.scheduleArrival(now, false);
  }

  private unblock(): void {
    const blocked = this.blocked;
    if (!blocked || !this.sender.metadata.hasTopic(this.options.topic)) return;
    this.blocked = undefined;
    this.ctx.cancelTimer(blocked.timer);
    this.send(blocked.key, blocked.value, blocked.callUs);
    this.scheduleArrival(this.ctx.now(), false);
  }

  /** `max.block.ms` passed without metadata: send() throws a TimeoutException; nothing was sent. */
  private blockTimeout(): void {
    const blocked = this.blocked;
    if (!blocked) return;
    this.blocked = undefined;
    const now = this.ctx.now();
    const id = this.options.history.startSend({
      process: this.process,
      producer: this.options.name,
      topic: this.options.topic,
      partition: -1,
      key: blocked.key,
      value: blocked.value,
      invokeUs: blocked.callUs,
      acks: this.settings.acks,
    });
    this.options.history.completeSend(id, { completeUs: now, outcome: "failed", error: "REQUEST_TIMED_OUT" });
    emit(this.ctx, "client-error", { error: "REQUEST_TIMED_OUT", topic: this.options.topic, partition: -1 }, { maxBlockMs: this.settings.maxBlockMs });
    this.scheduleArrival(now, false);
  }

  private send(key: string | null, value: string, invokeUs: Micros): void {
    const { topic, name, history } = this.options;
    const metadata = this.sender.metadata;
    const numPartitions = metadata.partitionCount(topic) ?? 0;
    const keyed = key !== null && !this.settings.ignoreKeys;
    const partition = keyed ? partitionForKey(key, numPartitions) : this.sticky.partition(topic, numPartitions, metadata.availablePartitions(topic));
    const record: KafkaRecord = { key, value, timestampUs: this.ctx.now() };
    const sendId = history.startSend({ process: this.process, producer: name, topic, partition, key, value, invokeUs, acks: this.settings.acks });
    const { batch } = this.sender.append(topic, partition, { sendId, record });
    if (!keyed) this.sticky.onAppend(topic, partition, recordSize(record), batch.isFull(this.settings.batchSize));
  }
}

/** Builds the producer actor factory for one scenario producer. */
export function createProducerActor(options: ProducerActorOptions): ActorFactory {
  return (ctx) => new ProducerActor(ctx, options);
}
