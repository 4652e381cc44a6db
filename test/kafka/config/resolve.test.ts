import { describe, expect, it } from "vitest";
import { LONG_MAX } from "../../../src/kafka/config/registry.js";
import { resolveBrokerConfig, resolveTopicConfig } from "../../../src/kafka/config/resolve.js";

describe("broker and topic config resolution", () => {
  it("fills every broker key with Kafka's default", () => {
    const { config, issues, explicit } = resolveBrokerConfig(undefined);
    expect(issues).toEqual([]);
    expect(explicit).toEqual({});
    expect(config["replica.lag.time.max.ms"]).toBe(30000);
    expect(config["controller.quorum.election.timeout.ms"]).toBe(1000);
  });

  it("lets a topic override beat its broker twin, which beats the default (Reference: docs/kafka-rules.md §8)", () => {
    const broker = resolveBrokerConfig({ "log.retention.ms": 60000, "min.insync.replicas": 2, "log.segment.bytes": 4096 }).config;
    const topic = resolveTopicConfig(broker, { "retention.ms": 1000 });
    expect(topic.issues).toEqual([]);
    expect(topic.config["retention.ms"]).toBe(1000);
    expect(topic.config["min.insync.replicas"]).toBe(2);
    expect(topic.config["segment.bytes"]).toBe(4096);
    expect(topic.config["retention.bytes"]).toBe(-1);
    expect(topic.explicit).toEqual({ "retention.ms": 1000 });
  });

  it("treats a null broker twin as unset: flush.ms stays 'never' (Reference: docs/kafka-rules.md §3.1)", () => {
    const topic = resolveTopicConfig(resolveBrokerConfig({}).config, {});
    expect(topic.config["flush.ms"]).toBe(LONG_MAX);
    expect(topic.config["flush.messages"]).toBe(LONG_MAX);
    const flushing = resolveTopicConfig(resolveBrokerConfig({ "log.flush.interval.ms": 1000 }).config, {});
    expect(flushing.config["flush.ms"]).toBe(1000);
  });

  it("reports unknown topic keys, wrong values and unmodelled keys", () => {
    const { issues } = resolveTopicConfig(resolveBrokerConfig({}).config, {
      "min.insync.replica": 2,
      "segment.ms": "soon",
      "max.message.bytes": 100,
    });
    expect(issues).toEqual([
      { severity: "error", key: "min.insync.replica", unknownKey: true, message: 'unknown topic config "min.insync.replica"' },
      { severity: "error", key: "segment.ms", message: "invalid value for segment.ms", expected: "an integer (long) ≥ 1", found: '"soon"' },
      { severity: "warning", key: "max.message.bytes", message: "max.message.bytes is accepted, not modelled: it changes nothing in the simulation" },
    ]);
  });

  it("warns about a config of the other controller mode", () => {
    const { issues } = resolveBrokerConfig({ "zookeeper.session.timeout.ms": 6000, "broker.session.timeout.ms": 9000 }, { mode: "kraft" });
    expect(issues).toEqual([
      { severity: "warning", key: "zookeeper.session.timeout.ms", message: "zookeeper.session.timeout.ms is a ZooKeeper setting; ignored in KRaft mode" },
    ]);
  });

  it("rejects group.min.session.timeout.ms above group.max.session.timeout.ms", () => {
    const { issues } = resolveBrokerConfig({ "group.min.session.timeout.ms": 60000, "group.max.session.timeout.ms": 30000 });
    expect(issues.map((issue) => issue.severity)).toEqual(["error"]);
  });
});
