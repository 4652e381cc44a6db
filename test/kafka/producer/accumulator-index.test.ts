import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordAccumulator, type DrainGate } from "../../../src/kafka/producer/accumulator.js";
import type { ProducerBatch } from "../../../src/kafka/producer/batch.js";
import { DeadlineHeap } from "../../../src/kafka/producer/deadline-heap.js";
import { ms } from "../../../src/sim/time.js";

/**
 * The accumulator keeps the non-empty queues and a heap of queue heads by creation time so that a
 * sender wake-up walks only the partitions with batches (as Kafka's RecordAccumulator.ready walks
 * only deques that hold one). These tests check, over random operation sequences, that heads(),
 * oldestCreatedUs(), size() and expire() answer exactly what a full scan of every queue answers.
 */

const TOPICS = ["a", "b"];
const PARTITIONS = 4;
const DELIVERY_TIMEOUT = ms(15);

type Op =
  | { k: "append"; topic: number; partition: number; bytes: number }
  | { k: "drain"; topic: number; from: number; count: number }
  | { k: "reenqueue"; pick: number; inSequenceOrder: boolean }
  | { k: "expire" }
  | { k: "advance"; byMs: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ k: fc.constant("append" as const), topic: fc.nat(1), partition: fc.nat(PARTITIONS - 1), bytes: fc.integer({ min: 1, max: 60 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant("drain" as const), topic: fc.nat(1), from: fc.nat(PARTITIONS - 1), count: fc.integer({ min: 1, max: PARTITIONS }) }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("reenqueue" as const), pick: fc.nat(20), inSequenceOrder: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ k: "expire" as const }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("advance" as const), byMs: fc.integer({ min: 0, max: 15 }) }) },
);

/** What a walk over every queue in (topic, partition) order sees. */
function fullScan(acc: RecordAccumulator): { heads: ProducerBatch[]; oldest: number | undefined; size: number } {
  const heads: ProducerBatch[] = [];
  let size = 0;
  for (const topic of TOPICS) {
    for (let p = 0; p < PARTITIONS; p++) {
      const batches = acc.batchesOf(topic, p);
      size += batches.length;
      if (batches[0]) heads.push(batches[0]);
    }
  }
  const oldest = heads.length === 0 ? undefined : Math.min(...heads.map((b) => b.createdUs));
  return { heads, oldest, size };
}

function expectedExpiry(acc: RecordAccumulator, now: number): ProducerBatch[] {
  const out: ProducerBatch[] = [];
  for (const topic of TOPICS) {
    for (let p = 0; p < PARTITIONS; p++) {
      for (const b of acc.batchesOf(topic, p)) {
        if (!b.expired(now, DELIVERY_TIMEOUT)) break;
        out.push(b);
      }
    }
  }
  return out;
}

/**
 * What Kafka's drainBatchesForOneNode takes: every partition of the node stepped through from the
 * node's drain index (empty ones only move the index), the head of each that is not backing off,
 * up to max.request.size. Returns the batches and the index it leaves.
 */
function expectedDrain(
  acc: RecordAccumulator,
  parts: readonly { topic: string; partition: number }[],
  startIndex: number,
  now: number,
  maxRequestSize: number,
): { batches: ProducerBatch[]; index: number } {
  const batches: ProducerBatch[] = [];
  let index = startIndex % parts.length;
  let last = index;
  let size = 0;
  for (let n = 0; n < parts.length; n++) {
    const p = parts[index]!;
    last = index;
    index = (index + 1) % parts.length;
    const first = acc.batchesOf(p.topic, p.partition)[0];
    if (!first) continue;
    if (first.attempts > 0 && now - first.lastAttemptUs < first.backoffUs) continue;
    if (size + first.sizeBytes > maxRequestSize && batches.length > 0) break;
    size += first.sizeBytes;
    batches.push(first);
  }
  return { batches, index: last };
}

