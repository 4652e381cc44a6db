/**
 * Partition leadership and ISR/ELR changes decided by the controller, as pure functions
 * (docs/kafka-rules.md §1.3 controller-side ISR rules, §1.6 KRaft election order, §3.3 ELR).
 *
 * `changePartition(current, request, rules)` takes the current state and a target ISR and returns
 * the new state (or null when nothing changes) with a plain-words explanation. The order is
 * Kafka's PartitionChangeBuilder: compute the ELR, elect, then fix the ISR and last known leader.
 */
import { NO_LEADER, type PartitionState } from "../metadata/partition-state.js";
import type { KraftElection } from "../explain/partition-changes.js";

/** Which election path produced the leader. */
export type ElectionKind = "kept" | "isr" | "elr" | "last-known-leader" | "unclean" | "none";

/** The rules the controller applies to one partition. */
export interface ElectionRules {
  /** Broker is unfenced and not in controlled shutdown (and not the broker being removed). */
  isAcceptable(brokerId: number): boolean;
  /** Effective min ISR: min(min.insync.replicas, replication factor). */
  minIsr: number;
  /** KIP-966 eligible leader replicas. */
  elrEnabled: boolean;
  /** unclean.leader.election.enable for the topic (topic config over broker config). */
  uncleanEnabled: boolean;
}

export interface ChangeRequest {
  /** The ISR the change asks for (before election adjustments). */
  targetIsr: readonly number[];
  /** Brokers that restarted after an unclean shutdown: never kept in the ELR (KIP-966). */
  uncleanShutdown?: readonly number[];
  /** Leader recovery finished (AlterPartition from a RECOVERING leader). */
  recovered?: boolean;
}

export interface PartitionChange {
  state: PartitionState;
  election: ElectionKind;
  leaderChanged: boolean;
  unclean: boolean;
  /** The election rule that fired, for the explanation of the trace records. */
  cause: KraftElection;
}

const without = (list: readonly number[], drop: readonly number[]): number[] => list.filter((r) => !drop.includes(r));
const sameList = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Replicas of `pool` kept in assignment order (ELR lists are stored that way for stable output). */
function inAssignmentOrder(replicas: readonly number[], pool: ReadonlySet<number>): number[] {
  const ordered = replicas.filter((r) => pool.has(r));
  for (const r of [...pool].sort((a, b) => a - b)) if (!ordered.includes(r)) ordered.push(r);
  return ordered;
}

interface Election {
  leader: number;
  kind: ElectionKind;
  unclean: boolean;
}

function elect(current: PartitionState, isr: readonly number[], elr: readonly number[], rules: ElectionRules): Election {
  const valid = (r: number): boolean => (isr.includes(r) || (isr.length === 0 && elr.includes(r))) && rules.isAcceptable(r);
  if (current.leader !== NO_LEADER && valid(current.leader)) {
    return { leader: current.leader, kind: "kept", unclean: false };
  }
  for (const r of current.replicas) {
    if (!valid(r)) continue;
    if (isr.includes(r)) return { leader: r, kind: "isr", unclean: false };
    return { leader: r, kind: "elr", unclean: false };
  }
  const lastKnown = current.lastKnownElr;
  if (rules.elrEnabled && isr.length === 0 && elr.length === 0 && lastKnown.length === 1 && rules.isAcceptable(lastKnown[0]!)) {
    return { leader: lastKnown[0]!, kind: "last-known-leader", unclean: true };
  }
  if (rules.uncleanEnabled) {
    const any = current.replicas.find((r) => rules.isAcceptable(r));
    if (any !== undefined) return { leader: any, kind: "unclean", unclean: true };
  }
  return { leader: NO_LEADER, kind: "none", unclean: false };
}

/**
 * Apply a target ISR and run the KRaft election. Returns null when the resulting state equals the
 * current one. Leader epoch +1 on every leader change; partition epoch +1 on every change.
 */
