/**
 * Scenario harness for replication tests (reusable): a World with N brokers whose controller agent is
 * the in-test FakeController, one raw TestClient, and helpers to produce, fetch, crash, restart,
 * cut the network and read logs. Topics are created with an explicit assignment.
 */
import { Broker } from "../../../src/kafka/broker/broker.js";
import { ConfigView } from "../../../src/kafka/config-view.js";
import { resolveBrokerConfig, resolveTopicConfig } from "../../../src/kafka/config/resolve.js";
import { MODERN_KRAFT, type ClusterSpec, type ProtocolFeatures } from "../../../src/kafka/features.js";
import { brokerNode } from "../../../src/kafka/metadata/partition-state.js";
import type { ClusterObserver } from "../../../src/kafka/observer.js";
import type { FetchRequest, FetchResponse, ListOffsetsResponse } from "../../../src/kafka/protocol/fetch.js";
import type { ProduceRequest, ProduceResponse } from "../../../src/kafka/protocol/produce.js";
import { NO_PRODUCER_ID, recordSize, type KafkaRecord, type RecordBatch } from "../../../src/kafka/protocol/records.js";
import { createReplicaManager, type ReplicaManager } from "../../../src/kafka/replication/index.js";
import type { Micros } from "../../../src/sim/time.js";
import type { TraceRecord } from "../../../src/sim/trace.js";
import { World } from "../../../src/sim/world.js";
import { FakeControllerAgent } from "./support/fake-agent.js";
import { FakeController } from "./support/fake-controller.js";
import { TestClient, type Exchange } from "./support/test-client.js";
import { mutantSet } from "../../../src/kafka/mutant-names.js";
import { SimHarness } from "../../sim-harness.js";

export { FakeController } from "./support/fake-controller.js";
export { FakeControllerAgent } from "./support/fake-agent.js";
export { TestClient, type Exchange } from "./support/test-client.js";

export interface HarnessOptions {
  brokers?: number;
  seed?: number;
  features?: Partial<ProtocolFeatures>;
  bugs?: string[];
  brokerConfig?: Record<string, unknown>;
  controllerDelayUs?: Micros;
  uncleanLeaderElection?: boolean;
  observer?: ClusterObserver;
}

/** A batch as a producer would send it (baseOffset -1, epoch -1). */
export function makeBatch(values: string[], nowUs: Micros, producer?: { id: number; epoch: number; sequence: number }): RecordBatch {
  const records: KafkaRecord[] = values.map((value) => ({ key: null, value, timestampUs: nowUs }));
  return {
    producerId: producer?.id ?? NO_PRODUCER_ID,
    producerEpoch: producer?.epoch ?? -1,
    baseSequence: producer?.sequence ?? -1,
    baseOffset: -1,
    partitionLeaderEpoch: -1,
    records,
    sizeBytes: 61 + records.reduce((sum, r) => sum + recordSize(r), 0),
  };
}

export class ReplicationHarness extends SimHarness {
  readonly controller: FakeController;
  readonly cluster: ClusterSpec;
  readonly brokerConfig: ReturnType<typeof resolveBrokerConfig>["config"];
  readonly brokerIds: number[];
  /** Every model-level trace record of the run. */
  readonly records: TraceRecord[] = [];

  constructor(options: HarnessOptions = {}) {
    super(new World({ seed: options.seed ?? 1, latency: { kind: "fixed", us: 1000 } }), 2_000_000);
    this.world.trace.subscribe((record) => this.records.push(record));
    this.controller = new FakeController(this.world, options.controllerDelayUs ?? 2000, options.uncleanLeaderElection ?? false);
    const count = options.brokers ?? 3;
    this.brokerIds = Array.from({ length: count }, (_, i) => i + 1);
    this.cluster = {
      mode: "kraft",
      brokerIds: this.brokerIds,
      controllerNodes: [],
      features: { ...MODERN_KRAFT, ...options.features },
      bugs: mutantSet(options.bugs ?? []),
    };
    this.brokerConfig = resolveBrokerConfig(options.brokerConfig ?? {}).config;
    const config = new ConfigView(this.brokerConfig as unknown as Record<string, unknown>);
    const controller = this.controller;
    for (const brokerId of this.brokerIds) {
      this.world.addHost(
        brokerNode(brokerId),
        "broker",
        (ctx) =>
          new Broker(ctx, {
            brokerId,
            cluster: this.cluster,
            config,
            observer: options.observer ?? {},
            parts: { replicaManager: createReplicaManager, controllerAgent: (s) => new FakeControllerAgent(s, controller) },
          }),
      );
    }
    this.world.addHost("client", "client", (ctx) => new TestClient(ctx));
    for (const brokerId of this.brokerIds) this.world.start(brokerNode(brokerId));
    this.world.start("client");
  }

  /** Create a topic with one partition per assignment entry (default: all brokers, leader broker-1). */
  createTopic(name: string, config: Record<string, unknown> = {}, assignment: number[][] = [this.brokerIds]): void {
    const resolved = resolveTopicConfig(this.brokerConfig, config).config as unknown as Record<string, unknown>;
    this.controller.createTopic({ name, partitions: assignment.length, assignment, config: resolved });
  }

