import { describe, expect, it } from "vitest";
import type { BrokerServices } from "../../../../src/kafka/broker/services.js";
import { initialPartitionState } from "../../../../src/kafka/controller/partition-change.js";
import { MetadataPublisher } from "../../../../src/kafka/controller/kraft/metadata-publisher.js";
import { MetadataImage } from "../../../../src/kafka/metadata/image.js";
import type { MetadataLogEntry, MetadataRecord } from "../../../../src/kafka/protocol/kraft.js";

// Reference: QuorumController (ReplicationControlManager.createTopics) writes a topic's TopicRecord
// and every PartitionRecord as one atomic batch, and the broker's MetadataLoader publishes whole
// batches: a broker never shows a topic with only some of its partitions. The model's Raft fetch is
// cut at a number of entries, so a fetch may end inside that batch.
describe("MetadataPublisher: a topic is visible only with all its partitions", () => {
  function makePublisher() {
    const image = new MetadataImage();
    const services = { brokerId: 1, metadata: image } as unknown as BrokerServices;
    return { image, publisher: new MetadataPublisher(services) };
  }
  const records: MetadataRecord[] = [
    { type: "Topic", name: "events", partitionCount: 4 },
    ...[0, 1, 2, 3].map((p): MetadataRecord => ({ type: "Partition", state: initialPartitionState("events", p, [2, 3], () => true) })),
  ];
  const entries: MetadataLogEntry[] = records.map((record, offset) => ({ offset, epoch: 1, record }));

  it("a fetch that ends inside the topic's creation batch does not publish the topic", () => {
    const { image, publisher } = makePublisher();
    publisher.publish(entries.slice(0, 3));
    expect(image.topics.has("events")).toBe(false);
    publisher.publish(entries.slice(3));
    expect(image.topics.get("events")?.partitionCount).toBe(4);
    expect(image.sortedPartitions().map((p) => p.partition)).toEqual([0, 1, 2, 3]);
  });

  it("a whole batch publishes the topic at once", () => {
    const { image, publisher } = makePublisher();
    publisher.publish(entries);
    expect(image.topics.get("events")?.partitionCount).toBe(4);
  });
});

// Reference: ReplicationControlManager.createPartitions (KIP-195 in KRaft) writes one PartitionRecord
// per new partition as one atomic batch (ControllerResult.atomicOf); brokers publish whole batches.
describe("MetadataPublisher: partitions added to an existing topic (CreatePartitions)", () => {
  function makePublisher() {
    const image = new MetadataImage();
    const services = { brokerId: 1, metadata: image } as unknown as BrokerServices;
    return { image, publisher: new MetadataPublisher(services) };
  }
  const creation: MetadataRecord[] = [
    { type: "Topic", name: "orders", partitionCount: 2 },
    ...[0, 1].map((p): MetadataRecord => ({ type: "Partition", state: initialPartitionState("orders", p, [1, 2], () => true) })),
  ];
  const added: MetadataRecord[] = [2, 3, 4].map((p): MetadataRecord => ({
    type: "Partition",
    state: initialPartitionState("orders", p, [2, 3], () => true),
    topicPartitionCount: 5,
  }));
  const entries: MetadataLogEntry[] = [...creation, ...added].map((record, offset) => ({ offset, epoch: 1, record }));

  it("the topic keeps its old count until every added partition is replayed, then shows the new one", () => {
    const { image, publisher } = makePublisher();
    publisher.publish(entries.slice(0, 3));
    expect(image.topics.get("orders")?.partitionCount).toBe(2);
    publisher.publish(entries.slice(3, 5));
    expect(image.topics.get("orders")?.partitionCount).toBe(2);
    publisher.publish(entries.slice(5));
    expect(image.topics.get("orders")?.partitionCount).toBe(5);
    expect(
      image
        .sortedPartitions()
        .filter((p) => p.topic === "orders")
        .map((p) => p.partition),
    ).toEqual([0, 1, 2, 3, 4]);
  });
});

// Reference: MetadataLoader publishes one immutable MetadataImage built from the replayed records.
// In the model every broker replays the same record objects, so the replayed partition states are
// shared, frozen values (a million clones at 100 brokers × 10,000 partitions otherwise).
describe("MetadataPublisher: replayed partition states are shared and immutable", () => {
  it("two brokers replaying the same records hold the same frozen state in their images; a write throws", () => {
    const state = initialPartitionState("orders", 0, [1, 2], () => true);
    const log: MetadataRecord[] = [
      { type: "Topic", name: "orders", partitionCount: 1 },
      { type: "Partition", state },
      { type: "PartitionChange", state: { ...state, isr: [1], partitionEpoch: state.partitionEpoch + 1 }, unclean: false, reason: "test" },
    ];
    const entries: MetadataLogEntry[] = log.map((record, offset) => ({ offset, epoch: 1, record }));
    const brokers = [1, 2].map((brokerId) => {
      const image = new MetadataImage();
      const publisher = new MetadataPublisher({ brokerId, metadata: image } as unknown as BrokerServices);
      publisher.publish(entries);
      return { image, publisher };
    });
    const [a, b] = brokers.map(({ image }) => image.partition("orders", 0)!);
    expect(a).toBe(b);
    expect(a!.isr).toEqual([1]);
    expect(brokers[0]!.publisher.state.partition("orders", 0)).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(() => (a!.isr as number[]).push(2)).toThrow(TypeError);
    expect(() => {
      (a as { leader: number }).leader = 2;
    }).toThrow(TypeError);
  });
});

// Issue 11: a broker's replica manager is handed the replayed record's own (frozen) partition state,
// the one its metadata image keeps, not a copy per hosted partition; the replica keeps its own lists.
describe("MetadataPublisher: hosted partitions get the shared replayed state", () => {
  it("applyPartitionState receives the image's frozen state for each hosted partition only", () => {
    const image = new MetadataImage();
    const applied: unknown[] = [];
    const replicaManager = { applyPartitionState: (state: unknown) => applied.push(state), stopReplica: () => {} };
    const services = { brokerId: 2, metadata: image, replicaManager: () => replicaManager } as unknown as BrokerServices;
    const publisher = new MetadataPublisher(services);
    publisher.enableReplicas();
    const records: MetadataRecord[] = [
      { type: "Topic", name: "events", partitionCount: 2 },
      { type: "Partition", state: initialPartitionState("events", 0, [2, 3], () => true) },
      { type: "Partition", state: initialPartitionState("events", 1, [1, 3], () => true) },
    ];
    publisher.publish(records.map((record, offset) => ({ offset, epoch: 1, record })));
    expect(applied).toHaveLength(1);
    expect(applied[0]).toBe(image.partition("events", 0));
    expect(Object.isFrozen(applied[0])).toBe(true);
  });
});
