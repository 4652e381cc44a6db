/** Records and record batches as stored in a partition log and carried by Produce and Fetch. */

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** "orders-0" — the conventional partition name used in logs, targets and reports. */
export const tpName = (topic: string, partition: number): string => `${topic}-${partition}`;

export interface KafkaRecord {
  key: string | null;
  /** Unique per record (e.g. "p1-812") so the checker can follow it. */
  value: string;
  /** Virtual CreateTime, microseconds. */
  timestampUs: number;
  headers?: Record<string, string>;
}

/** Producer identity stamped on a batch; producerId -1 = not idempotent. */
export interface ProducerStamp {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

export interface RecordBatch extends ProducerStamp {
  /** Offset of the first record; assigned by the leader on append (producers send -1). */
  baseOffset: number;
  /** Partition leader epoch stamped by the leader on append (KIP-101). */
  partitionLeaderEpoch: number;
  records: KafkaRecord[];
  /** Approximate size in bytes (for batch.size, segment.bytes, fetch limits). */
  sizeBytes: number;
}

export const NO_PRODUCER_ID = -1;

/** Exclusive end offset of a batch. */
export const batchEnd = (batch: RecordBatch): number => batch.baseOffset + batch.records.length;

/** Size estimate of one record: Kafka's per-record overhead is ~20 bytes plus key and value. */
export function recordSize(record: KafkaRecord): number {
  return 20 + (record.key ? record.key.length : 0) + record.value.length;
}