  get client(): TestClient {
    return this.world.host("client")!.actor as TestClient;
  }

  broker(id: number): Broker | null {
    const host = this.world.host(brokerNode(id))!;
    return host.alive ? (host.actor as Broker) : null;
  }

  rm(id: number): ReplicaManager {
    const broker = this.broker(id);
    if (!broker) throw new Error(`broker-${id} is not running`);
    return broker.replicaManager as ReplicaManager;
  }

  leaderOf(topic: string, partition = 0): number {
    return this.controller.state(topic, partition).leader;
  }

  /** Produce `values` as one batch to `brokerId` (default: the controller's current leader). */
  produce(
    topic: string,
    values: string[],
    acks: ProduceRequest["acks"],
    options: { partition?: number; to?: number; timeoutMs?: number; producer?: { id: number; epoch: number; sequence: number }; connectionId?: string } = {},
  ): Exchange<ProduceResponse> {
    const partition = options.partition ?? 0;
    const to = options.to ?? this.leaderOf(topic, partition);
    const batch = makeBatch(values, this.world.now, options.producer);
    return this.client.send<ProduceResponse>(brokerNode(to), (correlationId) => ({
      type: "Produce",
      correlationId,
      acks,
      timeoutMs: options.timeoutMs ?? 30000,
      partitions: [{ topic, partition, batch }],
      ...(options.connectionId === undefined ? {} : { connectionId: options.connectionId }),
    }));
  }

  /** A consumer fetch (replicaId -1). */
  fetch(
    topic: string,
    fetchOffset: number,
    options: { partition?: number; to?: number; maxWaitMs?: number; minBytes?: number; currentLeaderEpoch?: number } = {},
  ): Exchange<FetchResponse> {
    const partition = options.partition ?? 0;
    const to = options.to ?? this.leaderOf(topic, partition);
    return this.client.send<FetchResponse>(brokerNode(to), (correlationId): FetchRequest => ({
      type: "Fetch",
      correlationId,
      replicaId: -1,
      replicaEpoch: -1,
      maxWaitMs: options.maxWaitMs ?? 500,
      minBytes: options.minBytes ?? 1,
      maxBytes: 52428800,
      partitions: [
        {
          topic,
          partition,
          currentLeaderEpoch: options.currentLeaderEpoch ?? -1,
          fetchOffset,
          lastFetchedEpoch: -1,
          logStartOffset: -1,
          partitionMaxBytes: 1048576,
        },
      ],
    }));
  }

  listOffsets(topic: string, timestamp: -1 | -2, options: { partition?: number; to?: number } = {}): Exchange<ListOffsetsResponse> {
    const partition = options.partition ?? 0;
    const to = options.to ?? this.leaderOf(topic, partition);
    return this.client.send<ListOffsetsResponse>(brokerNode(to), (correlationId) => ({
      type: "ListOffsets",
      correlationId,
      replicaId: -1,
      partitions: [{ topic, partition, currentLeaderEpoch: -1, timestamp }],
    }));
  }

  /** Process crash (page cache survives); the controller notices at once unless told otherwise. */
  crash(id: number, options: { notifyController?: boolean } = {}): void {
    this.world.crash(brokerNode(id));
    if (options.notifyController ?? true) this.controller.brokerFailed(id);
  }

  /** Power loss of one machine: unsynced writes may be lost. */
  powerLoss(id: number, options: { notifyController?: boolean } = {}): void {
    this.world.powerLoss(brokerNode(id));
    if (options.notifyController ?? true) this.controller.brokerFailed(id);
  }

  restart(id: number): void {
    this.world.start(brokerNode(id));
  }

  /** Cut all traffic between `id` and the other brokers (both ways); returns an undo. */
  isolateFromBrokers(id: number): () => void {
    const others = this.brokerIds.filter((b) => b !== id).map(brokerNode);
    const rule = this.world.network.addRule({ kind: "partition", groups: [[brokerNode(id)], others] });
    return () => this.world.network.removeRule(rule);
  }

  /** Record values of a broker's local log (running brokers only). */
  values(id: number, topic: string, partition = 0): string[] {
    const log = this.rm(id).localLog(topic, partition);
    return log ? log.batches.flatMap((b) => b.records.map((r) => r.value)) : [];
  }

  /** Values with their offsets and the leader epoch of their batch. */
  entries(id: number, topic: string, partition = 0): { offset: number; value: string; epoch: number }[] {
    const log = this.rm(id).localLog(topic, partition);
    if (!log) return [];
    return log.batches.flatMap((b) => b.records.map((r, i) => ({ offset: b.baseOffset + i, value: r.value, epoch: b.partitionLeaderEpoch })));
  }

  highWatermark(id: number, topic: string, partition = 0): number {
    return this.rm(id).localLog(topic, partition)?.highWatermark ?? -1;
  }

  /** Trace records of a type (model-level). */
  traces(type: string, node?: string): TraceRecord[] {
    return this.records.filter((r) => r.type === type && (node === undefined || r.node === node));
  }
}
