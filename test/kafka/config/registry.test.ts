import { describe, expect, it } from "vitest";
import { ALL_KEYS, describeUnknownKey, findConfigKey, INT_MAX, LONG_MAX, scopesOf, topicTwinOf } from "../../../src/kafka/config/registry.js";

const defaultOf = (scope: Parameters<typeof findConfigKey>[0], name: string) => findConfigKey(scope, name)?.default;

describe("config registry", () => {
  it("has Kafka 4.x producer defaults (Reference: docs/kafka-rules.md §5.3)", () => {
    expect(defaultOf("producer", "acks")).toBe("all");
    expect(defaultOf("producer", "enable.idempotence")).toBe(true);
    expect(defaultOf("producer", "linger.ms")).toBe(5);
    expect(defaultOf("producer", "batch.size")).toBe(16384);
    expect(defaultOf("producer", "retries")).toBe(INT_MAX);
    expect(defaultOf("producer", "delivery.timeout.ms")).toBe(120000);
    expect(defaultOf("producer", "request.timeout.ms")).toBe(30000);
    expect(defaultOf("producer", "max.in.flight.requests.per.connection")).toBe(5);
    expect(defaultOf("producer", "retry.backoff.ms")).toBe(100);
    expect(defaultOf("producer", "retry.backoff.max.ms")).toBe(1000);
    expect(defaultOf("producer", "reconnect.backoff.ms")).toBe(50);
    expect(defaultOf("producer", "reconnect.backoff.max.ms")).toBe(1000);
    expect(defaultOf("producer", "partitioner.ignore.keys")).toBe(false);
  });

  it("has Kafka 4.x consumer defaults (Reference: docs/kafka-rules.md §6.1)", () => {
    expect(defaultOf("consumer", "session.timeout.ms")).toBe(45000);
    expect(defaultOf("consumer", "heartbeat.interval.ms")).toBe(3000);
    expect(defaultOf("consumer", "max.poll.interval.ms")).toBe(300000);
    expect(defaultOf("consumer", "max.poll.records")).toBe(500);
    expect(defaultOf("consumer", "enable.auto.commit")).toBe(true);
    expect(defaultOf("consumer", "auto.commit.interval.ms")).toBe(5000);
    expect(defaultOf("consumer", "auto.offset.reset")).toBe("latest");
    expect(defaultOf("consumer", "fetch.max.wait.ms")).toBe(500);
    expect(defaultOf("consumer", "partition.assignment.strategy")).toEqual(["RangeAssignor", "CooperativeStickyAssignor"]);
    expect(defaultOf("consumer", "isolation.level")).toBe("read_uncommitted");
    expect(defaultOf("consumer", "group.protocol")).toBe("classic");
  });

  it("has broker and group defaults (Reference: docs/kafka-rules.md §1.4, §4.1, §6.1, §3.1)", () => {
    expect(defaultOf("broker", "replica.lag.time.max.ms")).toBe(30000);
    expect(defaultOf("broker", "replica.fetch.wait.max.ms")).toBe(500);
    expect(defaultOf("broker", "replica.fetch.backoff.ms")).toBe(1000);
    expect(defaultOf("broker", "replica.high.watermark.checkpoint.interval.ms")).toBe(5000);
    expect(defaultOf("broker", "min.insync.replicas")).toBe(1);
    expect(defaultOf("broker", "unclean.leader.election.enable")).toBe(false);
    expect(defaultOf("broker", "broker.heartbeat.interval.ms")).toBe(2000);
    expect(defaultOf("broker", "broker.session.timeout.ms")).toBe(9000);
    expect(defaultOf("broker", "zookeeper.session.timeout.ms")).toBe(18000);
    expect(defaultOf("broker", "offsets.topic.num.partitions")).toBe(50);
    expect(defaultOf("broker", "offsets.topic.replication.factor")).toBe(3);
    expect(defaultOf("broker", "group.initial.rebalance.delay.ms")).toBe(3000);
    expect(defaultOf("broker", "group.min.session.timeout.ms")).toBe(6000);
    expect(defaultOf("broker", "group.max.session.timeout.ms")).toBe(1800000);
    expect(defaultOf("broker", "log.flush.interval.messages")).toBe(LONG_MAX);
    expect(defaultOf("broker", "log.flush.interval.ms")).toBe(null);
  });

  it("has KRaft controller defaults (Reference: docs/kafka-rules.md §4.2)", () => {
    expect(defaultOf("controller", "controller.quorum.election.timeout.ms")).toBe(1000);
    expect(defaultOf("controller", "controller.quorum.fetch.timeout.ms")).toBe(2000);
    expect(defaultOf("controller", "controller.quorum.election.backoff.max.ms")).toBe(1000);
    expect(defaultOf("controller", "controller.quorum.append.linger.ms")).toBe(25);
    expect(defaultOf("controller", "controller.quorum.request.timeout.ms")).toBe(2000);
    expect(defaultOf("controller", "metadata.max.idle.interval.ms")).toBe(500);
  });

  it("has retention defaults and topic/broker twins (Reference: docs/kafka-rules.md §8)", () => {
    expect(defaultOf("broker", "log.retention.ms")).toBe(604800000);
    expect(defaultOf("broker", "log.retention.bytes")).toBe(-1);
    expect(defaultOf("broker", "log.segment.bytes")).toBe(1073741824);
    expect(defaultOf("broker", "log.retention.check.interval.ms")).toBe(300000);
    expect(findConfigKey("topic", "retention.ms")?.brokerTwin).toBe("log.retention.ms");
    expect(findConfigKey("topic", "flush.messages")?.brokerTwin).toBe("log.flush.interval.messages");
    expect(findConfigKey("topic", "segment.bytes")?.brokerTwin).toBe("log.segment.bytes");
    expect(findConfigKey("topic", "min.insync.replicas")?.brokerTwin).toBe("min.insync.replicas");
    expect(findConfigKey("topic", "unclean.leader.election.enable")?.brokerTwin).toBe("unclean.leader.election.enable");
    expect(findConfigKey("topic", "max.message.bytes")?.brokerTwin).toBe("message.max.bytes");
    expect(topicTwinOf("log.retention.ms")?.name).toBe("retention.ms");
  });

  it("marks well-known but unsimulated keys as not modelled", () => {
    for (const [scope, name] of [
      ["producer", "compression.type"],
      ["producer", "buffer.memory"],
      ["producer", "max.block.ms"],
      ["producer", "client.id"],
      ["broker", "num.io.threads"],
      ["broker", "num.network.threads"],
      ["broker", "socket.send.buffer.bytes"],
      ["consumer", "fetch.max.bytes"],
      ["consumer", "max.partition.fetch.bytes"],
    ] as const) {
      expect(findConfigKey(scope, name)?.modelled, `${scope} ${name}`).toBe(false);
    }
  });

  it("knows request.timeout.ms as both a producer and a consumer config", () => {
    expect(scopesOf("request.timeout.ms").sort()).toEqual(["consumer", "producer"]);
  });

  it("documents every key", () => {
    for (const key of ALL_KEYS) expect(key.doc.length, key.name).toBeGreaterThan(5);
  });

  it("explains a key written at the wrong level or in the wrong scope", () => {
    expect(describeUnknownKey(["topic"], "log.retention.ms").hint).toContain('did you mean "retention.ms"?');
    expect(describeUnknownKey(["broker", "controller"], "retention.ms").hint).toContain('did you mean "log.retention.ms"?');
    expect(describeUnknownKey(["topic"], "acks")).toEqual({
      message: '"acks" is a producer config, not a topic config',
      hint: "set it under producers[].config",
    });
    expect(describeUnknownKey(["producer"], "no.such.key")).toEqual({ message: 'unknown producer config "no.such.key"' });
  });
});
