/**
 * UpdateMetadata in ZooKeeper mode (Kafka's ControllerChannelManager sends every live broker the
 * same UpdateMetadataRequest; MetadataCache.updateMetadata replaces the broker's snapshot): the
 * model sends one frozen copy of each partition state to all brokers and each broker's metadata
 * image keeps that copy, instead of a clone per broker (issue 11: 100 brokers × 10,000 partitions
 * made a full UpdateMetadata a million clones).
 */
import { describe, expect, it } from "vitest";
import { ZkHarness } from "./harness.js";

describe("ZooKeeper-mode UpdateMetadata", () => {
  it("every broker's image holds the controller's current state of each partition as one shared, frozen value that is not the controller's own", () => {
    const h = ZkHarness.ready({ brokers: 3, topic: { name: "orders", partitions: 2, rf: 3 } });
    for (const partition of [0, 1]) {
      const committed = h.lastCommitted("orders", partition)!;
      const states = [1, 2, 3].map((id) => h.brokers.get(id)!.metadata.partition("orders", partition)!);
      for (const state of states) {
        expect(state).toBe(states[0]);
        expect(state).toMatchObject({ leader: committed.leader, leaderEpoch: committed.leaderEpoch, isr: committed.isr });
      }
      const image = states[0]!;
      expect(Object.isFrozen(image) && Object.isFrozen(image.isr) && Object.isFrozen(image.replicas)).toBe(true);
      expect(image).not.toBe(committed);
      expect(() => (image.isr as number[]).push(9)).toThrow(TypeError);
    }
  });
});
