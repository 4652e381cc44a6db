/**
 * The record accumulator, as in Kafka's Java producer (`RecordAccumulator`): one queue of batches
 * per partition. `send()` appends to the last open batch of its partition, or opens a new one when
 * the record does not fit under `batch.size`. The sender asks which partition heads are sendable
 * (full, lingered for `linger.ms`, or done backing off after a retry) and drains, per leader, the
 * head batch of each of its partitions into one Produce request.
 *
 * Retries go back to the queue: at the front for a plain producer (so a retried batch can overtake
 * or fall behind others — docs/kafka-rules.md §5.4 "Reordering"), in sequence order for an idempotent
 * one.
 */
import type { Micros } from "../../sim/time.js";
import { tpName } from "../protocol/records.js";
import { ProducerBatch, type PendingRecord } from "./batch.js";
import { DeadlineHeap } from "./deadline-heap.js";

/** Idempotence hooks on draining (Kafka's `shouldStopDrainBatchesForPartition` and sequence stamping). */
export interface DrainGate {
  /** True when this partition's head must not be drained now; stops draining the node (Kafka breaks). */
  shouldStop(first: ProducerBatch): boolean;
  /** Called for every drained batch before it is sent (assigns producer id, epoch, sequence). */
  onDrain(batch: ProducerBatch): void;
}

/** Whether a partition's head batch can go now, and if not, when to look again. */
export interface HeadState {
  batch: ProducerBatch;
  sendable: boolean;
  backingOff: boolean;
  /** When the head becomes sendable by time alone (undefined when sendable now). */
  readyAtUs: Micros | undefined;
}

export interface AccumulatorSettings {
  batchSize: number;
  lingerUs: Micros;
  /** `max.request.size`: bytes per Produce request (a single larger batch still goes alone). */
  maxRequestSize: number;
}

interface PartitionQueue {
  topic: string;
  partition: number;
  key: string;
  batches: ProducerBatch[];
  /** In `nonEmpty` (exactly when `batches` is not empty). */
  listed: boolean;
}

/** A queue head as it was pushed into the expiry heap; stale once the queue's head is another batch. */
interface HeadEntry {
  queue: PartitionQueue;
  batch: ProducerBatch;
}

export class RecordAccumulator {
  private readonly queues = new Map<string, PartitionQueue>();
  /**
   * The non-empty queues in (topic, partition) order: what a sender wake-up walks, so that its cost
   * follows the partitions with batches, not the partitions ever written (Kafka's
   * `RecordAccumulator.ready` walks only the deques that hold a batch).
   */
  private readonly nonEmpty: PartitionQueue[] = [];
  /** Queue heads by creation time (the delivery-timeout deadline), lazily pruned. */
  private readonly headHeap = new DeadlineHeap<HeadEntry>();
  private readonly drainIndex = new Map<string, number>();
  /**
   * Position of each partition in a node's partition list, per list (the sender passes the list
   * `ProducerMetadata.partitionsForNode` keeps until the metadata changes). Only looked up, never
   * iterated, so the WeakMap's lack of order cannot matter.
   */
  private readonly positionsOf = new WeakMap<readonly { topic: string; partition: number }[], Map<string, number>>();
  /** What {@link heads} returns, and its entries: reused by every call. */
  private readonly headList: HeadState[] = [];
  private readonly headPool: HeadState[] = [];

  constructor(private readonly settings: AccumulatorSettings) {}

  /** Appends a record; returns its batch and whether a new batch had to be opened. */
  append(topic: string, partition: number, pending: PendingRecord, nowUs: Micros): { batch: ProducerBatch; created: boolean } {
    const queue = this.queue(topic, partition);
    const last = queue.batches[queue.batches.length - 1];
    if (last && last.fits(pending.record, this.settings.batchSize)) {
      last.add(pending);
      return { batch: last, created: false };
    }
    if (last) last.closed = true;
    const batch = new ProducerBatch(topic, partition, tpName(topic, partition), nowUs);
    batch.add(pending);
    queue.batches.push(batch);
    if (!last) this.headChanged(queue);
    return { batch, created: true };
  }

