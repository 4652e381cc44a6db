/**
 * A fake cluster for group and consumer tests: brokers that answer Metadata, ListOffsets, Fetch and
 * OffsetsForLeaderEpoch from an in-memory log (HW = LEO) with leader epochs (a test can start a new
 * epoch, or truncate the log as an unclean election would), and host the real group coordinator component over a fake
 * replica manager whose `__consumer_offsets` log and leadership live in one shared store (so a
 * test can move a coordinator's partition to another broker).
 */
import type { Actor, ActorContext, Message, Timer } from "../../../src/sim/actor.js";
import { World } from "../../../src/sim/world.js";
import { ConfigView } from "../../../src/kafka/config-view.js";
import { resolveBrokerConfig, resolveConsumerConfig, type CommitMode } from "../../../src/kafka/config/resolve.js";
import { MODERN_KRAFT, type ClusterSpec, type ProtocolFeatures } from "../../../src/kafka/features.js";
import { HistoryRecorder } from "../../../src/kafka/history.js";
import { MetadataImage } from "../../../src/kafka/metadata/image.js";
import type { BrokerComponent, BrokerServices, GroupCoordinatorApi, ReplicaManagerApi } from "../../../src/kafka/broker/services.js";
import type { KafkaError } from "../../../src/kafka/protocol/errors.js";
import type { FetchRequest, FetchResponse, ListOffsetsRequest, ListOffsetsResponse } from "../../../src/kafka/protocol/fetch.js";
import type { MetadataRequest, MetadataResponse } from "../../../src/kafka/protocol/metadata.js";
import type { OffsetsForLeaderEpochRequest, OffsetsForLeaderEpochResponse } from "../../../src/kafka/protocol/offsets-for-leader-epoch.js";
import type { KafkaRecord, RecordBatch } from "../../../src/kafka/protocol/records.js";
import type { ClusterObserver } from "../../../src/kafka/observer.js";
import { createGroupCoordinator } from "../../../src/kafka/group/coordinator.js";
import { OFFSETS_TOPIC } from "../../../src/kafka/group/partition-for.js";
import { GROUP_REQUEST_TYPES } from "../../../src/kafka/group/protocol.js";
import { createConsumerActor } from "../../../src/kafka/consumer/consumer.js";
import { mutantSet } from "../../../src/kafka/mutant-names.js";

type LeadershipListener = (topic: string, partition: number, isLeader: boolean, leaderEpoch: number) => void;

/** Shared state of the fake cluster: user topic logs, the offsets topic log and its leaders. */
export class FakeStore {
  readonly logs = new Map<string, KafkaRecord[]>();
  /** User partitions whose leader was moved (default: partition p is led by brokerIds[p % n]). */
  readonly userLeaders = new Map<string, number>();
  /** Per user partition: each leader epoch and the offset it starts at (the leader-epoch cache). */
  readonly userEpochs = new Map<string, { epoch: number; startOffset: number }[]>();
  readonly partitions = new Map<string, number>();
  readonly offsetsLog = new Map<number, RecordBatch[]>();
  readonly offsetsLeader = new Map<number, number>();
  readonly listeners = new Map<number, LeadershipListener[]>();
  readonly metadata = new MetadataImage();
  readonly assignments: { group: string; generation: number; assignment: Record<string, { topic: string; partition: number }[]>; protocol: string }[] = [];
  /** Leader epoch of each offsets partition. */
  private readonly epochs = new Map<number, number>();

  constructor(
    readonly brokerIds: number[],
    readonly offsetsPartitions: number,
  ) {
    for (const id of brokerIds) this.metadata.brokers.set(id, { id, node: `broker-${id}`, brokerEpoch: 1, fenced: false, inControlledShutdown: false });
    for (let p = 0; p < offsetsPartitions; p++) this.setOffsetsLeader(p, brokerIds[p % brokerIds.length]!);
  }

