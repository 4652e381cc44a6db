/**
 * The timeline keeps at most 40 lines of one record type (faults and the drain excepted) and 600
 * in all; the rest are counted as dropped, and a dropped record's text is never built (a topic of
 * 1,000 partitions traces thousands of become-follower records: issue 11).
 */
import { describe, expect, it } from "vitest";
import { TimelineCollector } from "../../../src/scenario/runner/timeline.js";
import type { TraceRecord } from "../../../src/sim/trace.js";

describe("TimelineCollector", () => {
  it("caps each record type at 40 lines, counts the rest as dropped and reads no field of a dropped record", () => {
    const timeline = new TimelineCollector();
    let reads = 0;
    for (let i = 0; i < 100; i++) {
      const record = { atUs: i, type: "become-follower", node: "broker-1", topic: "orders", partition: i, leader: 2 } as TraceRecord;
      Object.defineProperty(record, "leaderEpoch", { enumerable: true, get: () => (reads++, 3) });
      timeline.onRecord(record);
    }
    expect(timeline.lines).toHaveLength(40);
    expect(timeline.dropped).toBe(60);
    expect(reads).toBe(40);
    expect(timeline.lines[0]).toMatchObject({ kind: "become-follower", partition: "orders-0", text: "broker-1 follows broker-2 for orders-0 in epoch 3" });
    expect(timeline.lines[39]!.partition).toBe("orders-39");
  });

  it("keeps fault lines past the per-type cap and stops at 600 lines in all", () => {
    const timeline = new TimelineCollector();
    for (let i = 0; i < 50; i++) timeline.add({ atUs: i, kind: "fault-crash", text: `crash ${i}` });
    expect(timeline.lines).toHaveLength(50);
    for (let t = 0; t < 20; t++) for (let i = 0; i < 40; i++) timeline.add({ atUs: i, kind: `kind-${t}`, text: `line ${i}` });
    expect(timeline.lines).toHaveLength(600);
    expect(timeline.dropped).toBe(50 + 20 * 40 - 600);
    timeline.onRecord({ atUs: 0, type: "host-start", node: "broker-1", incarnation: 2 } as unknown as TraceRecord);
    expect(timeline.lines).toHaveLength(600);
    expect(timeline.dropped).toBe(50 + 20 * 40 - 600 + 1);
  });
});
