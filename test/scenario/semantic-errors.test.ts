import { describe, expect, it } from "vitest";
import { DURATION_EXPECTED } from "../../src/scenario/durations.js";
import { BASE, insertAfter, load, onlyError, withLine, yamlErrors } from "./fixture.js";

const NOT_AUTO_CREATED = "kafkasim does not auto-create topics, unlike Kafka's default auto.create.topics.enable=true: declare it under topics";
const withFault = (...lines: string[]) => [...BASE, "faults:", "  - at: 5s", ...lines];

describe("durations and rates in scenario files (Reference: docs/scenario-format.md File)", () => {
  it("rejects a bad duration", () => {
    expect(onlyError(withLine(3, "duration: 60x"))).toEqual({
      file: "test.yaml",
      line: 3,
      column: 11,
      path: "duration",
      message: "not a duration",
      expected: DURATION_EXPECTED,
      found: '"60x"',
    });
  });

  it("rejects a rate without a unit", () => {
    expect(onlyError(withLine(13, "    rate: 100"))).toMatchObject({
      line: 13,
      column: 11,
      path: "producers[0].rate",
      message: 'a rate needs a unit (write "100/s")',
      found: "100",
    });
  });

  it("rejects a zero duration", () => {
    expect(onlyError(withLine(3, "duration: 0s"))).toMatchObject({ line: 3, column: 11, path: "duration", message: "duration must be positive" });
  });
});

describe("cross-references (Reference: docs/scenario-format.md File, Fault targets)", () => {
  it("rejects a replication factor above the number of brokers", () => {
    expect(onlyError(withLine(9, "    replication-factor: 4"))).toEqual({
      file: "test.yaml",
      line: 9,
      column: 25,
      path: "topics[0].replication-factor",
      message: "replication factor 4 is larger than the number of brokers (3)",
      hint: "Kafka refuses to create such a topic (INVALID_REPLICATION_FACTOR): add brokers or lower replication-factor",
    });
  });

  it("rejects a producer writing to an undeclared topic: kafkasim does not auto-create topics", () => {
    expect(onlyError(withLine(12, "    topic: payments"))).toEqual({
      file: "test.yaml",
      line: 12,
      column: 12,
      path: "producers[0].topic",
      message: "topic payments is not declared",
      hint: NOT_AUTO_CREATED,
    });
  });

  it("rejects a consumer group reading an undeclared topic, suggesting a close name", () => {
    expect(onlyError(withLine(16, "    topics: [orders, order]"))).toEqual({
      file: "test.yaml",
      line: 16,
      column: 22,
      path: "consumers[0].topics[1]",
      message: "topic order is not declared",
      hint: `did you mean "orders"? (${NOT_AUTO_CREATED})`,
    });
  });

  it("rejects an unknown node in a fault target", () => {
    expect(onlyError(withFault("    crash: broker-4"))).toEqual({
      file: "test.yaml",
      line: 20,
      column: 12,
      path: "faults[0].crash",
      message: "no node named broker-4",
      found: '"broker-4"',
      hint: 'did you mean "broker-1"?',
    });
  });

  it("accepts every node name: brokers, controllers, producers and consumer instances", () => {
    const { scenario } = load(withFault("    crash: [broker-3, controller-3, p1, g1-2]"));
    expect(scenario.faults[0]).toMatchObject({
      kind: "crash",
      target: {
        kind: "list",
        items: [
          { kind: "node", name: "broker-3" },
          { kind: "node", name: "controller-3" },
          { kind: "node", name: "p1" },
          { kind: "node", name: "g1-2" },
        ],
      },
    });
  });

  it("rejects a controller name of the other controller mode", () => {
    expect(onlyError(withFault("    crash: zk-1"))).toMatchObject({
      path: "faults[0].crash",
      message: "no node zk-1: in KRaft mode the controllers are controller-1…controller-N",
    });
    expect(onlyError(insertAfter(5, "  controller: { mode: zookeeper }").concat("faults:", "  - at: 5s", "    crash: controller-1"))).toMatchObject({
      line: 21,
      column: 12,
      message: "no node controller-1: in ZooKeeper mode the ensemble is zk-1…zk-N and the controller is a broker",
      hint: "use `controller` for the broker that holds /controller",
    });
  });

  it("rejects an unknown group, topic or partition in a role target", () => {
    expect(onlyError(withFault("    crash: coordinator(g2)"))).toMatchObject({ message: "no consumer group named g2", hint: 'did you mean "g1"?' });
    expect(onlyError(withFault("    crash: leader(payments-0)"))).toMatchObject({ message: "no topic named payments" });
    expect(onlyError(withFault("    crash: followers(orders-2)"))).toMatchObject({ message: "orders has 2 partition(s): orders-0…orders-1" });
    expect(onlyError(withFault("    crash: leader(orders)"))).toMatchObject({ message: "leader() takes <topic>-<partition>" });
  });

  it("allows rest only inside partition groups", () => {
    expect(onlyError(withFault("    isolate: rest"))).toMatchObject({
      path: "faults[0].isolate",
      message: "rest is only valid inside the groups of a partition",
    });
    const { scenario } = load(withFault("    partition: [[leader(orders-0)], [rest]]", "    heal-after: 10s"));
    expect(scenario.faults[0]).toEqual({
      index: 0,
      atUs: 5_000_000,
      id: null,
      after: null,
      kind: "partition",
      healAfterUs: 10_000_000,
      groups: [
        { kind: "list", items: [{ kind: "leader", topic: "orders", partition: 0 }] },
        { kind: "list", items: [{ kind: "rest" }] },
      ],
    });
  });
});

