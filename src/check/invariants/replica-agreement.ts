/**
 * `committed-prefix-agreement` and `follower-prefix` (docs/anomalies.md, cluster invariants), checked
 * incrementally: for each (partition, replica) pair the prefix already verified is remembered and
 * only new offsets are compared; a truncation, a leader change or a loss of unsynced data moves
 * the mark back.
 *
 * Two exemptions, both for what Kafka itself does after a power loss (docs/decisions.md):
 * - a replica that lost unsynced data is not judged as an ISR member until it rejoins the ISR;
 * - a *shared leader epoch*: in ZooKeeper mode a leader that lost its unsynced tail can lead the
 *   same leader epoch again (a controller failover that finds it already re-registered keeps it as
 *   leader: KafkaController.onControllerFailover, PartitionStateMachine.initializePartitionState;
 *   Partition.makeLeader adds no epoch-cache entry for an epoch it already holds). Its new records
 *   in that epoch, from its recovered log end offset up, form a second lineage that epoch-based
 *   truncation cannot tell apart from the first (LeaderEpochFileCache has one end offset per
 *   epoch). Two records at such an offset that both carry that epoch may differ; anything else
 *   must still agree.
 */
import type { PartitionState } from "../../kafka/metadata/partition-state.js";
import { batchEnd, tpName } from "../../kafka/protocol/records.js";
import { LogCursor } from "./log-compare.js";
import { PartitionTable } from "./partition-table.js";
import type { ViolationTally } from "./tally.js";
import type { ClusterProbe, ReplicaLogView } from "./types.js";

/** What the check knows of one partition. */
interface PartitionAgreement {
  readonly tp: string;
  /** The controller's committed state, undefined until the first commit. */
  state: PartitionState | undefined;
  /** ISR ∪ ELR member → the offset its log is verified up to against the leader's (committed prefix). */
  readonly verifiedCommitted: Map<number, number>;
  /** Follower → the offset its log is verified up to against the leader's (follower prefix). */
  readonly verifiedFollower: Map<number, number>;
  /** Brokers whose disk lost data (power loss, disk loss) and have not rejoined the ISR since. */
  lossy: Set<number> | undefined;
  /** Leader epochs led again after a loss of data: epoch → lowest offset of the second lineage. */
  sharedEpochs: Map<number, number> | undefined;
  /** Where the last comparison stopped in the leader's batches, and in each member's (by broker id): where the next one starts looking. */
  leaderHint: number;
  readonly memberHint: number[];
}

export class ReplicaAgreement {
  private readonly partitions = new PartitionTable<PartitionAgreement>((topic, partition) => ({
    tp: tpName(topic, partition),
    state: undefined,
    verifiedCommitted: new Map(),
    verifiedFollower: new Map(),
    lossy: undefined,
    sharedEpochs: undefined,
    leaderHint: -1,
    memberHint: [],
  }));
  private readonly lossyBrokers = new Set<number>();

  constructor(
    private readonly probe: ClusterProbe,
    private readonly tally: ViolationTally,
  ) {}

  stateOf(topic: string, partition: number): PartitionState | undefined {
    return this.partitions.find(topic, partition)?.state;
  }

  partitionCommitted(state: PartitionState): void {
    const p = this.partitions.get(state.topic, state.partition);
    const previous = p.state;
    p.state = state;
    if (!previous) {
      const lossy = state.replicas.filter((b) => this.lossyBrokers.has(b));
      if (lossy.length > 0) p.lossy = new Set(lossy);
    }
    const lossy = p.lossy;
    if (lossy && previous) for (const broker of state.isr) if (!previous.isr.includes(broker)) lossy.delete(broker);
    if (!previous || previous.leaderEpoch !== state.leaderEpoch) resetPartition(p);
  }

  /**
   * A broker lost unsynced data: it is exempt from agreement as an ISR member until it rejoins the
   * ISR, and what was verified against its old log is verified again.
   */
  dataLost(broker: number): void {
    this.lossyBrokers.add(broker);
    for (const p of this.partitions.values()) {
      if (!p.state?.replicas.includes(broker)) continue;
      (p.lossy ??= new Set()).add(broker);
      resetPartition(p);
    }
  }

  /**
   * A broker that lost unsynced data leads `leaderEpoch` again, an epoch it led before the loss,
   * starting at its recovered log end offset `fromOffset`: records of that epoch at or above it may
   * differ between replicas.
   */
  epochSharedAfterLoss(topic: string, partition: number, leaderEpoch: number, fromOffset: number): void {
    const p = this.partitions.get(topic, partition);
    const epochs = (p.sharedEpochs ??= new Map());
    epochs.set(leaderEpoch, Math.min(epochs.get(leaderEpoch) ?? fromOffset, fromOffset));
    resetPartition(p);
  }

  /** Both records carry one leader epoch that two lineages share at this offset (see the file comment). */
  private sharedLineages(p: PartitionAgreement, offset: number, epochA: number, epochB: number): boolean {
    if (epochA !== epochB) return false;
    const from = p.sharedEpochs?.get(epochA);
    return from !== undefined && offset >= from;
  }

