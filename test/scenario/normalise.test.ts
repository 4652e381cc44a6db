import { describe, expect, it } from "vitest";
import { normaliseScenario } from "../../src/scenario/load.js";
import { ScenarioValidationError } from "../../src/scenario/errors.js";
import { BASE, insertAfter, load, withLine } from "./fixture.js";

describe("normalised scenario defaults (Reference: docs/scenario-format.md File)", () => {
  const { scenario, warnings } = load(BASE);

  it("fills the top-level and cluster defaults", () => {
    expect(warnings).toEqual([]);
    expect(scenario).toMatchObject({
      name: "t",
      description: "a test",
      file: "test.yaml",
      seed: 1,
      durationUs: 60_000_000,
      drain: true,
      expect: [],
      faults: [],
    });
    expect(scenario.cluster).toMatchObject({
      brokers: 3,
      brokerNames: ["broker-1", "broker-2", "broker-3"],
      controller: { mode: "kraft", nodes: 3, nodeNames: ["controller-1", "controller-2", "controller-3"] },
      network: { latency: { base: { minUs: 1_000, maxUs: 5_000 }, tailProbability: 0, tail: null } },
      offsetsTopic: { partitions: 50, replicationFactor: 3 },
      bugs: [],
    });
    expect(scenario.cluster.protocol).toMatchObject({ preset: "modern", kafkaVersion: "4.1", mode: "kraft" });
    expect(scenario.cluster.brokerConfig["eligible.leader.replicas.enable"]).toBe(true);
  });

  it("fills topic, producer and consumer defaults", () => {
    expect(scenario.topics[0]).toMatchObject({ name: "orders", partitions: 2, replicationFactor: 3, explicitConfig: {} });
    expect(scenario.topics[0]?.config["min.insync.replicas"]).toBe(1);
    expect(scenario.producers[0]).toMatchObject({ name: "p1", topic: "orders", ratePerSecond: 100, arrivals: "poisson", count: null, keys: 0, startUs: 0 });
    expect(scenario.producers[0]?.config).toMatchObject({ acks: "all", "enable.idempotence": true, "linger.ms": 5 });
    expect(scenario.consumers[0]).toMatchObject({
      group: "g1",
      topics: ["orders"],
      instances: 2,
      instanceNames: ["g1-1", "g1-2"],
      commit: "auto",
      processingTimeUs: 0,
    });
    expect(scenario.consumers[0]?.config["enable.auto.commit"]).toBe(true);
  });

  it("takes partitions and replication factor from num.partitions and default.replication.factor", () => {
    const { scenario: defaulted } = load([
      ...BASE.slice(0, 5),
      "  broker-config: { num.partitions: 4, default.replication.factor: 2 }",
      "topics:",
      "  - name: orders",
    ]);
    expect(defaulted.topics[0]).toMatchObject({ partitions: 4, replicationFactor: 2 });
  });

  it("is plain data", () => {
    expect(JSON.parse(JSON.stringify(scenario))).toEqual(scenario);
  });
});

