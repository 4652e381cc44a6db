/**
 * The broker is one actor composed of components (replica manager, controller agent, group
 * coordinator, producer-id manager). Components talk to each other in-process through these
 * interfaces and route their own messages and timers; none imports another's implementation.
 */
import type { ActorContext, Message, Timer } from "../../sim/actor.js";
import type { EventId } from "../../sim/scheduler.js";
import type { ConfigView } from "../config-view.js";
import type { ClusterSpec } from "../features.js";
import type { MetadataImage } from "../metadata/image.js";
import type { PartitionState } from "../metadata/partition-state.js";
import type { ClusterObserver, ReplicaSnapshot } from "../observer.js";
import type { KafkaError } from "../protocol/errors.js";
import type { AlterPartitionRequest, AlterPartitionResponse } from "../protocol/control.js";
import type { KafkaRecord, RecordBatch } from "../protocol/records.js";
import type { BrokerExit } from "../explain/controllers.js";

export interface BrokerComponent {
  readonly name: string;
  /** Message types this component handles (derived from its HandlerTable; the broker routes by them). */
  readonly handles: readonly string[];
  start(): void;
  /** A message of one of the `handles` types (dispatched through the component's HandlerTable). */
  onMessage(from: string, message: Message): void;
  /** A timer set through services.setTimer(this.name, timer, delay), fired through the component's TimerTable. */
  onTimer(timer: Timer): void;
  onConnectionReset?(peer: string): void;
}

export interface BrokerServices {
  readonly ctx: ActorContext;
  readonly brokerId: number;
  readonly cluster: ClusterSpec;
  /** Broker-level config (topic configs overlay it: see topicConfig). */
  readonly config: ConfigView;
  /** This broker's metadata cache. */
  readonly metadata: MetadataImage;
  readonly observer: ClusterObserver;
  /** Topic config = topic overrides over broker config over defaults. */
  topicConfig(topic: string): ConfigView;
  /** A timer handed back to the component named `component` (its `onTimer`). */
  setTimer<T extends Timer>(component: string, timer: T, delayUs: number): EventId;
  replicaManager(): ReplicaManagerApi;
  controllerAgent(): ControllerAgentApi;
  groupCoordinator(): GroupCoordinatorApi | null;
  /**
   * The broker process exits on a fatal error (Kafka's System.exit / Exit.exit from a broker
   * thread): its shutdown hook runs KafkaServer.shutdown — controlled shutdown, then stop.
   */
  exitProcess?(cause: BrokerExit): void;
}

/** What the replication layer offers the rest of the broker (implemented in src/kafka/replication). */
export interface ReplicaManagerApi {
  /**
   * The controller decided a new state for a partition this broker hosts (or stopped hosting). The
   * state is read, never changed or kept: a KRaft broker passes the replayed record's own frozen
   * state, shared with its metadata image.
   */
  applyPartitionState(state: Readonly<PartitionState>): void;
  /** Stop and optionally delete a replica (StopReplica / reassignment away). */
  stopReplica(topic: string, partition: number, deletePartition: boolean): void;
  handleAlterPartitionResponse(response: AlterPartitionResponse): void;
  /** Leader append for internal topics (__consumer_offsets), acks=all semantics. */
  appendAsLeader(topic: string, partition: number, records: KafkaRecord[], timeoutMs: number, done: (error: KafkaError, baseOffset: number) => void): void;
  /** Batches of a local replica from `fromOffset` up to the HW (committed data). */
  readCommitted(topic: string, partition: number, fromOffset: number): RecordBatch[];
  isLeader(topic: string, partition: number): boolean;
  onLeadershipChange(listener: (topic: string, partition: number, isLeader: boolean, leaderEpoch: number) => void): void;
  /** Every local replica, sorted by (topic, partition). */
  snapshots(): ReplicaSnapshot[];
  /** Full local log of a replica (for the final state and invariants): its fields are read from the log when they are read. */
  localLog(
    topic: string,
    partition: number,
  ): { readonly batches: readonly RecordBatch[]; readonly highWatermark: number; readonly logStartOffset: number; readonly logEndOffset: number } | null;
  /** Clean shutdown: write checkpoints; the host flushes the disk. */
  shutdown(): void;
}

/** What the controller agent (KRaft lifecycle or ZooKeeper-mode agent) offers the broker. */
export interface ControllerAgentApi {
  /** Current broker epoch (-1 before registration). */
  brokerEpoch(): number;
  /** Send AlterPartition to the active controller (or, pre-2.7, write the ISR to ZooKeeper). */
  sendAlterPartition(request: AlterPartitionRequest): void;
  /** Controlled shutdown: move leaderships away, then call done (bounded by a timeout). */
  beginControlledShutdown(done: () => void): void;
}

export interface GroupCoordinatorApi {
  /** Is this broker the coordinator of the group right now? */
  isCoordinatorFor(group: string): boolean;
}
