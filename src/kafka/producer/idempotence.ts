/**
 * The idempotent producer's bookkeeping, after the Java client's `TransactionManager` for a
 * producer without `transactional.id` (docs/kafka-rules.md §5.4):
 * - a producer id and epoch from InitProducerId; no idempotent batch is drained without one;
 * - per partition: the next sequence, the last acknowledged sequence, and the batches holding
 *   sequences that are not resolved yet (in flight or queued for a retry);
 * - ordering with up to 5 requests in flight: a retried batch goes back in sequence order, and
 *   while it is not the first unacknowledged sequence nothing else of its partition is drained;
 * - recovery from a sequence gap (OUT_OF_ORDER_SEQUENCE_NUMBER after a batch failed or expired,
 *   UNKNOWN_PRODUCER_ID): bump the epoch locally and restart that partition's sequences at 0.
 */
import type { KafkaError } from "../protocol/errors.js";
import { NO_PRODUCER_ID } from "../protocol/records.js";
import type { ProducerBatch } from "./batch.js";
import type { DrainGate } from "./accumulator.js";

const INT_MAX = 2147483647;
const SHORT_MAX = 32767;

/** Sequence after `seq` advanced by `n`, wrapping from Integer.MAX_VALUE to 0 as Kafka does. */
const addSequence = (seq: number, n: number): number => (seq + n) % (INT_MAX + 1);

interface PartitionEntry {
  producerId: number;
  epoch: number;
  nextSequence: number;
  lastAckedSequence: number;
  /** Batches with a sequence not yet completed, sorted by base sequence. */
  inflight: ProducerBatch[];
}

/** What the idempotence manager asks its owner to trace. */
export type IdempotenceEvent = { kind: "epoch-bump"; producerId: number; epoch: number; partitions: string[] } | { kind: "producer-id-reset" };

export class IdempotenceManager implements DrainGate {
  producerId = NO_PRODUCER_ID;
  epoch = -1;
  private readonly entries = new Map<string, PartitionEntry>();
  /** Partitions whose sequence state is unknown after a batch expired in a retry: tp → next sequence. */
  private readonly unresolved = new Map<string, number>();
  private readonly toRewrite = new Set<string>();
  private epochBumpRequired = false;

  constructor(private readonly onEvent: (event: IdempotenceEvent) => void) {}

  hasProducerId(): boolean {
    return this.producerId !== NO_PRODUCER_ID;
  }

  setProducerId(producerId: number, epoch: number): void {
    this.producerId = producerId;
    this.epoch = epoch;
  }

  // ---- draining --------------------------------------------------------------------------------

  shouldStop(first: ProducerBatch): boolean {
    if (!this.hasProducerId()) return true;
    const entry = this.entries.get(first.tp);
    if (!first.hasSequence) {
      if (entry && entry.inflight.length > 0 && (entry.producerId !== this.producerId || entry.epoch !== this.epoch)) return true;
      if (this.unresolved.has(first.tp)) return true;
    }
    const firstInFlight = entry?.inflight[0];
    return first.hasSequence && firstInFlight !== undefined && first.baseSequence !== firstInFlight.baseSequence;
  }

  onDrain(batch: ProducerBatch): void {
    if (batch.hasSequence) return;
    const entry = this.entry(batch.tp);
    if ((entry.producerId !== this.producerId || entry.epoch !== this.epoch) && entry.inflight.length === 0) {
      entry.producerId = this.producerId;
      entry.epoch = this.epoch;
      entry.nextSequence = 0;
      entry.lastAckedSequence = -1;
    }
    batch.producerId = this.producerId;
    batch.producerEpoch = this.epoch;
    batch.baseSequence = entry.nextSequence;
    entry.nextSequence = addSequence(entry.nextSequence, batch.recordCount);
    entry.inflight.push(batch);
  }

  // ---- completion --------------------------------------------------------------------------------

  /**
   * Kafka's `TransactionManager.handleCompletedBatch`: the batch's last sequence becomes the last
   * acknowledged one if it is higher (whatever epoch the batch carries), and it stops being tracked.
   * Also called for a batch that had already expired when its success arrived.
   */
  handleCompleted(batch: ProducerBatch): void {
    const entry = this.entries.get(batch.tp);
    if (!entry) return;
    if (batch.lastSequence > entry.lastAckedSequence) entry.lastAckedSequence = batch.lastSequence;
    this.removeInflight(entry, batch);
  }

  /**
   * Kafka's `TransactionManager.handleFailedBatch` for an idempotent producer, called once, when the
   * batch fails for good (`Sender.failBatch`; never for a late answer to a batch already failed).
   * OUT_OF_ORDER_SEQUENCE_NUMBER (UNKNOWN_PRODUCER_ID is one of its kind) means a gap in the log;
   * `adjust` = it failed with retries left, so its sequences may or may not have been used: both
   * need the partition's sequences restarted under a new epoch. A delivery timeout adjusts nothing.
   */
  handleFailed(batch: ProducerBatch, error: KafkaError | "DELIVERY_TIMEOUT", adjust: boolean): void {
    const entry = this.entries.get(batch.tp);
    if (!entry || !batch.hasSequence) return;
    this.removeInflight(entry, batch);
    if (error === "OUT_OF_ORDER_SEQUENCE_NUMBER" || error === "UNKNOWN_PRODUCER_ID" || adjust) this.requestEpochBump(batch.tp);
  }

