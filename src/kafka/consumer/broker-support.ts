/**
 * What the brokers' API versions let the consumer do. The Java client reads them from ApiVersions
 * (`SubscriptionState.maybeValidatePositionForCurrentLeader` → `hasUsableOffsetForLeaderEpochVersion`);
 * here the cluster's protocol preset stands for the brokers' version ("kafka-2.0 (Kafka 2.0, …)").
 * A preset that names no version is the current one.
 */
import type { ClusterSpec } from "../features.js";

export interface BrokerSupport {
  /** Fetch v9 / ListOffsets v4 (Kafka 2.1, KIP-320): requests carry the current leader epoch, so a stale one is fenced. */
  readonly currentLeaderEpoch: boolean;
  /** OffsetsForLeaderEpoch v3 (Kafka 2.3): the consumer validates its position after a leader change (KIP-320). */
  readonly validatePositions: boolean;
  /** Record batches carry the partition leader epoch (message format v2, KIP-101). */
  readonly recordEpochs: boolean;
}

/** The broker version of `cluster` as [major, minor]; the current version when the preset names none. */
function brokerVersion(cluster: ClusterSpec): [number, number] {
  const match = /Kafka (\d+)\.(\d+)/.exec(cluster.features.preset) ?? /^kafka-(\d+)\.(\d+)/.exec(cluster.features.preset);
  return match ? [Number(match[1]), Number(match[2])] : [Infinity, 0];
}

export function brokerSupport(cluster: ClusterSpec): BrokerSupport {
  const [major, minor] = brokerVersion(cluster);
  const atLeast = (a: number, b: number) => major > a || (major === a && minor >= b);
  const recordEpochs = cluster.features.leaderEpochs;
  return {
    currentLeaderEpoch: atLeast(2, 1) && recordEpochs,
    validatePositions: atLeast(2, 3) && recordEpochs,
    recordEpochs,
  };
}
