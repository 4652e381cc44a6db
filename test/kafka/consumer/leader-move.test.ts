/**
 * A partition whose leader moved is fetched from the new leader even while a fetch to the old one
 * hangs unanswered: the Java consumer keeps one fetch in flight per node, not per partition
 * (AbstractFetch.prepareFetchRequests skips a node with a pending fetch, and only partitions with
 * buffered data); the old fetch's late answer would be stale. Reference: AbstractFetch,
 * FetchCollector.initialize, Metadata.timeToNextUpdate (metadata.max.age.ms).
 */
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import type { PollOp } from "../../../src/kafka/history.js";
import { FakeCluster } from "../group/fake-cluster.js";

describe("fetching after a leader move (Reference: AbstractFetch.prepareFetchRequests)", () => {
  it("a fetch hanging on a silent old leader does not hold the partition back once the metadata names the new leader", () => {
    const c = new FakeCluster({ brokers: 2 });
    c.store.moveOffsetsLeader(0, 2); // the group coordinator is on broker-2; orders-0 is led by broker-1
    c.store.createTopic("orders", 1);
    c.store.produce(
      "orders",
      0,
      Array.from({ length: 10 }, (_, i) => `a${i}`),
    );
    // Kafka 0.10's request.timeout.ms was 305 s; the periodic metadata refresh brings the new leader.
    c.addConsumer({ name: "g1-1", config: { "request.timeout.ms": 120000, "metadata.max.age.ms": 2000 } });
    c.world.run(seconds(8));
    c.world.pause("broker-1"); // silence: the fetch parked there is never answered
    c.store.moveLeader("orders", 0, 2);
    c.store.produce(
      "orders",
      0,
      Array.from({ length: 10 }, (_, i) => `b${i}`),
    );
    c.world.run(seconds(15));
    const polled = c.history
      .ops()
      .filter((op): op is PollOp => op.kind === "poll")
      .flatMap((p) => p.records.map((r) => r.value));
    expect(polled.slice(10)).toEqual(Array.from({ length: 10 }, (_, i) => `b${i}`));
    expect(c.traces("consumer-truncation-detected")).toEqual([]);
  });
});
