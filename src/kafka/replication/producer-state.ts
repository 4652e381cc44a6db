/**
 * Idempotent producer state of one partition (docs/kafka-rules.md §5.4), after Kafka 4.x's
 * `ProducerStateManager`, `ProducerStateEntry` and `ProducerAppendInfo`: per producer id its
 * epoch and the metadata of its last 5 batches (sequence range and offsets). Leaders check client
 * appends against it (`UnifiedLog.analyzeAndValidateProducerState`); followers maintain it from
 * the batches they replicate (origin REPLICATION: no validation), so a new leader has exactly the
 * state its log implies; recovery and truncation rebuild it by scanning the log.
 *
 * What a leader answers (Kafka 4.x; a broker since 1.1 never answers DUPLICATE_SEQUENCE_NUMBER):
 * - the batch's epoch is the producer's current one and its (firstSeq, lastSeq) equals one of the
 *   retained batches' → a duplicate, answered NONE with the original offsets
 *   (`ProducerStateEntry.findDuplicateBatch`);
 * - an epoch older than the producer's → INVALID_PRODUCER_EPOCH (`checkProducerEpoch`);
 * - a newer epoch must start at sequence 0, unless the broker knows no epoch for the producer
 *   (no state at all: any sequence is accepted) → else OUT_OF_ORDER_SEQUENCE_NUMBER;
 * - the same epoch must continue at lastSeq + 1 (wrapping at Integer.MAX_VALUE) → else
 *   OUT_OF_ORDER_SEQUENCE_NUMBER, also for a sequence older than the retained batches
 *   (`ProducerAppendInfo.checkSequence`, `inSequence`).
 */
import { batchEnd, NO_PRODUCER_ID, type RecordBatch } from "../protocol/records.js";
import type { KafkaError } from "../protocol/errors.js";

/** Kafka's ProducerStateEntry.NUM_BATCHES_TO_RETAIN. */
export const NUM_BATCHES_TO_RETAIN = 5;

/** Kafka's RecordBatch.NO_PRODUCER_EPOCH and NO_SEQUENCE. */
const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;

const INT_MAX = 2147483647;

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
  { kind: "append" } | { kind: "duplicate"; baseOffset: number; endOffset: number; leaderEpoch: number } | { kind: "error"; error: KafkaError; reason: string };

/** Kafka's `DefaultRecordBatch.incrementSequence`: sequences wrap from Integer.MAX_VALUE to 0. */
export const incrementSequence = (sequence: number, increment: number): number =>
  sequence > INT_MAX - increment ? increment - (INT_MAX - sequence) - 1 : sequence + increment;

/** Last sequence of a batch (RecordBatch.lastSequence). */
const lastSequenceOf = (batch: RecordBatch): number => incrementSequence(batch.baseSequence, batch.records.length - 1);

/** Kafka's `ProducerAppendInfo.inSequence`. */
const inSequence = (lastSeq: number, nextSeq: number): boolean => nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === INT_MAX);

export class ProducerStateTable {
  /** By producer id; created with the first producer's batch (a replica of a partition nobody writes to idempotently keeps none). */
  private producers: Map<number, ProducerEntry> | null = null;

  /** Number of producers with state (for tests and snapshots). */
  get size(): number {
    return this.producers?.size ?? 0;
  }

  /** The checks of a client (leader) append, in Kafka's order: duplicate, epoch, sequence. */
  check(batch: RecordBatch): SequenceCheck {
    if (batch.producerId === NO_PRODUCER_ID) return { kind: "append" };
    const entry = this.producers?.get(batch.producerId);
    const firstSeq = batch.baseSequence;
    const lastSeq = lastSequenceOf(batch);
    // UnifiedLog.analyzeAndValidateProducerState → ProducerStateEntry.findDuplicateBatch.
    if (entry && batch.producerEpoch === entry.epoch) {
      const duplicate = entry.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
      if (duplicate) return { kind: "duplicate", baseOffset: duplicate.baseOffset, endOffset: duplicate.endOffset, leaderEpoch: duplicate.leaderEpoch };
    }
    const currentEpoch = entry?.epoch ?? NO_PRODUCER_EPOCH;
    // ProducerAppendInfo.checkProducerEpoch.
    if (batch.producerEpoch < currentEpoch) {
      return {
        kind: "error",
        error: "INVALID_PRODUCER_EPOCH",
        reason: `epoch of producer ${batch.producerId} is ${batch.producerEpoch}, which is smaller than the last seen epoch ${currentEpoch}`,
      };
    }
    // ProducerAppendInfo.checkSequence.
    if (batch.producerEpoch !== currentEpoch) {
      if (firstSeq !== 0 && currentEpoch !== NO_PRODUCER_EPOCH) {
        return {
          kind: "error",
          error: "OUT_OF_ORDER_SEQUENCE_NUMBER",
          reason: `invalid sequence number for new epoch of producer ${batch.producerId}: ${batch.producerEpoch} (request epoch), ${firstSeq} (seq. number), ${currentEpoch} (current producer epoch); a new epoch must start at sequence 0`,
        };
      }
      return { kind: "append" };
    }
    const currentLastSeq = entry?.batches[entry.batches.length - 1]?.lastSeq ?? NO_SEQUENCE;
    if (!(currentEpoch === NO_PRODUCER_EPOCH || inSequence(currentLastSeq, firstSeq))) {
      return {
        kind: "error",
        error: "OUT_OF_ORDER_SEQUENCE_NUMBER",
        reason: `out of order sequence number for producer ${batch.producerId}: ${firstSeq} (incoming seq. number), ${currentLastSeq} (current end sequence number); only ${currentLastSeq === NO_SEQUENCE ? 0 : incrementSequence(currentLastSeq, 1)} or an exact retry of one of the last ${NUM_BATCHES_TO_RETAIN} batches is accepted`,
      };
    }
    return { kind: "append" };
  }

  /**
   * Record an appended batch, leader or follower (`ProducerStateEntry.addBatch`): a batch of
   * another epoch than the entry's replaces the entry's epoch and clears its retained batches.
   */
  record(batch: RecordBatch): void {
    if (batch.producerId === NO_PRODUCER_ID) return;
    const producers = (this.producers ??= new Map());
    let entry = producers.get(batch.producerId);
    if (!entry) {
      entry = { epoch: batch.producerEpoch, batches: [] };
      producers.set(batch.producerId, entry);
    } else if (entry.epoch !== batch.producerEpoch) {
      entry.epoch = batch.producerEpoch;
      entry.batches = [];
    }
    if (entry.batches.length === NUM_BATCHES_TO_RETAIN) entry.batches.shift();
    entry.batches.push({
      firstSeq: batch.baseSequence,
      lastSeq: lastSequenceOf(batch),
      baseOffset: batch.baseOffset,
      endOffset: batchEnd(batch),
      leaderEpoch: batch.partitionLeaderEpoch,
    });
  }

  /** Rebuild from the log (recovery, and after a truncation): scan every batch in order. */
  rebuild(batches: Iterable<RecordBatch>): void {
    this.producers?.clear();
    for (const batch of batches) this.record(batch);
  }

  /** Last sequence known for a producer (tests, explanations); undefined when unknown. */
  lastSequence(producerId: number): number | undefined {
    const entry = this.producers?.get(producerId);
    return entry?.batches[entry.batches.length - 1]?.lastSeq;
  }

  /** Epoch known for a producer (tests, explanations); undefined when unknown. */
  epochOf(producerId: number): number | undefined {
    return this.producers?.get(producerId)?.epoch;
  }
}
