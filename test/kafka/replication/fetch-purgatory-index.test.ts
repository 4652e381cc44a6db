/**
 * The fetch purgatory is keyed by partition (Reference: Kafka's DelayedOperationPurgatory with
 * TopicPartitionOperationKey; ReplicaManager.fetchMessages parks a DelayedFetch under every
 * partition it reads): a change of one partition examines only the fetches parked on it.
 */
import { describe, expect, it } from "vitest";
import { ReplicationHarness } from "./harness.js";

describe("parked fetches indexed by partition", () => {
  it("an append to one partition examines only the fetch parked on it, and answers it", () => {
    const h = new ReplicationHarness({ brokers: 1 });
    const partitions = 20;
    h.createTopic(
      "orders",
      {},
      Array.from({ length: partitions }, () => [1]),
    );
    h.runFor(100);
    const fetches = Array.from({ length: partitions }, (_, partition) => h.fetch("orders", 0, { partition, maxWaitMs: 10_000 }));
    h.runFor(100);
    expect(h.rm(1).fetchHandler.parked).toBe(partitions);
    const before = h.rm(1).fetchHandler.parkedChecks;
    h.produce("orders", ["a"], "1", { partition: 7 });
    h.runFor(50);
    // Before the index every parked fetch was examined on every HW/LEO change (20 here, per change).
    expect(h.rm(1).fetchHandler.parkedChecks - before).toBeLessThanOrEqual(2);
    expect(fetches[7]!.response?.partitions[0]!.batches.flatMap((b) => b.records.map((r) => r.value))).toEqual(["a"]);
    expect(fetches.filter((f) => f.response !== undefined)).toHaveLength(1);
    expect(h.rm(1).fetchHandler.parked).toBe(partitions - 1);
    h.runFor(10_000);
    expect(fetches.every((f) => f.response !== undefined)).toBe(true);
    expect(h.rm(1).fetchHandler.parked).toBe(0);
  });
});
