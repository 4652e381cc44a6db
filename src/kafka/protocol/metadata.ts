import type { KafkaError } from "./errors.js";

/** Metadata for clients; answered by any broker from its (possibly stale) metadata cache. */
export interface MetadataRequest {
  type: "Metadata";
  correlationId: number;
  /** null = all topics. */
  topics: string[] | null;
}

export interface MetadataResponse {
  type: "MetadataResponse";
  correlationId: number;
  brokers: { id: number; node: string }[];
  controllerId: number;
  topics: {
    name: string;
    error: KafkaError;
    partitions: { partition: number; error: KafkaError; leader: number; leaderEpoch: number; replicas: number[]; isr: number[] }[];
  }[];
}
