import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/scenario/run.js";
import { renderRunTerminal } from "../../src/report/terminal-run.js";
import { renderRunMarkdown } from "../../src/report/markdown-run.js";
import { renderRunHtml } from "../../src/report/html-run.js";
import { runToJson } from "../../src/report/json.js";
import { BASE, load, withLine } from "./fixture.js";

const zookeeper = (preset: string, ...brokerConfig: string[]) =>
  withLine(
    5,
    "  brokers: 3",
    "  controller: { mode: zookeeper }",
    `  protocol: ${preset}`,
    ...(brokerConfig.length > 0 ? ["  broker-config:", ...brokerConfig] : []),
  );

describe("a version preset applies its version's defaults where the file sets none (Reference: KafkaConfig.scala, ProducerConfig, ConsumerConfig at 0.10.2.0)", () => {
  it("kafka-0.10: brokers, topics and clients get the 0.10 defaults", () => {
    const { scenario } = load(zookeeper("kafka-0.10"));
    expect(scenario.cluster.brokerConfig).toMatchObject({
      "unclean.leader.election.enable": true,
      "replica.lag.time.max.ms": 10000,
      "zookeeper.session.timeout.ms": 6000,
    });
    // The topic-level twin follows the broker's default.
    expect(scenario.topics[0]?.config["unclean.leader.election.enable"]).toBe(true);
    expect(scenario.producers[0]?.config).toMatchObject({ acks: "1", retries: 0, "enable.idempotence": false, "linger.ms": 0 });
    expect(scenario.consumers[0]?.config["session.timeout.ms"]).toBe(10000);
    expect(scenario.cluster.protocol.defaults.length).toBeGreaterThan(0);
  });

  it("the file's values win, at broker, topic and client level", () => {
    const lines = zookeeper("kafka-0.10", "    unclean.leader.election.enable: false", "    replica.lag.time.max.ms: 30000");
    const at = lines.indexOf("    rate: 100/s") + 1;
    const { scenario } = load([...lines.slice(0, at), "    config: { acks: all, retries: 5 }", ...lines.slice(at)]);
    expect(scenario.cluster.brokerConfig).toMatchObject({
      "unclean.leader.election.enable": false,
      "replica.lag.time.max.ms": 30000,
      "zookeeper.session.timeout.ms": 6000,
    });
    expect(scenario.topics[0]?.config["unclean.leader.election.enable"]).toBe(false);
    expect(scenario.producers[0]?.config).toMatchObject({ acks: "all", retries: 5, "enable.idempotence": false });
  });

  it("modern keeps Kafka 4.x defaults", () => {
    const { scenario } = load(BASE);
    expect(scenario.cluster.protocol.defaults).toEqual([]);
    expect(scenario.producers[0]?.config).toMatchObject({ acks: "all", "enable.idempotence": true, "linger.ms": 5 });
    expect(scenario.cluster.brokerConfig["zookeeper.session.timeout.ms"]).toBe(18000);
  });

  it("the run report names the preset and its defaults (terminal, Markdown, JSON)", () => {
    const result = runScenario({
      name: "t",
      description: "d",
      duration: "2s",
      drain: false,
      cluster: { brokers: 1, controller: { mode: "zookeeper", nodes: 1 }, protocol: "kafka-0.10" },
      topics: [{ name: "orders" }],
      producers: [{ name: "p1", topic: "orders", rate: "10/s" }],
    });
    expect(result.protocol).toMatchObject({ preset: "kafka-0.10", kafkaVersion: "0.10", mode: "zookeeper" });
    expect(result.protocol?.versionDefaults).toContain("acks=1");
    expect(result.protocol?.versionDefaults).toContain("unclean.leader.election.enable=true");
    const terminal = renderRunTerminal(result, { omitWallTime: true, width: 200 });
    expect(terminal).toContain("defaults of Kafka 0.10 where the file sets none: unclean.leader.election.enable=true");
    expect(terminal).toContain("acks=1, retries=0, enable.idempotence=false");
    expect(renderRunMarkdown(result, { omitWallTime: true })).toContain("defaults of Kafka 0.10 where the file sets none:");
    expect(runToJson(result)["protocol"]).toEqual(result.protocol);
    expect(renderRunHtml(result)).toContain("defaults of Kafka 0.10 where the file sets none:");
  });
});

describe("min.insync.replicas above the replication factor (Reference: Partition.appendRecordsToLeader at 3.6.0; KAFKA-15583 effectiveMinIsr at 3.7.0)", () => {
  const scenario = (preset: string) => ({
    name: "t",
    description: "d",
    duration: "8s",
    drain: false,
    cluster: { brokers: 2, controller: { mode: "kraft" }, protocol: preset },
    topics: [{ name: "orders", "replication-factor": 2, config: { "min.insync.replicas": 3 } }],
    producers: [{ name: "p1", topic: "orders", rate: "50/s", config: { acks: "all", "delivery.timeout.ms": 2000, "request.timeout.ms": 1000 } }],
  });

  it("Kafka 3.6 does not cap it: every acks=all write is rejected with NOT_ENOUGH_REPLICAS", () => {
    const result = runScenario(scenario("kafka-3.6"));
    expect(result.metrics["acked"] ?? 0).toBe(0);
    expect(result.timeline.some((line) => line.text.includes("NOT_ENOUGH_REPLICAS")) || (result.metrics["errors.NOT_ENOUGH_REPLICAS"] ?? 0) > 0).toBe(true);
    expect(result.warnings.join("\n")).toContain("before Kafka 3.7 the min ISR is not capped");
  });

  it("Kafka 3.9 caps it at the replication factor: writes are acknowledged", () => {
    const result = runScenario(scenario("kafka-3.9"));
    expect(result.metrics["acked"] ?? 0).toBeGreaterThan(50);
    expect(result.metrics["errors.NOT_ENOUGH_REPLICAS"] ?? 0).toBe(0);
  });
});
