/**
 * Kafka 0.10: a follower whose log ends beyond its new leader's (ReplicaFetcherThread
 * .handleOffsetOutOfRange, tag 0.10.2.0). A (broker-1) leads [m1, m2, m3], B (broker-2) copied them
 * and every HW is 3; both crash, B loses m2 and m3 (its unflushed tail) and restarts first as the
 * leader with [m1]; it takes m4 at offset 1. A restarts, becomes a follower, truncates to its own HW
 * (3, which removes nothing) and fetches at 3, beyond B's log end 2: OFFSET_OUT_OF_RANGE.
 */
import { describe, expect, it } from "vitest";
import { brokerNode } from "../../../src/kafka/metadata/partition-state.js";
import type { RecordBatch } from "../../../src/kafka/protocol/records.js";
import { segmentFileName } from "../../../src/kafka/replication/segment.js";
import { ReplicationHarness } from "./harness.js";

const V0_10 = { leaderEpochs: false, idempotence: false, strictMinIsr: false, truncationOnFetch: false, isrChangesViaController: false };

function followerAheadOfLeader(uncleanLeaderElection: boolean): ReplicationHarness {
  const h = new ReplicationHarness({ brokers: 2, features: V0_10 });
  h.createTopic("t", { "unclean.leader.election.enable": uncleanLeaderElection }, [[1, 2]]);
  h.runFor(100);
  for (const value of ["m1", "m2", "m3"]) {
    h.produce("t", [value], "all");
    h.runFor(100);
  }
  h.runFor(6000); // every HW is 3 and checkpointed
  expect(h.highWatermark(1, "t")).toBe(3);
  expect(h.highWatermark(2, "t")).toBe(3);
  h.crash(1, { notifyController: false });
  h.crash(2, { notifyController: false });
  h.world.host(brokerNode(2))!.disk.appendFile<RecordBatch>(segmentFileName("t-0", 0)).truncate(1); // B lost m2 and m3
  h.controller.brokerFailed(1);
  h.controller.brokerFailed(2);
  h.restart(2);
  h.runFor(100);
  expect(h.leaderOf("t")).toBe(2);
  const m4 = h.produce("t", ["m4"], "1");
  h.runFor(100);
  expect(m4.response?.partitions[0]).toMatchObject({ error: "NONE", baseOffset: 1 });
  h.restart(1);
  h.runFor(3000);
  return h;
}

describe("Kafka 0.10: a follower whose log ends beyond its leader's (Reference: ReplicaFetcherThread.handleOffsetOutOfRange, Kafka 0.10.2.0)", () => {
  it("with unclean.leader.election.enable=true it truncates to the leader's log end offset and keeps the divergent record below it", () => {
    const h = followerAheadOfLeader(true);
    expect(h.traces("follower-offset-out-of-range", brokerNode(1)).length).toBeGreaterThan(0);
    const truncations = h.traces("log-truncated", brokerNode(1)).filter((r) => r.reason === "truncate-to-leader-end-offset");
    expect(truncations.map((r) => [r.from, r.to])).toEqual([[3, 2]]);
    // Offset 1 holds m2 on A but m4 on B: the mismatch Kafka 0.10 did not fix.
    expect(h.values(1, "t")).toEqual(["m1", "m2"]);
    expect(h.values(2, "t")).toEqual(["m1", "m4"]);
    expect(h.broker(1)).not.toBeNull();
  });

  it('with unclean.leader.election.enable=false the broker exits ("Exiting because log truncation is not allowed") through a controlled shutdown, keeping its log', () => {
    const h = followerAheadOfLeader(false);
    const exits = h.traces("replica-fetcher-exit", brokerNode(1));
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ leaderLogEndOffset: 2, logEndOffset: 3 });
    expect(h.traces("broker-exit", brokerNode(1))).toHaveLength(1);
    expect(h.traces("controlled-shutdown-complete", brokerNode(1))).toHaveLength(1);
    expect(h.world.host(brokerNode(1))!.alive).toBe(false);
    expect(h.traces("log-truncated", brokerNode(1))).toEqual([]);
    // Restarted, it holds its three records, as it did when it exited.
    h.restart(1);
    expect(h.values(1, "t")).toEqual(["m1", "m2", "m3"]);
  });

  it("a follower behind the leader's log start (retention ran while it was down) drops its log and restarts at the leader's log start", () => {
    const h = new ReplicationHarness({ brokers: 2, features: V0_10, brokerConfig: { "log.retention.check.interval.ms": 1000 } });
    h.createTopic("t", { "segment.bytes": 200, "retention.bytes": 300 }, [[1, 2]]);
    h.runFor(100);
    h.produce("t", ["v0"], "all");
    h.runFor(100);
    h.crash(2);
    for (let i = 1; i < 12; i++) {
      h.produce("t", [`v${i}`], "1");
      h.runFor(20);
    }
    h.runFor(3000);
    const start = h.rm(1).localLog("t", 0)!.logStartOffset;
    expect(start).toBeGreaterThan(1);
    h.restart(2);
    h.runFor(3000);
    expect(h.traces("follower-offset-out-of-range", brokerNode(2)).length).toBeGreaterThan(0);
    expect(h.traces("follower-reset-to-log-start", brokerNode(2)).length).toBe(1);
    expect(h.rm(2).localLog("t", 0)!.logStartOffset).toBe(start);
    expect(h.values(2, "t")).toEqual(h.values(1, "t"));
  });
});