/** Runs the operations, checking every step against a full scan; returns how many batches expired. */
function runOps(ops: readonly Op[]): number {
  let expiredCount = 0;
  const acc = new RecordAccumulator({ batchSize: 100, lingerUs: ms(5), maxRequestSize: 250 });
  const sequences = new Map<string, number>();
  const gate: DrainGate = {
    shouldStop: () => false,
    onDrain: (b) => {
      if (b.hasSequence) return;
      const next = sequences.get(b.tp) ?? 0;
      b.baseSequence = next;
      sequences.set(b.tp, next + b.recordCount);
    },
  };
  const drained: ProducerBatch[] = [];
  const drainIndex = new Map<string, number>();
  let now = 0;
  let sendId = 0;
  for (const op of ops) {
    switch (op.k) {
      case "append":
        acc.append(TOPICS[op.topic]!, op.partition, { sendId: sendId++, record: { key: null, value: "x".repeat(op.bytes), timestampUs: now } }, now);
        break;
      case "drain": {
        const parts = Array.from({ length: op.count }, (_, i) => ({ topic: TOPICS[op.topic]!, partition: (op.from + i) % PARTITIONS, leaderEpoch: 0 }));
        const node = `n${op.topic}`;
        const expected = expectedDrain(acc, parts, drainIndex.get(node) ?? 0, now, 250);
        const got = acc.drain(node, parts, now, new Set(), gate);
        expect(got).toEqual(expected.batches);
        drainIndex.set(node, expected.index);
        drained.push(...got);
        break;
      }
      case "reenqueue": {
        if (drained.length === 0) break;
        const [batch] = drained.splice(op.pick % drained.length, 1);
        acc.reenqueue(batch!, now, ms(3), op.inSequenceOrder);
        break;
      }
      case "expire": {
        const expected = expectedExpiry(acc, now);
        expect(acc.expire(now, DELIVERY_TIMEOUT)).toEqual(expected);
        expiredCount += expected.length;
        break;
      }
      case "advance":
        now += ms(op.byMs);
        break;
    }
    const scan = fullScan(acc);
    expect(acc.heads(now, () => 0).map((h) => h.batch)).toEqual(scan.heads);
    expect(acc.oldestCreatedUs()).toBe(scan.oldest);
    expect(acc.size()).toBe(scan.size);
  }
  return expiredCount;
}

describe("RecordAccumulator indexes (Reference: RecordAccumulator.ready / expiredBatches / nextExpiryTimeMs)", () => {
  it("heads, oldest head, size, drain and expiry equal a full scan of every queue over random operation sequences", () => {
    let expired = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 40, maxLength: 120 }), (ops) => {
        expired += runOps(ops);
      }),
      { seed: 11, numRuns: 200 },
    );
    expect(expired).toBeGreaterThan(100); // the sequences do reach the expiry path
  });

  it("a queue drained empty leaves the heads; a retried batch put back in front becomes the head again", () => {
    const acc = new RecordAccumulator({ batchSize: 100, lingerUs: ms(5), maxRequestSize: 1000 });
    acc.append("a", 0, { sendId: 0, record: { key: null, value: "v0", timestampUs: 0 } }, 0);
    acc.append("a", 2, { sendId: 1, record: { key: null, value: "v1", timestampUs: 0 } }, ms(1));
    const [first] = acc.drain("n", [{ topic: "a", partition: 0, leaderEpoch: 0 }], ms(10), new Set(), { shouldStop: () => false, onDrain: () => {} });
    expect(acc.heads(ms(10), () => 0).map((h) => h.batch.partition)).toEqual([2]);
    expect(acc.oldestCreatedUs()).toBe(ms(1));
    acc.reenqueue(first!, ms(11), ms(100), false);
    expect(acc.heads(ms(11), () => 0).map((h) => h.batch.partition)).toEqual([0, 2]);
    expect(acc.oldestCreatedUs()).toBe(0);
  });
});

describe("DeadlineHeap", () => {
  it("minKey over the live items equals the minimum of a plain list, with items dying at random", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.nat(30)), { maxLength: 200 }), (steps) => {
        const heap = new DeadlineHeap<{ id: number }>();
        const live = new Map<{ id: number }, number>();
        let id = 0;
        for (const [key, kill, pick] of steps) {
          if (kill && live.size > 0) live.delete([...live.keys()][pick % live.size]!);
          else {
            const item = { id: id++ };
            live.set(item, key);
            heap.push(key, item);
          }
          const expected = live.size === 0 ? Infinity : Math.min(...live.values());
          expect(heap.minKey((item) => live.has(item))).toBe(expected);
        }
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
