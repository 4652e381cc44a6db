import { describe, expect, it } from "vitest";
import { ms, seconds } from "../../../src/sim/time.js";
import { Random } from "../../../src/sim/random.js";
import { exponentialBackoffMs } from "../../../src/kafka/client/backoff.js";
import { FakeCluster } from "./fake-broker.js";
import { producerHarness } from "./harness.js";

describe("producer retries, backoff and timeouts", () => {
  it("retry.backoff.ms grows exponentially to retry.backoff.max.ms with ±20% jitter (Reference: docs/kafka-rules.md §5.3 retry.backoff.ms / retry.backoff.max.ms)", () => {
    const random = new Random(1, "t");
    for (let attempt = 0; attempt < 8; attempt++) {
      const expected = Math.min(100 * 2 ** attempt, 1000);
      for (let i = 0; i < 50; i++) {
        const b = exponentialBackoffMs(100, 1000, attempt, random);
        expect(b).toBeGreaterThanOrEqual(Math.floor(expected * 0.8) - 1);
        expect(b).toBeLessThanOrEqual(Math.min(expected * 1.2, 1000));
      }
    }
    expect(exponentialBackoffMs(100, 100, 5, random)).toBe(100);
  });

  it("a retriable NOT_ENOUGH_REPLICAS is retried after a growing backoff and then acknowledged (Reference: docs/kafka-rules.md §1.5 acks=all (a), §5.3 retries)", () => {
    const h = producerHarness({ workload: { count: 1 } });
    h.cluster.script = (e) => (e.nth < 3 ? { error: "NOT_ENOUGH_REPLICAS" } : "append");
    h.world.run(seconds(3));
    const times = h.cluster.produced.map((p) => p.atUs);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]! - ms(2)); // minus one round trip
    expect(gaps[0]).toBeGreaterThanOrEqual(ms(80));
    expect(gaps[0]).toBeLessThanOrEqual(ms(120));
    expect(gaps[1]).toBeGreaterThanOrEqual(ms(160));
    expect(gaps[1]).toBeLessThanOrEqual(ms(240));
    expect(gaps[2]).toBeGreaterThanOrEqual(ms(320));
    expect(gaps[2]).toBeLessThanOrEqual(ms(480));
    const [send] = h.sends();
    expect(send).toMatchObject({ outcome: "ok", offset: 0, ackedBy: "broker-1" });
    expect(h.traces("client-error").some((t) => t["error"] === "NOT_ENOUGH_REPLICAS")).toBe(true);
  });

  it("a batch rejected until delivery.timeout.ms fails with the client's TimeoutException, keeps the last error its retries saw, and is 'failed' because no attempt was appended (Reference: Sender.sendProducerData \"Expiring N record(s)\"; docs/kafka-rules.md §5.3 delivery.timeout.ms, §1.5 NOT_ENOUGH_REPLICAS)", () => {
    const h = producerHarness({
      config: { "delivery.timeout.ms": 2000, "request.timeout.ms": 1000 },
      workload: { count: 1 },
    });
    h.cluster.script = () => ({ error: "NOT_ENOUGH_REPLICAS" });
    h.world.run(seconds(5));
    const [send] = h.sends();
    expect(send).toMatchObject({
      outcome: "failed",
      error: "DELIVERY_TIMEOUT",
      lastError: "NOT_ENOUGH_REPLICAS",
      message: "Expiring 1 record(s) for orders-0:2000 ms has passed since batch creation",
    });
    expect(send!.completeUs! - send!.invokeUs).toBe(ms(2000));
    expect(h.traces("delivery-timeout")[0]).toMatchObject({ lastError: "NOT_ENOUGH_REPLICAS", outcome: "failed" });
    expect(h.cluster.log(0)).toHaveLength(0);
  });

  it("a batch whose request is still unanswered at delivery.timeout.ms ends 'unknown': it may have been written (Reference: docs/kafka-rules.md §5.3 delivery.timeout.ms)", () => {
    const h = producerHarness({
      config: { "delivery.timeout.ms": 3000, "request.timeout.ms": 1000 },
      workload: { count: 1 },
    });
    h.cluster.script = () => "append-silently";
    h.world.run(seconds(6));
    const [send] = h.sends();
    expect(send).toMatchObject({ outcome: "unknown", error: "DELIVERY_TIMEOUT", lastError: "REQUEST_TIMED_OUT" });
    expect(send!.message).toMatch(/^Expiring 1 record\(s\) for orders-0:3000 ms has passed since batch creation$/);
    expect(send!.offset).toBeUndefined();
    expect(h.cluster.values(0)).toContain("p1-0");
  });

  it("a request timeout closes the connection and fails every request in flight on it (Reference: docs/kafka-rules.md §5.3 request.timeout.ms; docs/architecture.md principle 6 Connections)", () => {
    const h = producerHarness({
      config: { acks: "1", "linger.ms": 0, "request.timeout.ms": 1000 },
      workload: { ratePerSec: 100, count: 30 },
    });
    // Answers from broker-1 are lost for 100 ms: the connection breaks silently.
    h.world.at(seconds(0.15), () => {
      const rule = h.world.network.addRule({ kind: "cut", from: ["broker-1"], to: ["p1"] });
      h.world.at(seconds(0.25), () => h.world.network.removeRule(rule));
    });
    h.world.run(seconds(5));
    const disconnects = h.traces("producer-disconnect");
    expect(disconnects.length).toBeGreaterThanOrEqual(1);
    expect(disconnects[0]).toMatchObject({ broker: "broker-1", reason: "timeout" });
    expect(disconnects[0]!["failedRequests"]).toBeGreaterThan(1);
    expect(disconnects[0]!["atUs"]).toBeGreaterThanOrEqual(seconds(1.14));
    // Everything is acknowledged in the end, after the reconnect.
    expect(h.sends().every((s) => s.outcome === "ok")).toBe(true);
  });

  it("a crashed leader resets the connection at once: requests in flight fail with NETWORK_EXCEPTION and go to the new leader (Reference: docs/architecture.md principle 6 Connections; docs/kafka-rules.md §5.3 reconnect.backoff.ms)", () => {
    const h = producerHarness({ config: { acks: "1", "linger.ms": 0 }, workload: { ratePerSec: 200, count: 100 } });
    h.cluster.script = (e) => (e.broker === 1 && e.atUs >= seconds(0.3) ? "swallow" : "append");
    h.world.at(seconds(0.3), () => {
      h.world.crash("broker-1");
      h.cluster.leaders[0] = 2;
      h.cluster.epochs[0] = 1;
    });
    h.world.run(seconds(3));
    const resets = h.traces("producer-disconnect").filter((t) => t["reason"] === "reset");
    expect(resets.length).toBeGreaterThanOrEqual(1);
    expect(resets[0]!["atUs"]).toBeLessThan(seconds(0.31));
    expect(h.traces("client-error").some((t) => t["error"] === "NETWORK_EXCEPTION")).toBe(true);
    const sends = h.sends();
    expect(sends.every((s) => s.outcome === "ok")).toBe(true);
    expect(sends.filter((s) => s.invokeUs > seconds(0.4)).every((s) => s.ackedBy === "broker-2")).toBe(true);
  });

  it("NOT_LEADER_OR_FOLLOWER makes the producer refresh metadata and follow the new leader (Reference: docs/kafka-rules.md §5.3; Java client metadata refresh)", () => {
    const h = producerHarness({ config: { acks: "1" }, workload: { ratePerSec: 50, count: 50 } });
    h.world.at(seconds(0.5), () => {
      h.cluster.leaders[0] = 2;
      h.cluster.epochs[0] = 1;
    });
    h.world.run(seconds(3));
    const sends = h.sends();
    expect(sends.every((s) => s.outcome === "ok")).toBe(true);
    const late = sends.filter((s) => s.invokeUs > seconds(0.6));
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((s) => s.ackedBy === "broker-2" && s.leaderEpoch === 1)).toBe(true);
    expect(h.cluster.metadataRequests.filter((m) => m.atUs > seconds(0.5)).length).toBeGreaterThan(0);
    expect(FakeCluster.firstValue(h.cluster.produced[0]!)).toBe("p1-0");
  });
});

describe("producer metadata waits", () => {
  it("send() fails after max.block.ms when the topic never appears, and nothing is sent (Reference: docs/kafka-rules.md §5.3 max.block.ms)", () => {
    const h = producerHarness({ config: { "max.block.ms": 1000 }, workload: { ratePerSec: 100, count: 2 } });
    h.cluster.metadata = (request) => ({
      type: "MetadataResponse",
      correlationId: request.correlationId,
      controllerId: -1,
      brokers: [{ id: 1, node: "broker-1" }],
      topics: [{ name: "orders", error: "UNKNOWN_TOPIC_OR_PARTITION", partitions: [] }],
    });
    h.world.run(seconds(3));
    const sends = h.sends();
    expect(sends).toHaveLength(2);
    expect(sends[0]).toMatchObject({ outcome: "failed", error: "REQUEST_TIMED_OUT", invokeUs: seconds(0.1), completeUs: seconds(1.1) });
    expect(h.cluster.produced).toHaveLength(0);
    // It kept asking for metadata, spaced by retry.backoff.ms.
    expect(h.cluster.metadataRequests.length).toBeGreaterThan(5);
  });
});
