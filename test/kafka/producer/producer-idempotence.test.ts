import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import { BUG_RESEQUENCE_ON_RETRY } from "../../../src/kafka/producer/index.js";
import type { KafkaError } from "../../../src/kafka/protocol/errors.js";
import { FakeCluster, type ProduceEvent } from "./fake-broker.js";
import { producerHarness } from "./harness.js";

const duplicates = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);
const sendOrder = (values: string[]): boolean => values.every((v, i) => i === 0 || Number(v.split("-")[1]) > Number(values[i - 1]!.split("-")[1]));

/** Rejects the first attempt at the batch starting with `value` (nothing appended). */
function rejectFirstAttemptOf(value: string, error: KafkaError = "NOT_ENOUGH_REPLICAS") {
  let rejected = false;
  return (e: ProduceEvent) => {
    if (!rejected && FakeCluster.firstValue(e) === value) {
      rejected = true;
      return { error };
    }
    return "append" as const;
  };
}

/** Appends the first attempt at the batch starting with `value` but never answers it. */
function loseResponseOf(value: string) {
  let lost = false;
  return (e: ProduceEvent) => {
    if (!lost && FakeCluster.firstValue(e) === value) {
      lost = true;
      return "append-silently" as const;
    }
    return "append" as const;
  };
}

