/**
 * Messages of the idempotent producer's handshake (InitProducerId, Kafka's API 22) and the runner's
 * command that ends a producer's workload. Produce and Metadata live in `../protocol/`.
 */
import type { KafkaError } from "../protocol/errors.js";
import type { Millis } from "../../sim/time.js";

/**
 * InitProducerId: an idempotent (non-transactional) producer asks any broker for a producer id
 * and epoch before its first idempotent send (docs/kafka-rules.md §5.4).
 */
export interface InitProducerIdRequest {
  type: "InitProducerId";
  correlationId: number;
  /** Always null here: transactions are not modelled. */
  transactionalId: string | null;
  transactionTimeoutMs: Millis;
  /** -1 for a fresh producer. */
  producerId: number;
  /** -1 for a fresh producer. */
  producerEpoch: number;
}

/** The broker's answer: a producer id unique in the cluster, epoch 0. */
export interface InitProducerIdResponse {
  type: "InitProducerIdResponse";
  correlationId: number;
  error: KafkaError;
  producerId: number;
  producerEpoch: number;
}

/**
 * Runner → producer (World.inject): stop calling `send()`. Records already handed to the producer
 * keep being retried until acknowledged or `delivery.timeout.ms` (docs/scenario-format.md, drain phase).
 */
export interface StopSendingCommand {
  type: "StopSending";
}
