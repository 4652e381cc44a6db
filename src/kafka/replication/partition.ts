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

/** The follower states of a replica that never led (shared, never written). */
const NO_REMOTES: ReadonlyMap<number, RemoteReplica> = new Map();

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
  /** The leader's follower states, created with the first one (a follower replica never has any). */
  private remoteMap: RemoteReplicas | null = null;
  readonly producers = new ProducerStateTable();
  /**
   * Told when a follower's state may have fallen behind the leader's LEO (a follower state created,
   * a follower's LEO changed): the leader's ISR expiry check looks only at such partitions.
   */
  followerStateChanged: ((p: Partition) => void) | null = null;
  /** What each follower state calls when its LEO changes (made with the first follower state). */
  private remoteChangedHook: (() => void) | null = null;

  constructor(
    readonly brokerId: number,
    readonly log: PartitionLog,
  ) {
    const batches = log.batches();
    if (batches.length > 0) this.producers.rebuild(batches);
  }

  /** The leader's view of each follower, by broker id (read-only: changed by resetRemotes, ensureRemotes, clearRemotes). */
  get remotes(): ReadonlyMap<number, RemoteReplica> {
    return this.remoteMap ?? NO_REMOTES;
  }

  /** Forget every follower state (this replica no longer leads). */
  clearRemotes(): void {
    this.remoteMap?.clear();
  }

  private remoteChanged(): void {
    this.followerStateChanged?.(this);
  }

  private newRemote(id: number, nowUs: Micros): RemoteReplica {
    const hook = (this.remoteChangedHook ??= () => this.remoteChanged());
    return new RemoteReplica(id, this.isr.includes(id) ? nowUs : 0, hook);
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
    this.remoteMap?.clear();
    for (const id of this.replicas) {
      if (id === this.brokerId) continue;
      (this.remoteMap ??= new RemoteReplicas()).set(id, this.newRemote(id, nowUs));
    }
    this.remoteChanged();
  }

  /** Make sure every assigned follower has a remote state (after a reassignment). */
  ensureRemotes(nowUs: Micros): void {
    for (const id of this.replicas) {
      if (id === this.brokerId || this.remotes.has(id)) continue;
      (this.remoteMap ??= new RemoteReplicas()).set(id, this.newRemote(id, nowUs));
      this.remoteChanged();
    }
  }

  /** Remote states sorted by broker id (shared until a remote is added or removed). */
  sortedRemotes(): readonly RemoteReplica[] {
    const version = this.remoteMap?.version ?? -1;
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
