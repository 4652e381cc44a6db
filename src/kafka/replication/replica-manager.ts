/**
 * The replica manager component of a broker (docs/kafka-rules.md §1, §3, §8): hosts the partition
 * replicas found on disk or assigned by the controller, routes Produce / Fetch / ListOffsets /
 * OffsetsForLeaderEpoch / follower FetchResponses / AlterPartitionResponses, and runs the periodic tasks (ISR expiration,
 * HW checkpoint, retention, timed flush).
 */
import type { Message, Timer } from "../../sim/actor.js";
import { dispatch, fireTimer, handledTypes, type HandlerTable, type TimerTable } from "../../sim/handlers.js";
import { ms } from "../../sim/time.js";
import type { BrokerComponent, BrokerServices, ReplicaManagerApi } from "../broker/services.js";
import type { PartitionState } from "../metadata/partition-state.js";
import type { ReplicaSnapshot } from "../observer.js";
import type { AlterPartitionResponse } from "../protocol/control.js";
import type { KafkaError } from "../protocol/errors.js";
import type { FetchRequest, FetchResponse, ListOffsetsRequest, ListOffsetsResponse } from "../protocol/fetch.js";
import type { OffsetsForLeaderEpochRequest } from "../protocol/offsets-for-leader-epoch.js";
import type { ProduceRequest } from "../protocol/produce.js";
import type { LogReadView } from "./partition-log.js";
import { NO_PRODUCER_ID, recordSize, tpName, type KafkaRecord, type RecordBatch } from "../protocol/records.js";
import { ReplicaStore } from "./replica-store.js";
import { FetchHandler } from "./fetch-handler.js";
import { ReplicaFetcher } from "./fetcher.js";
import { IsrManager } from "./isr-manager.js";
import { handleOffsetsForLeaderEpoch } from "./offsets-for-leader-epoch.js";
import { applyPartitionState, type LeadershipHooks } from "./leadership.js";
import type { Partition } from "./partition.js";
import { ProduceHandler } from "./produce.js";
import { ReplicationRules } from "./rules.js";
import { REPLICA_MANAGER, type ReplicaTimer } from "./timers.js";

type LeadershipListener = (topic: string, partition: number, isLeader: boolean, leaderEpoch: number) => void;

/** The messages the replica manager handles (AlterPartition answers reach it through the controller agent). */
type ReplicaMessage = ProduceRequest | FetchRequest | FetchResponse | ListOffsetsRequest | ListOffsetsResponse | OffsetsForLeaderEpochRequest;

export class ReplicaManager implements BrokerComponent, ReplicaManagerApi {
  readonly name = REPLICA_MANAGER;
  private readonly handlers: HandlerTable<ReplicaMessage> = {
    Produce: (from, m) => this.produce.handle(from, m),
    Fetch: (from, m) => this.fetchHandler.handle(from, m),
    FetchResponse: (from, m) => this.fetcher.onResponse(from, m),
    ListOffsets: (from, m) => this.fetchHandler.handleListOffsets(from, m),
    ListOffsetsResponse: (from, m) => this.fetcher.onListOffsetsResponse(from, m),
    OffsetsForLeaderEpoch: (from, m) => handleOffsetsForLeaderEpoch(this.rules, from, m),
  };
  readonly handles = handledTypes(this.handlers);
  readonly store: ReplicaStore;
  readonly rules: ReplicationRules;
  readonly produce: ProduceHandler;
  readonly fetchHandler: FetchHandler;
  readonly fetcher: ReplicaFetcher;
  readonly isrManager: IsrManager;
  private readonly listeners: LeadershipListener[] = [];
  private readonly hooks: LeadershipHooks;

