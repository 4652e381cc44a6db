/**
 * The runner's view of the cluster's authoritative committed metadata (KRaft metadata log or
 * ZooKeeper state, as reported through ClusterObserver.partitionCommitted), used to resolve fault
 * targets when they fire and to measure unavailability. Forwards every hook to the invariant
 * monitor.
 */
import type { InvariantMonitor } from "../../check/invariants/monitor.js";
import type { PartitionState } from "../../kafka/metadata/partition-state.js";
import type { ClusterObserver, ReplicaSnapshot } from "../../kafka/observer.js";
import { tpName, type RecordBatch } from "../../kafka/protocol/records.js";

export class ClusterView implements ClusterObserver {
  readonly committed = new Map<string, PartitionState>();
  /** Active controller node and its epoch (KRaft Raft leader / ZooKeeper-mode controller broker). */
  activeController: { node: string; epoch: number } | null = null;
  private readonly leaderlessSince = new Map<string, number>();
  readonly unavailableUs = new Map<string, number>();
  /** Committed (topic-partition → state) changes with an unclean election. */
  readonly uncleanElections: { atUs: number; partition: string; leader: number }[] = [];

  constructor(
    private readonly monitor: InvariantMonitor,
    private readonly now: () => number,
  ) {}

  partition(name: string): PartitionState | undefined {
    return this.committed.get(name);
  }

  replicaChanged(snapshot: ReplicaSnapshot): void {
    this.monitor.replicaChanged(snapshot);
  }

  appended(broker: number, topic: string, partition: number, batches: readonly RecordBatch[], asLeader: boolean): void {
    this.monitor.appended(broker, topic, partition, batches, asLeader);
  }

  truncated(broker: number, topic: string, partition: number, offset: number): void {
    this.monitor.truncated(broker, topic, partition, offset);
  }

  partitionCommitted(state: PartitionState, context: { unclean: boolean; reason: string }): void {
    const name = tpName(state.topic, state.partition);
    const previous = this.committed.get(name);
    this.committed.set(name, state);
    if (context.unclean) this.uncleanElections.push({ atUs: this.now(), partition: name, leader: state.leader });
    if (state.leader < 0 && (!previous || previous.leader >= 0)) this.leaderlessSince.set(name, this.now());
    if (state.leader >= 0) this.closeOutage(name);
    this.monitor.partitionCommitted(state);
  }

  controllerLeadership(node: string, epoch: number, active: boolean): void {
    if (active) {
      if (!this.activeController || epoch >= this.activeController.epoch) this.activeController = { node, epoch };
    } else if (this.activeController && this.activeController.node === node && this.activeController.epoch <= epoch) {
      this.activeController = null;
    }
    this.monitor.controllerLeadership(node, epoch, active);
  }

  groupAssignment(group: string, generation: number, assignment: Record<string, { topic: string; partition: number }[]>, protocol: string): void {
    this.monitor.groupAssignment(group, generation, assignment, protocol);
  }

  /** Close every open leaderless period (end of the run). */
  finish(): void {
    for (const name of [...this.leaderlessSince.keys()]) this.closeOutage(name);
  }

  private closeOutage(name: string): void {
    const since = this.leaderlessSince.get(name);
    if (since === undefined) return;
    this.leaderlessSince.delete(name);
    this.unavailableUs.set(name, (this.unavailableUs.get(name) ?? 0) + (this.now() - since));
  }
}
