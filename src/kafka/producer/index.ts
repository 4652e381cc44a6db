/** The producer client (docs/kafka-rules.md §5) and the broker's InitProducerId handler. */
export { createProducerActor, BUG_RESEQUENCE_ON_RETRY, type ProducerActorOptions } from "./producer.js";
export type { ProducerWorkload } from "./workload.js";
export { createProducerIdManager, PRODUCER_IDS_PER_BROKER, PRODUCER_ID_CHECKPOINT } from "./producer-id-manager.js";
export type { InitProducerIdRequest, InitProducerIdResponse, StopSendingCommand } from "./protocol.js";
export { readProducerSettings, normaliseAcks, type ProducerSettings, type AcksSetting } from "./settings.js";
export { exponentialBackoffMs } from "../client/backoff.js";
