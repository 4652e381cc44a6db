import { describe, expect, it } from "vitest";
import { resolveConsumerConfig, resolveProducerConfig } from "../../../src/kafka/config/resolve.js";
import { presetDefaults } from "../../../src/kafka/config/version-defaults.js";
import { MetadataRecovery } from "../../../src/kafka/client/metadata-recovery.js";
import { ms } from "../../../src/sim/time.js";

describe("metadata recovery (Reference: KIP-899, KIP-1102; NetworkClient.DefaultMetadataUpdater, CommonClientConfigs)", () => {
  it("rebootstraps when every known broker is unavailable, not while one is usable (hasNodeAvailableOrConnectionReady)", () => {
    const r = new MetadataRecovery({ strategy: "rebootstrap", rebootstrapTriggerMs: 300000 });
    r.attempting(0);
    expect(r.shouldRebootstrap(0, ["broker-1", "broker-2"], (n) => n === "broker-1")).toBeUndefined();
    expect(r.shouldRebootstrap(0, ["broker-1", "broker-2"], () => true)).toBe("no-broker-available");
  });

  it("rebootstraps when no metadata came for metadata.recovery.rebootstrap.trigger.ms since the first attempt (needsRebootstrap)", () => {
    const r = new MetadataRecovery({ strategy: "rebootstrap", rebootstrapTriggerMs: 1000 });
    const usable = () => false;
    r.attempting(ms(100));
    r.attempting(ms(900)); // a later attempt does not restart the clock
    expect(r.shouldRebootstrap(ms(1100), ["broker-1"], usable)).toBeUndefined();
    expect(r.shouldRebootstrap(ms(1101), ["broker-1"], usable)).toBe("trigger-elapsed");
    r.rebootstrapped(ms(1101));
    expect(r.shouldRebootstrap(ms(1200), ["broker-1"], usable)).toBeUndefined();
    r.succeeded();
    expect(r.shouldRebootstrap(ms(9000), ["broker-1"], usable)).toBeUndefined();
  });

  it("metadata.recovery.strategy=none never rebootstraps", () => {
    const r = new MetadataRecovery({ strategy: "none", rebootstrapTriggerMs: 1 });
    r.attempting(0);
    expect(r.shouldRebootstrap(ms(5000), ["broker-1"], () => true)).toBeUndefined();
  });

  it("the keys are known and modelled, with Kafka 4.x defaults; presets before 4.0 default to none", () => {
    for (const resolved of [resolveProducerConfig({}), resolveConsumerConfig({}, "auto")]) {
      expect(resolved.config["metadata.recovery.strategy"]).toBe("rebootstrap");
      expect(resolved.config["metadata.recovery.rebootstrap.trigger.ms"]).toBe(300000);
    }
    const set = { "metadata.max.age.ms": 1000, "metadata.recovery.strategy": "none", "metadata.recovery.rebootstrap.trigger.ms": 5000 };
    expect(resolveProducerConfig(set).issues).toEqual([]); // no "accepted, not modelled" warning
    expect(resolveConsumerConfig(set, "auto").issues).toEqual([]);
    expect(resolveProducerConfig({ "metadata.recovery.strategy": "sometimes" }).issues.map((i) => i.severity)).toEqual(["error"]);
    for (const preset of ["kafka-0.10", "kafka-1.1", "kafka-2.0", "kafka-3.6", "kafka-3.9"] as const) {
      expect(resolveProducerConfig({}, { versionDefaults: presetDefaults(preset) }).config["metadata.recovery.strategy"]).toBe("none");
      expect(resolveConsumerConfig({}, "auto", { versionDefaults: presetDefaults(preset) }).config["metadata.recovery.strategy"]).toBe("none");
    }
    expect(resolveProducerConfig({}, { versionDefaults: presetDefaults("kafka-4.0") }).config["metadata.recovery.strategy"]).toBe("rebootstrap");
  });
});
