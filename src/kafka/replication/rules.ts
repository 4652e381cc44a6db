/**
 * The shared replication rules behind {@link ReplicationContext}: HW advancement with its policy
 * (maximal ISR, strict min ISR, mutants), truncation, retention and the observer/trace plumbing.
 */
import type { EventId } from "../../sim/scheduler.js";
import { REPLICA_MANAGER, type ReplicaTimer } from "./timers.js";
import { ms } from "../../sim/time.js";
import type { BrokerServices } from "../broker/services.js";
import type { RecordBatch } from "../protocol/records.js";
import type { ReplicationContext } from "./context.js";
import { maybeIncrementLeaderHighWatermark, type HighWatermarkPolicy } from "./high-watermark.js";
import type { Partition } from "./partition.js";
import type { ReplicaStore } from "./replica-store.js";
import { applyRetention } from "./retention.js";
import { effectiveMinIsr, readReplicationSettings, type LogSettings, type ReplicationSettings } from "./settings.js";
import type { MutantName } from "../mutant-names.js";
import type { TraceType } from "../trace-events.js";
import { withRule, type WhyArgs } from "../explain/catalogue.js";
import type { TruncationCause } from "../explain/replication.js";
import type { TraceEvents } from "../../sim/trace.js";

/** Callbacks into the replica manager's other parts. */
export interface RuleHooks {
  /** HW, LEO or role of a partition changed: wake purgatories. */
  partitionChanged(p: Partition): void;
  maybeExpandIsr(p: Partition, followerId: number): void;
  /** Data appended (flush.ms timer). */
  appended(p: Partition): void;
  /** Any replica field changed (ISR, log start, follower HW): fetch sessions look at it again. */
  replicaChanged?(p: Partition): void;
}

export class ReplicationRules implements ReplicationContext {
  readonly settings: ReplicationSettings;

  constructor(
    readonly services: BrokerServices,
    private readonly store: ReplicaStore,
    private readonly hooks: RuleHooks,
  ) {
    this.settings = readReplicationSettings(services.config);
    this.hwPolicy.replicaLagTimeMaxUs = ms(this.settings.replicaLagTimeMaxMs);
    this.hwPolicy.strictMinIsr = services.cluster.features.strictMinIsr;
    this.hwPolicy.ignoreIsr = this.bug("hw-ignores-isr");
  }

  partition(topic: string, partition: number): Partition | undefined {
    return this.store.get(topic, partition);
  }

  setTimer(timer: ReplicaTimer, delayUs: number): EventId {
    return this.services.setTimer(REPLICA_MANAGER, timer, delayUs);
  }

  sortedPartitions(): readonly Partition[] {
    return this.store.sorted();
  }

  logSettings(topic: string): LogSettings {
    return this.store.logSettings(topic);
  }

  effectiveMinIsr(p: Partition): number {
    const minInsyncReplicas = this.logSettings(p.topic).minInsyncReplicas;
    // Before 3.7 (KAFKA-15583, the same change as strict min ISR) Partition.scala compared the ISR
    // with min.insync.replicas itself: a topic with RF < min ISR rejects every acks=all write.
    if (!this.services.cluster.features.strictMinIsr) return Math.max(1, minInsyncReplicas);
    return effectiveMinIsr(minInsyncReplicas, Math.max(1, p.replicas.length));
  }

  bug(name: MutantName): boolean {
    return this.services.cluster.bugs.has(name);
  }

  trace<T extends TraceType>(type: T, p: Partition | null, fields: Omit<TraceEvents[T], "broker" | "topic" | "partition">, ...why: WhyArgs<T>): void {
    // Built in one object (same keys in the same order as { broker, ...{ topic, partition }, ...fields }).
    const broker = this.services.brokerId;
    this.services.ctx.trace(type, withRule(type, p ? { broker, topic: p.topic, partition: p.partition, ...fields } : { broker, ...fields }, ...why));
  }

  afterLeaderAppend(p: Partition, batches: readonly RecordBatch[]): void {
    this.services.observer.appended?.(this.services.brokerId, p.topic, p.partition, batches, true);
    this.hooks.appended(p);
    if (!this.maybeAdvanceHighWatermark(p, "leader append")) this.replicaChanged(p);
    this.hooks.partitionChanged(p);
  }

