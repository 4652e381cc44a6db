/**
 * Partition's derived views are kept until what they derive from changes (issue 11): the maximal
 * ISR (KIP-497: committed ISR ∪ pending proposal, Kafka's PartitionState.maximalIsr) and the
 * follower states sorted by broker id.
 */
import { describe, expect, it } from "vitest";
import { PartitionLog } from "../../../src/kafka/replication/partition-log.js";
import { Partition } from "../../../src/kafka/replication/partition.js";
import { readLogSettings } from "../../../src/kafka/replication/settings.js";
import { ConfigView } from "../../../src/kafka/config-view.js";
import { Disk } from "../../../src/sim/disk.js";

function partition(): Partition {
  const settings = readLogSettings(new ConfigView({}));
  return new Partition(1, new PartitionLog(new Disk(), "t", 0, () => settings, undefined, 0));
}

describe("Partition views", () => {
  it("maximalIsr() is the sorted union of the ISR and the pending proposal, recomputed when either is replaced", () => {
    const p = partition();
    p.isr = [3, 1];
    const first = p.maximalIsr();
    expect(first).toEqual([1, 3]);
    expect(p.maximalIsr()).toBe(first);
    p.pendingIsr = { kind: "expand", proposedIsr: [1, 2, 3], correlationId: 1, sentAtUs: 0 };
    expect(p.maximalIsr()).toEqual([1, 2, 3]);
    p.pendingIsr = { kind: "shrink", proposedIsr: [1], correlationId: 2, sentAtUs: 0 };
    expect(p.maximalIsr()).toEqual([1, 3]);
    p.pendingIsr = null;
    p.isr = [1];
    expect(p.maximalIsr()).toEqual([1]);
  });

  it("sortedRemotes() follows every change of the remote states (reset, ensure, clear)", () => {
    const p = partition();
    p.replicas = [1, 4, 2, 3];
    p.isr = [1, 2];
    p.resetRemotes(0);
    const first = p.sortedRemotes();
    expect(first.map((r) => r.brokerId)).toEqual([2, 3, 4]);
    expect(p.sortedRemotes()).toBe(first);
    p.isr = [1, 3];
    p.resetRemotes(0);
    expect(p.sortedRemotes().map((r) => r.brokerId)).toEqual([2, 3, 4]);
    expect(p.sortedRemotes()).not.toBe(first);
    p.clearRemotes();
    expect(p.sortedRemotes()).toEqual([]);
    p.replicas = [1, 5];
    p.ensureRemotes(0);
    expect(p.sortedRemotes().map((r) => r.brokerId)).toEqual([5]);
  });
});
