import { describe, expect, it } from "vitest";
import { parseScenarioText, normaliseScenario } from "../../src/scenario/load.js";
import { applySet } from "../../src/scenario/overrides.js";
import { withOverrides } from "../../src/scenario/positions.js";
import { BASE, errorsOf, insertAfter } from "./fixture.js";

type Raw = Record<string, any>;
const parse = (lines: readonly string[] = BASE) => parseScenarioText(`${lines.join("\n")}\n`, "test.yaml");
const set = (key: string, value: string, lines: readonly string[] = BASE) => applySet(parse(lines).raw, key, value);
const raw = (key: string, value: string, lines?: readonly string[]) => set(key, value, lines).raw as Raw;
const setError = (key: string, value: string, lines?: readonly string[]) => errorsOf(() => set(key, value, lines))[0];

const TWO_PRODUCERS = insertAfter(13, "  - name: p2", "    topic: orders", "    rate: 1/s");

describe("--set with a bare Kafka config name (Reference: docs/scenario-format.md Command line)", () => {
  it("sets a producer config on every producer", () => {
    const { raw: result, applied } = set("acks", "1", TWO_PRODUCERS);
    expect((result as Raw).producers.map((producer: Raw) => producer.config)).toEqual([{ acks: 1 }, { acks: 1 }]);
    expect(applied).toEqual([
      { path: ["producers", 0, "config", "acks"], origin: "--set acks=1" },
      { path: ["producers", 1, "config", "acks"], origin: "--set acks=1" },
    ]);
  });

  it("brings idempotence back to its default when --set acks=all overrides acks=1 (Reference: docs/scenario-format.md Client configs)", () => {
    const lines = insertAfter(13, "    config: { acks: 1 }");
    const before = normaliseScenario(parse(lines).raw, "test.yaml").scenario;
    expect(before.producers[0]?.config["enable.idempotence"]).toBe(false);
    const after = normaliseScenario(raw("acks", "all", lines), "test.yaml").scenario;
    expect(after.producers[0]?.config).toMatchObject({ acks: "all", "enable.idempotence": true });
  });

  it("sets request.timeout.ms on producers and consumers alike", () => {
    const result = raw("request.timeout.ms", "5000");
    expect(result.producers[0].config).toEqual({ "request.timeout.ms": 5000 });
    expect(result.consumers[0].config).toEqual({ "request.timeout.ms": 5000 });
    expect(result.cluster["broker-config"]).toBeUndefined();
  });

  it("sets a topic config as an override on every topic, and on the brokers where it is also a broker config", () => {
    const result = raw("min.insync.replicas", "2");
    expect(result.topics[0].config).toEqual({ "min.insync.replicas": 2 });
    expect(result.cluster["broker-config"]).toEqual({ "min.insync.replicas": 2 });
  });

  it("sets a broker config on every broker", () => {
    expect(raw("replica.lag.time.max.ms", "10000").cluster["broker-config"]).toEqual({ "replica.lag.time.max.ms": 10000 });
  });

  it("rejects an invalid value, naming the --set", () => {
    expect(setError("acks", "2")).toEqual({
      file: "--set acks=2",
      path: "acks",
      message: "invalid value for acks: expected all, -1, 1 or 0, found 2",
    });
  });

  it("rejects a client config when the scenario has no such client", () => {
    expect(setError("acks", "1", BASE.slice(0, 9))?.message).toBe("acks is a producer config, but the scenario has no producers");
  });
});

describe("--set with a path (Reference: docs/scenario-format.md Command line)", () => {
  it("finds producers by name", () => {
    const result = raw("producers.p2.config.acks", "0", TWO_PRODUCERS);
    expect(result.producers[0].config).toBeUndefined();
    expect(result.producers[1].config).toEqual({ acks: 0 });
  });

  it("finds consumers by group", () => {
    const { raw: result, applied } = set("consumers.g1.commit", "after-processing");
    expect((result as Raw).consumers[0].commit).toBe("after-processing");
    expect(applied).toEqual([{ path: ["consumers", 0, "commit"], origin: "--set consumers.g1.commit=after-processing" }]);
  });

  it("finds topics by name and keeps the Kafka name whole after config.", () => {
    expect(raw("topics.orders.config.min.insync.replicas", "2").topics[0].config).toEqual({ "min.insync.replicas": 2 });
  });

  it("sets nested cluster keys, creating maps as needed", () => {
    expect(raw("cluster.controller.mode", "zookeeper").cluster.controller).toEqual({ mode: "zookeeper" });
    expect(raw("cluster.broker-config.min.insync.replicas", "2").cluster["broker-config"]).toEqual({ "min.insync.replicas": 2 });
  });

  it("sets top-level keys, expectations and faults by index", () => {
    expect(raw("duration", "30s").duration).toBe("30s");
    expect(raw("expect.errors.NOT_ENOUGH_REPLICAS", "0").expect).toEqual({ "errors.NOT_ENOUGH_REPLICAS": 0 });
    const withFault = [...BASE, "faults:", "  - at: 5s", "    crash: broker-1"];
    expect(raw("faults.0.at", "1s", withFault).faults[0]).toEqual({ at: "1s", crash: "broker-1" });
  });

  it("turns a preset into a map when a protocol toggle is set", () => {
    const lines = insertAfter(5, "  protocol: kafka-3.9");
    expect(raw("cluster.protocol.eligible-leader-replicas", "true", lines).cluster.protocol).toEqual({ preset: "kafka-3.9", "eligible-leader-replicas": true });
  });

  it("reads values as YAML, including flow lists", () => {
    expect(raw("consumers.g1.topics", "[orders]").consumers[0].topics).toEqual(["orders"]);
    expect(raw("drain", "false").drain).toBe(false);
  });

  it("does not modify its input", () => {
    const parsed = parse();
    applySet(parsed.raw, "acks", "1");
    expect((parsed.raw as Raw).producers[0].config).toBeUndefined();
  });

  it("rejects an unknown key with a suggestion", () => {
    expect(setError("producers.p1.rat", "1/s")).toEqual({
      file: "--set producers.p1.rat=1/s",
      path: "producers.p1.rat",
      message: 'unknown key "rat"',
      hint: 'did you mean "rate"?',
    });
    expect(setError("durration", "1s")).toMatchObject({ message: 'unknown key "durration"', hint: 'did you mean "duration"?' });
    expect(setError("producers.p1.config.ack", "1")).toMatchObject({ message: 'unknown producer config "ack"', hint: 'did you mean "acks"?' });
  });

  it("rejects an unknown producer name, listing the known ones", () => {
    expect(setError("producers.p9.config.acks", "1")).toMatchObject({ message: "no producer with name p9", hint: 'did you mean "p1"?' });
    expect(setError("consumers.orders.commit", "auto")).toMatchObject({ message: "no consumer with group orders", hint: "consumers: g1" });
  });

  it("makes an error caused by a --set value name the --set, not a line of the file", () => {
    const lines = insertAfter(13, "    config: { enable.idempotence: true }");
    const parsed = parse(lines);
    const { raw: result, applied } = applySet(parsed.raw, "acks", "1");
    const errors = errorsOf(() => normaliseScenario(result, "test.yaml", withOverrides(parsed.positions, applied)));
    expect(errors).toMatchObject([{ file: "--set acks=1", path: "producers[0].config.acks" }]);
    expect(errors[0]?.line).toBeUndefined();
  });
});
