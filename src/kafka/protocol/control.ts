/** Requests between brokers and the controller that both controller modes share. */
import type { KafkaError } from "./errors.js";

/** AlterPartition (KIP-497): a leader proposes a new ISR; the controller validates epochs. */
export interface AlterPartitionRequest {
  type: "AlterPartition";
  correlationId: number;
  brokerId: number;
  brokerEpoch: number;
  partitions: {
    topic: string;
    partition: number;
    leaderEpoch: number;
    partitionEpoch: number;
    newIsr: number[];
    /** KIP-903: broker epochs of the ISR members as the leader knows them from their fetches. */
    newIsrBrokerEpochs: { brokerId: number; brokerEpoch: number }[];
  }[];
}

export interface AlterPartitionResponse {
  type: "AlterPartitionResponse";
  correlationId: number;
  error: KafkaError;
  partitions: {
    topic: string;
    partition: number;
    error: KafkaError;
    leader: number;
    leaderEpoch: number;
    isr: number[];
    partitionEpoch: number;
  }[];
}

/** CreateTopics, sent by the scenario's admin client at start. Assignment left to the controller. */
export interface CreateTopicsRequest {
  type: "CreateTopics";
  correlationId: number;
  topics: { name: string; partitions: number; replicationFactor: number; config: Record<string, unknown> }[];
}

export interface CreateTopicsResponse {
  type: "CreateTopicsResponse";
  correlationId: number;
  topics: { name: string; error: KafkaError; message?: string }[];
}

/**
 * CreatePartitions (KIP-195): raise a topic's partition count to `count` (the new total, as
 * Kafka's CreatePartitionsTopic.count and `kafka-topics --alter --partitions`). Sent by the
 * scenario's admin client for an `add-partitions` action; replicas are placed by the controller.
 */
export interface CreatePartitionsRequest {
  type: "CreatePartitions";
  correlationId: number;
  topics: { name: string; count: number }[];
}

export interface CreatePartitionsResponse {
  type: "CreatePartitionsResponse";
  correlationId: number;
  topics: { name: string; error: KafkaError; message?: string }[];
}
