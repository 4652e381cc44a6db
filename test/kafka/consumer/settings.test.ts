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

  it("converts each duration the consumer waits on into virtual microseconds once, at read time", () => {
    const s = settingsOf({ "retry.backoff.ms": 250, "session.timeout.ms": 10000 });
    expect(s.retryBackoffUs).toBe(250_000);
    expect(s.sessionTimeoutUs).toBe(10_000_000);
    expect(s.requestTimeoutUs).toBe(30_000_000);
    expect(s.defaultApiTimeoutUs).toBe(60_000_000);
    expect(s.heartbeatIntervalUs).toBe(3_000_000);
    expect(s.maxPollIntervalUs).toBe(300_000_000);
    expect(s.autoCommitIntervalUs).toBe(5_000_000);
    expect(s.metadataMaxAgeUs).toBe(300_000_000);
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
