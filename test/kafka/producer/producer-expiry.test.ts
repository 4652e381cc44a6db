/**
 * delivery.timeout.ms and the idempotent producer's sequences (docs/kafka-rules.md §5.3, §5.4): what a
 * batch that expires while its request is in flight does to the partition's sequence numbers.
 */
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import { FakeCluster } from "./fake-broker.js";
import { producerHarness } from "./harness.js";

describe("batches that reach delivery.timeout.ms", () => {
  it("a late error answer to a batch that already expired changes nothing: no epoch bump, later batches keep their sequences (Reference: Sender.completeBatch canRetry !batch.isDone, Sender.failBatch, TransactionManager.handleFailedBatch, maybeResolveSequences)", () => {
    const h = producerHarness({
      latencyUs: 100_000,
      config: { "linger.ms": 0, "delivery.timeout.ms": 2500, "request.timeout.ms": 1000 },
      workload: { ratePerSec: 4, count: 3 },
    });
    // p1-0 is never appended (sequence 0); p1-1 (sequence 1) is: a broker with no state for the
    // producer accepts any sequence (ProducerAppendInfo.checkSequence).
    h.cluster.script = (e) => (FakeCluster.firstValue(e) === "p1-0" ? { error: "NOT_ENOUGH_REPLICAS" } : "append");
    h.world.run(seconds(6));
    const [first, ...rest] = h.sends();
    // The situation: p1-0's last attempt was still in flight when it expired (its answer came later).
    const lastAttempt = Math.max(...h.cluster.produced.filter((p) => FakeCluster.firstValue(p) === "p1-0").map((p) => p.atUs));
    expect(lastAttempt + 100_000).toBeGreaterThan(first!.completeUs!);
    // p1-1 was acknowledged, so the expired sequence resolves without a gap: no epoch bump.
    expect(h.traces("producer-epoch-bump")).toHaveLength(0);
    expect(h.cluster.produced.every((p) => p.batch.producerEpoch === 0)).toBe(true);
    // Sent and unanswered at expiry: it may have been written, so its outcome is unknown.
    expect(first).toMatchObject({ outcome: "unknown", error: "DELIVERY_TIMEOUT", lastError: "NOT_ENOUGH_REPLICAS" });
    expect(rest.every((s) => s.outcome === "ok")).toBe(true);
    expect(h.cluster.values(0)).toEqual(["p1-1", "p1-2"]);
  });
});
