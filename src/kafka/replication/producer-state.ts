/**
 * Idempotent producer state of one partition (kafka-semantics §5.4): per producer id its epoch, last
 * sequence and the last 5 batches with their offsets. Leaders check appends against it; followers
 * maintain it too (so a new leader deduplicates), and recovery rebuilds it by scanning the log.
 */
import { batchEnd, NO_PRODUCER_ID, type RecordBatch } from "../protocol/records.js";
import type { KafkaError } from "../protocol/errors.js";

/** Kafka's ProducerStateEntry.NUM_BATCHES_TO_RETAIN. */
export const NUM_BATCHES_TO_RETAIN = 5;

interface RetainedBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
  endOffset: number;
  leaderEpoch: number;
}

interface ProducerEntry {
  epoch: number;
  batches: RetainedBatch[];
}

/** Outcome of checking a batch before a leader append. */
export type SequenceCheck =
  | { kind: "append" }
  | { kind: "duplicate"; baseOffset: number; endOffset: number; leaderEpoch: number }
  | { kind: "error"; error: KafkaError; reason: string };

const lastSeqOf = (batch: RecordBatch): number => batch.baseSequence + batch.records.length - 1;

export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  /** Number of producers with state (for tests and snapshots). */
  get size(): number {
    return this.producers.size;
  }

  /** The rules of ProducerAppendInfo.checkSequence and findDuplicateBatch, for a leader append. */
  check(batch: RecordBatch): SequenceCheck {
    if (batch.producerId === NO_PRODUCER_ID) return { kind: "append" };
    const entry = this.producers.get(batch.producerId);
    if (!entry) return { kind: "append" };
    if (batch.producerEpoch < entry.epoch) {
      return { kind: "error", error: "INVALID_PRODUCER_EPOCH", reason: `producer epoch ${batch.producerEpoch} is older than ${entry.epoch}` };
    }
    if (batch.producerEpoch > entry.epoch) {
      if (batch.baseSequence === 0) return { kind: "append" };
      return { kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER", reason: `a new producer epoch must start at sequence 0, got ${batch.baseSequence}` };
    }
    const duplicate = entry.batches.find((b) => b.firstSeq === batch.baseSequence && b.lastSeq === lastSeqOf(batch));
    if (duplicate) return { kind: "duplicate", baseOffset: duplicate.baseOffset, endOffset: duplicate.endOffset, leaderEpoch: duplicate.leaderEpoch };
    const last = entry.batches[entry.batches.length - 1];
    if (!last) return { kind: "append" };
    if (batch.baseSequence === last.lastSeq + 1) return { kind: "append" };
    if (lastSeqOf(batch) <= last.lastSeq) {
      return { kind: "error", error: "DUPLICATE_SEQUENCE_NUMBER", reason: `sequence ${batch.baseSequence} is older than the 5 retained batches (last ${last.lastSeq})` };
    }
    return { kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER", reason: `expected sequence ${last.lastSeq + 1}, got ${batch.baseSequence}` };
  }

  /** Record an appended batch (leader or follower). */
  record(batch: RecordBatch): void {
    if (batch.producerId === NO_PRODUCER_ID) return;
    let entry = this.producers.get(batch.producerId);
    if (!entry || batch.producerEpoch > entry.epoch) {
      entry = { epoch: batch.producerEpoch, batches: [] };
      this.producers.set(batch.producerId, entry);
    } else if (batch.producerEpoch < entry.epoch) return;
    entry.batches.push({
      firstSeq: batch.baseSequence,
      lastSeq: lastSeqOf(batch),
      baseOffset: batch.baseOffset,
      endOffset: batchEnd(batch),
      leaderEpoch: batch.partitionLeaderEpoch,
    });
    if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
  }

  /** Rebuild from the log (recovery, and after a truncation): scan every batch in order. */
  rebuild(batches: Iterable<RecordBatch>): void {
    this.producers.clear();
    for (const batch of batches) this.record(batch);
  }

  /** Last sequence known for a producer (tests, explanations); undefined when unknown. */
  lastSequence(producerId: number): number | undefined {
    const entry = this.producers.get(producerId);
    return entry?.batches[entry.batches.length - 1]?.lastSeq;
  }
}
