/**
 * Controller → broker requests of ZooKeeper mode (LeaderAndIsr, UpdateMetadata, StopReplica) and
 * the broker → controller ControlledShutdown request. Every controller request carries the
 * controller epoch (brokers reject older epochs with STALE_CONTROLLER_EPOCH, docs/kafka-rules.md §4.1)
 * and the target broker's epoch (KIP-380: a request meant for an older incarnation is rejected).
 */
import type { BrokerInfo } from "../metadata/image.js";
import type { PartitionState } from "../metadata/partition-state.js";
import type { KafkaError } from "./errors.js";

interface ControllerRequestHeader {
  correlationId: number;
  controllerId: number;
  controllerEpoch: number;
  /** The epoch of the broker the request is meant for (KIP-380); -1 = any. */
  brokerEpoch: number;
}

/** The controller tells replicas their partition's leader, epoch and ISR. */
export interface LeaderAndIsrRequest extends ControllerRequestHeader {
  type: "LeaderAndIsr";
  partitions: PartitionState[];
}

export interface LeaderAndIsrResponse {
  type: "LeaderAndIsrResponse";
  correlationId: number;
  error: KafkaError;
  partitions: { topic: string; partition: number; error: KafkaError }[];
}

/** The controller refreshes every live broker's metadata cache. */
export interface UpdateMetadataRequest extends ControllerRequestHeader {
  type: "UpdateMetadata";
  liveBrokers: BrokerInfo[];
  topics: { name: string; partitionCount: number; config: Record<string, unknown> }[];
  partitions: PartitionState[];
}

export interface UpdateMetadataResponse {
  type: "UpdateMetadataResponse";
  correlationId: number;
  error: KafkaError;
}

/** The controller tells a broker to stop (and optionally delete) replicas. */
export interface StopReplicaRequest extends ControllerRequestHeader {
  type: "StopReplica";
  partitions: { topic: string; partition: number; leaderEpoch: number; deletePartition: boolean }[];
}

export interface StopReplicaResponse {
  type: "StopReplicaResponse";
  correlationId: number;
  error: KafkaError;
}

/** A broker asks the controller to move its leaderships away before it stops. */
export interface ControlledShutdownRequest {
  type: "ControlledShutdown";
  correlationId: number;
  brokerId: number;
  brokerEpoch: number;
}

export interface ControlledShutdownResponse {
  type: "ControlledShutdownResponse";
  correlationId: number;
  error: KafkaError;
  /** Partitions the broker still leads (no other ISR member could take over). */
  remainingPartitions: { topic: string; partition: number }[];
}

export type ControllerToBrokerRequest = LeaderAndIsrRequest | UpdateMetadataRequest | StopReplicaRequest;
export type ControllerToBrokerResponse = LeaderAndIsrResponse | UpdateMetadataResponse | StopReplicaResponse;
