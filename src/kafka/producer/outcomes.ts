/**
 * How a batch's fate becomes history and timeline: every record of a batch completes its `send`
 * with the same outcome, and client errors are traced with the Kafka rule that explains them, at
 * most once per error kind per second (a retry storm must not flood the timeline).
 *
 * Outcome rules: `ok` on success, with the offset the broker returned; `unknown`
 * for acks=0 (no answer ever comes); after a final failure, `failed` only when no attempt can have
 * been appended — the batch was never sent, or every answer was a rejection made before any
 * append — and `unknown` otherwise (a timeout or disconnect with the request in flight).
 */
import type { ActorContext } from "../../sim/actor.js";
import { US_PER_S, type Micros } from "../../sim/time.js";
import type { HistoryRecorder, SendCompletion } from "../history.js";
import type { KafkaError } from "../protocol/errors.js";
import type { ProducerBatch } from "./batch.js";
import type { TraceType } from "../trace-events.js";

/**
 * The name under which a send that reached `delivery.timeout.ms` is reported. Kafka has no error
 * code for it: the Java client fails the batch with `org.apache.kafka.common.errors.TimeoutException`
 * (`Sender.sendProducerData`), whose message {@link expiryMessage} words as Kafka does.
 */
export const DELIVERY_TIMEOUT = "DELIVERY_TIMEOUT";

/** The TimeoutException's message, exactly as `Sender.sendProducerData` builds it. */
export function expiryMessage(batch: ProducerBatch, nowUs: Micros): string {
  const elapsedMs = Math.floor((nowUs - batch.createdUs) / 1000);
  return `Expiring ${batch.recordCount} record(s) for ${batch.tp}:${elapsedMs} ms has passed since batch creation`;
}

/** Errors a broker returns only before appending anything (the batch is certainly not in the log). */
const REJECTED_BEFORE_APPEND: ReadonlySet<KafkaError> = new Set<KafkaError>([
  "NOT_ENOUGH_REPLICAS",
  "UNKNOWN_TOPIC_OR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "OUT_OF_ORDER_SEQUENCE_NUMBER",
  "INVALID_PRODUCER_EPOCH",
  "UNKNOWN_PRODUCER_ID",
  "CORRUPT_MESSAGE",
  "FENCED_LEADER_EPOCH",
]);

/**
 * Could this answer to one attempt mean the records were appended? NOT_LEADER_OR_FOLLOWER is
 * definite only for acks=1: with acks=all a leader that lost leadership while the request waited
 * in the produce purgatory answers it after appending.
 */
export function attemptMayHaveBeenWritten(error: KafkaError, acks: "0" | "1" | "all"): boolean {
  if (REJECTED_BEFORE_APPEND.has(error)) return false;
  if (error === "NOT_LEADER_OR_FOLLOWER" && acks === "1") return false;
  return true;
}

/** Plain-words rule for each client error the producer reports. */
function errorRule(error: string): string {
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
    case DELIVERY_TIMEOUT:
      return 'delivery.timeout.ms passed since the batch was created: the Java client fails it with a TimeoutException ("Expiring N record(s)"), whatever errors its retries saw, and never retries it again';
    default:
      return `the broker answered ${error}`;
  }
}

/** Counts every client error seen (for `errors.*`) and traces them, once per error kind per second. */
export class ClientErrorReporter {
  private readonly lastUs = new Map<string, Micros>();

  constructor(
    private readonly ctx: ActorContext,
    private readonly seen: (error: string) => void = () => {},
  ) {}

  /** `type`: the trace record type (`delivery-timeout` for an expiry, so the timeline keeps it apart). */
  report(error: string, fields: Record<string, unknown>, type: TraceType = "client-error"): void {
    this.seen(error);
    const now = this.ctx.now();
    const last = this.lastUs.get(error);
    if (last !== undefined && now - last < US_PER_S) return;
    this.lastUs.set(error, now);
    this.ctx.trace(type, { error, ...fields, rule: errorRule(error) });
  }
}

/** Completes every send of a batch with one completion (record i gets baseOffset + i on success). */
export function completeSends(history: HistoryRecorder, batch: ProducerBatch, completion: SendCompletion, baseOffset?: number): void {
  batch.done = true;
  const records = batch.records;
  const withOffsets = baseOffset !== undefined && baseOffset >= 0;
  for (let i = 0; i < records.length; i++) history.completeSend(records[i]!.sendId, completion, withOffsets ? baseOffset + i : completion.offset);
}

/** The history outcome of a batch that failed for good. */
export function failureOutcome(batch: ProducerBatch): "failed" | "unknown" {
  return batch.mayHaveBeenWritten ? "unknown" : "failed";
}
