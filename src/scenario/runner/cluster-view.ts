/**
 * The runner's view of the cluster's authoritative committed metadata (KRaft metadata log or
 * ZooKeeper state, as reported through ClusterObserver.partitionCommitted), used to resolve fault
 * targets when they fire and to measure unavailability. Forwards every hook to the invariant
 * monitor.
 */
import type { InvariantMonitor } from "../../check/invariants/monitor.js";
import type { PartitionState } from "../../kafka/metadata/partition-state.js";
import type { ClusterObserver, RaftEntryView, RaftLogView, ReplicaSnapshot } from "../../kafka/observer.js";
import type { BrokerRegistrationChangeRecord, RegisterBrokerRecord } from "../../kafka/protocol/kraft.js";
import { tpName, type RecordBatch } from "../../kafka/protocol/records.js";
import { OutageLog } from "../../check/metrics/outages.js";
import { PartitionTable } from "../../check/invariants/partition-table.js";

/**
 * A change a fault's `after` may wait for (docs/scenario-format.md "Faults triggered by events"):
 * of a declared topic's committed partition state, of the active controller, or of a group's generation.
 */
export type MetadataEvent =
  | { readonly kind: "leader-change"; readonly partition: string; readonly from: number; readonly to: number }
  | { readonly kind: "isr-shrink" | "isr-expand"; readonly partition: string; readonly isr: readonly number[] }
  | { readonly kind: "controller-change"; readonly node: string; readonly epoch: number }
  | { readonly kind: "rebalance"; readonly group: string; readonly generation: number };

export class ClusterView implements ClusterObserver {
  readonly committed = new Map<string, PartitionState>();
  /** Active controller node and its epoch (KRaft Raft leader / ZooKeeper-mode controller broker). */
  activeController: { node: string; epoch: number } | null = null;
  /**
   * `downtime` per partition (docs/metrics.md): no leader, or its broker is not running, or (KRaft)
   * the running process is not registered or is fenced.
   */
  readonly downtime = new OutageLog();
  /**
   * `write-downtime` per partition: down, or (for a topic some acks=all producer writes to) the
   * committed ISR is smaller than the effective min.insync.replicas, so the leader answers
   * NOT_ENOUGH_REPLICAS (Partition.appendRecordsToLeader).
   */
  readonly writeDowntime = new OutageLog();
  /** Is this broker's process running (not crashed, powered off, paused or stopped)? Set by the runner. */
  brokerRunning: (broker: number) => boolean = () => true;
  /** The ISR size an acks=all write to this partition needs, or null when no acks=all producer writes to it. Set by the runner. */
  writeMinIsr: (state: PartitionState) => number | null = () => null;
  /** KRaft: each broker's committed registration (epoch of its RegisterBroker record, fenced?), with the record's offset. */
  private readonly registrations = new Map<number, { epoch: number; fenced: boolean; offset: number }>();
  /** KRaft: the broker epoch the running process of each broker registered with (-1: not yet registered). */
  private readonly processEpochs = new Map<number, number>();
  /** Committed (topic-partition → state) changes with an unclean election. */
  readonly uncleanElections: { atUs: number; partition: string; leader: number }[] = [];
  /** Partitions of which some replica truncated records away (the result keeps their series). */
  readonly truncatedPartitions = new Set<string>();
  /** Partitions whose replicas, log or committed state changed since the last `takeTouched()`; null = all of them. */
  private touched: Set<string> | null = null;
  /** Called with each metadata change when set (only runs with event-triggered faults set it). */
  onEvent: ((event: MetadataEvent) => void) | null = null;
  /** The highest active-controller epoch seen, and each group's highest generation (for onEvent). */
  private controllerEpoch: number | null = null;
  private readonly generations = new Map<string, number>();
  /** `topic-p` names built once per partition (the hooks below run after every append and HW change). */
  private readonly names = new PartitionTable<string>(tpName);

  constructor(
    private readonly monitor: InvariantMonitor,
    private readonly now: () => number,
  ) {}

  partition(name: string): PartitionState | undefined {
    return this.committed.get(name);
  }

  /** {@link partition} by topic and number (its `topic-p` name built once per partition). */
  partitionOf(topic: string, partition: number): PartitionState | undefined {
    return this.committed.get(this.names.get(topic, partition));
  }

  /**
   * The partitions touched since the previous call (null: every partition, e.g. at the start or
   * after a host changed), for the sampler to look at only those.
   */
  takeTouched(): ReadonlySet<string> | null {
    const touched = this.touched;
    this.touched = new Set();
    return touched;
  }

  replicaChanged(snapshot: ReplicaSnapshot): void {
    this.touched?.add(this.names.get(snapshot.topic, snapshot.partition));
    this.monitor.replicaChanged(snapshot);
  }

  appended(broker: number, topic: string, partition: number, batches: readonly RecordBatch[], asLeader: boolean): void {
    this.touched?.add(this.names.get(topic, partition));
    this.monitor.appended(broker, topic, partition, batches, asLeader);
  }

  truncated(broker: number, topic: string, partition: number, offset: number): void {
    this.truncatedPartitions.add(tpName(topic, partition));
    this.touched?.add(tpName(topic, partition));
    this.monitor.truncated(broker, topic, partition, offset);
  }

