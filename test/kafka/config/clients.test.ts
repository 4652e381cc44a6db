import { describe, expect, it } from "vitest";
import { resolveConsumerConfig, resolveProducerConfig } from "../../../src/kafka/config/resolve.js";

describe("producer config rules (Reference: docs/scenario-format.md Client configs that depend on each other, docs/kafka-rules.md §5.3, §5.4)", () => {
  it("keeps idempotence on by default", () => {
    const { config, issues } = resolveProducerConfig({});
    expect(issues).toEqual([]);
    expect(config["enable.idempotence"]).toBe(true);
    expect(config.acks).toBe("all");
  });

  it.each([[{ acks: 1 }], [{ acks: "0" }], [{ retries: 0 }], [{ "max.in.flight.requests.per.connection": 6 }]])(
    "turns an unset enable.idempotence off when it conflicts: %j",
    (raw) => {
      const { config, issues } = resolveProducerConfig(raw);
      expect(issues).toEqual([]);
      expect(config["enable.idempotence"]).toBe(false);
    },
  );

  it("brings idempotence back when acks returns to all", () => {
    expect(resolveProducerConfig({ acks: "all" }).config["enable.idempotence"]).toBe(true);
  });

  it("rejects an explicit enable.idempotence=true with acks=1, naming acks in Kafka's words", () => {
    const { issues } = resolveProducerConfig({ acks: 1, "enable.idempotence": true });
    expect(issues).toEqual([
      {
        severity: "error",
        key: "acks",
        message: "enable.idempotence is set to true: Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.",
        found: "acks=1",
        hint: "remove enable.idempotence (it then becomes false with acks=1) or change acks",
      },
    ]);
  });

  it("rejects an explicit enable.idempotence=true with retries=0 and with max.in.flight > 5", () => {
    const { issues } = resolveProducerConfig({ retries: 0, "max.in.flight.requests.per.connection": 10, "enable.idempotence": "true" });
    expect(issues.map((issue) => [issue.key, issue.message])).toEqual([
      ["retries", "enable.idempotence is set to true: Must set retries to non-zero when using the idempotent producer."],
      [
        "max.in.flight.requests.per.connection",
        "enable.idempotence is set to true: Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.",
      ],
    ]);
  });

  it("leaves an explicit false alone", () => {
    const { config, issues } = resolveProducerConfig({ "enable.idempotence": false });
    expect(issues).toEqual([]);
    expect(config["enable.idempotence"]).toBe(false);
  });

  it("turns idempotence off by default under a protocol without it", () => {
    expect(resolveProducerConfig({}, { idempotenceSupported: false }).config["enable.idempotence"]).toBe(false);
  });

  it("raises a defaulted delivery.timeout.ms to linger.ms + request.timeout.ms", () => {
    const { config, issues } = resolveProducerConfig({ "request.timeout.ms": 200000 });
    expect(issues).toEqual([]);
    expect(config["delivery.timeout.ms"]).toBe(200005);
  });

  it("rejects an explicit delivery.timeout.ms below linger.ms + request.timeout.ms", () => {
    const { issues } = resolveProducerConfig({ "delivery.timeout.ms": 10000 });
    expect(issues).toEqual([
      {
        severity: "error",
        key: "delivery.timeout.ms",
        message: "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms",
        expected: "≥ 30005",
        found: "10000",
      },
    ]);
  });
});

describe("consumer commit modes (Reference: docs/scenario-format.md Client configs that depend on each other)", () => {
  it("commit: auto means enable.auto.commit=true", () => {
    expect(resolveConsumerConfig({}, "auto").config["enable.auto.commit"]).toBe(true);
  });

  it.each(["after-processing", "before-processing"] as const)("commit: %s means enable.auto.commit=false", (mode) => {
    const { config, issues } = resolveConsumerConfig({}, mode);
    expect(issues).toEqual([]);
    expect(config["enable.auto.commit"]).toBe(false);
  });

  it("rejects an explicit enable.auto.commit=true with commit: after-processing", () => {
    const { issues } = resolveConsumerConfig({ "enable.auto.commit": true }, "after-processing");
    expect(issues).toEqual([
      {
        severity: "error",
        key: "enable.auto.commit",
        message: "commit: after-processing commits synchronously once per poll batch, so enable.auto.commit must be false",
        expected: "false",
        found: "true",
        hint: "remove enable.auto.commit (the commit mode sets it), or use commit: auto",
      },
    ]);
  });

  it("rejects an explicit enable.auto.commit=false with commit: auto", () => {
    const { issues } = resolveConsumerConfig({ "enable.auto.commit": false }, "auto");
    expect(issues[0]?.message).toBe("commit: auto means enable.auto.commit=true; with false this group would never commit");
  });

  it("requires heartbeat.interval.ms below session.timeout.ms (Reference: docs/kafka-rules.md §6.1)", () => {
    const { issues } = resolveConsumerConfig({ "heartbeat.interval.ms": 10000, "session.timeout.ms": 10000 }, "auto");
    expect(issues).toEqual([
      { severity: "error", key: "heartbeat.interval.ms", message: "heartbeat.interval.ms (10000) must be lower than session.timeout.ms (10000)" },
    ]);
  });

  it("warns that the KIP-848 group protocol is not modelled (Reference: docs/kafka-rules.md §6.3)", () => {
    const { issues } = resolveConsumerConfig({ "group.protocol": "consumer" }, "auto");
    expect(issues.map((issue) => issue.severity)).toEqual(["warning"]);
  });
});