export function changePartition(current: PartitionState, request: ChangeRequest, rules: ElectionRules): PartitionChange | null {
  let isr = [...request.targetIsr];
  let elr = [...current.elr];
  const unclean = request.uncleanShutdown ?? [];
  // 1. ELR (KIP-966): members dropped while ISR < min ISR stay eligible; cleared once ISR ≥ min ISR.
  if (rules.elrEnabled) {
    if (isr.length >= rules.minIsr) elr = [];
    else {
      const pool = new Set([...elr, ...current.isr].filter((r) => !isr.includes(r) && !unclean.includes(r)));
      elr = inAssignmentOrder(current.replicas, pool);
    }
  } else elr = [];
  // 2. Election.
  const election = elect(current, isr, elr, rules);
  const leaderChanged = election.leader !== current.leader;
  let recovery = current.leaderRecoveryState;
  if (leaderChanged && elr.includes(election.leader)) {
    isr = [election.leader];
    elr = elr.filter((r) => r !== election.leader);
  }
  if (leaderChanged && election.unclean) {
    isr = [election.leader];
    elr = [];
    recovery = "RECOVERING";
  }
  if (request.recovered && !leaderChanged) recovery = "RECOVERED";
  // 3. Without ELR the ISR is never emptied: its last member stays (leader = NO_LEADER).
  if (isr.length === 0 && !rules.elrEnabled) isr = [...current.isr];
  // 4. Last known leader (KIP-966 balanced recovery): remembered when the ISR first becomes empty.
  let lastKnownElr = [...current.lastKnownElr];
  if (!rules.elrEnabled || (leaderChanged && election.unclean && election.kind === "unclean")) lastKnownElr = [];
  else if (isr.length === 0 && current.isr.length > 0 && current.leader !== NO_LEADER) lastKnownElr = [current.leader];
  else if (election.leader !== NO_LEADER) lastKnownElr = [];
  const next: PartitionState = {
    topic: current.topic,
    partition: current.partition,
    replicas: [...current.replicas],
    isr,
    elr,
    lastKnownElr,
    leader: election.leader,
    leaderEpoch: leaderChanged ? current.leaderEpoch + 1 : current.leaderEpoch,
    partitionEpoch: current.partitionEpoch + 1,
    leaderRecoveryState: recovery,
  };
  const unchanged =
    !leaderChanged &&
    sameList(next.isr, current.isr) &&
    sameList(next.elr, current.elr) &&
    sameList(next.lastKnownElr, current.lastKnownElr) &&
    next.leaderRecoveryState === current.leaderRecoveryState;
  if (unchanged) return null;
  return {
    state: next,
    election: election.kind,
    leaderChanged,
    unclean: leaderChanged && election.unclean,
    cause: { kind: election.kind, leader: election.leader, uncleanEnabled: rules.uncleanEnabled },
  };
}

/** The initial state of a new partition: every replica in the ISR, the first live one leads. */
export function initialPartitionState(topic: string, partition: number, replicas: readonly number[], isAcceptable: (id: number) => boolean): PartitionState {
  const leader = replicas.find(isAcceptable) ?? NO_LEADER;
  return {
    topic,
    partition,
    replicas: [...replicas],
    isr: [...replicas],
    elr: [],
    lastKnownElr: [],
    leader,
    leaderEpoch: 0,
    partitionEpoch: 0,
    leaderRecoveryState: "RECOVERED",
  };
}

/** Effective min ISR: Kafka caps min.insync.replicas at the replication factor. */
export const effectiveMinIsr = (minInsyncReplicas: number, replicationFactor: number): number => Math.max(1, Math.min(minInsyncReplicas, replicationFactor));

/** Describe an ISR/ELR delta for a trace: which brokers were added and removed. */
export function listDelta(before: readonly number[], after: readonly number[]): { added: number[]; removed: number[] } {
  return { added: without(after, before), removed: without(before, after) };
}
