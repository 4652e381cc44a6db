/**
 * A producer batch: the records of one partition that travel together in one Produce request,
 * with everything the sender needs to retry it the way Kafka's `ProducerBatch` does (attempts,
 * last attempt time, producer id / epoch / base sequence once assigned, the last error).
 */
import { NO_PRODUCER_ID, recordSize, type KafkaRecord, type RecordBatch } from "../protocol/records.js";
import type { KafkaError } from "../protocol/errors.js";
import type { Micros } from "../../sim/time.js";

/** One record handed to `send()`, with the id of its history entry. */
export interface PendingRecord {
  sendId: number;
  record: KafkaRecord;
}

/** No sequence assigned (Kafka's RecordBatch.NO_SEQUENCE). */
export const NO_SEQUENCE = -1;

export class ProducerBatch {
  readonly records: PendingRecord[] = [];
  sizeBytes = 0;
  /** Closed for appends: drained once, or full. */
  closed = false;
  /** Times this batch was re-enqueued for a retry (Kafka's `attempts()`). */
  attempts = 0;
  /** When the batch was created or last re-enqueued (linger / backoff are measured from here). */
  lastAttemptUs: Micros;
  /** Backoff before the next retry, drawn when it was re-enqueued. */
  backoffUs: Micros = 0;
  /** Leader epoch of the partition when the batch was last sent (KIP-951: skip backoff on a new leader). */
  sentLeaderEpoch = -1;
  producerId = NO_PRODUCER_ID;
  producerEpoch = -1;
  baseSequence = NO_SEQUENCE;
  /** The sequence was rewritten after an epoch bump (Kafka's `sequenceHasBeenReset`). */
  sequenceReset = false;
  lastError: KafkaError | undefined;
  /** Some attempt may have been appended by a broker (sent and not definitely rejected). */
  mayHaveBeenWritten = false;
  /** Ever handed to the network. */
  sent = false;
  inFlight = false;
  done = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly tp: string,
    readonly createdUs: Micros,
  ) {
    this.lastAttemptUs = createdUs;
  }

  get recordCount(): number {
    return this.records.length;
  }

  get hasSequence(): boolean {
    return this.baseSequence !== NO_SEQUENCE;
  }

  get lastSequence(): number {
    return this.baseSequence + this.records.length - 1;
  }

  /** True when the record fits under `batch.size` (an empty batch takes any record). */
  fits(record: KafkaRecord, batchSize: number): boolean {
    return !this.closed && (this.records.length === 0 || this.sizeBytes + recordSize(record) <= batchSize);
  }

  add(pending: PendingRecord): void {
    this.records.push(pending);
    this.sizeBytes += recordSize(pending.record);
  }

  isFull(batchSize: number): boolean {
    return this.closed || this.sizeBytes >= batchSize;
  }

  /** Kafka's `hasReachedDeliveryTimeout`: delivery.timeout.ms counts from the batch's creation. */
  expired(nowUs: Micros, deliveryTimeoutUs: Micros): boolean {
    return nowUs - this.createdUs >= deliveryTimeoutUs;
  }

  /** The wire form for one attempt (a fresh object: the request keeps the stamp it was sent with). */
  toRecordBatch(): RecordBatch {
    return {
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      baseSequence: this.baseSequence,
      baseOffset: -1,
      partitionLeaderEpoch: -1,
      records: this.records.map((r) => r.record),
      sizeBytes: this.sizeBytes,
    };
  }
}
