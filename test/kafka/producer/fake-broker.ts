/**
 * A scripted stand-in for brokers in producer tests: answers Metadata from a shared table,
 * InitProducerId through the real producer-id manager component, and Produce by appending to one shared log per partition (perfect
 * replication) with the broker's own idempotence rules (`ProducerStateTable`: sequence check,
 * last-5-batches duplicate detection, docs/kafka-rules.md §5.4). A test script can answer a partition with an error, append without
 * answering (response lost), or swallow a request entirely.
 */
import type { Actor, ActorContext, ActorFactory, Message } from "../../../src/sim/actor.js";
import type { KafkaError } from "../../../src/kafka/protocol/errors.js";
import type { MetadataRequest, MetadataResponse } from "../../../src/kafka/protocol/metadata.js";
import type { ProducePartitionResponse, ProduceRequest, ProduceResponse } from "../../../src/kafka/protocol/produce.js";
import type { RecordBatch } from "../../../src/kafka/protocol/records.js";
import type { BrokerComponent, BrokerServices } from "../../../src/kafka/broker/services.js";
import { createProducerIdManager } from "../../../src/kafka/producer/index.js";
import { ProducerStateTable } from "../../../src/kafka/replication/producer-state.js";

export interface StoredRecord {
  offset: number;
  key: string | null;
  value: string;
  producerId: number;
  sequence: number;
}

/** What the broker does with one partition of a Produce request. */
export type Action = "append" | "append-silently" | "swallow" | { error: KafkaError; append?: boolean };

export interface ProduceEvent {
  atUs: number;
  broker: number;
  correlationId: number;
  /** n-th Produce request the cluster received (0-based). */
  nth: number;
  topic: string;
  partition: number;
  batch: RecordBatch;
  acks: string;
}

export class FakeCluster {
  readonly logs = new Map<string, StoredRecord[]>();
  readonly produced: ProduceEvent[] = [];
  readonly metadataRequests: { atUs: number; broker: number }[] = [];
  readonly initRequests: { atUs: number; broker: number }[] = [];
  /** Per-partition decision; default: append and answer. */
  script: (event: ProduceEvent) => Action = () => "append";
  /** Produce requests received so far. */
  requestCount = 0;
  private readonly producerState = new Map<string, ProducerStateTable>();

  constructor(
    readonly topic: string,
    readonly brokers: number[],
    /** Leader broker id per partition (mutable by tests). */
    readonly leaders: number[],
    readonly epochs: number[] = leaders.map(() => 0),
  ) {}

  log(partition: number): StoredRecord[] {
    const key = `${this.topic}-${partition}`;
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = []));
    return log;
  }

  /** The first attempt at a batch whose first record has this value (for scripts). */
  static firstValue(event: ProduceEvent): string | undefined {
    return event.batch.records[0]?.value;
  }

  values(partition: number): string[] {
    return this.log(partition).map((r) => r.value);
  }

  factory(brokerId: number): ActorFactory {
    return (ctx) => new FakeBroker(ctx, brokerId, this);
  }

  metadata(request: MetadataRequest): MetadataResponse {
    return {
      type: "MetadataResponse",
      correlationId: request.correlationId,
      controllerId: -1,
      brokers: this.brokers.map((id) => ({ id, node: `broker-${id}` })),
      topics: [
        {
          name: this.topic,
          error: "NONE",
          partitions: this.leaders.map((leader, partition) => ({
            partition,
            error: leader < 0 ? "LEADER_NOT_AVAILABLE" : "NONE",
            leader,
            leaderEpoch: this.epochs[partition]!,
            replicas: [...this.brokers],
            isr: [...this.brokers],
          })),
        },
      ],
    };
  }

  /** Appends with the broker's own sequence rules (ProducerStateTable); returns the response for this partition. */
  append(event: ProduceEvent, baseResponse: ProducePartitionResponse): ProducePartitionResponse {
    const { batch, partition } = event;
    const log = this.log(partition);
    const key = `${this.topic}-${partition}`;
    let table = this.producerState.get(key);
    if (!table) this.producerState.set(key, (table = new ProducerStateTable()));
    const check = table.check(batch);
    if (check.kind === "duplicate") return { ...baseResponse, baseOffset: check.baseOffset };
    if (check.kind === "error") return { ...baseResponse, error: check.error };
    const baseOffset = log.length;
    table.record({ ...batch, baseOffset, partitionLeaderEpoch: this.epochs[partition] ?? 0 });
    batch.records.forEach((r, i) =>
      log.push({
        offset: log.length,
        key: r.key,
        value: r.value,
        producerId: batch.producerId,
        sequence: batch.baseSequence + i,
      }),
    );
    return { ...baseResponse, baseOffset };
  }
}

class FakeBroker implements Actor {
  /** The real broker component answers InitProducerId. */
  private readonly producerIds: BrokerComponent;

  constructor(
    private readonly ctx: ActorContext,
    private readonly brokerId: number,
    private readonly cluster: FakeCluster,
  ) {
    this.producerIds = createProducerIdManager({ ctx, brokerId } as unknown as BrokerServices);
  }

  onStart(): void {
    this.producerIds.start();
  }
  onTimer(): void {}

  onMessage(from: string, message: Message): void {
    const now = this.ctx.now();
    if (message.type === "Metadata") {
      this.cluster.metadataRequests.push({ atUs: now, broker: this.brokerId });
      this.ctx.send(from, this.cluster.metadata(message as MetadataRequest));
    } else if (message.type === "InitProducerId") {
      this.cluster.initRequests.push({ atUs: now, broker: this.brokerId });
      this.producerIds.onMessage(from, message);
    } else if (message.type === "Produce") {
      this.produce(from, message as ProduceRequest, now);
    }
  }

  private produce(from: string, request: ProduceRequest, now: number): void {
    const nth = this.cluster.requestCount++;
    const partitions: ProducePartitionResponse[] = [];
    let answer = true;
    for (const p of request.partitions) {
      const event: ProduceEvent = {
        atUs: now,
        broker: this.brokerId,
        correlationId: request.correlationId,
        nth,
        topic: p.topic,
        partition: p.partition,
        batch: p.batch,
        acks: request.acks,
      };
      this.cluster.produced.push(event);
      const base: ProducePartitionResponse = {
        topic: p.topic,
        partition: p.partition,
        error: "NONE",
        baseOffset: -1,
        logStartOffset: 0,
        leaderEpoch: this.cluster.epochs[p.partition],
      };
      if (this.cluster.leaders[p.partition] !== this.brokerId) {
        partitions.push({ ...base, error: "NOT_LEADER_OR_FOLLOWER" });
        continue;
      }
      const action = this.cluster.script(event);
      if (action === "swallow") {
        answer = false;
      } else if (action === "append" || action === "append-silently") {
        partitions.push(this.cluster.append(event, base));
        if (action === "append-silently") answer = false;
      } else {
        if (action.append) this.cluster.append(event, base);
        partitions.push({ ...base, error: action.error });
      }
    }
    if (answer && request.acks !== "0") {
      const response: ProduceResponse = { type: "ProduceResponse", correlationId: request.correlationId, partitions };
      this.ctx.send(from, response);
    }
  }
}
