import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import { FakeCluster } from "../group/fake-cluster.js";

/**
 * Two fake brokers; orders-1 is led by broker-2 (the fake leads partition p on broker ids[p % n]).
 * The consumer reads both partitions; broker-2 crashes at 10 s and stays down, while the fake
 * metadata keeps naming it leader. Counts the consumer's Fetch requests refused by broker-2.
 */
function refusedFetches(config: Record<string, unknown> = {}): { refused: number; backoffs: Record<string, unknown>[] } {
  const c = new FakeCluster({ brokers: 2 });
  c.store.createTopic("orders", 2);
  c.store.produce("orders", 0, ["a", "b"]);
  c.store.produce("orders", 1, ["c", "d"]);
  c.addConsumer({ name: "g1-1", config });
  c.world.run(seconds(10));
  const kernel: Record<string, unknown>[] = [];
  c.world.trace.stream = (line) => kernel.push(JSON.parse(line) as Record<string, unknown>);
  c.world.crash("broker-2");
  c.world.run(seconds(14));
  const refused = kernel.filter((d) => d.type === "drop" && d.from === "g1-1" && d.to === "broker-2" && d.message === "Fetch").length;
  return { refused, backoffs: c.traces("client-reconnect-backoff").filter((t) => t.node === "g1-1" || t.peer === "broker-2") };
}

describe("consumer reconnect backoff", () => {
  it("a consumer whose partition leader refuses connections waits reconnect.backoff.ms, doubling up to reconnect.backoff.max.ms, instead of re-fetching at once (Reference: docs/kafka-rules.md §6.1 consumer configs; Kafka ClusterConnectionStates)", () => {
    const { refused, backoffs } = refusedFetches();
    // 4 s of a dead leader: 50, 100, 200, 400, 800 ms, then every ~1000 ms → about 8 attempts, not hundreds.
    expect(refused).toBeGreaterThanOrEqual(3);
    expect(refused).toBeLessThanOrEqual(12);
    expect(backoffs.length).toBeGreaterThanOrEqual(3);
    const delays = backoffs.map((b) => b.backoffMs as number);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
  });

  it("with reconnect.backoff.ms=0 the consumer retries a refused leader without waiting (the backoff is what bounds the retries)", () => {
    const { refused } = refusedFetches({ "reconnect.backoff.ms": 0 });
    expect(refused).toBeGreaterThan(100);
  });
});
