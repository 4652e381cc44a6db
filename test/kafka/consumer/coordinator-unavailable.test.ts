/**
 * While its group coordinator cannot be found, a classic consumer's poll() blocks in
 * ensureCoordinatorReady until the coordinator is found or the poll's timeout ends; the last round
 * of that poll still collects buffered records and sends fetches (pollForFetches). So the consumer
 * keeps consuming the partitions it owns, one fetch round per poll timeout, instead of stopping.
 * Reference: ClassicKafkaConsumer.poll / pollForFetches, ConsumerCoordinator.poll,
 * AbstractCoordinator.ensureCoordinatorReady.
 */
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import type { PollOp } from "../../../src/kafka/history.js";
import { OFFSETS_TOPIC } from "../../../src/kafka/group/partition-for.js";
import { FakeCluster } from "../group/fake-cluster.js";

describe("a consumer without a coordinator (Reference: AbstractCoordinator.ensureCoordinatorReady, ClassicKafkaConsumer.poll)", () => {
  it("keeps fetching what it owns, one round per poll timeout, while FindCoordinator fails", () => {
    const c = new FakeCluster({ brokers: 2 });
    c.store.moveOffsetsLeader(0, 2); // the coordinator is on broker-2; orders-0 is led by broker-1
    c.store.createTopic("orders", 1);
    let n = 0;
    const produce = () => {
      c.store.produce("orders", 0, [`v${n++}`]);
      if (n < 400) c.world.at(c.world.now + seconds(0.05), produce);
    };
    c.world.at(seconds(0.05), produce);
    c.addConsumer({ name: "g1-1", config: { "max.poll.records": 5 } });
    c.world.run(seconds(10));
    // The coordinator's broker crashes and its offsets partition has no leader: FindCoordinator
    // answers COORDINATOR_NOT_AVAILABLE from now on.
    const state = c.store.metadata.partition(OFFSETS_TOPIC, 0)!;
    c.store.metadata.setPartition({ ...state, leader: -1, leaderEpoch: state.leaderEpoch + 1 });
    c.world.crash("broker-2");
    c.world.run(seconds(20));
    const lostUs = Number(c.traces("consumer-coordinator-lost")[0]!.atUs);
    expect(c.traces("consumer-coordinator-found").every((t) => Number(t.atUs) < lostUs)).toBe(true);
    const polls = c.history.ops().filter((op): op is PollOp => op.kind === "poll" && op.records.length > 0 && op.completeUs > lostUs);
    // One poll with records per poll timeout (1000 ms) over the ~8 s left, each at most max.poll.records.
    expect(polls.length).toBeGreaterThanOrEqual(7);
    expect(polls.length).toBeLessThanOrEqual(9);
    for (const poll of polls) expect(poll.records.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < polls.length; i++) expect(polls[i]!.completeUs - polls[i - 1]!.completeUs).toBeGreaterThanOrEqual(seconds(0.99));
  });
});
