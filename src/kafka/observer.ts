/**
 * Hooks through which the live invariant checkers (src/check) watch the model without the model
 * importing them. All methods optional; calls are cheap no-ops when nobody listens.
 */
import type { PartitionState } from "./metadata/partition-state.js";
import type { BrokerRegistrationChangeRecord, RegisterBrokerRecord } from "./protocol/kraft.js";
import type { RecordBatch } from "./protocol/records.js";

export interface ReplicaSnapshot {
  broker: number;
  topic: string;
  partition: number;
  role: "leader" | "follower" | "none";
  leaderEpoch: number;
  highWatermark: number;
  logEndOffset: number;
  logStartOffset: number;
}

/**
 * One `__cluster_metadata` entry as the Raft invariants see it: its offset, epoch and record (the
 * log's own entry: records are never changed once written, so voters holding the same entry object
 * hold the same entry).
 */
export interface RaftEntryView {
  readonly offset: number;
  readonly epoch: number;
  readonly record: object;
}

/** A KRaft voter's metadata log at the moment it won an election. */
export interface RaftLogView {
  endOffset: number;
  entryAt(offset: number): RaftEntryView | undefined;
}

export interface ClusterObserver {
  /** A replica's role, epoch, HW or LEO changed. */
  replicaChanged?(snapshot: ReplicaSnapshot): void;
  /** Batches appended to a replica's log (leader append or follower fetch). */
  appended?(broker: number, topic: string, partition: number, batches: readonly RecordBatch[], asLeader: boolean): void;
  /** A replica truncated its log to `offset` (exclusive end). */
  truncated?(broker: number, topic: string, partition: number, offset: number, reason: string): void;
  /** The controller committed a new partition state (KRaft record committed / ZooKeeper write succeeded). */
  partitionCommitted?(state: PartitionState, context: { unclean: boolean; reason: string }): void;
  /**
   * The active KRaft controller committed a broker registration record at `offset` of the metadata
   * log (RegisterBroker: a new incarnation, fenced; BrokerRegistrationChange: fenced/unfenced,
   * controlled shutdown). A newly active controller may report an offset again.
   */
  brokerRegistrationCommitted?(record: RegisterBrokerRecord | BrokerRegistrationChangeRecord, offset: number): void;
  /**
   * A broker process learned its broker epoch from the controller (KIP-631 BrokerRegistration
   * answered), or started without one (`brokerEpoch` -1: a new process not yet registered).
   */
  brokerRegistered?(broker: number, brokerEpoch: number): void;
  /** A KRaft voter or ZooKeeper-mode controller became (or stopped being) active in an epoch. */
  controllerLeadership?(node: string, epoch: number, active: boolean): void;
  /** A KRaft voter delivered metadata entries as committed (below its Raft high watermark), in offset order. */
  raftCommitted?(node: string, entries: readonly RaftEntryView[]): void;
  /** A KRaft voter won the election of `epoch`; `log` is its metadata log at that moment. */
  raftLeaderElected?(node: string, epoch: number, log: RaftLogView): void;
  /** A consumer group generation's assignment was completed by the coordinator. */
  groupAssignment?(group: string, generation: number, assignment: Record<string, { topic: string; partition: number }[]>, protocol: string): void;
}