  createTopic(topic: string, partitions: number): void {
    this.partitions.set(topic, partitions);
    this.metadata.topics.set(topic, { name: topic, partitionCount: partitions, config: {} });
    for (let p = 0; p < partitions; p++) {
      this.logs.set(`${topic}-${p}`, []);
      this.userEpochs.set(`${topic}-${p}`, [{ epoch: 0, startOffset: 0 }]);
    }
  }

  /** The current leader epoch of a user partition. */
  leaderEpoch(topic: string, partition: number): number {
    return this.userEpochs.get(`${topic}-${partition}`)!.at(-1)!.epoch;
  }

  /** The leader epoch of the record at `offset`. */
  epochAt(topic: string, partition: number, offset: number): number {
    return this.userEpochs
      .get(`${topic}-${partition}`)!
      .filter((e) => e.startOffset <= offset)
      .at(-1)!.epoch;
  }

  /** The leader broker id of a user partition. */
  leaderOf(topic: string, partition: number): number {
    return this.userLeaders.get(`${topic}-${partition}`) ?? this.brokerIds[partition % this.brokerIds.length]!;
  }

  /** A clean leader change to broker `to`, in a new epoch. */
  moveLeader(topic: string, partition: number, to: number): void {
    this.userLeaders.set(`${topic}-${partition}`, to);
    this.newEpoch(topic, partition);
  }

  /** A new leader epoch starting at the log end (a clean leader change). */
  newEpoch(topic: string, partition: number): void {
    const key = `${topic}-${partition}`;
    this.userEpochs.get(key)!.push({ epoch: this.leaderEpoch(topic, partition) + 1, startOffset: this.logs.get(key)!.length });
  }

  /** An unclean election: the new leader's log ends at `offset`; its epoch starts there. */
  truncate(topic: string, partition: number, offset: number): void {
    const key = `${topic}-${partition}`;
    const next = this.leaderEpoch(topic, partition) + 1;
    this.logs.get(key)!.length = offset;
    this.userEpochs.set(key, [...this.userEpochs.get(key)!.filter((e) => e.startOffset < offset), { epoch: next, startOffset: offset }]);
  }

  /** LeaderEpochFileCache.endOffsetFor: the largest epoch ≤ `requested` and where it ends. */
  endOffsetFor(topic: string, partition: number, requested: number): { epoch: number; endOffset: number } {
    const entries = this.userEpochs.get(`${topic}-${partition}`)!;
    const latest = entries.at(-1)!;
    if (requested === latest.epoch) return { epoch: latest.epoch, endOffset: this.logs.get(`${topic}-${partition}`)!.length };
    const higher = entries.findIndex((e) => e.epoch > requested);
    if (higher < 0) return { epoch: -1, endOffset: -1 };
    if (higher === 0) return { epoch: requested, endOffset: entries[0]!.startOffset };
    return { epoch: entries[higher - 1]!.epoch, endOffset: entries[higher]!.startOffset };
  }

  /** Append values to a user partition (as if produced and fully replicated). */
  produce(topic: string, partition: number, values: string[]): void {
    const log = this.logs.get(`${topic}-${partition}`)!;
    for (const value of values) log.push({ key: null, value, timestampUs: 0 });
  }

  /** Move leadership of an offsets partition (its listeners hear it as KRaft brokers would). */
  moveOffsetsLeader(partition: number, to: number): void {
    const from = this.offsetsLeader.get(partition);
    this.setOffsetsLeader(partition, to);
    const epoch = this.epochs.get(partition)!;
    if (from !== undefined) for (const l of this.listeners.get(from) ?? []) l(OFFSETS_TOPIC, partition, false, epoch);
    for (const l of this.listeners.get(to) ?? []) l(OFFSETS_TOPIC, partition, true, epoch);
  }

  private setOffsetsLeader(partition: number, leader: number): void {
    const epoch = (this.epochs.get(partition) ?? -1) + 1;
    this.epochs.set(partition, epoch);
    this.offsetsLeader.set(partition, leader);
    this.metadata.setPartition({
      topic: OFFSETS_TOPIC,
      partition,
      replicas: [...this.brokerIds],
      isr: [...this.brokerIds],
      elr: [],
      lastKnownElr: [],
      leader,
      leaderEpoch: epoch,
      partitionEpoch: epoch,
      leaderRecoveryState: "RECOVERED",
    });
  }
}

