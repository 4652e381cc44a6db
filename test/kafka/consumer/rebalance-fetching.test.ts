/**
 * A classic consumer keeps fetching during a rebalance. ClassicKafkaConsumer.poll sends fetches
 * whether or not the rejoin is complete (ConsumerCoordinator.poll runs ensureActiveGroup with a
 * zero timer); what it owns during the rebalance depends on the protocol that
 * partition.assignment.strategy picks (ConsumerCoordinator: the highest protocol every assignor supports):
 * - eager (RangeAssignor, and the default [RangeAssignor, CooperativeStickyAssignor]): onJoinPrepare
 *   revokes everything before the JoinGroup, so the member owns and fetches nothing until SyncGroup;
 * - cooperative (CooperativeStickyAssignor alone, KIP-429): the member keeps its partitions through
 *   the rebalance and revokes only those that move, then rejoins for a second rebalance.
 * Reference: ClassicKafkaConsumer.poll, ConsumerCoordinator.onJoinPrepare / onJoinComplete, KIP-429.
 */
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import type { AssignOp, HistoryOp, PollOp } from "../../../src/kafka/history.js";
import { FakeCluster } from "../group/fake-cluster.js";

const ops = <K extends HistoryOp["kind"]>(c: FakeCluster, kind: K, process: string) =>
  c.history.ops().filter((op): op is Extract<HistoryOp, { kind: K }> => op.kind === kind && op.process === process);

/**
 * orders has 2 partitions, each getting a record every 50 ms. g1-1 processes at once; g1-2 takes
 * 1 s per record with max.poll.records=10, so it comes back to poll() only every ~10 s (at ~1 s,
 * 11 s, 21 s, …). At 12 s g1-3 joins: the rebalance lasts until g1-2 rejoins, at one of its next polls.
 */
function slowRebalance(strategy: string): { c: FakeCluster; joinAtUs: number; endUs: number } {
  const c = new FakeCluster({ brokerConfig: { "group.initial.rebalance.delay.ms": 0 } });
  c.store.createTopic("orders", 2);
  let n = 0;
  const produce = () => {
    c.store.produce("orders", 0, [`a${n}`]);
    c.store.produce("orders", 1, [`b${n}`]);
    n++;
    if (n < 1200) c.world.at(c.world.now + seconds(0.05), produce);
  };
  c.world.at(seconds(0.05), produce);
  const config = { "partition.assignment.strategy": strategy };
  c.addConsumer({ name: "g1-1", config });
  c.addConsumer({ name: "g1-2", processingTimeUs: seconds(1), config: { ...config, "max.poll.records": 10 } });
  c.world.run(seconds(12));
  const joinAtUs = c.world.now;
  c.addConsumer({ name: "g1-3", config });
  c.world.run(seconds(60));
  // The rebalance g1-3 started ends when g1-1 gets its assignment of the next generation.
  const before = Math.max(
    ...ops(c, "assign", "g1-1#1")
      .filter((a) => a.atUs < joinAtUs)
      .map((a) => a.generation),
  );
  const end = ops(c, "assign", "g1-1#1").find((a) => a.atUs > joinAtUs && a.generation > before) as AssignOp;
  return { c, joinAtUs, endUs: end.atUs };
}

/** Records g1-1's polls returned while the rebalance was under way (from its rejoin to its SyncGroup answer). */
function polledDuringRebalance(c: FakeCluster, joinAtUs: number, endUs: number): number {
  const rejoinUs = c.traces("consumer-rebalance-requested").find((t) => t.consumer === "g1-1" && Number(t.atUs) > joinAtUs)!.atUs as number;
  return (ops(c, "poll", "g1-1#1") as PollOp[]).filter((p) => p.completeUs > rejoinUs && p.completeUs < endUs).reduce((sum, p) => sum + p.records.length, 0);
}

describe("consumers keep fetching during a rebalance (Reference: ClassicKafkaConsumer.poll, KIP-429)", () => {
  it("cooperative-sticky: the member keeps its partitions through the rebalance and keeps consuming them", () => {
    const { c, joinAtUs, endUs } = slowRebalance("CooperativeStickyAssignor");
    expect(endUs - joinAtUs).toBeGreaterThan(seconds(3)); // the rebalance waits for g1-2
    // ~20 records a second on its partition while g1-2 finishes its batch.
    expect(polledDuringRebalance(c, joinAtUs, endUs)).toBeGreaterThan(40);
    expect(c.traces("consumer-revoked").filter((t) => t.consumer === "g1-1")).toEqual([]);
  });

  it("eager (the default [RangeAssignor, CooperativeStickyAssignor] picks eager): the member revokes everything before rejoining and consumes nothing until the rebalance ends", () => {
    for (const strategy of ["RangeAssignor,CooperativeStickyAssignor", "RangeAssignor"]) {
      const { c, joinAtUs, endUs } = slowRebalance(strategy);
      expect(endUs - joinAtUs).toBeGreaterThan(seconds(3));
      expect(polledDuringRebalance(c, joinAtUs, endUs)).toBe(0);
      expect(c.traces("consumer-revoked").some((t) => t.consumer === "g1-1" && Number(t.atUs) > joinAtUs)).toBe(true);
    }
  });
});