  constructor(readonly services: BrokerServices) {
    this.store = new ReplicaStore(services, (p) => {
      p.followerStateChanged = (q) => this.isrManager.markForExpiryCheck(q);
    });
    this.rules = new ReplicationRules(services, this.store, {
      partitionChanged: (p) => {
        this.isrManager.markForExpiryCheck(p);
        this.produce.onPartitionChanged(p);
        this.fetchHandler.onPartitionChanged(p);
      },
      maybeExpandIsr: (p, followerId) => this.isrManager.maybeExpand(p, followerId),
      appended: (p) => this.scheduleTimedFlush(p),
      replicaChanged: (p) => {
        this.isrManager.markForExpiryCheck(p);
        this.fetchHandler.onReplicaChanged(p);
        this.fetcher.onReplicaChanged(p);
      },
    });
    this.produce = new ProduceHandler(this.rules);
    this.fetchHandler = new FetchHandler(this.rules);
    this.fetcher = new ReplicaFetcher(this.rules);
    this.isrManager = new IsrManager(this.rules);
    this.hooks = {
      rc: this.rules,
      follow: (p) => this.fetcher.follow(p),
      roleChanged: (p) => this.roleChanged(p),
    };
  }

  start(): void {
    for (const p of this.store.recoverAll()) {
      this.rules.trace("replica-recovered", p, {
        logStartOffset: p.log.logStartOffset,
        logEndOffset: p.log.logEndOffset,
        highWatermark: p.log.highWatermark,
        droppedBatches: p.log.recovery.droppedBatches,
      });
      this.rules.replicaChanged(p);
    }
    const s = this.rules.settings;
    this.timer({ kind: "isr-expiration" }, ms(s.replicaLagTimeMaxMs / 2));
    this.timer({ kind: "hw-checkpoint" }, ms(s.hwCheckpointIntervalMs));
    this.timer({ kind: "retention" }, ms(s.retentionCheckIntervalMs));
  }

  onMessage(from: string, message: Message): void {
    dispatch(this.handlers, from, message);
  }

  onTimer(timer: Timer): void {
    fireTimer(this.timers, timer);
  }

  private readonly timers: TimerTable<ReplicaTimer> = {
    "isr-expiration": (t) => {
      // Partition visits of the check (issue 11: the cost of idle partitions is counted).
      this.store.partitionVisits += this.isrManager.shrinkCheck();
      this.timer(t, ms(this.rules.settings.replicaLagTimeMaxMs / 2));
    },
    "hw-checkpoint": (t) => {
      this.store.writeHighWatermarkCheckpoint(false);
      this.timer(t, ms(this.rules.settings.hwCheckpointIntervalMs));
    },
    retention: (t) => {
      for (const p of this.store.sorted()) this.rules.retention(p);
      this.timer(t, ms(this.rules.settings.retentionCheckIntervalMs));
    },
    flush: (t) => {
      const p = this.store.get(t.topic, t.partition);
      this.flushTimers.delete(tpName(t.topic, t.partition));
      if (p && p.log.maybeTimedFlush(this.services.ctx.now())) this.rules.trace("log-flushed", p, {});
      if (p) this.scheduleTimedFlush(p);
    },
    "produce-timeout": (t) => this.produce.onTimeout(t.id),
    "produce-unmuted": (t) => this.produce.onUnmuted(t.client, t.connectionId),
    "fetch-timeout": (t) => this.fetchHandler.onTimeout(t.id),
    "fetcher-timeout": (t) => this.fetcher.onTimeout(t.leaderId, t.correlationId),
    "fetcher-backoff": (t) => this.fetcher.onBackoffDone(t.leaderId),
  };

  onConnectionReset(peer: string): void {
    this.produce.onConnectionReset(peer);
    this.fetcher.onConnectionReset(peer);
  }

  // ---- ReplicaManagerApi ----------------------------------------------------------------------

  applyPartitionState(state: PartitionState): void {
    if (!state.replicas.includes(this.services.brokerId)) return;
    const p = this.store.getOrCreate(state.topic, state.partition);
    applyPartitionState(this.hooks, p, state);
  }

