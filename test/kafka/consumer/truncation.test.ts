/**
 * KIP-320 on the consumer: after a leader change it validates its position with
 * OffsetsForLeaderEpoch and, when the log was truncated below it, moves back to the first offset
 * known to diverge instead of skipping the records written there by the new leader.
 * Reference: KIP-320; SubscriptionState.maybeValidatePositionForCurrentLeader,
 * SubscriptionState.maybeCompleteValidation, OffsetFetcher.validatePositionsAsync,
 * ConsumerUtils.refreshCommittedOffsets (a committed offset carries its leader epoch).
 */
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import type { HistoryOp, PollOp, ResetOp } from "../../../src/kafka/history.js";
import { FakeCluster, type FakeClusterOptions } from "../group/fake-cluster.js";

const ops = <K extends HistoryOp["kind"]>(c: FakeCluster, kind: K, process?: string) =>
  c.history.ops().filter((op): op is Extract<HistoryOp, { kind: K }> => op.kind === kind && (process === undefined || op.process === process));

const polled = (c: FakeCluster, process?: string): string[] => (ops(c, "poll", process) as PollOp[]).flatMap((p) => p.records.map((r) => r.value));

const values = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/**
 * 20 records in epoch 0 are consumed (position 20). Then an unclean election: the new leader's log
 * ends at 12, its epoch 1 starts there, and it takes 10 new records (offsets 12–21), so the log has
 * grown past the consumer's position again.
 */
function truncatedUnderTheConsumer(options: FakeClusterOptions = {}, config: Record<string, unknown> = {}): FakeCluster {
  const c = new FakeCluster(options);
  c.store.createTopic("orders", 1);
  c.store.produce("orders", 0, values("a", 20));
  c.addConsumer({ name: "g1-1", config });
  c.world.run(seconds(10));
  expect(polled(c)).toEqual(values("a", 20));
  c.store.truncate("orders", 0, 12);
  c.store.produce("orders", 0, values("n", 10));
  c.world.run(seconds(20));
  return c;
}

describe("consumers detect log truncation (Reference: KIP-320, SubscriptionState.maybeCompleteValidation)", () => {
  it("after a leader change the consumer validates its position, detects the truncation and reads the new leader's records from the first offset known to diverge", () => {
    const c = truncatedUnderTheConsumer();
    // Before KIP-320 the consumer fetched on at offset 20 and never saw n0…n7 at the reused offsets 12–19.
    expect(polled(c)).toEqual([...values("a", 20), ...values("n", 10)]);
    const detected = c.traces("consumer-truncation-detected");
    expect(detected).toHaveLength(1);
    expect(detected[0]).toMatchObject({ consumer: "g1-1", offset: 20, offsetEpoch: 0, leaderEpoch: 1, divergingOffset: 12, divergingEpoch: 0 });
    expect(String(detected[0]!.rule)).toContain("resetting offset to the first offset known to diverge 12");
    const resets = ops(c, "reset") as ResetOp[];
    expect(resets.at(-1)).toMatchObject({ reason: "log-truncation", offset: 12 });
  });

  it("with auto.offset.reset=none the consumer raises LogTruncationException and stops consuming the partition", () => {
    const c = new FakeCluster({ brokerConfig: { "group.initial.rebalance.delay.ms": 0 } });
    c.store.createTopic("orders", 1);
    c.store.produce("orders", 0, values("a", 20));
    // g1-1 reads everything and commits offset 20 with leader epoch 0, then closes (LeaveGroup).
    c.addConsumer({ name: "g1-1", commit: "after-processing" });
    c.world.run(seconds(10));
    c.world.inject("g1-1", { type: "StopConsuming" });
    c.world.run(seconds(11));
    c.store.truncate("orders", 0, 12);
    c.store.produce("orders", 0, values("n", 10));
    c.addConsumer({ name: "g1-2", commit: "after-processing", config: { "auto.offset.reset": "none" } });
    c.world.run(seconds(40));
    // The committed offset carries its leader epoch, so the new member validates it before fetching.
    expect(ops(c, "reset", "g1-2#1")).toEqual([expect.objectContaining({ reason: "committed", offset: 20 })]);
    expect(polled(c, "g1-2#1")).toEqual([]);
    const errors = c.traces("consumer-error").filter((t) => t.consumer === "g1-2");
    expect(errors).toHaveLength(1);
    expect(String(errors[0]!.error)).toContain("LogTruncationException");
    expect(String(errors[0]!.error)).toContain("the end offset from the broker is 12");
  });

  it("a restarted consumer validates its committed offset, which carries the leader epoch of the record before it", () => {
    const c = new FakeCluster();
    c.store.createTopic("orders", 1);
    c.store.produce("orders", 0, values("a", 20));
    c.addConsumer({ name: "g1-1", commit: "after-processing" });
    c.world.run(seconds(10));
    c.world.crash("g1-1");
    c.store.truncate("orders", 0, 12);
    c.store.produce("orders", 0, values("n", 10));
    c.world.start("g1-1");
    c.world.run(seconds(120)); // the old member's session (45 s) expires first
    expect(ops(c, "reset", "g1-1#2").map((r) => [r.reason, r.offset])).toEqual([
      ["committed", 20],
      ["log-truncation", 12],
    ]);
    expect(polled(c, "g1-1#2")).toEqual(values("n", 10));
  });

  it("a leader change without truncation costs one OffsetsForLeaderEpoch round trip and nothing else", () => {
    const c = new FakeCluster();
    c.store.createTopic("orders", 1);
    c.store.produce("orders", 0, values("a", 20));
    c.addConsumer({ name: "g1-1" });
    c.world.run(seconds(10));
    c.store.newEpoch("orders", 0);
    c.store.produce("orders", 0, values("b", 5));
    c.world.run(seconds(20));
    expect(polled(c)).toEqual([...values("a", 20), ...values("b", 5)]);
    expect(c.traces("consumer-truncation-detected")).toEqual([]);
    expect((ops(c, "reset") as ResetOp[]).map((r) => r.reason)).toEqual(["earliest"]);
  });

  it("against brokers older than 2.3 (no OffsetsForLeaderEpoch for consumers) the position is not validated: the records at reused offsets are skipped", () => {
    const c = truncatedUnderTheConsumer({ features: { preset: "kafka-2.0 (Kafka 2.0, ZooKeeper)" } });
    expect(polled(c)).toEqual([...values("a", 20), "n8", "n9"]);
    expect(c.traces("consumer-truncation-detected")).toEqual([]);
  });
});