function fakeReplicaManager(store: FakeStore, brokerId: number): ReplicaManagerApi {
  return {
    applyPartitionState() {},
    stopReplica() {},
    handleAlterPartitionResponse() {},
    appendAsLeader(topic, partition, records, _timeoutMs, done: (error: KafkaError, baseOffset: number) => void) {
      if (topic !== OFFSETS_TOPIC || store.offsetsLeader.get(partition) !== brokerId) return done("NOT_LEADER_OR_FOLLOWER", -1);
      const log = store.offsetsLog.get(partition) ?? [];
      const base = log.reduce((n, b) => n + b.records.length, 0);
      log.push({ baseOffset: base, partitionLeaderEpoch: 0, records, sizeBytes: 100, producerId: -1, producerEpoch: -1, baseSequence: -1 });
      store.offsetsLog.set(partition, log);
      done("NONE", base);
    },
    readCommitted: (topic, partition) => (topic === OFFSETS_TOPIC ? [...(store.offsetsLog.get(partition) ?? [])] : []),
    isLeader: (topic, partition) => topic === OFFSETS_TOPIC && store.offsetsLeader.get(partition) === brokerId,
    onLeadershipChange(listener) {
      const list = store.listeners.get(brokerId) ?? [];
      list.push(listener);
      store.listeners.set(brokerId, list);
    },
    snapshots: () => [],
    localLog: () => null,
    shutdown() {},
  };
}

/** A broker that serves user data from the store and hosts the real group coordinator. */
/** The fake broker's timers: the coordinator's own, and a held fetch's max wait. */
type FakeBrokerTimer = { kind: "component"; timer: Timer } | { kind: "fetch-wait"; from: string; request: FetchRequest };

class FakeBroker implements Actor<FakeBrokerTimer> {
  private readonly coordinator: BrokerComponent & GroupCoordinatorApi;
  private readonly groupTypes = new Set<string>(GROUP_REQUEST_TYPES);

  constructor(
    private readonly ctx: ActorContext,
    private readonly store: FakeStore,
    private readonly brokerId: number,
    config: ConfigView,
    cluster: ClusterSpec,
  ) {
    const replicaManager = fakeReplicaManager(store, brokerId);
    const observer: ClusterObserver = {
      groupAssignment: (group, generation, assignment, protocol) => store.assignments.push({ group, generation, assignment, protocol }),
    };
    const services: BrokerServices = {
      ctx,
      brokerId,
      cluster,
      config,
      metadata: store.metadata,
      observer,
      topicConfig: () => config,
      setTimer: (_component, timer, delayUs) => ctx.setTimer(delayUs, { kind: "component", timer }),
      replicaManager: () => replicaManager,
      controllerAgent: () => {
        throw new Error("no controller agent in the fake cluster");
      },
      groupCoordinator: () => this.coordinator,
    };
    this.coordinator = createGroupCoordinator(services);
  }

  onStart(): void {
    this.coordinator.start();
  }

  onMessage(from: string, message: Message): void {
    if (this.groupTypes.has(message.type)) return this.coordinator.onMessage(from, message);
    if (message.type === "Metadata") return this.metadata(from, message as MetadataRequest);
    if (message.type === "ListOffsets") return this.listOffsets(from, message as ListOffsetsRequest);
    if (message.type === "Fetch") return this.fetch(from, message as FetchRequest, false);
    if (message.type === "OffsetsForLeaderEpoch") return this.offsetsForLeaderEpoch(from, message as OffsetsForLeaderEpochRequest);
  }