  stopReplica(topic: string, partition: number, deletePartition: boolean): void {
    const p = this.store.get(topic, partition);
    if (!p) return;
    const wasLeader = p.isLeader;
    p.role = "none";
    p.leaderId = -1;
    this.rules.trace("stop-replica", p, { deletePartition });
    this.roleChanged(p);
    if (wasLeader) this.notifyLeadership(p);
    if (deletePartition) this.store.delete(p);
  }

  handleAlterPartitionResponse(response: AlterPartitionResponse): void {
    this.isrManager.handleResponse(response);
  }

  appendAsLeader(topic: string, partition: number, records: KafkaRecord[], timeoutMs: number, done: (error: KafkaError, baseOffset: number) => void): void {
    const batch: RecordBatch = {
      producerId: NO_PRODUCER_ID,
      producerEpoch: -1,
      baseSequence: -1,
      baseOffset: -1,
      partitionLeaderEpoch: -1,
      records: records.map((r) => ({ ...r })),
      sizeBytes: 61 + records.reduce((sum, r) => sum + recordSize(r), 0),
    };
    this.produce.appendInternal(topic, partition, batch, timeoutMs, done);
  }

  readCommitted(topic: string, partition: number, fromOffset: number): RecordBatch[] {
    const p = this.store.get(topic, partition);
    if (!p) return [];
    const from = Math.max(fromOffset, p.log.logStartOffset);
    return p.log.read(from, p.log.highWatermark, Number.MAX_SAFE_INTEGER);
  }

  isLeader(topic: string, partition: number): boolean {
    return this.store.get(topic, partition)?.isLeader ?? false;
  }

  onLeadershipChange(listener: LeadershipListener): void {
    this.listeners.push(listener);
  }

  snapshots(): ReplicaSnapshot[] {
    return this.store.sorted().map((p) => p.snapshot());
  }

  localLog(topic: string, partition: number): LogReadView | null {
    return this.store.get(topic, partition)?.log.readView() ?? null;
  }

  shutdown(): void {
    for (const p of this.store.sorted()) p.log.flush();
    this.store.writeHighWatermarkCheckpoint(true);
    this.rules.trace("replica-manager-shutdown", null, {});
  }

  /** A hosted replica (tests and other components). */
  partition(topic: string, partition: number): Partition | undefined {
    return this.store.get(topic, partition);
  }

  // ---- internals ------------------------------------------------------------------------------

  private roleChanged(p: Partition): void {
    this.produce.onPartitionChanged(p);
    this.fetchHandler.onPartitionChanged(p);
    this.fetcher.roleChanged(p);
    this.notifyLeadership(p);
  }

  private notifyLeadership(p: Partition): void {
    for (const listener of this.listeners) listener(p.topic, p.partition, p.isLeader, p.leaderEpoch);
  }

  private readonly flushTimers = new Set<string>();

  /** flush.ms: one timer per partition with unflushed data. */
  private scheduleTimedFlush(p: Partition): void {
    const name = tpName(p.topic, p.partition);
    const flushMs = this.rules.logSettings(p.topic).flushMs;
    if (p.log.firstUnflushedUs === undefined || flushMs >= Number.MAX_SAFE_INTEGER / 2) {
      this.flushTimers.delete(name);
      return;
    }
    if (this.flushTimers.has(name)) return;
    this.flushTimers.add(name);
    const dueUs = p.log.firstUnflushedUs + ms(flushMs) - this.services.ctx.now();
    this.timer({ kind: "flush", topic: p.topic, partition: p.partition }, Math.max(0, dueUs));
  }

  private timer(timer: ReplicaTimer, delayUs: number): void {
    this.rules.setTimer(timer, delayUs);
  }
}

/** Build the replica manager component (BrokerParts.replicaManager). */
export function createReplicaManager(services: BrokerServices): ReplicaManager {
  return new ReplicaManager(services);
}
