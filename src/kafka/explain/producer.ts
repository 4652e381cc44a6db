/** Why the producer did what it did, and what each error it reports means (KafkaProducer, Sender, TransactionManager, ProducerIdManager). */
import type { Entries, Fields } from "./explain.js";

/** Plain words for each error the producer reports (a `client-error` or `delivery-timeout` record's `error`). */
function producerError(error: unknown): string {
  switch (error) {
    case "NOT_ENOUGH_REPLICAS":
      return "acks=all and the ISR is smaller than min.insync.replicas: the leader rejects the batch before appending it (retriable)";
    case "NOT_ENOUGH_REPLICAS_AFTER_APPEND":
      return "the batch was appended but the ISR shrank below min.insync.replicas before it was acknowledged; a retry may duplicate it unless the producer is idempotent";
    case "NOT_LEADER_OR_FOLLOWER":
      return "the broker no longer leads the partition: the producer refreshes metadata and retries on the new leader";
    case "REQUEST_TIMED_OUT":
      return "no answer within request.timeout.ms: the Java client closes the connection, fails every request on it and retries; the batch may or may not have been written";
    case "NETWORK_EXCEPTION":
      return "the connection closed with the request in flight: the batch may or may not have been written; the producer retries";
    case "OUT_OF_ORDER_SEQUENCE_NUMBER":
      return "the leader accepts only the next sequence (last + 1), an exact retry of one of the producer's last 5 batches, or sequence 0 of a new epoch; anything else is rejected before the append. The idempotent producer retries a batch that is not the next one; when it is (a real gap), it bumps its epoch and restarts the partition's sequences at 0";
    case "DUPLICATE_SEQUENCE_NUMBER":
      return "the broker says it already has this sequence: the Java producer counts it as a success, with the offset the broker returned (brokers since Kafka 1.1 no longer send this error)";
    case "UNKNOWN_PRODUCER_ID":
      return "the broker has no state for this producer id: the idempotent producer bumps its epoch and resends from sequence 0";
    case "INVALID_PRODUCER_EPOCH":
      return "the batch carries an older producer epoch than the broker knows for this producer: rejected before the append";
    case "DELIVERY_TIMEOUT":
      return 'delivery.timeout.ms passed since the batch was created: the Java client fails it with a TimeoutException ("Expiring N record(s)"), whatever errors its retries saw, and never retries it again';
    default:
      return `the broker answered ${error}`;
  }
}

export const producerRules = {
  "client-error": (f: Fields, why?: { readonly maxBlockMs: number }) =>
    why === undefined
      ? producerError(f.error)
      : `send() waited max.block.ms (${why.maxBlockMs} ms) for the topic's metadata and threw a TimeoutException; the record was never sent`,
  "delivery-timeout": (f: Fields) => producerError(f.error),
  "producer-start": (f: Fields, why: { readonly idempotenceSupported: boolean }) =>
    f.idempotence
      ? "idempotent producer: batches carry a producer id and per-partition sequence numbers, so retries cannot duplicate or reorder records (up to 5 requests in flight)"
      : why.idempotenceSupported
        ? "idempotence is off (acks, retries or max.in.flight.requests.per.connection rule it out, or it was disabled): retries may duplicate records, and with several requests in flight reorder them"
        : "this Kafka version has no idempotent producer: retries may duplicate records",
  "producer-resend": () =>
    "the application sends again every record it never saw acknowledged, with the same key and value; this process has a new producer id, so the brokers cannot tell a record that was already written (KIP-98: sequence numbers are per producer id and epoch)",
  "producer-stop-sending": () => "the workload ends: no more send() calls; records already sent are retried until acknowledged or delivery.timeout.ms",
  "producer-disconnect": (f: Fields, why: { readonly requestTimeoutMs: number }) =>
    f.reason === "timeout"
      ? `no response within request.timeout.ms (${why.requestTimeoutMs} ms): the client closes the connection, fails every request in flight on it and retries after reconnect.backoff.ms`
      : "the connection was reset: every request in flight on it fails with NETWORK_EXCEPTION and is retried",
  "producer-id": () =>
    "enable.idempotence: the producer gets a producer id and epoch (InitProducerId) before its first send; every batch then carries per-partition sequence numbers",
  "producer-epoch-bump": () =>
    "a sequence gap (a batch failed or expired after it may have been sent, OUT_OF_ORDER_SEQUENCE_NUMBER or UNKNOWN_PRODUCER_ID): the idempotent producer bumps its epoch and restarts those partitions' sequences at 0",
  "producer-id-reset": () => "the producer epoch is exhausted: the idempotent producer asks for a new producer id",
  "producer-id-allocated": () =>
    "InitProducerId hands an idempotent producer a fresh producer id with epoch 0; the broker persists its id counter first so an id is never reused after a restart",
} satisfies Entries;