  partitionCommitted(state: PartitionState, context: { unclean: boolean; reason: string }): void {
    const name = tpName(state.topic, state.partition);
    const previous = this.committed.get(name);
    // A newly active KRaft controller replays its log and reports committed records again; an
    // older partition epoch than the one already seen is history, not the current state.
    if (previous && state.partitionEpoch <= previous.partitionEpoch && state.leaderEpoch <= previous.leaderEpoch) return;
    this.committed.set(name, state);
    this.touched?.add(name);
    if (context.unclean) this.uncleanElections.push({ atUs: this.now(), partition: name, leader: state.leader });
    this.updateAvailability(name);
    this.monitor.partitionCommitted(state);
    if (this.onEvent !== null && previous !== undefined && !state.topic.startsWith("__")) this.partitionEvents(name, previous, state, this.onEvent);
  }

  /** A new leader (not the partition's first), and members leaving or joining the ISR. */
  private partitionEvents(name: string, previous: PartitionState, state: PartitionState, emit: (event: MetadataEvent) => void): void {
    if (state.leader >= 0 && state.leader !== previous.leader) emit({ kind: "leader-change", partition: name, from: previous.leader, to: state.leader });
    if (previous.isr.some((replica) => !state.isr.includes(replica))) emit({ kind: "isr-shrink", partition: name, isr: state.isr });
    if (state.isr.some((replica) => !previous.isr.includes(replica))) emit({ kind: "isr-expand", partition: name, isr: state.isr });
  }

  brokerRegistrationCommitted(record: RegisterBrokerRecord | BrokerRegistrationChangeRecord, offset: number): void {
    const current = this.registrations.get(record.brokerId);
    // A newly active controller may report records again: only a later offset is news.
    if (current && offset <= current.offset) return;
    if (record.type === "RegisterBroker") {
      this.registrations.set(record.brokerId, { epoch: record.brokerEpoch, fenced: true, offset });
    } else if (current && current.epoch === record.brokerEpoch) {
      this.registrations.set(record.brokerId, { ...current, fenced: record.fenced ?? current.fenced, offset });
    } else return;
    this.brokerChanged(record.brokerId);
  }

  brokerRegistered(broker: number, brokerEpoch: number): void {
    this.processEpochs.set(broker, brokerEpoch);
    this.brokerChanged(broker);
  }

  controllerLeadership(node: string, epoch: number, active: boolean): void {
    if (active) {
      if (!this.activeController || epoch >= this.activeController.epoch) this.activeController = { node, epoch };
      if (this.controllerEpoch === null || epoch > this.controllerEpoch) {
        // The first active controller is the cluster starting, not a change.
        if (this.controllerEpoch !== null) this.onEvent?.({ kind: "controller-change", node, epoch });
        this.controllerEpoch = epoch;
      }
    } else if (this.activeController && this.activeController.node === node && this.activeController.epoch <= epoch) {
      this.activeController = null;
    }
    this.monitor.controllerLeadership(node, epoch, active);
  }

  raftCommitted(node: string, entries: readonly RaftEntryView[]): void {
    this.monitor.raftCommitted(node, entries);
  }

  raftLeaderElected(node: string, epoch: number, log: RaftLogView): void {
    this.monitor.raftLeaderElected(node, epoch, log);
  }

  groupAssignment(group: string, generation: number, assignment: Record<string, { topic: string; partition: number }[]>, protocol: string): void {
    this.monitor.groupAssignment(group, generation, assignment, protocol);
    if (generation > (this.generations.get(group) ?? -1)) {
      this.generations.set(group, generation);
      this.onEvent?.({ kind: "rebalance", group, generation });
    }
  }

  /** A host started, crashed, paused, ...: re-evaluate the availability of every partition. */
  hostChanged(): void {
    this.touched = null;
    for (const name of this.committed.keys()) this.updateAvailability(name);
  }

  /** Close every open outage (end of the run). */
  finish(): void {
    this.downtime.finish(this.now());
    this.writeDowntime.finish(this.now());
  }

  /** A broker's registration or process changed: re-evaluate the partitions it leads. */
  private brokerChanged(broker: number): void {
    for (const [name, state] of this.committed) if (state.leader === broker) this.updateAvailability(name);
  }

  /**
   * Is the running process of `broker` registered and unfenced? A restarted KRaft broker serves
   * nothing until its own registration is accepted (DUPLICATE_BROKER_REGISTRATION while its old
   * incarnation's session is valid) and it is unfenced: Kafka's BrokerServer opens its listeners
   * only after the first unfencing (BrokerLifecycleManager initialUnfenceFuture). Brokers that report
   * no registration (ZooKeeper mode) count as registered.
   */
  private brokerServing(broker: number): boolean {
    const processEpoch = this.processEpochs.get(broker);
    if (processEpoch !== undefined && processEpoch < 0) return false;
    const registration = this.registrations.get(broker);
    if (!registration) return true;
    if (registration.fenced) return false;
    return processEpoch === undefined || processEpoch === registration.epoch;
  }

  /**
   * A partition is up when it has a leader whose broker process is running, registered and
   * unfenced; it takes acks=all writes when it is up and its committed ISR has the effective
   * min.insync.replicas.
   */
  private updateAvailability(name: string): void {
    const state = this.committed.get(name)!;
    const now = this.now();
    const up = state.leader >= 0 && this.brokerRunning(state.leader) && this.brokerServing(state.leader);
    this.downtime.set(name, !up, now);
    const minIsr = up ? this.writeMinIsr(state) : null;
    this.writeDowntime.set(name, !up || (minIsr !== null && state.isr.length < minIsr), now);
  }
}
