import type { KafkaError } from "./errors.js";
import type { RecordBatch } from "./records.js";
import type { Millis } from "../../sim/time.js";

/** ProduceRequest: one per (producer, leader broker), covering several partitions. */
export interface ProduceRequest {
  type: "Produce";
  correlationId: number;
  /** "0" | "1" | "all" (Kafka's -1). */
  acks: "0" | "1" | "all";
  /** The producer's request.timeout.ms, carried in the request (used by the produce purgatory). */
  timeoutMs: Millis;
  partitions: { topic: string; partition: number; batch: RecordBatch }[];
  /**
   * The client connection the request travels on (Kafka's `RequestContext.connectionId`): the
   * broker handles one request per connection at a time, in order. Absent = one fixed connection.
   */
  connectionId?: string;
}

export interface ProducePartitionResponse {
  topic: string;
  partition: number;
  error: KafkaError;
  /** Offset of the first record, -1 when unknown (errors). */
  baseOffset: number;
  logStartOffset: number;
  /** Leader epoch the batch was appended in (for explanations). */
  leaderEpoch?: number;
}

export interface ProduceResponse {
  type: "ProduceResponse";
  correlationId: number;
  partitions: ProducePartitionResponse[];
}
