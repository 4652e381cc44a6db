/** Idempotent producer state (kafka-semantics §5.4). */
import { describe, expect, it } from "vitest";
import { ProducerStateTable } from "../../../src/kafka/replication/producer-state.js";
import { makeBatch, ReplicationHarness } from "./harness.js";

const batch = (seq: number, n = 1, epoch = 0, offset = 0) => ({ ...makeBatch(Array.from({ length: n }, (_, i) => `s${seq + i}`), 0, { id: 7, epoch, sequence: seq }), baseOffset: offset });

describe("producer state", () => {
  it("accepts in-sequence batches, returns duplicates with their original offset, rejects gaps, old sequences and old epochs (Reference: kafka-semantics §5.4)", () => {
    const table = new ProducerStateTable();
    expect(table.check(batch(5)).kind).toBe("append"); // unknown producer: any sequence
    table.record(batch(0, 2, 0, 10));
    for (let s = 2; s < 8; s++) table.record(batch(s, 1, 0, 10 + s));
    expect(table.check(batch(8))).toEqual({ kind: "append" });
    expect(table.check(batch(7))).toMatchObject({ kind: "duplicate", baseOffset: 17 });
    expect(table.check(batch(0, 2))).toMatchObject({ kind: "error", error: "DUPLICATE_SEQUENCE_NUMBER" });
    expect(table.check(batch(10))).toMatchObject({ kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(table.check(batch(8, 1, -1))).toMatchObject({ kind: "error", error: "INVALID_PRODUCER_EPOCH" });
    expect(table.check(batch(3, 1, 1))).toMatchObject({ kind: "error", error: "OUT_OF_ORDER_SEQUENCE_NUMBER" });
    expect(table.check(batch(0, 1, 1))).toEqual({ kind: "append" });
  });

  it("a retried batch is not appended twice, also after a leader change, since followers keep producer state (Reference: kafka-semantics §5.4 duplicate detection)", () => {
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

  it("mutant no-idempotent-dedup appends the retried batch twice (Reference: kafka-semantics §5.4)", () => {
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
