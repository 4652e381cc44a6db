import { describe, expect, it } from "vitest";
import { resolveConsumerConfig } from "../../../src/kafka/config/resolve.js";
import { ConfigView } from "../../../src/kafka/config-view.js";
import { readConsumerSettings } from "../../../src/kafka/consumer/settings.js";

const settingsOf = (raw: Record<string, unknown>) => readConsumerSettings(new ConfigView(resolveConsumerConfig(raw, "auto").config));

describe("consumer settings read once from the resolved config (Reference: Kafka ConsumerConfig, CommonClientConfigs)", () => {
  it("takes Kafka 4.x defaults when nothing is set", () => {
    const s = settingsOf({});
    expect(s.requestTimeoutMs).toBe(30000);
    expect(s.defaultApiTimeoutMs).toBe(60000);
    expect(s.sessionTimeoutMs).toBe(45000);
    expect(s.heartbeatIntervalMs).toBe(3000);
    expect(s.maxPollIntervalMs).toBe(300000);
    expect(s.maxPollRecords).toBe(500);
    expect(s.autoOffsetReset).toBe("latest");
    expect(s.assignmentStrategies).toEqual(["RangeAssignor", "CooperativeStickyAssignor"]);
    expect(s.metadataRecovery.strategy).toBe("rebootstrap");
  });

  it("carries explicit values under their Kafka names", () => {
    const s = settingsOf({
      "auto.offset.reset": "earliest",
      "retry.backoff.ms": 250,
      "partition.assignment.strategy": "RoundRobinAssignor",
      "fetch.max.wait.ms": 100,
    });
    expect(s.autoOffsetReset).toBe("earliest");
    expect(s.retryBackoffMs).toBe(250);
    expect(s.assignmentStrategies).toEqual(["RoundRobinAssignor"]);
    expect(s.fetchMaxWaitMs).toBe(100);
  });

  it("refuses an auto.offset.reset Kafka does not know", () => {
    expect(() => readConsumerSettings(new ConfigView({ ...resolveConsumerConfig({}, "auto").config, "auto.offset.reset": "smallest" }))).toThrow(
      /auto.offset.reset/,
    );
  });
});