  afterFollowerAppend(p: Partition, batches: readonly RecordBatch[]): void {
    this.services.observer.appended?.(this.services.brokerId, p.topic, p.partition, batches, false);
    this.hooks.appended(p);
  }

  /** May this follower count for the HW as a caught-up ISR-eligible replica (not fenced, not shutting down)? */
  private readonly isrEligible = (id: number): boolean => {
    const info = this.services.metadata.brokers.get(id);
    return info ? !info.fenced && !info.inControlledShutdown : true;
  };

  /** The HW policy of this broker; the time and the partition's effective min ISR are set per call (one object, not one per fetch). */
  private readonly hwPolicy: HighWatermarkPolicy = {
    nowUs: 0,
    replicaLagTimeMaxUs: 0,
    strictMinIsr: false,
    effectiveMinIsr: 1,
    ignoreIsr: false,
    isrEligible: this.isrEligible,
  };

  maybeAdvanceHighWatermark(p: Partition, cause: string): boolean {
    return this.advanceHighWatermark(p, cause, -1, -1);
  }

  maybeAdvanceHighWatermarkAfterFetch(p: Partition, replicaId: number, fetchOffset: number): boolean {
    return this.advanceHighWatermark(p, null, replicaId, fetchOffset);
  }

  /** `cause` null: a follower's fetch, whose cause text is built here, only for the record of a HW that moved (most fetches move none). */
  private advanceHighWatermark(p: Partition, cause: string | null, replicaId: number, fetchOffset: number): boolean {
    if (!p.isLeader) return false;
    // The candidate is at most the leader's LEO and the HW only moves forward: at HW = LEO nothing can advance.
    if (p.log.logEndOffset <= p.log.highWatermark) return false;
    const features = this.services.cluster.features;
    const minIsr = this.effectiveMinIsr(p);
    const policy = this.hwPolicy;
    policy.nowUs = this.services.ctx.now();
    policy.effectiveMinIsr = minIsr;
    const advanced = maybeIncrementLeaderHighWatermark(p, policy);
    if (!advanced) return false;
    const maximal = p.maximalIsr();
    this.trace(
      "hw-advanced",
      p,
      {
        leaderEpoch: p.leaderEpoch,
        from: advanced.previous,
        to: p.log.highWatermark,
        isr: maximal,
        cause: cause ?? `broker-${replicaId} fetched at ${fetchOffset}`,
      },
      { ignoresIsr: this.bug("hw-ignores-isr"), minIsr: features.strictMinIsr ? minIsr : null },
    );
    this.replicaChanged(p);
    this.hooks.partitionChanged(p);
    return true;
  }

  replicaChanged(p: Partition): void {
    this.hooks.replicaChanged?.(p);
    this.services.observer.replicaChanged?.(p.snapshot());
  }

  truncate(p: Partition, offset: number, reason: string, cause: TruncationCause): void {
    const before = p.log.logEndOffset;
    if (offset >= before) {
      // Nothing to remove from the log, but a trailing epoch-cache entry may still conflict.
      p.log.truncateTo(offset, this.services.ctx.now());
      return;
    }
    p.log.truncateTo(offset, this.services.ctx.now());
    p.producers.rebuild(p.log.batches());
    this.trace("log-truncated", p, { reason, from: before, to: p.log.logEndOffset }, cause);
    this.services.observer.truncated?.(this.services.brokerId, p.topic, p.partition, p.log.logEndOffset, reason);
    this.replicaChanged(p);
    this.hooks.partitionChanged(p);
  }

  maybeExpandIsr(p: Partition, followerId: number): void {
    this.hooks.maybeExpandIsr(p, followerId);
  }

  /** One retention pass over a replica (leaders and followers alike). */
  retention(p: Partition): void {
    const settings = this.logSettings(p.topic);
    const before = p.log.logStartOffset;
    const result = applyRetention(p.log, settings, this.services.ctx.now());
    if (result.deletedSegments === 0) return;
    p.producers.rebuild(p.log.batches());
    this.trace("retention-deleted-segments", p, {
      segments: result.deletedSegments,
      from: before,
      logStartOffset: result.logStartOffset,
      reason: result.reason,
    });
    this.replicaChanged(p);
  }
}
