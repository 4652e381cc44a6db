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
import { emit } from "../explain/catalogue.js";

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

/** Counts every client error seen (for `errors.*`) and traces them, once per error kind per second. */
export class ClientErrorReporter {
  private readonly lastUs = new Map<string, Micros>();

  constructor(
    private readonly ctx: ActorContext,
    private readonly seen: (error: string) => void = () => {},
  ) {}

  /** `type`: the trace record type (`delivery-timeout` for an expiry, so the timeline keeps it apart). */
  report(error: string, fields: Record<string, unknown>, type: "client-error" | "delivery-timeout" = "client-error"): void {
    this.seen(error);
    const now = this.ctx.now();
    const last = this.lastUs.get(error);
    if (last !== undefined && now - last < US_PER_S) return;
    this.lastUs.set(error, now);
    emit(this.ctx, type, { error, ...fields });
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
