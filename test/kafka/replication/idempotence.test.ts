/** Idempotent producer state (docs/kafka-rules.md §5.4). */
import { describe, expect, it } from "vitest";
import { ProducerStateTable } from "../../../src/kafka/replication/producer-state.js";
import { makeBatch, ReplicationHarness } from "./harness.js";

const batch = (seq: number, n = 1, epoch = 0, offset = 0) => ({
  ...makeBatch(
    Array.from({ length: n }, (_, i) => `s${seq + i}`),
    0,
    { id: 7, epoch, sequence: seq },
  ),
  baseOffset: offset,
});

describe("producer state", () => {
  it("accepts in-sequence batches, returns duplicates with their original offset, rejects gaps, old sequences and old epochs (Reference: ProducerAppendInfo.checkSequence, ProducerStateEntry.findDuplicateBatch)", () => {
    const table = new ProducerStateTable();
    expect(table.check(batch(5)).kind).toBe("append"); // unknown producer: any sequence
    table.record(batch(0, 2, 0, 10));
    for (let s = 2; s < 8; s++) table.record(batch(s, 1, 0, 10 + s));
    expect(table.check(batch(8))).toEqual({ kind: "append" });
    expect(table.check(batch(7))).toMatchObject({ kind: "duplicate", baseOffset: 17 });
    expect(table.check(batch(3))).toMatchObject({ kind: "duplicate", baseOffset: 13 });
    // Older than the 5 retained batches: Kafka 4.x answers OUT_OF_ORDER_SEQUENCE_NUMBER, not DUPLICATE_SEQUENCE_NUMBER.
    expect(table.check(batch(0, 2))).toMatchObject({ kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(table.check(batch(2))).toMatchObject({ kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    // A retained batch's range must match exactly.
    expect(table.check(batch(6, 2))).toMatchObject({ kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(table.check(batch(10))).toMatchObject({ kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(table.check(batch(8, 1, -1))).toMatchObject({ kind: "error", error: "INVALID_PRODUCER_EPOCH" });
    expect(table.check(batch(3, 1, 1))).toMatchObject({ kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(table.check(batch(0, 1, 1))).toEqual({ kind: "append" });
  });

  it("a duplicate is recognised only in the producer's current epoch; a new epoch clears the retained batches (Reference: ProducerStateEntry.findDuplicateBatch, maybeUpdateProducerEpoch)", () => {
    const table = new ProducerStateTable();
    table.record(batch(0, 1, 0, 0));
    table.record(batch(1, 1, 0, 1));
    table.record(batch(0, 1, 1, 2)); // epoch bump, sequence 0 again
    expect(table.epochOf(7)).toBe(1);
    expect(table.check(batch(0, 1, 1))).toMatchObject({ kind: "duplicate", baseOffset: 2 });
    expect(table.check(batch(1, 1, 0))).toMatchObject({ kind: "error", error: "INVALID_PRODUCER_EPOCH" });
    expect(table.check(batch(1, 1, 1))).toEqual({ kind: "append" });
    // A follower copies what its leader wrote, whatever the epoch (origin REPLICATION is not validated).
    table.record(batch(5, 1, 0, 3));
    expect(table.epochOf(7)).toBe(0);
    expect(table.lastSequence(7)).toBe(5);
  });

  it("sequences wrap from Integer.MAX_VALUE to 0 (Reference: ProducerAppendInfo.inSequence, DefaultRecordBatch.incrementSequence)", () => {
    const table = new ProducerStateTable();
    table.record(batch(2147483646, 2, 0, 0));
    expect(table.lastSequence(7)).toBe(2147483647);
    expect(table.check(batch(0))).toEqual({ kind: "append" });
    expect(table.check(batch(1))).toMatchObject({ kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
  });

  it("a retried batch is not appended twice, also after a leader change, since followers keep producer state (Reference: docs/kafka-rules.md §5.4 duplicate detection)", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    const producer = { id: 42, epoch: 0, sequence: 0 };
    const first = h.produce("orders", ["a"], "all", { producer });
    h.runFor(100);
    const retry = h.produce("orders", ["a"], "all", { producer });
    h.runFor(100);
    expect(retry.response?.partitions[0]).toMatchObject({ error: "NONE", baseOffset: first.response!.partitions[0]!.baseOffset });
    h.crash(1);
    h.runFor(100);
    const retryAtNewLeader = h.produce("orders", ["a"], "all", { producer });
    h.runFor(100);
    expect(retryAtNewLeader.response?.partitions[0]).toMatchObject({ error: "NONE", baseOffset: 0 });
    expect(h.values(h.leaderOf("orders"), "orders")).toEqual(["a"]);
  });

  it("mutant no-idempotent-dedup appends the retried batch twice (Reference: docs/kafka-rules.md §5.4)", () => {
    const h = new ReplicationHarness({ bugs: ["no-idempotent-dedup"] });
    h.createTopic("orders");
    h.runFor(100);
    const producer = { id: 42, epoch: 0, sequence: 0 };
    h.produce("orders", ["a"], "all", { producer });
    h.runFor(100);
    h.produce("orders", ["a"], "all", { producer });
    h.runFor(100);
    expect(h.values(1, "orders")).toEqual(["a", "a"]);
  });
});