  /** Only the leader answers; then epoch fencing of a request's current leader epoch (-1: not checked). */
  private fencing(topic: string, partition: number, currentLeaderEpoch: number): KafkaError {
    if (this.store.leaderOf(topic, partition) !== this.brokerId) return "NOT_LEADER_OR_FOLLOWER";
    const epoch = this.store.leaderEpoch(topic, partition);
    if (currentLeaderEpoch < 0 || currentLeaderEpoch === epoch) return "NONE";
    return currentLeaderEpoch < epoch ? "FENCED_LEADER_EPOCH" : "UNKNOWN_LEADER_EPOCH";
  }

  private offsetsForLeaderEpoch(from: string, req: OffsetsForLeaderEpochRequest): void {
    const response: OffsetsForLeaderEpochResponse = {
      type: "OffsetsForLeaderEpochResponse",
      correlationId: req.correlationId,
      partitions: req.partitions.map((p) => {
        const error = this.fencing(p.topic, p.partition, p.currentLeaderEpoch);
        if (error !== "NONE") return { topic: p.topic, partition: p.partition, error, leaderEpoch: -1, endOffset: -1 };
        const end = this.store.endOffsetFor(p.topic, p.partition, p.leaderEpoch);
        return { topic: p.topic, partition: p.partition, error, leaderEpoch: end.epoch, endOffset: end.endOffset };
      }),
    };
    this.ctx.send(from, response);
  }

  onTimer(timer: FakeBrokerTimer): void {
    if (timer.kind === "fetch-wait") return this.fetch(timer.from, timer.request, true);
    this.coordinator.onTimer(timer.timer);
  }

  private metadata(from: string, req: MetadataRequest): void {
    const names = req.topics ?? [...this.store.partitions.keys()].sort();
    const response: MetadataResponse = {
      type: "MetadataResponse",
      correlationId: req.correlationId,
      controllerId: -1,
      brokers: this.store.brokerIds.map((id) => ({ id, node: `broker-${id}` })),
      topics: names.map((name) => {
        const count = this.store.partitions.get(name);
        if (count === undefined) return { name, error: "UNKNOWN_TOPIC_OR_PARTITION" as const, partitions: [] };
        // User partitions: partition p is led by broker ids[p % n].
        const partitions = Array.from({ length: count }, (_, p) => ({
          partition: p,
          error: "NONE" as const,
          leader: this.store.leaderOf(name, p),
          leaderEpoch: this.store.leaderEpoch(name, p),
          replicas: [...this.store.brokerIds],
          isr: [...this.store.brokerIds],
        }));
        return { name, error: "NONE" as const, partitions };
      }),
    };
    this.ctx.send(from, response);
  }

  private listOffsets(from: string, req: ListOffsetsRequest): void {
    const response: ListOffsetsResponse = {
      type: "ListOffsetsResponse",
      correlationId: req.correlationId,
      partitions: req.partitions.map((p) => {
        const log = this.store.logs.get(`${p.topic}-${p.partition}`) ?? [];
        return {
          topic: p.topic,
          partition: p.partition,
          error: "NONE" as const,
          offset: p.timestamp === -2 ? 0 : log.length,
          leaderEpoch: this.store.leaderEpoch(p.topic, p.partition),
        };
      }),
    };
    this.ctx.send(from, response);
  }

