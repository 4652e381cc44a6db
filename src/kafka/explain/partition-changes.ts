/**
 * Why a partition's leader, ISR or ELR changed, as the controller decided it: KRaft's election
 * (PartitionChangeBuilder, KIP-966) and the ZooKeeper-mode controller's (PartitionLeaderElectionAlgorithms,
 * ReplicaStateMachine). The same record types (`leader-change`, `unclean-election`, `isr-change`,
 * `elr-change`) come from both modes; the `why` says which rule fired.
 */
import type { Entries, Fields } from "./explain.js";

/** A KRaft election's outcome (controller/partition-change.ts): which rule chose the leader. */
export interface KraftElection {
  readonly kind: "kept" | "isr" | "elr" | "last-known-leader" | "unclean" | "none";
  readonly leader: number;
  /** unclean.leader.election.enable (or the mutant that forces it), for the leaderless case. */
  readonly uncleanEnabled: boolean;
}

/** A ZooKeeper-mode controller's decision for one partition (controller/zookeeper/election.ts, controlled shutdown). */
export type ZkElection =
  | { readonly kind: "zk-clean"; readonly leader: number; readonly replicas: readonly number[]; readonly isr: readonly number[] }
  | { readonly kind: "zk-unclean"; readonly leader: number; readonly isr: readonly number[] }
  | { readonly kind: "zk-dead-followers"; readonly dead: readonly number[] }
  | { readonly kind: "zk-offline"; readonly previousLeader: number; readonly isr: readonly number[] }
  | { readonly kind: "zk-shutdown-leader"; readonly broker: number; readonly leader: number }
  | { readonly kind: "zk-shutdown-isr"; readonly broker: number }
  | { readonly kind: "zk-leader-shrank" | "zk-leader-expanded"; readonly leader: number }
  | { readonly kind: "zk-leader-wrote" };

/** Why a KRaft ISR changed (partition-updates.ts): the election's side effect, or the change asked for. */
export type KraftIsrChange = { readonly kind: "kraft-isr"; readonly reason: string; readonly unclean: boolean } | { readonly kind: "kraft-last-member" };

function kraftElection(e: KraftElection): string {
  switch (e.kind) {
    case "kept":
      return `broker-${e.leader} stays leader: it is still in the ISR and unfenced`;
    case "isr":
      return `broker-${e.leader} is the first replica in assignment order that is in the ISR and unfenced`;
    case "elr":
      return `the ISR is empty; broker-${e.leader} is an unfenced eligible leader replica (KIP-966), so it holds every committed record`;
    case "last-known-leader":
      return `ISR and ELR are empty; broker-${e.leader} was the last known leader and is back, so it is elected (KIP-966 balanced recovery)`;
    case "unclean":
      return `no ISR member is available and unclean.leader.election.enable=true: broker-${e.leader}, outside the ISR, becomes leader and may lack committed records`;
    case "none":
      return `the partition has no leader: ${e.uncleanEnabled ? "no replica is unfenced" : "no ISR (or ELR) member is unfenced and unclean.leader.election.enable=false"}`;
  }
}

function zkElection(e: ZkElection): string {
  switch (e.kind) {
    case "zk-clean":
      return `broker-${e.leader} is the first live replica in assignment order [${e.replicas.join(",")}] that is in the ISR [${e.isr.join(",")}]`;
    case "zk-unclean":
      return `no live replica is in the ISR [${e.isr.join(",")}] and unclean.leader.election.enable=true: broker-${e.leader}, the first live replica, leads although it may miss committed records`;
    case "zk-dead-followers":
      return `broker(s) ${e.dead.join(",")} lost their ZooKeeper session: removed from the ISR`;
    case "zk-offline":
      return `leader broker-${e.previousLeader} died and no live replica is in the ISR [${e.isr.join(",")}] (unclean.leader.election.enable=false): the partition is offline; the ISR keeps its last member`;
    case "zk-shutdown-leader":
      return `broker-${e.broker} is shutting down: leadership moves to broker-${e.leader}, the first live ISR replica in assignment order not shutting down`;
    case "zk-shutdown-isr":
      return `broker-${e.broker} is shutting down: removed from the ISR`;
    case "zk-leader-shrank":
      return `leader broker-${e.leader} shrank the ISR (replica.lag.time.max.ms)`;
    case "zk-leader-expanded":
      return `leader broker-${e.leader} added caught-up followers to the ISR`;
    case "zk-leader-wrote":
      return "before Kafka 2.7 the leader writes its ISR change straight to ZooKeeper (conditional on the znode version) and notifies the controller";
  }
}

const election = (why: KraftElection | ZkElection): string => ("uncleanEnabled" in why ? kraftElection(why) : zkElection(why));

export const partitionChangeRules = {
  "leader-change": (_f: Fields, why: KraftElection | ZkElection) => election(why),
  "unclean-election": (_f: Fields, why: KraftElection | ZkElection) => election(why),
  "isr-change": (f: Fields, why: KraftIsrChange | ZkElection) => {
    if (why.kind === "kraft-last-member")
      return `the ISR is never emptied without ELR: broker ${(f.isr as readonly number[])[0]} stays its last member and the partition is leaderless until it returns`;
    if (why.kind !== "kraft-isr") return zkElection(why);
    const removed = f.removed as readonly number[];
    return why.unclean
      ? "an unclean election sets the ISR to just the new leader"
      : removed.length > 0
        ? `${why.reason}: the controller removes broker ${removed.join(", ")} from the ISR`
        : `${why.reason}: the ISR grows`;
  },
  "elr-change": (f: Fields, why: { readonly isrSize: number; readonly leaderChanged: boolean; readonly reason: string }) => {
    const added = f.added as readonly number[];
    return added.length > 0
      ? `the ISR (${why.isrSize}) fell below min.insync.replicas: replicas ${added.join(", ")} leave it but stay eligible leaders (KIP-966 ELR), since the HW could not advance without them`
      : (f.elr as readonly number[]).length === 0 && why.isrSize > 0 && !why.leaderChanged
        ? "the ISR is back at min.insync.replicas: the ELR is cleared (KIP-966)"
        : `replicas ${(f.removed as readonly number[]).join(", ")} leave the ELR (${why.reason})`;
  },
} satisfies Entries;