  truncated(broker: number, topic: string, partition: number, offset: number): void {
    const p = this.partitions.find(topic, partition);
    if (p === undefined) return;
    for (const verified of [p.verifiedCommitted, p.verifiedFollower]) {
      const mark = verified.get(broker);
      if (mark !== undefined && mark > offset) verified.set(broker, offset);
    }
  }

  /** The leader's HW advanced (or the ISR changed): every ISR ∪ ELR member must hold the same records below it. */
  checkCommittedPrefix(topic: string, partition: number): void {
    const p = this.partitions.find(topic, partition);
    const state = p?.state;
    if (!p || !state || state.leader < 0) return;
    const leaderLog = this.probe.replicaLog(state.leader, topic, partition);
    if (!leaderLog) return;
    // ISR members, then ELR members (an ELR member is never in the ISR).
    this.checkMembers(p, state.isr, leaderLog, state);
    this.checkMembers(p, state.elr, leaderLog, state);
  }

  private checkMembers(p: PartitionAgreement, members: readonly number[], leaderLog: ReplicaLogView, state: PartitionState): void {
    for (const member of members) {
      if (member === state.leader || p.lossy?.has(member)) continue;
      const memberLog = this.probe.replicaLog(member, state.topic, state.partition);
      if (!memberLog) continue;
      this.compare(p, "c", member, leaderLog, memberLog, leaderLog.highWatermark, true, state);
    }
  }

  /** A follower appended fetched data: its log must be a prefix of its leader's up to min(leader HW, follower HW). */
  checkFollowerPrefix(follower: number, topic: string, partition: number): void {
    const p = this.partitions.find(topic, partition);
    const state = p?.state;
    if (!p || !state || state.leader < 0 || state.leader === follower) return;
    const leaderLog = this.probe.replicaLog(state.leader, topic, partition);
    const followerLog = this.probe.replicaLog(follower, topic, partition);
    if (!leaderLog || !followerLog) return;
    const bound = Math.min(leaderLog.highWatermark, followerLog.highWatermark);
    this.compare(p, "f", follower, leaderLog, followerLog, bound, false, state);
  }

  /**
   * Compares `other` with the leader over [verified mark, bound). Each log is walked once with a
   * cursor; a batch both logs hold as the same object (a follower appends the batches its leader
   * sent) is equal record for record and is passed in one step.
   */
  private compare(
    p: PartitionAgreement,
    kind: "c" | "f",
    member: number,
    leader: ReplicaLogView,
    other: ReplicaLogView,
    bound: number,
    requirePresence: boolean,
    state: PartitionState,
  ): void {
    const tp = p.tp;
    const verified = kind === "c" ? p.verifiedCommitted : p.verifiedFollower;
    let offset = Math.max(verified.get(member) ?? 0, leader.logStartOffset, other.logStartOffset);
    if (offset >= bound) return;
    const leaderAt = new LogCursor(leader.batches, p.leaderHint);
    const otherAt = new LogCursor(other.batches, p.memberHint[member] ?? -1);
    let verifiedTo = -1;
    while (offset < bound) {
      // Offsets the leader does not hold are not judged (and do not move the mark).
      offset = leaderAt.nextHeld(offset);
      if (offset < 0 || offset >= bound) break;
      const expected = leaderAt.batchAt(offset)!;
      const actual = otherAt.batchAt(offset);
      if (actual === null) {
        if (!requirePresence) break;
        this.tally.violate(
          "committed-prefix-agreement",
          `${tp}: offset ${offset} is below the HW ${leader.highWatermark} of leader broker-${state.leader} (epoch ${state.leaderEpoch}) but ISR member broker-${member} does not hold it (its LEO is ${other.logEndOffset}); ISR {${state.isr.join(",")}}`,
        );
        verified.set(member, bound);
        remember(p, member, leaderAt, otherAt);
        return;
      }
      if (actual === expected) {
        offset = Math.min(batchEnd(expected), bound);
        verifiedTo = offset;
        continue;
      }
      const expectedValue = expected.records[offset - expected.baseOffset]!.value;
      const actualValue = actual.records[offset - actual.baseOffset]!.value;
      if (expectedValue !== actualValue && !this.sharedLineages(p, offset, expected.partitionLeaderEpoch, actual.partitionLeaderEpoch)) {
        const name = kind === "c" ? "committed-prefix-agreement" : "follower-prefix";
        this.tally.violate(
          name,
          `${tp}: offset ${offset} holds ${expectedValue} (epoch ${expected.partitionLeaderEpoch}) on leader broker-${state.leader} but ${actualValue} (epoch ${actual.partitionLeaderEpoch}) on broker-${member}, below HW ${bound}`,
        );
        verified.set(member, bound);
        remember(p, member, leaderAt, otherAt);
        return;
      }
      offset++;
      verifiedTo = offset;
    }
    if (verifiedTo >= 0) verified.set(member, verifiedTo);
    remember(p, member, leaderAt, otherAt);
  }
}

/** Where the cursors stopped: the next comparison of this partition starts looking there. */
function remember(p: PartitionAgreement, member: number, leaderAt: LogCursor, otherAt: LogCursor): void {
  p.leaderHint = leaderAt.position;
  p.memberHint[member] = otherAt.position;
}

/** Forget what was verified of a partition: it is verified again from its log start. */
function resetPartition(p: PartitionAgreement): void {
  p.verifiedCommitted.clear();
  p.verifiedFollower.clear();
}
