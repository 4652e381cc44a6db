import { describe, expect, it } from "vitest";
import { ANOMALY_TYPES, analyseHistory, benchHistory, seconds } from "../../../src/check/history/index.js";
import { nonZero, records, Story } from "./fixture.js";

describe("the analysis result", () => {
  it("counts every anomaly type, 0 when none, and client outcomes, errors and latencies", () => {
    const story = new Story();
    story.send("a", { offset: 0, atMs: 1, doneMs: 3 });
    story.send("b", { outcome: "failed", error: "NOT_ENOUGH_REPLICAS" });
    story.send("c", { outcome: "unknown", error: "REQUEST_TIMED_OUT" });
    story.send("d", { acks: "0", atMs: 10, doneMs: 10 });
    story.send("e", { outcome: "failed", error: "NOT_ENOUGH_REPLICAS" });
    story.poll("g1-1#1", records(["a"]));
    story.process("g1-1#1", 0, "a");
    story.commit("g1-1#1", 1);
    story.final(["a"]);
    const analysis = story.analyse();
    expect(Object.keys(analysis.counts)).toEqual([...ANOMALY_TYPES]);
    expect(nonZero(analysis)).toEqual({});
    expect(analysis.clientMetrics).toEqual({ produced: 5, acked: 2, failed: 2, unknown: 1, consumed: 1, processed: 1 });
    expect(analysis.errors).toEqual({ NOT_ENOUGH_REPLICAS: 2, REQUEST_TIMED_OUT: 1 });
    expect(analysis.produceLatenciesUs).toEqual([2000, 0]);
  });

  it("counts every anomaly but keeps at most capPerType, most telling first (acks=all losses before acks=1)", () => {
    const story = new Story();
    for (let offset = 0; offset < 30; offset++) story.send(`v${offset}`, { offset, acks: offset === 25 ? "all" : "1" });
    story.final([]);
    const analysis = story.analyse({ capPerType: 5 });
    expect(analysis.counts["lost-write"]).toBe(30);
    expect(analysis.anomalies.map((anomaly) => anomaly.value)).toEqual(["v25", "v0", "v1", "v2", "v3"]);
    expect(story.analyse({ capPerType: 0 }).anomalies).toEqual([]);
    expect(() => story.analyse({ capPerType: -1 })).toThrow(/capPerType/);
  });

  it("explanations quote the nearest relevant cluster events, whatever order the timeline came in", () => {
    const story = new Story();
    story.send("a", { offset: 0, acks: "1", atMs: 1000, doneMs: 1002 });
    story.event(9000, "leader-change", "broker-2 became leader of orders-0", { partition: "orders-0" });
    story.event(1004, "fault", "broker-1 crashed", { broker: "broker-1" });
    story.event(1005, "fault", "broker-9 crashed", { broker: "broker-9" });
    story.timeline.push({ atUs: 1_005_500, kind: "fault", text: "broker-8 paused", node: "broker-8" });
    story.event(1006, "isr-change", "ISR of orders-1 shrank to {broker-3}", { partition: "orders-1" });
    story.final([]);
    const [lost] = story.analyse().anomalies;
    expect(lost!.explanation).toMatch(/then: 1\.004s broker-1 crashed; 9\.000s broker-2 became leader of orders-0$/);
  });

  it("writes times in seconds", () => {
    expect(seconds(5_002_000)).toBe("5.002s");
    expect(seconds(0)).toBe("0.000s");
    expect(seconds(1_500)).toBe("0.001500s");
  });

  it("subscriptions can be declared instead of derived from the history", () => {
    const story = new Story();
    story.send("a", { offset: 0 });
    story.final(["a"]);
    expect(nonZero(story.analyse({ subscriptions: { g1: ["orders"] } }))).toEqual({ unseen: 1 });
  });

  it("benchHistory builds a correct synthetic history of about n operations", () => {
    const input = benchHistory(10_000);
    expect(Math.abs(input.history.length - 10_000)).toBeLessThan(50);
    const analysis = analyseHistory(input);
    expect(nonZero(analysis)).toEqual({});
    expect(analysis.clientMetrics.consumed).toBe(analysis.clientMetrics.produced);
    expect(analysis.clientMetrics.processed).toBe(analysis.clientMetrics.produced);
  });
});