describe("normalising explicit values", () => {
  it("reads every optional key", () => {
    const { scenario } = load([
      "$schema: ./schema.json",
      "name: full",
      "description: >",
      "  folded",
      "  text",
      "seed: 42",
      "duration: 1.5m",
      "drain: false",
      "cluster:",
      "  brokers: 2",
      "  controller: { mode: zookeeper, nodes: 1 }",
      "  network:",
      "    latency: { base: 1ms..2ms, tail-probability: 0.01, tail: 50ms..500ms }",
      "  protocol: { preset: kafka-3.6, strict-min-isr: true }",
      "  bugs: [skip-truncation]",
      "topics: [{ name: orders, replication-factor: 2, config: { min.insync.replicas: 2 } }]",
      "producers: [{ name: p1, topic: orders, rate: 30/m, arrivals: fixed, count: 10, keys: 4, start: 2s, config: { acks: 1 } }]",
      "consumers: [{ group: g1, topics: [orders], commit: before-processing, processing-time: 2ms }]",
      "faults:",
      "  - { at: 1s, pause: broker-1, for: 3s }",
      "  - { at: 2s, cut: { from: [broker-1], to: [zk-1] }, heal-after: 1s }",
      "  - { at: 3s, delay: { between: [[p1], [brokers]], extra: 200ms }, for: 5s }",
      "  - { at: 4s, heal: all }",
      'expect: { lost-write: ">= 1", duplicate: 0, errors.NOT_ENOUGH_REPLICAS: "> 0", committed-prefix-agreement: "== 0" }',
    ]);
    expect(scenario).toMatchObject({ description: "folded text", seed: 42, durationUs: 90_000_000, drain: false });
    expect(scenario.cluster).toMatchObject({
      controller: { mode: "zookeeper", nodes: 1, nodeNames: ["zk-1"] },
      bugs: ["skip-truncation"],
      network: { latency: { base: { minUs: 1_000, maxUs: 2_000 }, tailProbability: 0.01, tail: { minUs: 50_000, maxUs: 500_000 } } },
      protocol: { preset: "kafka-3.6", mode: "zookeeper", overrides: { "strict-min-isr": true } },
    });
    expect(scenario.cluster.protocol.features).toMatchObject({ strictMinIsr: true, eligibleLeaderReplicas: false });
    expect(scenario.producers[0]).toMatchObject({ ratePerSecond: 0.5, arrivals: "fixed", count: 10, keys: 4, startUs: 2_000_000 });
    expect(scenario.producers[0]?.config["enable.idempotence"]).toBe(false);
    expect(scenario.consumers[0]).toMatchObject({ commit: "before-processing", processingTimeUs: 2_000 });
    expect(scenario.consumers[0]?.config["enable.auto.commit"]).toBe(false);
    expect(scenario.faults).toEqual([
      { index: 0, atUs: 1_000_000, id: null, after: null, kind: "pause", target: { kind: "node", name: "broker-1" }, forUs: 3_000_000 },
      {
        index: 1,
        atUs: 2_000_000,
        id: null,
        after: null,
        kind: "cut",
        healAfterUs: 1_000_000,
        from: { kind: "list", items: [{ kind: "node", name: "broker-1" }] },
        to: { kind: "list", items: [{ kind: "node", name: "zk-1" }] },
      },
      {
        index: 2,
        atUs: 3_000_000,
        id: null,
        after: null,
        kind: "delay",
        extraUs: 200_000,
        forUs: 5_000_000,
        between: [
          { kind: "list", items: [{ kind: "node", name: "p1" }] },
          { kind: "list", items: [{ kind: "brokers" }] },
        ],
      },
      { index: 3, atUs: 4_000_000, id: null, after: null, kind: "heal", scope: "all" },
    ]);
    expect(scenario.expect).toEqual([
      { metric: "lost-write", op: ">=", value: 1, text: ">= 1" },
      { metric: "duplicate", op: "==", value: 0, text: "0" },
      { metric: "errors.NOT_ENOUGH_REPLICAS", op: ">", value: 0, text: "> 0" },
      { metric: "committed-prefix-agreement", op: "==", value: 0, text: "== 0" },
    ]);
  });

  it("lets eligible.leader.replicas.enable decide ELR (Reference: docs/kafka-rules.md §3.3)", () => {
    const { scenario } = load(insertAfter(5, "  broker-config: { eligible.leader.replicas.enable: false }"));
    expect(scenario.cluster.protocol.features.eligibleLeaderReplicas).toBe(false);
    expect(scenario.cluster.brokerConfig["eligible.leader.replicas.enable"]).toBe(false);
  });

  it("normalises a plain object without positions", () => {
    const { scenario } = normaliseScenario(
      {
        name: "obj",
        description: "built in code",
        duration: 1000,
        cluster: { brokers: 1 },
        topics: [{ name: "t" }],
      },
      "<object>",
    );
    expect(scenario.durationUs).toBe(1_000_000);
    try {
      normaliseScenario({ name: "obj" }, "<object>");
      expect.unreachable();
    } catch (error) {
      expect((error as ScenarioValidationError).errors[0]).toEqual({
        file: "<object>",
        path: "description",
        message: 'missing required key "description"',
        expected: "a string",
      });
    }
  });
});

describe("warnings (accepted, but worth knowing)", () => {
  it("warns about a known but unmodelled config", () => {
    expect(load(insertAfter(13, "    config: { compression.type: zstd }")).warnings).toEqual([
      {
        file: "test.yaml",
        line: 14,
        column: 15,
        path: "producers[0].config.compression.type",
        message: "compression.type is accepted, not modelled: it changes nothing in the simulation",
      },
    ]);
  });

  it("warns when min.insync.replicas exceeds the replication factor (Reference: docs/kafka-rules.md §1.2)", () => {
    const lines = insertAfter(9, "    config: { min.insync.replicas: 4 }");
    expect(load(lines).warnings).toEqual([
      {
        file: "test.yaml",
        line: 10,
        column: 36,
        path: "topics[0].config.min.insync.replicas",
        message: "min.insync.replicas (4) is larger than the replication factor of orders (3): behaves as min ISR = replication factor (Kafka 3.7+)",
      },
    ]);
    lines.splice(5, 0, "  protocol: kafka-3.6");
    expect(load(lines).warnings[0]?.message).toContain("before Kafka 3.7 the min ISR is not capped");
  });

  it("warns when the offsets topic cannot have its replication factor (Reference: docs/kafka-rules.md §6.1)", () => {
    const { scenario, warnings } = load(withLine(5, "  brokers: 2").map((line) => line.replace("replication-factor: 3", "replication-factor: 2")));
    expect(scenario.cluster.offsetsTopic.replicationFactor).toBe(2);
    expect(warnings).toEqual([
      {
        file: "test.yaml",
        line: 5,
        column: 12,
        path: "cluster.brokers",
        message: "offsets.topic.replication.factor is 3 but the cluster has 2 broker(s): __consumer_offsets is created with replication factor 2",
        hint: "Kafka would not create it until 3 brokers are up; set offsets.topic.replication.factor ≤ 2 to say so",
      },
    ]);
  });

  it("warns that ELR is ignored in ZooKeeper mode (Reference: docs/scenario-format.md Versions)", () => {
    const { warnings } = load(insertAfter(5, "  controller: { mode: zookeeper }", "  protocol: { eligible-leader-replicas: true }"));
    expect(warnings).toMatchObject([
      { line: 7, path: "cluster.protocol.eligible-leader-replicas", message: "eligible leader replicas (KIP-966) are KRaft-only; ignored in ZooKeeper mode" },
    ]);
  });
});
