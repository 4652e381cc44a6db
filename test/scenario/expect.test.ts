/**
 * `expect` with time thresholds, scoped metrics and renamed metrics (docs/metrics.md).
 */
import { describe, expect, it } from "vitest";
import { canonicalMetric, parseTimeComparison } from "../../src/scenario/expect.js";
import { verdict } from "../../src/scenario/runner/evaluate.js";
import { BASE, load, onlyError } from "./fixture.js";

const withExpect = (...lines: string[]) => [...BASE, "expect:", ...lines];

describe('expect: time thresholds like k6\'s (latency.p99: "< 2s")', () => {
  it("durations become milliseconds; a bare number is milliseconds", () => {
    expect(parseTimeComparison("< 2s")).toEqual({ op: "<", value: 2000 });
    expect(parseTimeComparison("<= 1.5s")).toEqual({ op: "<=", value: 1500 });
    expect(parseTimeComparison(">= 250ms")).toEqual({ op: ">=", value: 250 });
    expect(parseTimeComparison("== 0")).toEqual({ op: "==", value: 0 });
    expect(parseTimeComparison(0)).toEqual({ op: "==", value: 0 });
    expect(parseTimeComparison("> 500us")).toEqual({ op: ">", value: 0.5 });
    expect(parseTimeComparison("< two seconds")).toBeUndefined();
  });

  it("a scenario's expect takes time metrics, per partition and per producer", () => {
    const { scenario } = load(
      withExpect(
        '  downtime: "<= 10s"',
        '  write-downtime.orders-1: "> 0"',
        '  latency.p99: "< 2s"',
        '  latency.p1.p99.9: "< 30s"',
        '  errors.p1.NOT_ENOUGH_REPLICAS: ">= 1"',
        "  errors.g1.REQUEST_TIMED_OUT: 0",
      ),
    );
    expect(scenario.expect.map((e) => [e.metric, e.op, e.value])).toEqual([
      ["downtime", "<=", 10_000],
      ["write-downtime.orders-1", ">", 0],
      ["latency.p99", "<", 2000],
      ["latency.p1.p99.9", "<", 30_000],
      ["errors.p1.NOT_ENOUGH_REPLICAS", ">=", 1],
      ["errors.g1.REQUEST_TIMED_OUT", "==", 0],
    ]);
  });

  it("a unit on a count is an error that says so", () => {
    const error = onlyError(withExpect('  lost-write: "< 2s"'));
    expect(error).toMatchObject({ line: 19, path: "expect.lost-write", message: "not a comparison" });
    expect(error.hint).toContain("is a count, not a time");
  });

  it("an unknown metric is an error with a suggestion", () => {
    expect(onlyError(withExpect("  downtme: 0"))).toMatchObject({ line: 19, message: 'unknown metric "downtme"', hint: 'did you mean "downtime"?' });
    expect(onlyError(withExpect("  latency.99: 0")).hint).toBe('did you mean "latency.p99"?');
    expect(onlyError(withExpect("  errors.p1.request_timed_out: 0")).hint).toContain("upper case");
  });

  it("scopes must name the scenario's partitions and clients", () => {
    expect(onlyError(withExpect("  downtime.orders-2: 0"))).toMatchObject({
      message: 'topic "orders" has 2 partition(s): orders-0 … orders-1',
      hint: 'did you mean "downtime.orders-0"?',
    });
    expect(onlyError(withExpect("  downtime.order-0: 0"))).toMatchObject({
      message: 'no topic "order" in this scenario',
      hint: 'did you mean "downtime.orders-0"?',
    });
    expect(onlyError(withExpect('  latency.p2.p99: "< 1s"'))).toMatchObject({ message: 'no producer "p2" in this scenario', hint: 'did you mean "p1"?' });
    expect(onlyError(withExpect("  latency.g1.p99: 0")).message).toBe('no producer "g1" in this scenario');
    expect(onlyError(withExpect("  errors.g2.NOT_COORDINATOR: 0")).hint).toBe('did you mean "g1"?');
  });
});

describe("expect: unavailable was renamed to unreadable", () => {
  it("the old name is accepted with a warning at its line, and judged as unreadable", () => {
    const loaded = load(withExpect("  unavailable: 0"));
    expect(loaded.scenario.expect).toEqual([{ metric: "unreadable", op: "==", value: 0, text: "0" }]);
    expect(loaded.warnings).toHaveLength(1);
    expect(loaded.warnings[0]).toMatchObject({ file: "test.yaml", line: 19, message: 'metric "unavailable" was renamed to "unreadable"' });
    expect(canonicalMetric("unavailable")).toBe("unreadable");
    expect(canonicalMetric("latency.p1.p50")).toBe("latency.p1.p50");
  });
});

describe("verdict on time metrics", () => {
  it("compares milliseconds, says 'no send was acknowledged' when there is no latency, and marks the unit", () => {
    const { scenario } = load(withExpect('  downtime: "<= 10s"', '  latency.p99: "< 2s"'));
    const ok = verdict(scenario.expect, { downtime: 8_310, "latency.p99": 1_999.5 }, [], true);
    expect(ok.passed).toBe(true);
    expect(ok.expectations[0]).toEqual({ metric: "downtime", expected: "<= 10s", actual: 8_310, passed: true, unit: "ms" });
    const late = verdict(scenario.expect, { downtime: 13_430.275 }, [], true);
    expect(late.failures).toEqual(["expected downtime <= 10s, got 13.43s", "expected latency.p99 < 2s, but no send was acknowledged"]);
    expect(late.expectations[1]).toMatchObject({ actual: null, passed: false });
  });
});

describe("scenarios/schema.json: what editors check in expect", () => {
  it("its metric-name and comparison patterns accept every documented form and refuse a lower-case error name", async () => {
    const { scenarioJsonSchema } = await import("../../src/scenario/json-schema.js");
    const expectSchema = (
      scenarioJsonSchema() as { properties: { expect: { propertyNames: { pattern: string }; additionalProperties: { anyOf: { pattern?: string }[] } } } }
    ).properties.expect;
    const name = new RegExp(expectSchema.propertyNames.pattern);
    for (const metric of [
      "lost-write",
      "unreadable",
      "downtime",
      "write-downtime.orders-0",
      "latency.p99",
      "latency.p1.p99.9",
      "latency.max",
      "errors.REQUEST_TIMED_OUT",
      "errors.g1.NOT_COORDINATOR",
      "single-leader-per-epoch",
    ]) {
      expect(name.test(metric), metric).toBe(true);
    }
    expect(name.test("errors.p1.request_timed_out")).toBe(false);
    expect(name.test("latency.99")).toBe(false);
    const comparison = new RegExp(expectSchema.additionalProperties.anyOf.find((branch) => branch.pattern !== undefined)!.pattern!);
    for (const value of [">= 1", "0", "< 2s", "<= 1.5s", "== 0", "!= 0"]) expect(comparison.test(value), value).toBe(true);
    expect(comparison.test("less than 2s")).toBe(false);
  });
});
