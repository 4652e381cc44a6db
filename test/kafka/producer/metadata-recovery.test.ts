/**
 * The producer's metadata: periodic refresh (metadata.max.age.ms) and rebootstrap when every broker
 * it knows is unavailable (metadata.recovery.strategy, KIP-899 / KIP-1102).
 * Reference: Metadata.timeToNextUpdate, NetworkClient.DefaultMetadataUpdater.maybeUpdate,
 * Metadata.rebootstrap, CommonClientConfigs.
 */
import { describe, expect, it } from "vitest";
import { ProducerMetadata } from "../../../src/kafka/producer/client-metadata.js";
import type { MetadataResponse } from "../../../src/kafka/protocol/metadata.js";
import { ms, seconds } from "../../../src/sim/time.js";
import { producerHarness } from "./harness.js";

/** The producer's metadata lists only broker-1 (as after a rolling restart); broker-1 then stops and broker-2 leads. */
function onlyKnownBrokerStops(config: Record<string, unknown>) {
  const h = producerHarness({ brokers: [1, 2], leaders: [1], config, workload: { ratePerSec: 100, stopUs: seconds(6) } });
  h.cluster.brokers.splice(1, 1); // Metadata responses list broker-1 only
  h.world.run(seconds(2));
  h.world.crash("broker-1");
  h.cluster.brokers.splice(0, 1, 2);
  h.cluster.leaders[0] = 2;
  h.cluster.epochs[0] = 1;
  h.world.run(seconds(5));
  const after = h.sends().filter((s) => s.invokeUs > seconds(2.1) && s.invokeUs < seconds(4));
  return { h, after };
}

describe("producer metadata recovery (Reference: KIP-899, KIP-1102, DefaultMetadataUpdater.maybeUpdate)", () => {
  it("rebootstraps from bootstrap.servers when the only broker it knows stops, and moves to the new leader at once", () => {
    const { h, after } = onlyKnownBrokerStops({});
    expect(h.traces("client-rebootstrap")).toEqual([expect.objectContaining({ reason: "no-broker-available", forgotten: ["broker-1"] })]);
    expect(after.length).toBeGreaterThan(100);
    for (const s of after) {
      expect(s.outcome).toBe("ok");
      expect(s.completeUs! - s.invokeUs).toBeLessThan(seconds(0.5));
    }
  });

  it("with metadata.recovery.strategy=none (Kafka before 4.0) it keeps retrying the stopped broker", () => {
    const { h, after } = onlyKnownBrokerStops({ "metadata.recovery.strategy": "none" });
    expect(h.traces("client-rebootstrap")).toEqual([]);
    expect(after.length).toBeGreaterThan(100);
    expect(after.filter((s) => s.outcome === "ok")).toEqual([]);
  });
});

describe("producer metadata.max.age.ms (Reference: Metadata.timeToNextUpdate)", () => {
  it("refreshes metadata at least every metadata.max.age.ms without any error", () => {
    const short = producerHarness({ config: { "metadata.max.age.ms": 500 }, workload: { count: 5 } });
    short.world.run(seconds(5));
    const gaps = short.cluster.metadataRequests.slice(1).map((r, i) => r.atUs - short.cluster.metadataRequests[i]!.atUs);
    expect(short.cluster.metadataRequests.length).toBeGreaterThanOrEqual(9);
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(seconds(0.51));
    const long = producerHarness({ workload: { count: 5 } });
    long.world.run(seconds(5));
    expect(long.cluster.metadataRequests).toHaveLength(1);
  });
});

describe("producer metadata after an answer with errors (Reference: Metadata.handleMetadataResponse requestUpdate(false), Metadata.timeToNextUpdate)", () => {
  const answer = (error: "NONE" | "LEADER_NOT_AVAILABLE"): MetadataResponse => ({
    type: "MetadataResponse",
    correlationId: 1,
    controllerId: -1,
    brokers: [{ id: 1, node: "broker-1" }],
    topics: [
      { name: "orders", error: "NONE", partitions: [{ partition: 0, error, leader: error === "NONE" ? 1 : -1, leaderEpoch: 0, replicas: [1], isr: [1] }] },
    ],
  });

  it("a partition answered LEADER_NOT_AVAILABLE asks for the next update retry.backoff.ms after the attempt; a clean answer waits metadata.max.age.ms", () => {
    const metadata = new ProducerMetadata(["broker-1"], ms(300000), ms(100));
    metadata.attempted(ms(1000));
    metadata.apply(answer("LEADER_NOT_AVAILABLE"), ms(1001));
    expect(metadata.nextUpdateUs()).toBe(ms(1100));
    metadata.attempted(ms(1100));
    metadata.apply(answer("NONE"), ms(1101));
    expect(metadata.nextUpdateUs()).toBe(ms(1101) + ms(300000));
  });
});
