/**
 * The ZooKeeper-mode controller's leader election and ISR rules (docs/kafka-rules.md §1.3, §1.6):
 * - offline partition: the first replica in assignment order that is alive and in the ISR; else,
 *   with unclean election enabled, the first live replica (ISR = {it}); else no leader;
 * - a dead broker is removed from every ISR, but an ISR is never emptied (the last member stays,
 *   with leader -1);
 * - controlled shutdown: the first live ISR replica in assignment order that is not shutting down;
 * - every leader or ISR change made by the controller bumps the leader epoch (ZooKeeper mode).
 */
import { NO_LEADER } from "../../metadata/partition-state.js";
import type { ZkElection } from "../../explain/partition-changes.js";

export interface LeaderAndIsr {
  leader: number;
  isr: number[];
}

export interface ElectionOutcome extends LeaderAndIsr {
  unclean: boolean;
  /** Which rule decided, for the explanation of the trace records. */
  cause: ZkElection;
}

/** OfflinePartitionLeaderElection. `live` = registered brokers (not shutting down is not required). */
export function electOfflineLeader(
  replicas: readonly number[],
  isr: readonly number[],
  live: ReadonlySet<number>,
  uncleanAllowed: boolean,
): ElectionOutcome | null {
  const liveIsr = isr.filter((b) => live.has(b));
  const clean = replicas.find((b) => live.has(b) && isr.includes(b));
  if (clean !== undefined) {
    return {
      leader: clean,
      isr: liveIsr,
      unclean: false,
      cause: { kind: "zk-clean", leader: clean, replicas, isr },
    };
  }
  if (!uncleanAllowed) return null;
  const any = replicas.find((b) => live.has(b));
  if (any === undefined) return null;
  return {
    leader: any,
    isr: [any],
    unclean: true,
    cause: { kind: "zk-unclean", leader: any, isr },
  };
}

/** Remove dead brokers from an ISR one at a time, never removing the last member (ReplicaStateMachine). */
function shrinkIsr(isr: readonly number[], dead: ReadonlySet<number>): number[] {
  let result = [...isr];
  for (const member of isr) {
    if (!dead.has(member) || result.length <= 1) continue;
    result = result.filter((b) => b !== member);
  }
  return result;
}

/**
 * The new leader and ISR of a partition after brokers died (onBrokerFailure), or null when nothing
 * changes. A dead leader triggers an election; dead followers leave the ISR.
 */
export function afterBrokerFailure(
  replicas: readonly number[],
  current: LeaderAndIsr,
  dead: ReadonlySet<number>,
  live: ReadonlySet<number>,
  uncleanAllowed: boolean,
): ElectionOutcome | null {
  const leaderDead = current.leader !== NO_LEADER && dead.has(current.leader);
  const isrTouched = current.isr.some((b) => dead.has(b));
  if (!leaderDead && !isrTouched) return null;
  if (!leaderDead) {
    const isr = shrinkIsr(current.isr, dead);
    return {
      leader: current.leader,
      isr,
      unclean: false,
      cause: { kind: "zk-dead-followers", dead: [...dead].sort((a, b) => a - b) },
    };
  }
  const elected = electOfflineLeader(replicas, current.isr, live, uncleanAllowed);
  if (elected) return elected;
  return {
    leader: NO_LEADER,
    isr: shrinkIsr(current.isr, dead),
    unclean: false,
    cause: { kind: "zk-offline", previousLeader: current.leader, isr: current.isr },
  };
}

/** ControlledShutdownLeaderElection: move leadership off a broker that is shutting down. */
export function electForControlledShutdown(
  replicas: readonly number[],
  isr: readonly number[],
  live: ReadonlySet<number>,
  shuttingDown: ReadonlySet<number>,
): LeaderAndIsr | null {
  const leader = replicas.find((b) => live.has(b) && isr.includes(b) && !shuttingDown.has(b));
  if (leader === undefined) return null;
  return { leader, isr: isr.filter((b) => !shuttingDown.has(b)) };
}
