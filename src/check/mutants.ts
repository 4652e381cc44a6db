/**
 * The catalogue of deliberate protocol mutants (`cluster.bugs: [name, ...]`): bugs that can be
 * switched on in a scenario to prove that the checker catches them. Off unless named.
 */
import { MUTANT_NAMES as NAMES, type MutantName } from "../kafka/mutant-names.js";

export type { MutantName } from "../kafka/mutant-names.js";

export interface Mutant {
  name: MutantName;
  layer: "replication" | "controller" | "producer" | "consumer" | "group";
  /** What the bug does, in Kafka's terms. */
  description: string;
  /** Which check is expected to catch it. */
  caughtBy: string;
}

export const MUTANTS: readonly Mutant[] = [
  {
    name: "no-follower-truncation",
    layer: "replication",
    description:
      "followers never truncate a divergent suffix: they fetch without their last epoch (so the leader cannot report DivergingEpoch), ignore one if it comes, skip the pre-KIP-101 truncation to HW, and append the leader's records after their own suffix (KIP-101/KIP-320 broken)",
    caughtBy: "follower-prefix / committed-prefix-agreement",
  },
  {
    name: "hw-ignores-isr",
    layer: "replication",
    description: "the leader's HW follows its own LEO without waiting for the ISR (§1.2 broken)",
    caughtBy: "committed-prefix-agreement / lost-write",
  },
  {
    name: "consumer-reads-above-hw",
    layer: "replication",
    description:
      "the leader serves consumer fetches up to its LEO instead of its HW, so consumers see records that are not yet committed and that a leader change can truncate (§1.2 consumer visibility, KIP-101)",
    caughtBy: "lost-write / inconsistent-offsets",
  },
  {
    name: "local-isr-shrink",
    layer: "replication",
    description: "a leader applies its ISR shrink locally without waiting for the controller (KIP-497 broken)",
    caughtBy: "lost-write / committed-prefix-agreement",
  },
  {
    name: "no-idempotent-dedup",
    layer: "replication",
    description: "the broker's idempotent duplicate detection is disabled",
    caughtBy: "idempotent-append-once / duplicate",
  },
  {
    name: "acks-all-early-ack",
    layer: "replication",
    description: "acks=all is answered right after the leader's append, before the ISR has it",
    caughtBy: "lost-write",
  },
  {
    name: "unclean-election-always",
    layer: "controller",
    description: "the KRaft controller elects any live replica even when unclean.leader.election.enable=false",
    caughtBy: "lost-write",
  },
  {
    name: "no-alter-partition-epoch-check",
    layer: "controller",
    description:
      "the KRaft controller applies AlterPartition without KIP-497/KIP-841 fencing: no check that the sender still leads, of its leader and partition epochs, or of the eligibility of replicas it adds, so a deposed (zombie) leader's ISR change overwrites newer state",
    caughtBy: "lost-write / committed-prefix-agreement",
  },
  {
    name: "raft-vote-any-log",
    layer: "controller",
    description: "KRaft voters grant votes regardless of the candidate's log (Raft leader completeness broken)",
    caughtBy: "raft-leader-completeness / raft-log-matching",
  },
  {
    name: "no-controller-epoch-check",
    layer: "controller",
    description:
      "ZooKeeper mode (KAFKA-6082 broken): controller writes lose their check of /controller_epoch's version, and brokers accept LeaderAndIsr, UpdateMetadata and StopReplica from stale controller epochs, so a deposed (zombie) controller's queued events still change partition state",
    caughtBy: "committed-prefix-agreement",
  },
  {
    name: "zk-unclean-election-always",
    layer: "controller",
    description: "the ZooKeeper-mode controller elects any live replica even when unclean election is disabled",
    caughtBy: "lost-write",
  },
  {
    name: "producer-resequence-on-retry",
    layer: "producer",
    description:
      "a retried idempotent batch is stamped with fresh sequence numbers at the end of the producer's sequence, as if it were new records, so the broker appends a batch it already had again; a gap this leaves (the original never arrived) is repaired by an epoch bump",
    caughtBy: "duplicate / nonmonotonic-send",
  },
  {
    name: "consumer-commit-before-return",
    layer: "consumer",
    description: "the consumer commits the positions after fetched records before they are processed, even with commit: after-processing",
    caughtBy: "lost-processing",
  },
  {
    name: "coordinator-forgets-generations",
    layer: "group",
    description: "the group coordinator accepts offset commits from any generation (a zombie consumer's commit)",
    caughtBy: "stale-commit / duplicate-processing",
  },
];

/** Every mutant the model knows, in the catalogue's order (test/check/mutants.test.ts: the catalogue covers them all). */
export const MUTANT_NAMES: readonly MutantName[] = NAMES;
