import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FinalRecord } from "../../../src/check/history/index.js";
import { nonZero, Story } from "./fixture.js";

const SETTINGS = { seed: 7, numRuns: 100 };

const recordArbitrary = fc.record({
  /** A gap before the record: offsets may be sparse (transaction markers). */
  gap: fc.boolean(),
  /** How the producer learned the outcome: an offset, DUPLICATE_SEQUENCE_NUMBER, or a timeout. */
  answer: fc.constantFrom("offset", "offset", "offset", "duplicate-sequence", "unknown"),
  acks: fc.constantFrom("1" as const, "all" as const),
  producer: fc.integer({ min: 1, max: 3 }),
});

const clusterArbitrary = fc.array(
  fc.record({
    records: fc.array(recordArbitrary, { maxLength: 25 }),
    batches: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
  }),
  { minLength: 1, maxLength: 3 },
);

type Cluster = typeof clusterArbitrary extends fc.Arbitrary<infer T> ? T : never;

/**
 * A correct run: sequential appends, each partition read contiguously to the end by one consumer
 * in batches, every record processed once and committed after its batch.
 */
function correctRun(cluster: Cluster): { story: Story; logs: FinalRecord[][]; acked: [number, number][] } {
  const story = new Story();
  const logs: FinalRecord[][] = [];
  const acked: [number, number][] = [];
  cluster.forEach(({ records }, partition) => {
    const log: FinalRecord[] = [];
    let offset = 0;
    for (const record of records) {
      offset += record.gap ? 2 : 1;
      const value = `p${record.producer}-${partition}-${log.length}`;
      log.push({ offset, value, leaderEpoch: 0 });
      if (record.answer === "offset") story.send(value, { offset, partition, acks: record.acks, process: `p${record.producer}#1` });
      if (record.answer === "duplicate-sequence")
        story.send(value, { partition, acks: record.acks, process: `p${record.producer}#1`, error: "DUPLICATE_SEQUENCE_NUMBER" });
      if (record.answer === "unknown") story.send(value, { partition, outcome: "unknown", error: "REQUEST_TIMED_OUT", process: `p${record.producer}#1` });
      if (record.answer !== "unknown") acked.push([partition, log.length - 1]);
    }
    logs.push(log);
  });
  cluster.forEach(({ batches }, partition) => {
    const log = logs[partition]!;
    const process = `g1-${(partition % 2) + 1}#1`;
    story.assign(process, [partition]);
    story.reset(process, 0, "earliest", "g1", partition);
    for (let start = 0, batch = 0; start < log.length; batch++) {
      const chunk = log.slice(start, start + batches[batch % batches.length]!);
      story.poll(
        process,
        chunk.map((record) => [record.offset, record.value]),
        { partition },
      );
      for (const record of chunk) story.process(process, record.offset, record.value, "g1", partition);
      start += chunk.length;
      story.commit(process, chunk[chunk.length - 1]!.offset + 1, "ok", "g1", partition);
    }
  });
  return { story, logs, acked };
}

describe("properties of the history checker (Reference: docs/anomalies.md)", () => {
  it("a correct history (sequential appends, contiguous polls, everything consumed) has no anomaly", () => {
    fc.assert(
      fc.property(clusterArbitrary, (cluster) => {
        const { story, logs } = correctRun(cluster);
        logs.forEach((log, partition) => story.final(log, { partition }));
        expect(nonZero(story.analyse())).toEqual({});
      }),
      SETTINGS,
    );
  });

  it("Reference: docs/anomalies.md lost-write — deleting one acknowledged record from the final log yields exactly one lost-write", () => {
    const withAck = clusterArbitrary.filter((cluster) => cluster.some(({ records }) => records.some((record) => record.answer !== "unknown")));
    fc.assert(
      fc.property(withAck, fc.nat(), (cluster, pick) => {
        const { story, logs, acked } = correctRun(cluster);
        const [victimPartition, victimIndex] = acked[pick % acked.length]!;
        const victim = logs[victimPartition]![victimIndex]!;
        logs.forEach((log, partition) => {
          story.final(partition === victimPartition ? log.filter((record) => record !== victim) : log, { partition });
        });
        const analysis = story.analyse();
        expect(nonZero(analysis)).toEqual({ "lost-write": 1 });
        expect(analysis.anomalies[0]).toMatchObject({ type: "lost-write", value: victim.value });
      }),
      SETTINGS,
    );
  });
});
