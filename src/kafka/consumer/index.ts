/** The consumer client (classic group protocol): the actor factory and its options. */
export { createConsumerActor } from "./consumer.js";
export { DEFAULT_POLL_TIMEOUT_MS } from "./options.js";
export type { ConsumerOptions, StopConsuming } from "./options.js";
