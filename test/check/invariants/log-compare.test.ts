import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LogCursor } from "../../../src/check/invariants/log-compare.js";
import type { RecordBatch } from "../../../src/kafka/protocol/records.js";

// fast-check prints the seed and path of a failure; rerun with `npx vitest run test/check/invariants/log-compare.test.ts`.
const SETTINGS = { seed: 11, numRuns: 300 };

/** A log as Kafka keeps it (UnifiedLog): batches in offset order, never overlapping, with gaps where offsets were removed. */
const logArbitrary = fc
  .record({
    start: fc.integer({ min: 0, max: 20 }),
    batches: fc.array(fc.record({ gap: fc.integer({ min: 0, max: 3 }), size: fc.integer({ min: 1, max: 5 }) }), { maxLength: 12 }),
  })
  .map(({ start, batches }) => {
    const out: RecordBatch[] = [];
    let offset = start;
    for (const { gap, size } of batches) {
      offset += gap;
      out.push({
        baseOffset: offset,
        partitionLeaderEpoch: 0,
        producerId: -1,
        producerEpoch: 0,
        baseSequence: -1,
        sizeBytes: size,
        records: Array.from({ length: size }, (_, i) => ({ key: null, value: `v${offset + i}`, timestampUs: 0 })),
      });
      offset += size;
    }
    return out;
  });

/** The batch holding an offset, found by looking at every batch. */
const holding = (log: readonly RecordBatch[], offset: number): RecordBatch | null =>
  log.find((b) => b.baseOffset <= offset && offset < b.baseOffset + b.records.length) ?? null;

describe("LogCursor (offset lookups for the replica-agreement invariant; Reference: docs/anomalies.md, cluster invariants)", () => {
  it("finds, for ascending offsets, the batch a full scan finds, and the next offset the log holds", () => {
    fc.assert(
      fc.property(logArbitrary, fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }), fc.integer({ min: 0, max: 25 }), (log, steps, first) => {
        const cursor = new LogCursor(log);
        let offset = first;
        for (const step of steps) {
          offset += step;
          const held = log.map((b) => b.baseOffset).find((base, i) => base + log[i]!.records.length > offset);
          const expectedNext = held === undefined ? -1 : Math.max(held, offset);
          expect(cursor.nextHeld(offset)).toBe(expectedNext);
          expect(cursor.batchAt(offset)).toBe(holding(log, offset));
        }
      }),
      SETTINGS,
    );
  });

  it("finds the same batches from any hint: a valid one, one behind, one ahead, one past the end (position is where a scan stopped)", () => {
    fc.assert(
      fc.property(
        logArbitrary,
        fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: -1, max: 14 }),
        (log, steps, first, hint) => {
          const hinted = new LogCursor(log, hint);
          expect(hinted.position).toBe(hint);
          let offset = first;
          for (const step of steps) {
            offset += step;
            const held = log.map((b) => b.baseOffset).find((base, i) => base + log[i]!.records.length > offset);
            expect(hinted.nextHeld(offset)).toBe(held === undefined ? -1 : Math.max(held, offset));
            expect(hinted.batchAt(offset)).toBe(holding(log, offset));
          }
          // A cursor started where this one stopped finds the same batch for the same offset.
          if (steps.length > 0) expect(new LogCursor(log, hinted.position).batchAt(offset)).toBe(holding(log, offset));
        },
      ),
      SETTINGS,
    );
  });

  it("a hint far behind the offset still finds the batch (falls back to a search)", () => {
    const log = Array.from({ length: 40 }, (_, i): RecordBatch => ({
      baseOffset: i * 2,
      partitionLeaderEpoch: 0,
      producerId: -1,
      producerEpoch: 0,
      baseSequence: -1,
      sizeBytes: 2,
      records: [
        { key: null, value: `v${i * 2}`, timestampUs: 0 },
        { key: null, value: `v${i * 2 + 1}`, timestampUs: 0 },
      ],
    }));
    expect(new LogCursor(log, 0).batchAt(71)).toBe(log[35]);
    expect(new LogCursor(log, 39).batchAt(3)).toBe(log[1]);
    expect(new LogCursor(log, 40).batchAt(79)).toBe(log[39]);
    expect(new LogCursor(log, 40).batchAt(80)).toBeNull();
  });

  it("finds nothing in an empty log", () => {
    const cursor = new LogCursor([]);
    expect(cursor.batchAt(0)).toBeNull();
    expect(cursor.nextHeld(0)).toBe(-1);
  });
});
