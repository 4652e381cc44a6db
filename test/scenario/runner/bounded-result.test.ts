/**
 * Bounded results (issue 11): a result's `series` and `partitions` grow with what happened, not
 * with the cluster. An idle 1,000-partition run keeps a small sample and a summary; partitions a
 * fault names or whose leader changed are always kept; `fullSeries` keeps everything.
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/scenario/run.js";
import { evenSample, faultTargetPartitions, KEEP_ALL_UP_TO, SAMPLE_SIZE } from "../../../src/scenario/runner/bounded-result.js";
import { runToJson } from "../../../src/report/json.js";

const idle = (partitions: number, extra: Record<string, unknown> = {}) => ({
  name: `idle-${partitions}`,
  description: "an idle cluster",
  duration: "10s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 } },
  topics: [{ name: "idle", partitions, "replication-factor": 3 }],
  ...extra,
});

describe("bounded results", () => {
  it("an idle 1,000-partition run keeps a sample of its series and convergence, and counts the rest", () => {
    const result = runScenario(idle(1000), { seed: 1 });
    expect(result.converged).toBe(true);
    expect(result.series.partitions.length).toBe(SAMPLE_SIZE);
    expect(result.series.partitions.map((s) => s.partition)).toEqual(
      evenSample(
        Array.from({ length: 1000 }, (_, i) => `idle-${i}`),
        SAMPLE_SIZE,
      ),
    );
    expect(result.series.summary).toMatchObject({
      total: 1000,
      shown: SAMPLE_SIZE,
      omitted: { partitions: 1000 - SAMPLE_SIZE, leaderChanges: 0, isrSize: { min: 3, max: 3 } },
    });
    expect(result.partitions.length).toBe(SAMPLE_SIZE);
    expect(result.partitionsSummary).toMatchObject({
      total: 1000,
      internal: 0,
      converged: 1000,
      shown: SAMPLE_SIZE,
      omitted: { partitions: 1000 - SAMPLE_SIZE },
    });
    // The JSON is that of a handful of partitions: a tenth of the full result's at most (that one
    // carries 1,000 series and convergence entries), and no larger than a 1-partition run's plus
    // the sample's series.
    const full = runScenario(idle(1000), { seed: 1, fullSeries: true });
    expect(full.traceHash).toBe(result.traceHash);
    const size = JSON.stringify(runToJson(result)).length;
    expect(size * 10).toBeLessThan(JSON.stringify(runToJson(full)).length);
    // Leaving the timeline aside (capped at 600 lines however big the cluster), the result is a
    // 1-partition run's plus the sample's series and two summaries.
    const withoutTimeline = (r: typeof result) => {
      const { timeline, ...rest } = runToJson(r);
      void timeline;
      return JSON.stringify(rest).length;
    };
    const one = runScenario(idle(1), { seed: 1 });
    expect(result.timeline.length).toBeLessThanOrEqual(601);
    expect(withoutTimeline(result)).toBeLessThan(
      withoutTimeline(one) + JSON.stringify(result.series.partitions).length + JSON.stringify(result.partitions).length + 2_000,
    );
  });

  it("fullSeries keeps every partition's series and convergence", () => {
    const result = runScenario(idle(100), { seed: 1, fullSeries: true });
    expect(result.series.partitions.length).toBe(100);
    expect(result.series.summary).toBeUndefined();
    expect(result.partitions.length).toBe(100);
    expect(result.partitionsSummary).toBeUndefined();
  });

  it(`up to ${KEEP_ALL_UP_TO} partitions every partition is kept, as before`, () => {
    const result = runScenario(idle(KEEP_ALL_UP_TO), { seed: 1 });
    expect(result.series.partitions.length).toBe(KEEP_ALL_UP_TO);
    expect(result.partitions.length).toBe(KEEP_ALL_UP_TO);
    expect(result.partitionsSummary).toBeUndefined();
  });

  it("keeps the partition a fault names and every partition whose leader changed (a broker crash)", () => {
    const faults = [{ at: "8s", crash: "leader(idle-41)", "restart-after": "10s" }];
    const bounded = runScenario(idle(100, { faults, duration: "25s" }), { seed: 1 });
    const full = runScenario(idle(100, { faults, duration: "25s" }), { seed: 1, fullSeries: true });
    expect(bounded.traceHash).toBe(full.traceHash);
    const changed = full.series.partitions
      .filter((s) => new Set(s.samples.filter((x) => x[1] >= 0).map((x) => `${x[1]}/${x[2]}`)).size > 1)
      .map((s) => s.partition);
    expect(changed.length).toBeGreaterThan(10);
    const kept = new Set(bounded.series.partitions.map((s) => s.partition));
    expect(kept.has("idle-41")).toBe(true);
    for (const name of changed) expect(kept.has(name), name).toBe(true);
    expect(kept.size).toBeLessThan(100);
    // A kept partition's series is the full run's, sample for sample.
    const fullOf = new Map(full.series.partitions.map((s) => [s.partition, s]));
    for (const s of bounded.series.partitions) expect(s).toEqual(fullOf.get(s.partition));
    expect(bounded.series.summary!.omitted.leaderChanges).toBe(0);
  });

  it("finds leader(...) and followers(...) targets anywhere in a fault", () => {
    const found = faultTargetPartitions([
      {
        kind: "partition",
        atUs: 0,
        groups: [
          { kind: "leader", topic: "a", partition: 1 },
          {
            kind: "list",
            items: [
              { kind: "followers", topic: "b", partition: 2 },
              { kind: "node", name: "broker-1" },
            ],
          },
        ],
        healAfterUs: null,
      },
    ] as never);
    expect([...found].sort()).toEqual(["a-1", "b-2"]);
  });
});