describe("fault rules (Reference: docs/scenario-format.md Fault kinds)", () => {
  it("rejects a fault after the scenario's duration", () => {
    expect(onlyError([...BASE, "faults:", "  - at: 61s", "    crash: broker-1"])).toEqual({
      file: "test.yaml",
      line: 19,
      column: 9,
      path: "faults[0].at",
      message: "fault at 61s is after the scenario's duration (60s)",
      hint: "faults fire within duration; the drain phase afterwards heals everything",
    });
  });

  it("rejects a companion of another kind", () => {
    expect(onlyError(withFault("    crash: broker-1", "    heal-after: 5s"))).toEqual({
      file: "test.yaml",
      line: 21,
      column: 5,
      path: "faults[0].heal-after",
      message: "heal-after does not go with crash",
      hint: "crash takes restart-after",
    });
  });

  it("requires for on a pause, and exactly one kind per fault", () => {
    expect(onlyError(withFault("    pause: broker-1"))).toMatchObject({ line: 19, column: 5, path: "faults[0]", message: 'missing required key "for"' });
    expect(onlyError(withFault("    crash: broker-1", "    restart: broker-2"))).toMatchObject({
      line: 21,
      column: 5,
      path: "faults[0].restart",
      message: "a fault has exactly one kind; this one has crash and restart",
    });
    expect(onlyError([...BASE, "faults:", "  - at: 5s"])).toMatchObject({ path: "faults[0]", message: "a fault needs a kind" });
  });

  it("requires two groups for a partition and for between", () => {
    expect(onlyError(withFault("    partition: [[broker-1]]"))).toMatchObject({
      path: "faults[0].partition",
      message: "a partition needs at least two groups",
    });
    expect(onlyError(withFault("    drop: { between: [[broker-1]], probability: 0.5 }"))).toMatchObject({
      path: "faults[0].drop.between",
      message: "between takes exactly two groups",
    });
  });
});

