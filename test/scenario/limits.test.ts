import { describe, expect, it } from "vitest";
import { normaliseScenario } from "../../src/scenario/normalise.js";
import { ScenarioValidationError } from "../../src/scenario/errors.js";
import { LIMITS, recordLimit } from "../../src/scenario/limits.js";
import { BASE, insertAfter, load, onlyError, withLine } from "./fixture.js";

describe("sizes are bounded: every size beyond kafkasim's limits is a file:line error (Reference: docs/limits.md)", () => {
  it("brokers: at most 1,000, reported before any broker is built", () => {
    expect(onlyError(withLine(5, "  brokers: 99999999"))).toMatchObject({
      line: 5,
      column: 12,
      path: "cluster.brokers",
      message: "99,999,999 brokers: kafkasim simulates at most 1,000",
      expected: "at most 1,000",
      found: "99,999,999",
    });
    expect(load(withLine(5, "  brokers: 1000")).scenario.cluster.brokers).toBe(1000);
  });

  it("controller voters: at most 9", () => {
    expect(onlyError(insertAfter(5, "  controller: { nodes: 999999 }"))).toMatchObject({
      line: 6,
      path: "cluster.controller.nodes",
      message: "999,999 controller nodes: kafkasim simulates at most 9",
    });
    expect(onlyError(insertAfter(5, "  controller: { mode: zookeeper, nodes: 11 }")).message).toBe("11 controller nodes: kafkasim simulates at most 9");
  });

  it("consumer instances: at most 1,000 per group", () => {
    expect(onlyError(withLine(17, "    instances: 1001"))).toMatchObject({
      line: 17,
      path: "consumers[0].instances",
      message: "1,001 consumer instances in group g1: kafkasim simulates at most 1,000",
    });
  });

  it("partition replicas: at most 1,000,000 in total, __consumer_offsets included", () => {
    const error = onlyError(withLine(8, "    partitions: 99999999"));
    expect(error).toMatchObject({ line: 8, column: 17, path: "topics[0].partitions" });
    expect(error.message).toBe(
      "the topics have 300,000,147 partition replicas (partitions × replication factor, __consumer_offsets included), " +
        "above kafkasim's limit of 1,000,000; orders alone has 99,999,999 × 3",
    );
    // 333,000 × 3 = 999,000 plus 50 × 3 for __consumer_offsets: within the limit.
    expect(load(withLine(8, "    partitions: 333000")).scenario.topics[0]?.partitions).toBe(333000);
    const offsets = onlyError(insertAfter(5, "  broker-config: { offsets.topic.num.partitions: 400000 }"));
    expect(offsets).toMatchObject({ line: 6, path: "cluster.broker-config.offsets.topic.num.partitions" });
    expect(offsets.message).toContain("__consumer_offsets alone has 400,000 × 3");
  });

  it("a topic without partitions takes num.partitions, which counts too", () => {
    const error = onlyError([
      ...withLine(8, "    replication-factor: 3").slice(0, 5),
      "  broker-config: { num.partitions: 500000 }",
      ...BASE.slice(5, 7),
      "    replication-factor: 3",
      ...BASE.slice(9),
    ]);
    expect(error).toMatchObject({ path: "topics[0]" });
    expect(error.message).toContain("orders alone has 500,000 × 3");
  });

  it("producers: at most a fifth of the event budget in records (10,000,000 by default)", () => {
    expect(recordLimit()).toBe(10_000_000);
    expect(recordLimit(1_000)).toBe(10_000_000); // a small --max-events stops the run early instead
    expect(recordLimit(500_000_000)).toBe(100_000_000);
    const error = onlyError(withLine(13, "    rate: 200000/s"));
    expect(error).toMatchObject({ line: 13, path: "producers[0].rate" });
    expect(error.message).toBe(
      "the producers would send about 12,000,000 records, more than the event budget allows " +
        `(10,000,000 records: 50,000,000 events at up to ${LIMITS.eventsPerRecord} per record); p1 alone sends 12,000,000`,
    );
    // count caps what a producer sends; a larger budget lets the file through.
    expect(load(insertAfter(13, "    count: 1000")).scenario.producers[0]?.count).toBe(1000);
    const raw = {
      name: "t",
      description: "d",
      duration: "60s",
      cluster: { brokers: 1 },
      topics: [{ name: "orders" }],
      producers: [{ name: "p1", topic: "orders", rate: "200000/s" }],
    };
    expect(() => normaliseScenario(raw, "t.yaml")).toThrow(ScenarioValidationError);
    expect(normaliseScenario(raw, "t.yaml", undefined, { maxEvents: 100_000_000 }).scenario.producers).toHaveLength(1);
  });
});
