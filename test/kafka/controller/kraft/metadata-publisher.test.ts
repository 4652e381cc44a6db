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
