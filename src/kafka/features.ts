/**
 * What the cluster is: controller mode, nodes, the protocol feature set (a version preset or
 * toggles, docs/scenario-format.md "Versions") and deliberate protocol mutants (`cluster.bugs`).
 */
import type { MutantName } from "./mutant-names.js";

export interface ProtocolFeatures {
  /** Preset name for reports ("modern", "kafka-0.10", "kafka-3.6", ...). */
  preset: string;
  /** KIP-101/279/320: truncate by leader epoch. false = followers truncate to their own HW (pre-0.11). */
  leaderEpochs: boolean;
  /**
   * KIP-279 (2.0): the leader's answer to the follower's epoch carries the epoch too, and the
   * follower truncates to the end of the epoch both know, repeating until they agree. false (0.11–1.1):
   * the leader answers an end offset only, which the follower applies once per leader epoch.
   */
  epochCheckedTruncation: boolean;
  /** Kafka 3.7+ (KAFKA-15583): the HW does not advance while ISR < min ISR. */
  strictMinIsr: boolean;
  /** KIP-966 eligible leader replicas (KRaft only). */
  eligibleLeaderReplicas: boolean;
  /** The idempotent producer exists (0.11+). */
  idempotence: boolean;
  /** AlterPartition through the controller (2.7+, KIP-497); false = the leader writes the ISR to ZooKeeper (0.10). */
  isrChangesViaController: boolean;
  /** KIP-996 pre-vote (Kafka 4.0+ KRaft): a voter becomes a candidate only after a majority of pre-votes. */
  preVote: boolean;
}

export const MODERN_KRAFT: ProtocolFeatures = {
  preset: "modern",
  leaderEpochs: true,
  epochCheckedTruncation: true,
  strictMinIsr: true,
  eligibleLeaderReplicas: true,
  idempotence: true,
  isrChangesViaController: true,
  preVote: true,
};

export const MODERN_ZOOKEEPER: ProtocolFeatures = { ...MODERN_KRAFT, eligibleLeaderReplicas: false };

export interface ClusterSpec {
  mode: "kraft" | "zookeeper";
  /** Broker ids 1..N (nodes broker-1..broker-N). */
  brokerIds: number[];
  /** KRaft voters controller-1..K, or the ZooKeeper ensemble zk-1..K. */
  controllerNodes: string[];
  features: ProtocolFeatures;
  /** Enabled protocol mutants (deliberate bugs); empty in a correct run. */
  bugs: ReadonlySet<MutantName>;
}
