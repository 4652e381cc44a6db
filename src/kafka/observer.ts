/**
 * Hooks through which the live invariant checkers (src/check) watch the model without the model
 * importing them. All methods optional; calls are cheap no-ops when nobody listens.
 */
import type { PartitionState } from "./metadata/partition-state.js";
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

export interface ClusterObserver {
  /** A replica's role, epoch, HW or LEO changed. */
  replicaChanged?(snapshot: ReplicaSnapshot): void;
  /** Batches appended to a replica's log (leader append or follower fetch). */
  appended?(broker: number, topic: string, partition: number, batches: readonly RecordBatch[], asLeader: boolean): void;
  /** A replica truncated its log to `offset` (exclusive end). */
  truncated?(broker: number, topic: string, partition: number, offset: number, reason: string): void;
  /** The controller committed a new partition state (KRaft record committed / ZooKeeper write succeeded). */
  partitionCommitted?(state: PartitionState, context: { unclean: boolean; reason: string }): void;
  /** A KRaft voter or ZooKeeper-mode controller became (or stopped being) active in an epoch. */
  controllerLeadership?(node: string, epoch: number, active: boolean): void;
  /** A consumer group generation's assignment was completed by the coordinator. */
  groupAssignment?(group: string, generation: number, assignment: Record<string, { topic: string; partition: number }[]>, protocol: string): void;
}