  /** Puts a failed batch back for a retry after `backoffUs` (Kafka's `reenqueue`). */
  reenqueue(batch: ProducerBatch, nowUs: Micros, backoffUs: Micros, inSequenceOrder: boolean): void {
    batch.attempts++;
    batch.lastAttemptUs = nowUs;
    batch.backoffUs = backoffUs;
    batch.inFlight = false;
    batch.closed = true;
    const queue = this.queue(batch.topic, batch.partition);
    const batches = queue.batches;
    if (!inSequenceOrder) {
      batches.unshift(batch);
      this.headChanged(queue);
      return;
    }
    // Before the first batch that has a higher sequence or none yet (new batches come last).
    let i = 0;
    while (i < batches.length && batches[i]!.hasSequence && batches[i]!.baseSequence < batch.baseSequence) i++;
    batches.splice(i, 0, batch);
    if (i === 0) this.headChanged(queue);
  }

  /**
   * Head batch of each non-empty partition queue, sorted by (topic, partition). The list and its
   * entries are the accumulator's own, rewritten by the next call (the sender asks on every
   * wake-up): read them before calling again, keep none.
   */
  heads(nowUs: Micros, leaderEpoch: (topic: string, partition: number) => number): readonly HeadState[] {
    const out = this.headList;
    const nonEmpty = this.nonEmpty;
    out.length = nonEmpty.length;
    for (let i = 0; i < nonEmpty.length; i++) {
      const queue = nonEmpty[i]!;
      const head = queue.batches[0]!;
      const state = (this.headPool[i] ??= { batch: head, sendable: false, backingOff: false, readyAtUs: undefined });
      this.headState(state, head, queue.batches.length, nowUs, leaderEpoch(queue.topic, queue.partition));
      out[i] = state;
    }
    return out;
  }

  /**
   * Drains one request's worth of batches for a leader: the head of each given partition, starting
   * where the last drain for this node stopped (Kafka's per-node drain index, against starvation).
   * Kafka's `drainBatchesForOneNode` steps through every partition of the node from the drain
   * index; an empty one only moves the index on. Here only the partitions that hold a batch are
   * visited, in the same rotation, and the index ends where that walk would have left it.
   */
  drain(
    node: string,
    partitions: readonly { topic: string; partition: number; leaderEpoch: number }[],
    nowUs: Micros,
    muted: ReadonlySet<string>,
    gate: DrainGate,
  ): ProducerBatch[] {
    const drained: ProducerBatch[] = [];
    const n = partitions.length;
    if (n === 0) return drained;
    const start = (this.drainIndex.get(node) ?? 0) % n;
    let size = 0;
    let stoppedAt = -1;
    for (const index of this.rotation(partitions, start)) {
      const p = partitions[index]!;
      const queue = this.queues.get(tpName(p.topic, p.partition))!;
      const first = queue.batches[0];
      if (!first || muted.has(queue.key)) continue;
      if (this.backingOff(first, nowUs, p.leaderEpoch)) continue;
      if ((size + first.sizeBytes > this.settings.maxRequestSize && drained.length > 0) || gate.shouldStop(first)) {
        stoppedAt = index;
        break;
      }
      queue.batches.shift();
      this.headChanged(queue);
      first.closed = true;
      gate.onDrain(first);
      size += first.sizeBytes;
      drained.push(first);
    }
    // A full walk leaves the index on the last partition it stepped on; a stop, on the stopping one.
    this.drainIndex.set(node, stoppedAt >= 0 ? stoppedAt : (start + n - 1) % n);
    return drained;
  }

  /**
   * Indexes into `partitions` of the partitions whose queue holds a batch, in drain order from
   * `start` (wrapping). Looks up each non-empty queue, or walks the list when that is shorter.
   */
  private rotation(partitions: readonly { topic: string; partition: number }[], start: number): number[] {
    const found: number[] = [];
    if (this.nonEmpty.length >= partitions.length) {
      for (let i = 0; i < partitions.length; i++) {
        const q = this.queues.get(tpName(partitions[i]!.topic, partitions[i]!.partition));
        if (q?.listed) found.push(i);
      }
    } else {
      let positions = this.positionsOf.get(partitions);
      if (!positions) {
        positions = new Map(partitions.map((p, i) => [tpName(p.topic, p.partition), i]));
        this.positionsOf.set(partitions, positions);
      }
      for (const q of this.nonEmpty) {
        const i = positions.get(q.key);
        if (i !== undefined) found.push(i);
      }
      found.sort((a, b) => a - b);
    }
    let split = 0;
    while (split < found.length && found[split]! < start) split++;
    return split === 0 ? found : found.slice(split).concat(found.slice(0, split));
  }

