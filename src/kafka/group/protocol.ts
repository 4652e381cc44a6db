/**
 * Group coordination APIs of the classic consumer-group protocol (docs/kafka-rules.md §6.1), with
 * Kafka's API names: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit
 * and OffsetFetch. Subscriptions and assignments travel as plain objects instead of the
 * ConsumerProtocol byte encoding.
 */
import type { KafkaError } from "../protocol/errors.js";
import type { TopicPartition } from "../protocol/records.js";
import type { Millis } from "../../sim/time.js";

/** Kafka's "no member id" (""). */
export const UNKNOWN_MEMBER_ID = "";

/** ConsumerProtocol subscription (v1+): topics, owned partitions and the generation that owned them. */
export interface GroupSubscription {
  topics: string[];
  owned: TopicPartition[];
  generation: number;
}

/** FindCoordinator (key type GROUP): any broker answers from its metadata cache. */
export interface FindCoordinatorRequest {
  type: "FindCoordinator";
  correlationId: number;
  key: string;
}

export interface FindCoordinatorResponse {
  type: "FindCoordinatorResponse";
  correlationId: number;
  error: KafkaError;
  nodeId: number;
  /** Node name of the coordinator (`broker-2`), "" on error. */
  node: string;
}

/** JoinGroup: the member's protocols (assignor names) in order of preference. */
export interface JoinGroupRequest {
  type: "JoinGroup";
  correlationId: number;
  groupId: string;
  memberId: string;
  clientId: string;
  sessionTimeoutMs: Millis;
  /** The Java client sends max.poll.interval.ms. */
  rebalanceTimeoutMs: Millis;
  protocolType: "consumer";
  protocols: { name: string; metadata: GroupSubscription }[];
}

export interface JoinGroupMember {
  memberId: string;
  metadata: GroupSubscription;
}

export interface JoinGroupResponse {
  type: "JoinGroupResponse";
  correlationId: number;
  error: KafkaError;
  generationId: number;
  protocolName: string;
  leader: string;
  memberId: string;
  /** Only the leader receives the members with their subscriptions. */
  members: JoinGroupMember[];
}

/** SyncGroup: the leader carries the assignment; followers send none. */
export interface SyncGroupRequest {
  type: "SyncGroup";
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
  protocolName: string;
  assignments: { memberId: string; partitions: TopicPartition[] }[];
}

export interface SyncGroupResponse {
  type: "SyncGroupResponse";
  correlationId: number;
  error: KafkaError;
  protocolName: string;
  partitions: TopicPartition[];
}

export interface HeartbeatRequest {
  type: "Heartbeat";
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
}

export interface HeartbeatResponse {
  type: "HeartbeatResponse";
  correlationId: number;
  error: KafkaError;
}

export interface LeaveGroupRequest {
  type: "LeaveGroup";
  correlationId: number;
  groupId: string;
  memberId: string;
  reason: string;
}

export interface LeaveGroupResponse {
  type: "LeaveGroupResponse";
  correlationId: number;
  error: KafkaError;
}

/**
 * OffsetCommit: committed offset = the next offset to consume, with the leader epoch of the record
 * before it (committedLeaderEpoch, OffsetCommit v6+, KIP-320; -1 or absent when unknown).
 */
export interface OffsetCommitRequest {
  type: "OffsetCommit";
  correlationId: number;
  groupId: string;
  generationId: number;
  memberId: string;
  offsets: { topic: string; partition: number; offset: number; leaderEpoch?: number }[];
}

export interface OffsetCommitResponse {
  type: "OffsetCommitResponse";
  correlationId: number;
  partitions: { topic: string; partition: number; error: KafkaError }[];
}

export interface OffsetFetchRequest {
  type: "OffsetFetch";
  correlationId: number;
  groupId: string;
  partitions: TopicPartition[];
}

export interface OffsetFetchResponse {
  type: "OffsetFetchResponse";
  correlationId: number;
  error: KafkaError;
  /** offset -1 = nothing committed; leaderEpoch -1 = none committed with it (OffsetFetch v5+, KIP-320). */
  partitions: { topic: string; partition: number; offset: number; leaderEpoch: number; error: KafkaError }[];
}

/** Every group request type the coordinator component routes. */
export const GROUP_REQUEST_TYPES = ["FindCoordinator", "JoinGroup", "SyncGroup", "Heartbeat", "LeaveGroup", "OffsetCommit", "OffsetFetch"] as const;

/** Every response the coordinator sends. */
export type GroupResponse =
  FindCoordinatorResponse | JoinGroupResponse | SyncGroupResponse | HeartbeatResponse | LeaveGroupResponse | OffsetCommitResponse | OffsetFetchResponse;