describe("Kafka configs in scenario files (Reference: docs/scenario-format.md File, Client configs that depend on each other)", () => {
  it("rejects an unknown producer config, suggesting the right name", () => {
    expect(onlyError(insertAfter(13, "    config:", "      ack: 1"))).toEqual({
      file: "test.yaml",
      line: 15,
      column: 7,
      path: "producers[0].config.ack",
      message: 'unknown producer config "ack"',
      hint: 'did you mean "acks"?',
    });
  });

  it("rejects a broker-level name in a topic config, naming the topic-level twin", () => {
    expect(onlyError(insertAfter(9, "    config:", "      log.retention.ms: 1000"))).toMatchObject({
      line: 11,
      column: 7,
      path: "topics[0].config.log.retention.ms",
      message: 'unknown topic config "log.retention.ms"',
      hint: 'did you mean "retention.ms"? ("log.retention.ms" is its broker-level name, set under cluster.broker-config)',
    });
  });

  it("rejects a producer config in a consumer config and an unknown broker config", () => {
    expect(onlyError(insertAfter(17, "    config: { acks: 1 }"))).toMatchObject({
      path: "consumers[0].config.acks",
      message: '"acks" is a producer config, not a consumer config',
      hint: "set it under producers[].config",
    });
    expect(onlyError(insertAfter(5, "  broker-config:", "    replica.lag.time.max: 1000"))).toMatchObject({
      line: 7,
      column: 5,
      path: "cluster.broker-config.replica.lag.time.max",
      hint: 'did you mean "replica.lag.time.max.ms"?',
    });
  });

  it("rejects an invalid config value", () => {
    expect(onlyError(insertAfter(13, "    config:", "      acks: 2"))).toEqual({
      file: "test.yaml",
      line: 15,
      column: 13,
      path: "producers[0].config.acks",
      message: "invalid value for acks",
      expected: "all, -1, 1 or 0",
      found: "2",
    });
  });

  it("rejects an explicit enable.idempotence=true with acks=1, at acks (Reference: docs/kafka-rules.md §5.4)", () => {
    expect(onlyError(insertAfter(13, "    config:", "      acks: 1", "      enable.idempotence: true"))).toMatchObject({
      line: 15,
      column: 13,
      path: "producers[0].config.acks",
      message: "enable.idempotence is set to true: Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.",
    });
  });

  it("rejects an explicit enable.auto.commit=true with commit: after-processing", () => {
    expect(onlyError(insertAfter(17, "    commit: after-processing", "    config: { enable.auto.commit: true }"))).toMatchObject({
      line: 19,
      column: 35,
      path: "consumers[0].config.enable.auto.commit",
    });
  });

  it("rejects a session timeout outside the brokers' group bounds", () => {
    expect(onlyError(insertAfter(17, "    config: { session.timeout.ms: 5000 }"))).toMatchObject({
      path: "consumers[0].config.session.timeout.ms",
      hint: "Kafka rejects such a JoinGroup with INVALID_SESSION_TIMEOUT",
    });
  });
});

describe("protocol combinations (Reference: docs/scenario-format.md Versions)", () => {
  it("rejects kafka-0.10 in KRaft mode", () => {
    expect(onlyError(insertAfter(5, "  protocol: kafka-0.10"))).toEqual({
      file: "test.yaml",
      line: 6,
      column: 13,
      path: "cluster.protocol",
      message: "protocol kafka-0.10 has no KRaft mode: it is ZooKeeper only",
      hint: "set cluster.controller.mode: zookeeper",
    });
  });

  it("rejects kafka-0.10 with an explicit enable.idempotence: true", () => {
    const lines = insertAfter(13, "    config: { enable.idempotence: true }");
    lines.splice(5, 0, "  protocol: kafka-0.10", "  controller: { mode: zookeeper }");
    expect(onlyError(lines)).toMatchObject({
      line: 16,
      column: 35,
      path: "producers[0].config.enable.idempotence",
      message: "protocol kafka-0.10 has no idempotent producer (it arrived in Kafka 0.11, KIP-98)",
    });
  });
});

describe("errors are reported together, in file order", () => {
  it("collects every semantic error", () => {
    const errors = yamlErrors(
      withLine(3, "duration: 1m")
        .map((line) => line.replace("topic: orders", "topic: nope"))
        .concat("faults:", "  - at: 2m", "    crash: broker-9"),
    );
    expect(errors.map((error) => [error.line, error.path])).toEqual([
      [12, "producers[0].topic"],
      [19, "faults[0].at"],
      [20, "faults[0].crash"],
    ]);
  });
});