  /** A batch that had been sent expired: its partition's sequences stay unresolved until drained. */
  markUnresolved(batch: ProducerBatch): void {
    if (!batch.hasSequence) return;
    const next = addSequence(batch.lastSequence, 1);
    const current = this.unresolved.get(batch.tp);
    this.unresolved.set(batch.tp, current === undefined ? next : Math.max(current, next));
  }

  /** Kafka's `TransactionManager.canRetry` for idempotent producers; may request an epoch bump. */
  canRetry(batch: ProducerBatch, error: KafkaError, logStartOffset: number, retriable: boolean): boolean {
    if (error === "UNKNOWN_PRODUCER_ID") {
      if (logStartOffset === -1 || batch.sequenceReset) return true;
      this.requestEpochBump(batch.tp);
      return true;
    }
    if (error === "OUT_OF_ORDER_SEQUENCE_NUMBER") {
      const unresolved = this.unresolved.has(batch.tp);
      if (!unresolved && (batch.sequenceReset || !this.isNextSequence(batch.tp, batch.baseSequence))) return true;
      if (!unresolved || this.unresolved.get(batch.tp) === batch.baseSequence) this.requestEpochBump(batch.tp);
      return true;
    }
    return retriable;
  }

  // ---- between sender rounds -----------------------------------------------------------------------

  /** Kafka's `maybeResolveSequences`: once a partition with an expired batch has nothing in flight. */
  resolveSequences(): void {
    for (const tp of [...this.unresolved.keys()].sort()) {
      const entry = this.entries.get(tp);
      if (entry && entry.inflight.length > 0) continue;
      if (!entry || !this.isNextSequence(tp, entry.nextSequence)) this.requestEpochBump(tp);
      this.unresolved.delete(tp);
    }
  }

  /** Bumps the epoch if requested; returns true when a new producer id is needed instead. */
  bumpEpochIfNeeded(): boolean {
    if (!this.epochBumpRequired || !this.hasProducerId()) return false;
    const partitions = [...this.toRewrite].sort();
    if (this.epoch >= SHORT_MAX) {
      this.producerId = NO_PRODUCER_ID;
      this.epoch = -1;
      this.onEvent({ kind: "producer-id-reset" });
    } else {
      this.epoch++;
      this.onEvent({ kind: "epoch-bump", producerId: this.producerId, epoch: this.epoch, partitions });
    }
    for (const tp of partitions) {
      this.startSequencesAtBeginning(tp);
      this.unresolved.delete(tp);
    }
    this.toRewrite.clear();
    this.epochBumpRequired = false;
    return !this.hasProducerId();
  }

  /** Bug mutant `producer-resequence-on-retry`: drop a retried batch's sequence so it gets a new one. */
  forgetSequence(batch: ProducerBatch): void {
    const entry = this.entries.get(batch.tp);
    if (entry) this.removeInflight(entry, batch);
    batch.baseSequence = -1;
  }

  /**
   * Bug mutant `producer-resequence-on-retry`: a resequenced retry leaves a hole where its first
   * sequences were, which no batch will fill; start the partition's sequences again (epoch bump).
   */
  resetAfterGap(tp: string): void {
    this.requestEpochBump(tp);
  }

  /** Next sequence and last acknowledged sequence of a partition (for tests and traces). */
  sequenceState(tp: string): { nextSequence: number; lastAckedSequence: number; inflight: number } | undefined {
    const entry = this.entries.get(tp);
    return entry && { nextSequence: entry.nextSequence, lastAckedSequence: entry.lastAckedSequence, inflight: entry.inflight.length };
  }

  private startSequencesAtBeginning(tp: string): void {
    const entry = this.entry(tp);
    let sequence = 0;
    for (const batch of entry.inflight) {
      batch.producerId = this.producerId;
      batch.producerEpoch = this.epoch;
      batch.baseSequence = this.hasProducerId() ? sequence : -1;
      batch.sequenceReset = true;
      sequence = addSequence(sequence, batch.recordCount);
    }
    if (!this.hasProducerId()) entry.inflight = [];
    entry.producerId = this.producerId;
    entry.epoch = this.epoch;
    entry.nextSequence = sequence;
    entry.lastAckedSequence = -1;
  }

  private requestEpochBump(tp: string): void {
    this.toRewrite.add(tp);
    this.epochBumpRequired = true;
  }

  /** Kafka's `TransactionManager.isNextSequence` (plain int arithmetic, as in Java). */
  private isNextSequence(tp: string, sequence: number): boolean {
    const entry = this.entries.get(tp);
    const lastAcked = entry ? entry.lastAckedSequence : -1;
    return sequence - lastAcked === 1;
  }

  private removeInflight(entry: PartitionEntry, batch: ProducerBatch): void {
    const i = entry.inflight.indexOf(batch);
    if (i >= 0) entry.inflight.splice(i, 1);
  }

  private entry(tp: string): PartitionEntry {
    let entry = this.entries.get(tp);
    if (!entry) {
      entry = { producerId: this.producerId, epoch: this.epoch, nextSequence: 0, lastAckedSequence: -1, inflight: [] };
      this.entries.set(tp, entry);
    }
    return entry;
  }
}
