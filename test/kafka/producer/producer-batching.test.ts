import { describe, expect, it } from "vitest";
import { ms, seconds } from "../../../src/sim/time.js";
import { producerHarness } from "./harness.js";

describe("producer accumulator and batching", () => {
  it("records arriving within linger.ms share one batch (Reference: docs/kafka-rules.md §5.3 linger.ms = 5 since 4.0)", () => {
    // 1000 records/s, evenly spaced: a 5 ms linger collects about 5 records per batch.
    const h = producerHarness({ config: { acks: "1" }, workload: { ratePerSec: 1000, count: 50 } });
    h.world.run(seconds(2));
    const sizes = h.cluster.produced.map((p) => p.batch.records.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(50);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(5);
    expect(sizes.length).toBeLessThanOrEqual(12);
  });

  it("with linger.ms = 0 every record goes in its own request (Reference: docs/kafka-rules.md §5.3, linger.ms was 0 before 4.0)", () => {
    const h = producerHarness({ config: { acks: "1", "linger.ms": 0 }, workload: { ratePerSec: 100, count: 20 } });
    h.world.run(seconds(2));
    expect(h.cluster.produced.map((p) => p.batch.records.length)).toEqual(Array(20).fill(1));
  });

  it("a batch that reaches batch.size is sent before linger.ms expires (Reference: docs/kafka-rules.md §5.3 batch.size)", () => {
    // Records are ~31 bytes (20 overhead + "p1-n"); batch.size 100 holds 3; linger is long (1 s).
    const h = producerHarness({
      config: { acks: "1", "batch.size": 100, "linger.ms": 1000 },
      workload: { ratePerSec: 1000, count: 30 },
    });
    h.world.run(seconds(0.2));
    expect(h.cluster.produced.length).toBeGreaterThan(0);
    for (const p of h.cluster.produced) expect(p.batch.sizeBytes).toBeLessThanOrEqual(100);
    // The first request left well before the 1 s linger.
    expect(h.cluster.produced[0]!.atUs).toBeLessThan(seconds(0.1) + ms(20));
  });

  it("null keys stick to one partition per batch and spread over partitions (Reference: docs/kafka-rules.md §5.2 KIP-794)", () => {
    const h = producerHarness({
      partitions: 3,
      config: { acks: "1", "batch.size": 200 },
      workload: { ratePerSec: 500, count: 120, keys: 0 },
    });
    h.world.run(seconds(2));
    const partitions = h.sends().map((s) => s.partition);
    const switches = partitions.filter((p, i) => i > 0 && p !== partitions[i - 1]).length;
    expect(new Set(partitions).size).toBeGreaterThan(1);
    // Sticky: long runs on one partition (≥ batch.size bytes each), not round-robin.
    expect(switches).toBeGreaterThan(0);
    expect(switches).toBeLessThan(partitions.length / 5);
  });
});
