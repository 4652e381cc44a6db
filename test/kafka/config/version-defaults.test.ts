import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { INT_MAX } from "../../../src/kafka/config/key-types.js";
import { PROTOCOL_PRESETS, PROTOCOL_TOGGLES, presetFeatures } from "../../../src/kafka/config/protocol.js";
import { resolveBrokerConfig, resolveConsumerConfig, resolveProducerConfig } from "../../../src/kafka/config/resolve.js";
import { findConfigKey } from "../../../src/kafka/config/registry.js";
import { formatVersionDefault, idempotenceOverridesUnsetAcksAndRetries, presetDefaults } from "../../../src/kafka/config/version-defaults.js";

const producerOptions = (preset: (typeof PROTOCOL_PRESETS)[number]) => ({
  versionDefaults: presetDefaults(preset),
  idempotenceOverridesUnsetAcksAndRetries: idempotenceOverridesUnsetAcksAndRetries(preset),
  idempotenceSupported: preset !== "kafka-0.10",
});

describe("version presets carry their version's defaults (Reference: KafkaConfig Defaults, ProducerConfig, ConsumerConfig at each tag)", () => {
  it("Kafka 0.10: unclean election on, 10 s lag, 6 s ZooKeeper sessions (KafkaConfig.scala at 0.10.2.0)", () => {
    const { config } = resolveBrokerConfig({}, { mode: "zookeeper", versionDefaults: presetDefaults("kafka-0.10") });
    expect(config["unclean.leader.election.enable"]).toBe(true);
    expect(config["replica.lag.time.max.ms"]).toBe(10000);
    expect(config["zookeeper.session.timeout.ms"]).toBe(6000);
    expect(config["group.max.session.timeout.ms"]).toBe(300000);
    expect(config["group.initial.rebalance.delay.ms"]).toBe(0);
  });

  it("Kafka 0.10 producer: acks=1, retries=0, no idempotence, linger.ms=0, constant backoffs (ProducerConfig at 0.10.2.0)", () => {
    const { config, issues } = resolveProducerConfig({ "retry.backoff.ms": 250 }, producerOptions("kafka-0.10"));
    expect(issues).toEqual([]);
    expect(config).toMatchObject({ acks: "1", retries: 0, "enable.idempotence": false, "linger.ms": 0 });
    // No retry.backoff.max.ms before KIP-580 (3.7): every retry waits retry.backoff.ms.
    expect(config["retry.backoff.max.ms"]).toBe(250);
    expect(config["reconnect.backoff.max.ms"]).toBe(50);
  });

  it("Kafka 0.10 consumer: session.timeout.ms=10000, RangeAssignor, request.timeout.ms=305000 (ConsumerConfig at 0.10.2.0)", () => {
    const { config, issues } = resolveConsumerConfig({}, "auto", { versionDefaults: presetDefaults("kafka-0.10") });
    expect(issues).toEqual([]);
    expect(config["session.timeout.ms"]).toBe(10000);
    expect(config["partition.assignment.strategy"]).toEqual(["RangeAssignor"]);
    expect(config["request.timeout.ms"]).toBe(305000);
  });

  it("the file's own values win over the version's defaults", () => {
    const broker = resolveBrokerConfig({ "unclean.leader.election.enable": false }, { versionDefaults: presetDefaults("kafka-0.10") });
    expect(broker.config["unclean.leader.election.enable"]).toBe(false);
    const producer = resolveProducerConfig({ acks: "all", retries: 3 }, producerOptions("kafka-2.0"));
    expect(producer.config).toMatchObject({ acks: "all", retries: 3, "enable.idempotence": false });
    const consumer = resolveConsumerConfig({ "session.timeout.ms": 30000 }, "auto", { versionDefaults: presetDefaults("kafka-2.0") });
    expect(consumer.config["session.timeout.ms"]).toBe(30000);
  });

  it("Kafka 2.0: acks=1 and idempotence off by default; enable.idempotence=true makes unset acks all and retries MAX (KafkaProducer.configureAcks/configureRetries at 2.0.0)", () => {
    expect(resolveProducerConfig({}, producerOptions("kafka-2.0")).config).toMatchObject({ acks: "1", retries: 0, "enable.idempotence": false });
    const idempotent = resolveProducerConfig({ "enable.idempotence": true }, producerOptions("kafka-2.0"));
    expect(idempotent.issues).toEqual([]);
    expect(idempotent.config).toMatchObject({ acks: "all", retries: INT_MAX, "enable.idempotence": true });
    const conflicting = resolveProducerConfig({ "enable.idempotence": true, acks: 1 }, producerOptions("kafka-2.0"));
    expect(conflicting.issues.map((issue) => issue.key)).toEqual(["acks"]);
  });

  it("Kafka 2.0 brokers: 10 s lag and 6 s ZooKeeper sessions until 2.5, unclean election off since 0.11", () => {
    const { config } = resolveBrokerConfig({}, { versionDefaults: presetDefaults("kafka-2.0") });
    expect(config).toMatchObject({ "unclean.leader.election.enable": false, "replica.lag.time.max.ms": 10000, "zookeeper.session.timeout.ms": 6000 });
    expect(resolveConsumerConfig({}, "auto", { versionDefaults: presetDefaults("kafka-2.0") }).config["session.timeout.ms"]).toBe(10000);
  });

  it("Kafka 3.6 / 3.9: idempotence and acks=all by default (3.0), linger.ms=0 (5 only since 4.0)", () => {
    for (const preset of ["kafka-3.6", "kafka-3.9"] as const) {
      const { config } = resolveProducerConfig({}, producerOptions(preset));
      expect(config).toMatchObject({ acks: "all", retries: INT_MAX, "enable.idempotence": true, "linger.ms": 0 });
      expect(resolveConsumerConfig({}, "auto", { versionDefaults: presetDefaults(preset) }).config["session.timeout.ms"]).toBe(45000);
    }
    expect(resolveProducerConfig({}, producerOptions("kafka-3.6")).config["retry.backoff.max.ms"]).toBe(100);
    expect(resolveProducerConfig({}, producerOptions("kafka-3.9")).config["retry.backoff.max.ms"]).toBe(1000);
  });

  it("modern, 4.0 and 4.1 keep the registry's Kafka 4.x defaults", () => {
    for (const preset of ["modern", "kafka-4.0", "kafka-4.1"] as const) expect(presetDefaults(preset)).toEqual([]);
  });

  it("every version default names a key of its scope and differs from the 4.x default", () => {
    for (const preset of PROTOCOL_PRESETS) {
      for (const entry of presetDefaults(preset)) {
        const key = findConfigKey(entry.scope, entry.key);
        expect(key, `${preset} ${entry.scope} ${entry.key}`).toBeDefined();
        expect(entry.value, `${preset} ${entry.key}`).not.toEqual(key?.default);
      }
    }
  });

  it("docs/presets.md lists every preset and each of its defaults", () => {
    const docs = readFileSync(new URL("../../../docs/presets.md", import.meta.url), "utf8");
    for (const preset of PROTOCOL_PRESETS) {
      const section = docs.split(/^## /m).find((part) => part.startsWith(`\`${preset}\``));
      expect(section, `a section for ${preset}`).toBeDefined();
      for (const entry of presetDefaults(preset)) expect(section, `${preset}: ${formatVersionDefault(entry)}`).toContain(`\`${formatVersionDefault(entry)}\``);
    }
  });

  it("docs/presets.md's table of toggles agrees with each preset's features", () => {
    const docs = readFileSync(new URL("../../../docs/presets.md", import.meta.url), "utf8");
    const header = docs.split("\n").find((line) => line.startsWith("| preset | Kafka | modes |"));
    const columns = header?.split("|").map((cell) => cell.trim()) ?? [];
    for (const toggle of Object.keys(PROTOCOL_TOGGLES)) expect(columns, `a column for ${toggle}`).toContain(toggle);
    for (const preset of PROTOCOL_PRESETS) {
      if (preset === "modern") continue;
      const row = docs
        .split("\n")
        .find((line) => line.startsWith(`| \`${preset}\` |`))
        ?.split("|")
        .map((cell) => cell.trim());
      expect(row, `a row for ${preset}`).toBeDefined();
      const mode = preset === "kafka-0.10" || preset === "kafka-1.1" || preset === "kafka-2.0" ? "zookeeper" : "kraft";
      const features = presetFeatures(preset, mode).features as unknown as Record<string, boolean>;
      for (const [toggle, feature] of Object.entries(PROTOCOL_TOGGLES)) {
        expect(row?.[columns.indexOf(toggle)], `${preset} ${toggle}`).toBe(features[feature] ? "on" : "off");
      }
    }
  });
});
