/**
 * The leader's reaction to a partition's AlterPartition error (Reference: Partition.handleAlterPartitionError,
 * Kafka 2.7+): fencing errors leave the change pending until newer metadata replaces it; an error
 * saying the change was not applied resets to the committed ISR.
 */
import { describe, expect, it } from "vitest";
import type { KafkaError } from "../../../src/kafka/protocol/errors.js";
import { ReplicationHarness } from "./harness.js";

function pendingShrink(h: ReplicationHarness, error: KafkaError) {
  h.createTopic("orders");
  h.runFor(100);
  const leader = h.leaderOf("orders");
  const p = h.rm(leader).partition("orders", 0)!;
  const proposedIsr = p.isr.slice(0, 2);
  p.pendingIsr = { kind: "shrink", proposedIsr, correlationId: 9_999, sentAtUs: h.world.now };
  h.rm(leader).handleAlterPartitionResponse({
    type: "AlterPartitionResponse",
    correlationId: 9_999,
    error: "NONE",
    partitions: [{ topic: "orders", partition: 0, error, leader: -1, leaderEpoch: -1, isr: [], partitionEpoch: -1 }],
  });
  return { p, leader, proposedIsr };
}

describe("AlterPartition partition errors (Reference: Partition.handleAlterPartitionError)", () => {
  for (const error of ["FENCED_LEADER_EPOCH", "INVALID_UPDATE_VERSION", "INVALID_REQUEST"] as const) {
    it(`${error}: the change stays pending, no new proposal, until newer metadata for the partition replaces it`, () => {
      const h = new ReplicationHarness();
      const { p, proposedIsr } = pendingShrink(h, error);
      expect(p.pendingIsr?.proposedIsr).toEqual(proposedIsr);
      expect(h.traces("isr-change-fenced")).toHaveLength(1);
      expect(h.traces("isr-change-rejected")).toHaveLength(0);
      h.controller.failover("orders", 0);
      h.runFor(100);
      expect(h.rm(h.leaderOf("orders")).partition("orders", 0)!.pendingIsr).toBeNull();
      expect(p.pendingIsr).toBeNull();
    });
  }

  it("INELIGIBLE_REPLICA: the controller did not apply the change, so the leader falls back to its committed ISR", () => {
    const h = new ReplicationHarness();
    const { p } = pendingShrink(h, "INELIGIBLE_REPLICA");
    expect(p.pendingIsr).toBeNull();
    expect(h.traces("isr-change-rejected")).toHaveLength(1);
  });

  it("another error: the same change is proposed again", () => {
    const h = new ReplicationHarness();
    const { p, proposedIsr } = pendingShrink(h, "UNKNOWN_SERVER_ERROR");
    expect(h.traces("isr-change-retried")).toHaveLength(1);
    h.runFor(100);
    expect(p.pendingIsr).toBeNull();
    expect(p.isr).toEqual(proposedIsr);
  });
});
