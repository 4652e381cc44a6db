import { describe, expect, it } from "vitest";
import { clientScopedMetrics, latencyMetrics } from "../../../src/check/metrics/client-metrics.js";
import { isScopedMetric, isTimeMetric, parseMetricName, requestedPercentiles } from "../../../src/check/metrics/names.js";
import { nearestRank } from "../../../src/check/metrics/percentile.js";
import type { HistoryOp, SendOp } from "../../../src/kafka/history.js";

let nextId = 0;
function send(producer: string, invokeUs: number, completeUs: number | undefined, outcome: SendOp["outcome"], error?: string, lastError?: string): SendOp {
  const op: SendOp = {
    kind: "send",
    id: nextId++,
    process: `${producer}#1`,
    producer,
    topic: "orders",
    partition: 0,
    key: null,
    value: `${producer}-${nextId}`,
    invokeUs,
    outcome,
    acks: "all",
  };
  if (completeUs !== undefined) op.completeUs = completeUs;
  if (error !== undefined) op.error = error;
  if (lastError !== undefined) op.lastError = lastError;
  return op;
}

describe("nearest-rank percentiles (docs/metrics.md)", () => {
  it("the p-th percentile of n values is the value at rank ceil(p/100 × n)", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(values, 50)).toBe(50);
    expect(nearestRank(values, 99)).toBe(99);
    expect(nearestRank(values, 100)).toBe(100);
    expect(nearestRank(values, 0)).toBe(1);
    expect(nearestRank([7, 9], 50)).toBe(7);
    expect(nearestRank([7, 9], 51)).toBe(9);
    expect(nearestRank([], 50)).toBeNull();
  });
});

describe("client-scoped metrics: latency of acknowledged sends and errors per client", () => {
  it("latency.* counts acknowledged sends only, per producer and over all, in ms", () => {
    const history: HistoryOp[] = [
      send("p1", 0, 2_000, "ok"),
      send("p1", 0, 4_000, "ok"),
      send("p1", 0, 9_000_000, "failed", "NOT_ENOUGH_REPLICAS"),
      send("p1", 0, undefined, "unknown"),
      send("p2", 1_000, 1_001_000, "ok"),
    ];
    const { metrics } = clientScopedMetrics(history, new Map());
    expect(metrics["latency.p50"]).toBe(4);
    expect(metrics["latency.p99"]).toBe(1000);
    expect(metrics["latency.max"]).toBe(1000);
    expect(metrics["latency.p1.p50"]).toBe(2);
    expect(metrics["latency.p1.max"]).toBe(4);
    expect(metrics["latency.p2.p99"]).toBe(1000);
  });

  it("without an acknowledged send there is no latency metric (not a misleading 0)", () => {
    const { metrics } = clientScopedMetrics([send("p1", 0, 5_000, "failed", "NOT_ENOUGH_REPLICAS")], new Map());
    expect(Object.keys(metrics).filter((name) => name.startsWith("latency"))).toEqual([]);
  });

  it("asked percentiles are computed too (latency.p95, latency.p99.9)", () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) * 1000);
    expect(latencyMetrics("latency", values, [95, 99.9])).toEqual({ "latency.p95": 950, "latency.p99.9": 999, "latency.max": 1000 });
  });

  it("errors.<client>.X: a group's offset commit timing out does not count for a producer (issue: errors met by unrelated events)", () => {
    const history: HistoryOp[] = [
      send("p1", 0, 3_000, "failed", "NOT_ENOUGH_REPLICAS"),
      send("p1", 0, 120_000_000, "unknown", "DELIVERY_TIMEOUT", "REQUEST_TIMED_OUT"),
      {
        kind: "commit",
        id: nextId++,
        process: "g1-1#1",
        group: "g1",
        consumer: "g1-1",
        invokeUs: 0,
        completeUs: 30_000_000,
        offsets: [],
        outcome: "failed",
        error: "REQUEST_TIMED_OUT",
      },
    ];
    // p1 saw NOT_ENOUGH_REPLICAS on three retried attempts (more than the one final error).
    const retried = new Map([["p1", new Map([["NOT_ENOUGH_REPLICAS", 3]])]]);
    const { metrics } = clientScopedMetrics(history, retried);
    expect(metrics["errors.p1.NOT_ENOUGH_REPLICAS"]).toBe(3);
    expect(metrics["errors.p1.DELIVERY_TIMEOUT"]).toBe(1);
    expect(metrics["errors.p1.REQUEST_TIMED_OUT"]).toBe(1);
    expect(metrics["errors.g1.REQUEST_TIMED_OUT"]).toBe(1);
    expect(metrics["errors.g1.NOT_ENOUGH_REPLICAS"]).toBeUndefined();
  });
});

describe("metric names", () => {
  it("parses the time and scoped forms and leaves anomalies, outcomes and invariants alone", () => {
    expect(parseMetricName("downtime")).toEqual({ form: "downtime", base: "downtime" });
    expect(parseMetricName("write-downtime.orders-12")).toEqual({ form: "downtime", base: "write-downtime", partition: { topic: "orders", index: 12 } });
    expect(parseMetricName("downtime.my.topic-0")).toEqual({ form: "downtime", base: "downtime", partition: { topic: "my.topic", index: 0 } });
    expect(parseMetricName("latency.p99")).toEqual({ form: "latency", stat: { percentile: 99 } });
    expect(parseMetricName("latency.p99.9")).toEqual({ form: "latency", stat: { percentile: 99.9 } });
    expect(parseMetricName("latency.p1.p99")).toEqual({ form: "latency", client: "p1", stat: { percentile: 99 } });
    expect(parseMetricName("latency.p1.max")).toEqual({ form: "latency", client: "p1", stat: "max" });
    expect(parseMetricName("latency.p101")).toBeUndefined();
    expect(parseMetricName("errors.REQUEST_TIMED_OUT")).toEqual({ form: "errors", error: "REQUEST_TIMED_OUT" });
    expect(parseMetricName("errors.p1.REQUEST_TIMED_OUT")).toEqual({ form: "errors", client: "p1", error: "REQUEST_TIMED_OUT" });
    for (const name of ["lost-write", "acked", "unreadable", "single-leader-per-epoch", "downtimes"]) expect(parseMetricName(name)).toBeUndefined();
    expect(isTimeMetric("latency.p1.p50")).toBe(true);
    expect(isTimeMetric("errors.p1.X")).toBe(false);
    expect(isScopedMetric("downtime")).toBe(false);
    expect(isScopedMetric("downtime.orders-0")).toBe(true);
    expect(isScopedMetric("errors.g1.NOT_COORDINATOR")).toBe(true);
    expect(requestedPercentiles(["latency.p95", "latency.p1.p99.9", "lost-write"])).toEqual([50, 95, 99, 99.9]);
  });
});

describe("metric names with client names that hold dots (client names allow `.`)", () => {
  it("reads the statistic and the error from the end", () => {
    expect(parseMetricName("latency.p1.eu.p99")).toEqual({ form: "latency", client: "p1.eu", stat: { percentile: 99 } });
    expect(parseMetricName("latency.p1.eu.p99.9")).toEqual({ form: "latency", client: "p1.eu", stat: { percentile: 99.9 } });
    expect(parseMetricName("errors.p1.eu.NOT_ENOUGH_REPLICAS")).toEqual({ form: "errors", client: "p1.eu", error: "NOT_ENOUGH_REPLICAS" });
  });
});
