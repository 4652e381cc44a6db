import { describe, expect, it } from "vitest";
import { findConfigKey, type ConfigKey } from "../../../src/kafka/config/registry.js";
import { describeValue, parseConfigValue } from "../../../src/kafka/config/values.js";

const key = (scope: ConfigKey["scope"], name: string): ConfigKey => {
  const found = findConfigKey(scope, name);
  if (found === undefined) throw new Error(name);
  return found;
};
const parse = (scope: ConfigKey["scope"], name: string, raw: unknown) => parseConfigValue(key(scope, name), raw);

describe("config values", () => {
  it('normalises acks: 1, "1", all and -1 (Reference: docs/scenario-format.md File)', () => {
    expect(parse("producer", "acks", 1)).toEqual({ ok: true, value: "1" });
    expect(parse("producer", "acks", "1")).toEqual({ ok: true, value: "1" });
    expect(parse("producer", "acks", "all")).toEqual({ ok: true, value: "all" });
    expect(parse("producer", "acks", "ALL")).toEqual({ ok: true, value: "all" });
    expect(parse("producer", "acks", -1)).toEqual({ ok: true, value: "all" });
    expect(parse("producer", "acks", "-1")).toEqual({ ok: true, value: "all" });
    expect(parse("producer", "acks", 0)).toEqual({ ok: true, value: "0" });
    expect(parse("producer", "acks", 2)).toEqual({ ok: false, message: "invalid value for acks", expected: "all, -1, 1 or 0", found: "2" });
  });

  it("reads booleans as YAML booleans or Kafka's strings", () => {
    expect(parse("producer", "enable.idempotence", false)).toEqual({ ok: true, value: false });
    expect(parse("producer", "enable.idempotence", "TRUE")).toEqual({ ok: true, value: true });
    expect(parse("producer", "enable.idempotence", "yes")).toMatchObject({ ok: false, expected: "true or false", found: '"yes"' });
  });

  it("reads integers with their bounds", () => {
    expect(parse("producer", "linger.ms", 0)).toEqual({ ok: true, value: 0 });
    expect(parse("producer", "linger.ms", "20")).toEqual({ ok: true, value: 20 });
    expect(parse("producer", "linger.ms", -1)).toMatchObject({ ok: false, expected: "an integer (long) ≥ 0", found: "-1" });
    expect(parse("producer", "batch.size", 1.5)).toMatchObject({ ok: false, found: "1.5" });
    expect(parse("producer", "retries", 2 ** 31)).toMatchObject({ ok: false });
    expect(parse("broker", "min.insync.replicas", 0)).toMatchObject({ ok: false, expected: "an integer (int) ≥ 1" });
    expect(parse("broker", "log.retention.ms", -1)).toEqual({ ok: true, value: -1 });
  });

  it("clamps Long.MAX_VALUE to the largest safe integer", () => {
    expect(parse("topic", "flush.messages", 9223372036854775807)).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
  });

  it("accepts null only where Kafka's default is null", () => {
    expect(parse("broker", "log.flush.interval.ms", null)).toEqual({ ok: true, value: null });
    expect(parse("broker", "log.retention.ms", null)).toMatchObject({ ok: false, found: "null" });
  });

  it("checks enumerated strings case-insensitively", () => {
    expect(parse("consumer", "auto.offset.reset", "Earliest")).toEqual({ ok: true, value: "earliest" });
    expect(parse("consumer", "auto.offset.reset", "first")).toMatchObject({ ok: false, expected: "one of earliest, latest or none" });
  });

  it("reads lists as sequences or comma-separated strings, with Kafka class names", () => {
    expect(parse("consumer", "partition.assignment.strategy", "org.apache.kafka.clients.consumer.RoundRobinAssignor, StickyAssignor")).toEqual({
      ok: true,
      value: ["RoundRobinAssignor", "StickyAssignor"],
    });
    expect(parse("consumer", "partition.assignment.strategy", ["CooperativeStickyAssignor"])).toEqual({ ok: true, value: ["CooperativeStickyAssignor"] });
    expect(parse("consumer", "partition.assignment.strategy", ["Fancy"])).toMatchObject({ ok: false, found: '"Fancy"' });
  });

  it("describes raw values for messages", () => {
    expect([undefined, null, "x", 3, true, [1], { a: 1 }].map(describeValue)).toEqual(["nothing", "null", '"x"', "3", "true", "a list", "a mapping"]);
  });
});
