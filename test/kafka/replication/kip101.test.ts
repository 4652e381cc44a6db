/**
 * KIP-101's two scenarios (docs/kafka-rules.md §1.7): reproduced with the pre-0.11 protocol
 * (features.leaderEpochs = false, followers truncate to their own HW) and absent with leader epochs.
 */
import { describe, expect, it } from "vitest";
import { brokerNode } from "../../../src/kafka/metadata/partition-state.js";
import { segmentFileName } from "../../../src/kafka/replication/segment.js";
import type { RecordBatch } from "../../../src/kafka/protocol/records.js";
import { ReplicationHarness } from "./harness.js";

/**
 * Scenario 1: B (broker-2) leads, A (broker-1) follows. A fetches m2, tells B on its next fetch, B
 * commits m2 and acknowledges it; A restarts before it learns the new HW, then B dies and A leads.
 */
function scenario1(leaderEpochs: boolean): { h: ReplicationHarness; acked: boolean; leaderLog: string[] } {
  const h = new ReplicationHarness({ brokers: 2, features: leaderEpochs ? {} : { leaderEpochs: false, idempotence: false, strictMinIsr: false } });
  h.createTopic("t", {}, [[2, 1]]);
  h.runFor(100);
  h.produce("t", ["m1"], "all");
  h.runFor(6000);
  const m2 = h.produce("t", ["m2"], "all");
  h.runFor(20);
  const acked = m2.response?.partitions[0]!.error === "NONE";
  expect(h.highWatermark(2, "t")).toBe(2);
  expect(h.highWatermark(1, "t")).toBe(1); // A's HW lags one fetch round-trip (§1.2 item 6)
  h.crash(1, { notifyController: false }); // a quick bounce: still in the ISR
  h.restart(1);
  h.runFor(1);
  h.crash(2); // B fails before A has re-fetched m2; A is elected
  h.runFor(200);
  expect(h.leaderOf("t")).toBe(1);
  return { h, acked, leaderLog: h.values(1, "t") };
}

describe("KIP-101 scenario 1: high watermark truncation followed by immediate leader election", () => {
  it("without leader epochs the restarted follower truncates to its stale HW and the acknowledged m2 is lost (Reference: docs/kafka-rules.md §1.7 Scenario 1)", () => {
    const { h, acked, leaderLog } = scenario1(false);
    expect(acked).toBe(true);
    expect(leaderLog).toEqual(["m1"]);
    expect(h.traces("log-truncated", brokerNode(1)).some((r) => r.reason === "truncate-to-high-watermark")).toBe(true);
  });

  it("with leader epochs the restarted follower keeps m2 and the new leader still has it (Reference: docs/kafka-rules.md §1.7 Scenario 1 fix)", () => {
    const { acked, leaderLog } = scenario1(true);
    expect(acked).toBe(true);
    expect(leaderLog).toEqual(["m1", "m2"]);
  });
});

/**
 * Scenario 2: A (broker-1) leads with [m1, m2], B (broker-2) has fetched m2 but not flushed it. Both
 * lose power; B lost m2 (modelled by dropping B's unsynced tail, as Kafka's own regression test
 * deletes messages from the log file). B restarts first, leads, takes m3; then A restarts.
 */
function scenario2(leaderEpochs: boolean): ReplicationHarness {
  const h = new ReplicationHarness({ brokers: 2, features: leaderEpochs ? {} : { leaderEpochs: false, idempotence: false, strictMinIsr: false } });
  h.createTopic("t", {}, [[1, 2]]);
  h.runFor(100);
  h.produce("t", ["m1"], "all");
  h.runFor(100);
  h.produce("t", ["m2"], "all");
  h.runFor(6000); // every HW is 2 and checkpointed
  expect(h.highWatermark(2, "t")).toBe(2);
  h.crash(1, { notifyController: false });
  h.crash(2, { notifyController: false });
  const file = h.world.host(brokerNode(2))!.disk.appendFile<RecordBatch>(segmentFileName("t-0", 0));
  file.truncate(1); // B's unflushed m2 is gone
  h.controller.brokerFailed(1);
  h.controller.brokerFailed(2);
  h.restart(2);
  h.runFor(100);
  expect(h.leaderOf("t")).toBe(2);
  const m3 = h.produce("t", ["m3"], "1");
  h.runFor(100);
  expect(m3.response?.partitions[0]).toMatchObject({ error: "NONE", baseOffset: 1 });
  h.restart(1);
  h.runFor(3000);
  return h;
}

describe("KIP-101 scenario 2: replica divergence on restart after multiple hard failures", () => {
  it("without leader epochs the replicas diverge at offset 1 and replication carries on (Reference: docs/kafka-rules.md §1.7 Scenario 2)", () => {
    const h = scenario2(false);
    expect(h.values(1, "t")).toEqual(["m1", "m2"]);
    expect(h.values(2, "t")).toEqual(["m1", "m3"]);
    expect(h.controller.state("t", 0).isr).toEqual([1, 2]);
  });

  it("with leader epochs the old leader truncates the orphaned m2 through DivergingEpoch and the logs match (Reference: docs/kafka-rules.md §1.7 Scenario 2 fix, §1.4 truncation on fetch)", () => {
    const h = scenario2(true);
    expect(h.values(1, "t")).toEqual(["m1", "m3"]);
    expect(h.values(2, "t")).toEqual(["m1", "m3"]);
    expect(h.traces("fetch-diverging-epoch", brokerNode(2)).length).toBeGreaterThan(0);
  });

  it("mutant no-follower-truncation keeps the divergence even with leader epochs (Reference: docs/kafka-rules.md §1.4)", () => {
    const h = new ReplicationHarness({ brokers: 2, bugs: ["no-follower-truncation"] });
    h.createTopic("t", {}, [[1, 2]]);
    h.runFor(100);
    h.produce("t", ["m1"], "all");
    h.runFor(100);
    h.produce("t", ["m2"], "all");
    h.runFor(6000);
    h.crash(1, { notifyController: false });
    h.crash(2, { notifyController: false });
    h.world.host(brokerNode(2))!.disk.appendFile<RecordBatch>(segmentFileName("t-0", 0)).truncate(1);
    h.controller.brokerFailed(1);
    h.controller.brokerFailed(2);
    h.restart(2);
    h.runFor(100);
    h.produce("t", ["m3"], "1");
    h.runFor(100);
    h.restart(1);
    h.runFor(3000);
    expect(h.values(1, "t")).toEqual(["m1", "m2"]);
  });
});