  private fetch(from: string, req: FetchRequest, waited: boolean): void {
    let total = 0;
    const partitions: FetchResponse["partitions"] = req.partitions.map((p) => {
      const log = this.store.logs.get(`${p.topic}-${p.partition}`) ?? [];
      const base = {
        topic: p.topic,
        partition: p.partition,
        highWatermark: log.length,
        lastStableOffset: log.length,
        logStartOffset: 0,
        batches: [] as RecordBatch[],
      };
      const fenced = this.fencing(p.topic, p.partition, p.currentLeaderEpoch);
      if (fenced !== "NONE") return { ...base, error: fenced };
      if (p.fetchOffset < 0 || p.fetchOffset > log.length) return { ...base, error: "OFFSET_OUT_OF_RANGE" as const };
      const records = log.slice(p.fetchOffset, p.fetchOffset + 50);
      total += records.length;
      // One batch per run of records of the same leader epoch.
      const batches: RecordBatch[] = [];
      records.forEach((record, i) => {
        const offset = p.fetchOffset + i;
        const epoch = this.store.epochAt(p.topic, p.partition, offset);
        const last = batches.at(-1);
        if (last && last.partitionLeaderEpoch === epoch) last.records.push(record);
        else
          batches.push({
            baseOffset: offset,
            partitionLeaderEpoch: epoch,
            records: [record],
            sizeBytes: 100,
            producerId: -1,
            producerEpoch: -1,
            baseSequence: -1,
          });
      });
      return { ...base, error: "NONE" as const, batches };
    });
    if (total === 0 && !waited && req.maxWaitMs > 0) {
      this.ctx.setTimer(req.maxWaitMs * 1000, { kind: "fetch-wait", from, request: req });
      return;
    }
    const response: FetchResponse = { type: "FetchResponse", correlationId: req.correlationId, error: "NONE", partitions };
    this.ctx.send(from, response);
  }
}

export interface FakeClusterOptions {
  brokers?: number;
  offsetsPartitions?: number;
  brokerConfig?: Record<string, unknown>;
  bugs?: string[];
  seed?: number;
  /** Protocol features of the cluster (the preset names the brokers' version). Default: modern. */
  features?: Partial<ProtocolFeatures>;
}

export interface ConsumerSpec {
  name: string;
  group?: string;
  topics?: string[];
  commit?: CommitMode;
  processingTimeUs?: number;
  config?: Record<string, unknown>;
}

/** A world with fake brokers, ready for consumers. */
export class FakeCluster {
  readonly world: World;
  readonly store: FakeStore;
  readonly history = new HistoryRecorder();
  readonly cluster: ClusterSpec;
  readonly brokerNodes: string[];
  private readonly collected: Record<string, unknown>[] = [];

  constructor(options: FakeClusterOptions = {}) {
    const brokerIds = Array.from({ length: options.brokers ?? 1 }, (_, i) => i + 1);
    this.world = new World({ seed: options.seed ?? 1 });
    this.world.trace.subscribe((record) => this.collected.push(record));
    this.store = new FakeStore(brokerIds, options.offsetsPartitions ?? 1);
    this.cluster = { mode: "kraft", brokerIds, controllerNodes: [], features: { ...MODERN_KRAFT, ...options.features }, bugs: mutantSet(options.bugs ?? []) };
    const resolved = resolveBrokerConfig({ "offsets.topic.num.partitions": options.offsetsPartitions ?? 1, ...options.brokerConfig });
    const config = new ConfigView(resolved.config as unknown as Record<string, unknown>);
    this.brokerNodes = brokerIds.map((id) => `broker-${id}`);
    for (const id of brokerIds) {
      this.world.addHost(`broker-${id}`, "broker", (ctx) => new FakeBroker(ctx, this.store, id, config, this.cluster));
      this.world.start(`broker-${id}`);
    }
  }

  /** Add and start a consumer instance. */
  addConsumer(spec: ConsumerSpec): void {
    const commit = spec.commit ?? "auto";
    const resolved = resolveConsumerConfig({ "auto.offset.reset": "earliest", ...spec.config }, commit);
    const errors = resolved.issues.filter((i) => i.severity === "error");
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("; "));
    this.world.addHost(
      spec.name,
      "consumer",
      createConsumerActor({
        name: spec.name,
        group: spec.group ?? "g1",
        topics: spec.topics ?? ["orders"],
        config: new ConfigView(resolved.config as unknown as Record<string, unknown>),
        commitMode: commit,
        processingTimeUs: spec.processingTimeUs ?? 0,
        bootstrap: this.brokerNodes,
        history: this.history,
        cluster: this.cluster,
      }),
    );
    this.world.start(spec.name);
  }

  /** Trace records of a type, collected from the start. */
  traces(type: string): Record<string, unknown>[] {
    return this.collected.filter((r) => r.type === type);
  }
}
