/**
 * OffsetsForLeaderEpoch (KIP-101, KIP-279, KIP-320): the end offset of a leader epoch in the
 * leader's log. Followers ask it to find where their log diverges; since KIP-320 (Kafka 2.1,
 * consumers from version 3, Kafka 2.3) consumers ask it to validate their position after a leader
 * change. `currentLeaderEpoch` fences stale requesters like Fetch does.
 */
import type { KafkaError } from "./errors.js";

/** Kafka's CONSUMER_REPLICA_ID: the request comes from a consumer. */
export const CONSUMER_REPLICA_ID = -1;

export interface OffsetsForLeaderEpochRequest {
  type: "OffsetsForLeaderEpoch";
  correlationId: number;
  /** The follower's broker id, or {@link CONSUMER_REPLICA_ID}. */
  replicaId: number;
  partitions: OffsetForLeaderPartition[];
}

export interface OffsetForLeaderPartition {
  topic: string;
  partition: number;
  /** The requester's view of the current leader epoch (-1: not checked). */
  currentLeaderEpoch: number;
  /** The epoch whose end offset is wanted. */
  leaderEpoch: number;
}

export interface OffsetsForLeaderEpochResponse {
  type: "OffsetsForLeaderEpochResponse";
  correlationId: number;
  partitions: EpochEndOffsetResult[];
}

/** Kafka's EpochEndOffset: the largest epoch ≤ the requested one and its end offset; -1/-1 when unknown. */
export interface EpochEndOffsetResult {
  topic: string;
  partition: number;
  error: KafkaError;
  leaderEpoch: number;
  endOffset: number;
}
