/**
 * The live invariant monitor: a ClusterObserver that checks the cluster invariants of
 * docs/anomalies.md after the events that can break them, counting violations and describing the
 * first of each. Worded so that correct Kafka never violates them: the HW is monotonic per
 * (partition, leader epoch, leader incarnation), agreement is judged against the controller's
 * committed ISR ∪ ELR, replicas that lost unsynced data are exempt until they rejoin, and in
 * ZooKeeper mode a leader epoch led again by a leader that lost data may hold two lineages
 * (replica-agreement.ts, docs/decisions.md).
 */
import type { PartitionState } from "../../kafka/metadata/partition-state.js";
import type { ClusterObserver, RaftEntryView, RaftLogView, ReplicaSnapshot } from "../../kafka/observer.js";
import { tpName, type RecordBatch } from "../../kafka/protocol/records.js";
import { IdempotenceCheck } from "./idempotence.js";
import { OwnershipCheck } from "./ownership.js";
import { PartitionTable } from "./partition-table.js";
import { RaftLogCheck } from "./raft-log.js";
import { ReplicaAgreement } from "./replica-agreement.js";
import { ViolationTally } from "./tally.js";
import type { ClusterProbe, InvariantResult } from "./types.js";

/** What the monitor remembers of one partition. */
interface PartitionWatch {
  readonly tp: string;
  /** Leader epoch → the broker that led it. */
  readonly leaderOfEpoch: Map<number, number>;
  /** Leader broker → leader epoch → the highest HW it reported as leader in that epoch (this incarnation). */
  readonly leaderHw: Map<number, Map<number, number>>;
  /**
   * Followers (by broker id) that appended fetched data and whose HW update is still to come: a flag
   * per broker, set and cleared on every follower append (a Set shrinking to empty reallocates its
   * table each time).
   */
  readonly followerAppended: boolean[];
}

export class InvariantMonitor implements ClusterObserver {
  private readonly tally: ViolationTally;
  private readonly agreement: ReplicaAgreement;
  private readonly idempotence: IdempotenceCheck;
  private readonly ownership: OwnershipCheck;
  private readonly raftLog: RaftLogCheck;
  private readonly partitions = new PartitionTable<PartitionWatch>((topic, partition) => ({
    tp: tpName(topic, partition),
    leaderOfEpoch: new Map(),
    leaderHw: new Map(),
    followerAppended: [],
  }));
  private readonly controllerOfEpoch = new Map<string, string>();
  /** `broker|tp|epoch` for each leader epoch a broker led before it lost unsynced data. */
  private readonly ledBeforeLoss = new Set<string>();

  /**
   * `options.zookeeperMode`: the cluster's controller is ZooKeeper-mode KafkaController, which may
   * keep a leader that lost data in its leader epoch (a KRaft controller always bumps it, so there
   * the exemption does not apply and a reused epoch stays a violation).
   */
  constructor(
    probe: ClusterProbe,
    now: () => number,
    private readonly options: { zookeeperMode?: boolean } = {},
  ) {
    this.tally = new ViolationTally(now);
    this.agreement = new ReplicaAgreement(probe, this.tally);
    this.idempotence = new IdempotenceCheck(probe, this.tally);
    this.ownership = new OwnershipCheck(this.tally);
    this.raftLog = new RaftLogCheck(this.tally);
  }

  results(): InvariantResult[] {
    return this.tally.results();
  }

  /** A broker process started again: its leader HW may legitimately restart from a stale checkpoint. */
  brokerRestarted(broker: number): void {
    for (const watch of this.partitions.values()) watch.leaderHw.delete(broker);
    this.idempotence.forgetBroker(broker);
  }

  /** A broker lost unsynced data (power loss) or its whole disk. */
  brokerLostData(broker: number): void {
    this.agreement.dataLost(broker);
    if (this.options.zookeeperMode) {
      for (const watch of this.partitions.values()) {
        for (const [epoch, holder] of watch.leaderOfEpoch) if (holder === broker) this.ledBeforeLoss.add(`${broker}|${watch.tp}|${epoch}`);
      }
    }
    this.brokerRestarted(broker);
  }

