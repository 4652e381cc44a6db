/**
 * The replica state of one partition on this broker: role, leader epoch, the committed and pending
 * ISR (KIP-497 "maximal ISR"), the leader's view of each follower, the log and producer state.
 * Transitions: none → leader | follower; leader ⇄ follower on every new leader epoch; → none on stop.
 */
import type { Micros } from "../../sim/time.js";
import type { ReplicaSnapshot } from "../observer.js";
import { PartitionLog } from "./partition-log.js";
import { ProducerStateTable } from "./producer-state.js";
import { RemoteReplica } from "./remote-replica.js";

export { RemoteReplica };

export type ReplicaRole = "leader" | "follower" | "none";

/** An AlterPartition in flight (one at a time per partition). */
export interface PendingIsrChange {
  kind: "expand" | "shrink";
  proposedIsr: number[];
  correlationId: number;
  sentAtUs: Micros;
}

/** The leader's follower states; counts its changes so sorted views can be kept until it changes. */
class RemoteReplicas extends Map<number, RemoteReplica> {
  version = 0;

  override set(key: number, value: RemoteReplica): this {
    this.version++;
    return super.set(key, value);
  }

  override delete(key: number): boolean {
    this.version++;
    return super.delete(key);
  }

  override clear(): void {
    this.version++;
    super.clear();
  }
}

export class Partition {
  role: ReplicaRole = "none";
  leaderId = -1;
  leaderEpoch = -1;
  partitionEpoch = -1;
  replicas: number[] = [];
  /** The last ISR the controller committed (or, with the local-isr-shrink mutant, the local one). */
  isr: number[] = [];
  pendingIsr: PendingIsrChange | null = null;
  /** The leader's LEO when it took its current epoch (KAFKA-7128). */
  leaderEpochStartOffset = 0;
  readonly remotes: Map<number, RemoteReplica> = new RemoteReplicas();
  readonly producers = new ProducerStateTable();
  /**
   * Told when a follower's state may have fallen behind the leader's LEO (a follower state created,
   * a follower's LEO changed): the leader's ISR expiry check looks only at such partitions.
   */
  followerStateChanged: ((p: Partition) => void) | null = null;
  private readonly remoteChanged = (): void => this.followerStateChanged?.(this);

  constructor(
    readonly brokerId: number,
    readonly log: PartitionLog,
  ) {
    this.producers.rebuild(log.batches());
  }

  get topic(): string {
    return this.log.topic;
  }

  get partition(): number {
    return this.log.partition;
  }

  get isLeader(): boolean {
    return this.role === "leader";
  }

  /** `maximalIsr()` and the ISR arrays it was computed from (they are replaced, never edited, on change). */
  private maximalCache: { isr: readonly number[]; proposed: readonly number[] | null; value: readonly number[] } | null = null;
  private remotesCache: { version: number; value: readonly RemoteReplica[] } | null = null;

  /**
   * Committed ISR ∪ in-flight proposal: expansions count at once, shrinks only once accepted (§1.2 item 2).
   * Shared until `isr` or `pendingIsr` is replaced: callers must not modify it.
   */
  maximalIsr(): readonly number[] {
    const proposed = this.pendingIsr?.proposedIsr ?? null;
    const cached = this.maximalCache;
    if (cached !== null && cached.isr === this.isr && cached.proposed === proposed) return cached.value;
    const set = new Set([...this.isr, ...(proposed ?? [])]);
    const value = Object.freeze([...set].sort((a, b) => a - b));
    this.maximalCache = { isr: this.isr, proposed, value };
    return value;
  }

  /** Forget what we knew about followers (new leader epoch; §1.3 "third expansion rule"). */
  resetRemotes(nowUs: Micros): void {
    this.remotes.clear();
    for (const id of this.replicas) {
      if (id === this.brokerId) continue;
      this.remotes.set(id, new RemoteReplica(id, this.isr.includes(id) ? nowUs : 0, this.remoteChanged));
    }
    this.remoteChanged();
  }

  /** Make sure every assigned follower has a remote state (after a reassignment). */
  ensureRemotes(nowUs: Micros): void {
    for (const id of this.replicas) {
      if (id === this.brokerId || this.remotes.has(id)) continue;
      this.remotes.set(id, new RemoteReplica(id, this.isr.includes(id) ? nowUs : 0, this.remoteChanged));
      this.remoteChanged();
    }
  }

  /** Remote states sorted by broker id (shared until a remote is added or removed). */
  sortedRemotes(): readonly RemoteReplica[] {
    const version = (this.remotes as RemoteReplicas).version;
    if (this.remotesCache !== null && this.remotesCache.version === version) return this.remotesCache.value;
    const value = Object.freeze([...this.remotes.values()].sort((a, b) => a.brokerId - b.brokerId));
    this.remotesCache = { version, value };
    return value;
  }

  snapshot(): ReplicaSnapshot {
    return {
      broker: this.brokerId,
      topic: this.topic,
      partition: this.partition,
      role: this.role,
      leaderEpoch: this.leaderEpoch,
      highWatermark: this.log.highWatermark,
      logEndOffset: this.log.logEndOffset,
      logStartOffset: this.log.logStartOffset,
    };
  }
}
