/**
 * What the replica manager offers its parts (produce, fetch handler, fetcher, ISR manager): one
 * narrow interface so the parts never import each other's implementation.
 */
import type { EventId } from "../../sim/scheduler.js";
import type { BrokerServices } from "../broker/services.js";
import type { RecordBatch } from "../protocol/records.js";
import type { Partition } from "./partition.js";
import type { LogSettings, ReplicationSettings } from "./settings.js";
import type { ReplicaTimer } from "./timers.js";
import type { MutantName } from "../mutant-names.js";
import type { TraceType } from "../trace-events.js";
import type { WhyArgs } from "../explain/catalogue.js";
import type { TruncationCause } from "../explain/replication.js";
import type { TraceEvents } from "../../sim/trace.js";

export interface ReplicationContext {
  readonly services: BrokerServices;
  readonly settings: ReplicationSettings;
  partition(topic: string, partition: number): Partition | undefined;
  /** Hosted partitions sorted by (topic, partition). */
  sortedPartitions(): readonly Partition[];
  logSettings(topic: string): LogSettings;
  /** min(min.insync.replicas, replication factor) (Kafka 3.7+); min.insync.replicas itself before (strictMinIsr off). */
  effectiveMinIsr(p: Partition): number;
  /** A timer of the replica manager (handed back to its TimerTable). */
  setTimer(timer: ReplicaTimer, delayUs: number): EventId;
  /** Is the deliberate protocol mutant `name` on? */
  bug(name: MutantName): boolean;
  /** ctx.trace with the broker id and partition name filled in. */
  trace<T extends TraceType>(type: T, p: Partition | null, fields: Omit<TraceEvents[T], "broker" | "topic" | "partition">, ...why: WhyArgs<T>): void;
  /** The leader appended: re-evaluate the HW, wake parked fetches, notify observers. */
  afterLeaderAppend(p: Partition, batches: readonly RecordBatch[]): void;
  /** A follower appended fetched batches. */
  afterFollowerAppend(p: Partition, batches: readonly RecordBatch[]): void;
  /** Re-evaluate the leader's HW (and complete what waits on it). Returns true when it advanced. */
  maybeAdvanceHighWatermark(p: Partition, cause: string): boolean;
  /** {@link maybeAdvanceHighWatermark} after follower `replicaId` fetched at `fetchOffset` (cause "broker-N fetched at X", built only when the HW moves). */
  maybeAdvanceHighWatermarkAfterFetch(p: Partition, replicaId: number, fetchOffset: number): boolean;
  /** The follower HW changed, or any other replica field: tell observers. */
  replicaChanged(p: Partition): void;
  /** Truncate a replica's log (follower divergence, truncate-to-HW). */
  truncate(p: Partition, offset: number, reason: string, cause: TruncationCause): void;
  /** A follower's fetch changed what the leader knows: maybe propose an ISR expansion. */
  maybeExpandIsr(p: Partition, followerId: number): void;
}