  /** Removes and returns every queued batch that reached `delivery.timeout.ms` (from each head on). */
  expire(nowUs: Micros, deliveryTimeoutUs: Micros): ProducerBatch[] {
    const expired: ProducerBatch[] = [];
    // Nothing to do until the oldest head's deadline (heads are the only batches expiry looks at).
    const oldest = this.oldestCreatedUs();
    if (oldest === undefined || nowUs - oldest < deliveryTimeoutUs) return expired;
    for (const queue of [...this.nonEmpty]) {
      const batches = queue.batches;
      const before = expired.length;
      while (batches.length > 0 && batches[0]!.expired(nowUs, deliveryTimeoutUs)) expired.push(batches.shift()!);
      if (expired.length > before) this.headChanged(queue);
    }
    return expired;
  }

  /**
   * Earliest creation time among the queue heads (for the next expiry check). Like Kafka's
   * RecordAccumulator (nextBatchExpiryTimeMs), expiry looks at each queue's head only, so the wake-up
   * must too: a deadline no expiry pass would act on would wake the sender at once, forever.
   */
  oldestCreatedUs(): Micros | undefined {
    const oldest = this.headHeap.minKey((e) => e.queue.batches[0] === e.batch);
    return oldest === Infinity ? undefined : oldest;
  }

  /** Queued batches of one partition, head first (live; do not mutate). */
  batchesOf(topic: string, partition: number): readonly ProducerBatch[] {
    return this.queues.get(tpName(topic, partition))?.batches ?? [];
  }

  /** Number of queued batches. */
  size(): number {
    let n = 0;
    for (const queue of this.nonEmpty) n += queue.batches.length;
    return n;
  }

  /** Writes into `state` whether `head` can go now (Kafka's RecordAccumulator.ready per partition), and if not, when. */
  private headState(state: HeadState, head: ProducerBatch, queueLength: number, nowUs: Micros, leaderEpoch: number): void {
    const waited = Math.max(0, nowUs - head.lastAttemptUs);
    const backingOff = this.backingOff(head, nowUs, leaderEpoch);
    const timeToWait = backingOff ? head.backoffUs : this.settings.lingerUs;
    const full = queueLength > 1 || head.isFull(this.settings.batchSize);
    const sendable = !backingOff && (full || waited >= timeToWait);
    state.batch = head;
    state.sendable = sendable;
    state.backingOff = backingOff;
    state.readyAtUs = sendable ? undefined : head.lastAttemptUs + timeToWait;
  }

  /** A retried head waits out its retry backoff, unless its partition's leader changed since it was sent. */
  private backingOff(head: ProducerBatch, nowUs: Micros, leaderEpoch: number): boolean {
    if (head.attempts === 0) return false;
    const waited = Math.max(0, nowUs - head.lastAttemptUs);
    const leaderChanged = leaderEpoch > head.sentLeaderEpoch && head.sentLeaderEpoch >= 0;
    return waited < head.backoffUs && !leaderChanged;
  }

  private queue(topic: string, partition: number): PartitionQueue {
    const key = tpName(topic, partition);
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { topic, partition, key, batches: [], listed: false };
      this.queues.set(key, queue);
    }
    return queue;
  }

  /**
   * After a queue's head may have changed: keeps `nonEmpty` (sorted by topic, partition; binary
   * search) and the expiry heap in step. Dead heap entries are dropped when they surface, and the
   * heap is rebuilt from the live heads when they outnumber them (a head stuck for a long time
   * keeps the newer dead entries below it).
   */
  private headChanged(queue: PartitionQueue): void {
    const head = queue.batches[0];
    if (head && !queue.listed) {
      this.nonEmpty.splice(this.position(queue), 0, queue);
      queue.listed = true;
    } else if (!head && queue.listed) {
      this.nonEmpty.splice(this.position(queue), 1);
      queue.listed = false;
    }
    if (!head) return;
    if (this.headHeap.size > 2 * this.nonEmpty.length + 64) {
      this.headHeap.clear();
      for (const q of this.nonEmpty) this.headHeap.push(q.batches[0]!.createdUs, { queue: q, batch: q.batches[0]! });
    } else {
      this.headHeap.push(head.createdUs, { queue, batch: head });
    }
  }

  /** Index of `queue` in `nonEmpty`, or where it would go. */
  private position(queue: PartitionQueue): number {
    let lo = 0;
    let hi = this.nonEmpty.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareTp(this.nonEmpty[mid]!, queue) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function compareTp(a: { topic: string; partition: number }, b: { topic: string; partition: number }): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}