  replicaChanged(s: ReplicaSnapshot): void {
    const watch = this.partitions.get(s.topic, s.partition);
    const tp = watch.tp;
    if (s.highWatermark > s.logEndOffset) {
      this.tally.violate("hw-le-leo", `${tp} on broker-${s.broker}: HW ${s.highWatermark} > LEO ${s.logEndOffset}`);
    }
    // A follower's HW moves right after its append: check again up to the new HW (once per fetch).
    if (s.role === "follower" && watch.followerAppended[s.broker] === true) {
      watch.followerAppended[s.broker] = false;
      this.agreement.checkFollowerPrefix(s.broker, s.topic, s.partition);
    }
    if (s.role !== "leader") return;
    // The first leader snapshot after the loss is taken by makeLeader, before any append: its LEO
    // is where the second lineage of this epoch starts.
    if (this.ledBeforeLoss.size > 0 && this.ledBeforeLoss.delete(`${s.broker}|${tp}|${s.leaderEpoch}`))
      this.agreement.epochSharedAfterLoss(s.topic, s.partition, s.leaderEpoch, s.logEndOffset);
    const holder = watch.leaderOfEpoch.get(s.leaderEpoch);
    if (holder === undefined) watch.leaderOfEpoch.set(s.leaderEpoch, s.broker);
    else if (holder !== s.broker) {
      this.tally.violate("single-leader-per-epoch", `${tp}: broker-${holder} and broker-${s.broker} both lead in leader epoch ${s.leaderEpoch}`);
    }
    let hwByEpoch = watch.leaderHw.get(s.broker);
    if (hwByEpoch === undefined) watch.leaderHw.set(s.broker, (hwByEpoch = new Map()));
    const previous = hwByEpoch.get(s.leaderEpoch);
    if (previous !== undefined && s.highWatermark < previous) {
      this.tally.violate(
        "leader-hw-monotonic",
        `${tp}: leader broker-${s.broker} moved its HW back from ${previous} to ${s.highWatermark} within leader epoch ${s.leaderEpoch}`,
      );
    }
    if (previous === undefined || s.highWatermark > previous) {
      hwByEpoch.set(s.leaderEpoch, s.highWatermark);
      this.agreement.checkCommittedPrefix(s.topic, s.partition);
    }
  }

  appended(broker: number, topic: string, partition: number, batches: readonly RecordBatch[], asLeader: boolean): void {
    this.idempotence.appended(broker, topic, partition, batches, asLeader);
    if (!asLeader) {
      this.agreement.checkFollowerPrefix(broker, topic, partition);
      this.partitions.get(topic, partition).followerAppended[broker] = true;
    }
  }

  truncated(broker: number, topic: string, partition: number, offset: number): void {
    this.agreement.truncated(broker, topic, partition, offset);
    this.idempotence.truncated(broker, topic, partition);
  }

  partitionCommitted(state: PartitionState): void {
    const tp = tpName(state.topic, state.partition);
    const notAssigned = [...state.isr, ...state.elr].filter((b) => !state.replicas.includes(b));
    if (notAssigned.length > 0)
      this.tally.violate("isr-valid", `${tp}: ISR/ELR members ${notAssigned.join(",")} are not assigned replicas {${state.replicas.join(",")}}`);
    if (state.leader >= 0 && !state.isr.includes(state.leader))
      this.tally.violate("isr-valid", `${tp}: leader broker-${state.leader} is not in the ISR {${state.isr.join(",")}}`);
    if (state.elr.some((b) => state.isr.includes(b)))
      this.tally.violate("isr-valid", `${tp}: ELR {${state.elr.join(",")}} overlaps the ISR {${state.isr.join(",")}}`);
    this.agreement.partitionCommitted(state);
    this.agreement.checkCommittedPrefix(state.topic, state.partition);
  }

  controllerLeadership(node: string, epoch: number, active: boolean): void {
    if (!active) return;
    const key = String(epoch);
    const holder = this.controllerOfEpoch.get(key);
    if (holder === undefined) this.controllerOfEpoch.set(key, node);
    else if (holder !== node) this.tally.violate("single-controller-per-epoch", `${holder} and ${node} were both active controllers in epoch ${epoch}`);
  }

  raftCommitted(node: string, entries: readonly RaftEntryView[]): void {
    this.raftLog.committedEntries(node, entries);
  }

  raftLeaderElected(node: string, epoch: number, log: RaftLogView): void {
    this.raftLog.leaderElected(node, epoch, log);
  }

  groupAssignment(group: string, generation: number, assignment: Record<string, { topic: string; partition: number }[]>, protocol: string): void {
    this.ownership.assignment(group, generation, assignment, protocol);
  }
}