describe("idempotent producer ordering and deduplication", () => {
  it("with 5 requests in flight, a retried batch keeps its place: later batches get OUT_OF_ORDER_SEQUENCE_NUMBER and follow it (Reference: docs/kafka-rules.md §5.4 Ordering, Producer id, epoch and sequence)", () => {
    const h = producerHarness({ config: { "linger.ms": 0 }, workload: { ratePerSec: 1000, count: 20 } });
    h.cluster.script = rejectFirstAttemptOf("p1-2");
    h.world.run(seconds(3));
    const values = h.cluster.values(0);
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => `p1-${i}`));
    // Batches after p1-2 were in flight together with it and were rejected as out of sequence.
    expect(h.traces("client-error").some((t) => t["error"] === "OUT_OF_ORDER_SEQUENCE_NUMBER")).toBe(true);
    const sends = h.sends();
    expect(sends.every((s) => s.outcome === "ok")).toBe(true);
    expect(sends.map((s) => s.offset)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(h.cluster.initRequests).toHaveLength(1);
    expect(h.traces("producer-epoch-bump")).toHaveLength(0);
  });

  it("without idempotence the same retry lands after later batches: records are reordered (Reference: docs/kafka-rules.md §5.4 Reordering)", () => {
    const h = producerHarness({
      config: { "linger.ms": 0, "enable.idempotence": false },
      workload: { ratePerSec: 1000, count: 20 },
    });
    h.cluster.script = rejectFirstAttemptOf("p1-2");
    h.world.run(seconds(3));
    const values = h.cluster.values(0);
    expect(values).toHaveLength(20);
    expect(sendOrder(values)).toBe(false);
    expect(values.indexOf("p1-2")).toBeGreaterThan(values.indexOf("p1-3"));
    expect(h.cluster.initRequests).toHaveLength(0);
  });

  it("without idempotence a lost response makes the retry write the record twice and out of order (Reference: docs/kafka-rules.md §5.4 Reordering; §1.5 a non-idempotent retry duplicates)", () => {
    const h = producerHarness({
      config: { acks: "1", "linger.ms": 0, "request.timeout.ms": 1000 },
      workload: { ratePerSec: 100, count: 10 },
    });
    h.cluster.script = loseResponseOf("p1-0");
    h.world.run(seconds(4));
    const values = h.cluster.values(0);
    expect(duplicates(values)).toEqual(["p1-0"]);
    expect(values[values.length - 1]).toBe("p1-0");
    const first = h.sends()[0]!;
    expect(first).toMatchObject({ outcome: "ok", offset: 10 });
  });

  it("with idempotence the retry of an appended batch is recognised while it is one of the last 5 batches: no duplicate, and the original offset (Reference: ProducerStateEntry.findDuplicateBatch, UnifiedLog.analyzeAndValidateProducerState)", () => {
    const h = producerHarness({ config: { "linger.ms": 0, "request.timeout.ms": 1000 }, workload: { ratePerSec: 100, count: 4 } });
    h.cluster.script = loseResponseOf("p1-0");
    h.world.run(seconds(4));
    expect(h.cluster.values(0)).toEqual(["p1-0", "p1-1", "p1-2", "p1-3"]);
    expect(h.sends()[0]).toMatchObject({ outcome: "ok", offset: 0 });
    expect(h.sends().every((s) => s.outcome === "ok" && s.offset !== undefined)).toBe(true);
  });

  it("a retry older than the broker's last 5 batches is OUT_OF_ORDER_SEQUENCE_NUMBER, never a success without an offset: retried until delivery.timeout.ms, then a TimeoutException of unknown outcome (Reference: ProducerAppendInfo.checkSequence, TransactionManager.canRetry, Sender.sendProducerData)", () => {
    const h = producerHarness({
      config: { "linger.ms": 0, "request.timeout.ms": 1000, "delivery.timeout.ms": 3000 },
      workload: { ratePerSec: 100, count: 10 },
    });
    h.cluster.script = loseResponseOf("p1-0");
    h.world.run(seconds(6));
    expect(h.cluster.values(0)).toEqual(Array.from({ length: 10 }, (_, i) => `p1-${i}`));
    const retries = h.cluster.produced.filter((p) => FakeCluster.firstValue(p) === "p1-0");
    expect(retries.length).toBeGreaterThan(1);
    expect(h.traces("client-error").some((t) => t["error"] === "OUT_OF_ORDER_SEQUENCE_NUMBER")).toBe(true);
    expect(h.traces("client-error").some((t) => t["error"] === "DUPLICATE_SEQUENCE_NUMBER")).toBe(false);
    const first = h.sends()[0]!;
    expect(first).toMatchObject({ outcome: "unknown", error: "DELIVERY_TIMEOUT", lastError: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(first.offset).toBeUndefined();
    expect(
      h
        .sends()
        .slice(1)
        .every((s) => s.outcome === "ok" && s.offset !== undefined),
    ).toBe(true);
    // The gap was not the producer's: lastAcked + 1 = nextSequence once p1-0 expired, no epoch bump.
    expect(h.traces("producer-epoch-bump")).toHaveLength(0);
  });

  it("a first batch refused while a later one is appended by a leader without state for the producer is OUT_OF_ORDER_SEQUENCE_NUMBER until it expires: failed, never acknowledged without an offset (Reference: ProducerAppendInfo.checkSequence, TransactionManager.canRetry; fuzz acks-all-durability seeds 4242 and 5002)", () => {
    const h = producerHarness({
      config: { "linger.ms": 0, "delivery.timeout.ms": 4000, "request.timeout.ms": 1000 },
      workload: { ratePerSec: 1000, count: 10 },
    });
    // The partition's first leader is being elected: the first attempt at p1-0 (sequence 0) is
    // refused, the next batch (sequence 1) already meets the new leader, which knows no state for
    // the producer and accepts any sequence.
    h.cluster.script = rejectFirstAttemptOf("p1-0", "UNKNOWN_TOPIC_OR_PARTITION");
    h.world.run(seconds(8));
    expect(h.cluster.values(0)).toEqual(Array.from({ length: 9 }, (_, i) => `p1-${i + 1}`));
    const retries = h.cluster.produced.filter((p) => FakeCluster.firstValue(p) === "p1-0");
    expect(retries.length).toBeGreaterThan(2);
    expect(retries.every((p) => p.batch.baseSequence === 0 && p.batch.producerEpoch === 0)).toBe(true);
    expect(h.traces("client-error").some((t) => t["error"] === "DUPLICATE_SEQUENCE_NUMBER")).toBe(false);
    const [first, ...rest] = h.sends();
    expect(first).toMatchObject({ outcome: "failed", error: "DELIVERY_TIMEOUT", lastError: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(rest.every((s) => s.outcome === "ok" && s.offset !== undefined)).toBe(true);
    // Not the next sequence after the last acknowledged one: retried without an epoch bump.
    expect(h.traces("producer-epoch-bump")).toHaveLength(0);
  });

  it("mutant producer-resequence-on-retry: a retried batch with new sequence numbers is appended twice (Reference: docs/kafka-rules.md §5.4 Producer id, epoch and sequence)", () => {
    const h = producerHarness({
      config: { "linger.ms": 0, "request.timeout.ms": 1000 },
      workload: { ratePerSec: 100, count: 10 },
      bugs: [BUG_RESEQUENCE_ON_RETRY],
    });
    h.cluster.script = loseResponseOf("p1-0");
    h.world.run(seconds(4));
    expect(duplicates(h.cluster.values(0))).toEqual(["p1-0"]);
  });

  it("over a lossy link, the idempotent producer neither duplicates nor reorders, the plain one does (Reference: docs/kafka-rules.md §5.4)", () => {
    const run = (idempotent: boolean, seed: number) => {
      const h = producerHarness({
        seed,
        config: { "linger.ms": 0, "request.timeout.ms": 500, "enable.idempotence": idempotent },
        workload: { ratePerSec: 200, count: 600 },
      });
      h.world.network.addRule({ kind: "drop", between: [["p1"], ["broker-1"]], probability: 0.03 });
      h.world.run(seconds(20));
      return { values: h.cluster.values(0), sends: h.sends(), disconnects: h.traces("producer-disconnect").length };
    };
    let plainAnomalies = 0;
    for (const seed of [1, 2, 3]) {
      const idem = run(true, seed);
      expect(idem.disconnects).toBeGreaterThan(0);
      expect(duplicates(idem.values)).toEqual([]);
      expect(sendOrder(idem.values)).toBe(true);
      expect(idem.values).toHaveLength(600);
      expect(idem.sends.every((s) => s.outcome === "ok")).toBe(true);
      const plain = run(false, seed);
      expect(plain.disconnects).toBeGreaterThan(0);
      if (duplicates(plain.values).length > 0 || !sendOrder(plain.values)) plainAnomalies++;
    }
    expect(plainAnomalies).toBeGreaterThan(0);
  });

  it("a batch that fails for good after being sent makes the producer bump its epoch and restart that partition's sequences at 0 (Reference: docs/kafka-rules.md §5.4 Producer id, epoch and sequence)", () => {
    const h = producerHarness({ config: { "linger.ms": 0 }, workload: { ratePerSec: 1000, count: 12 } });
    let failed = false;
    h.cluster.script = (e) => {
      if (!failed && FakeCluster.firstValue(e) === "p1-3") {
        failed = true;
        return { error: "UNKNOWN_SERVER_ERROR" };
      }
      return "append";
    };
    h.world.run(seconds(3));
    expect(h.traces("producer-epoch-bump")).toHaveLength(1);
    const values = h.cluster.values(0);
    expect(values).not.toContain("p1-3");
    expect(duplicates(values)).toEqual([]);
    expect(sendOrder(values)).toBe(true);
    expect(values).toHaveLength(11);
    const epoch1 = h.cluster.produced.filter((p) => p.batch.producerEpoch === 1);
    expect(epoch1.length).toBeGreaterThan(0);
    expect(Math.min(...epoch1.map((p) => p.batch.baseSequence))).toBe(0);
    const lost = h.sends().find((s) => s.value === "p1-3")!;
    expect(lost).toMatchObject({ outcome: "unknown", error: "UNKNOWN_SERVER_ERROR" });
  });

  it("UNKNOWN_PRODUCER_ID: the producer bumps its epoch and resends from sequence 0 without losing or duplicating (Reference: docs/kafka-rules.md §5.4 Other producer-state errors)", () => {
    const h = producerHarness({ config: { "linger.ms": 0 }, workload: { ratePerSec: 1000, count: 12 } });
    let answered = false;
    h.cluster.script = (e) => {
      if (!answered && FakeCluster.firstValue(e) === "p1-5") {
        answered = true;
        return { error: "UNKNOWN_PRODUCER_ID" };
      }
      return "append";
    };
    h.world.run(seconds(3));
    expect(h.traces("producer-epoch-bump")).toHaveLength(1);
    const values = h.cluster.values(0);
    expect(values).toEqual(Array.from({ length: 12 }, (_, i) => `p1-${i}`));
    expect(h.sends().every((s) => s.outcome === "ok")).toBe(true);
  });
});
