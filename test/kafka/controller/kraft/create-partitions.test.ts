/**
 * The active KRaft controller's CreatePartitions handler, driven directly over a ClusterState:
 * what it refuses, and the records it writes.
 * Reference: ReplicationControlManager.createPartitions (KIP-195).
 */
import { describe, expect, it } from "vitest";
import { Random } from "../../../../src/sim/random.js";
import { ClusterState } from "../../../../src/kafka/controller/kraft/cluster-state.js";
import { ControllerRequests } from "../../../../src/kafka/controller/kraft/controller-requests.js";
import type { QuorumControllerCore } from "../../../../src/kafka/controller/kraft/quorum-controller.js";
import { initialPartitionState } from "../../../../src/kafka/controller/partition-change.js";
import type { CreatePartitionsResponse } from "../../../../src/kafka/protocol/control.js";
import type { MetadataRecord, PartitionRecord } from "../../../../src/kafka/protocol/kraft.js";

function controller(brokers: number[], fenced: number[] = []) {
  const state = new ClusterState();
  let offset = 0;
  const written: MetadataRecord[] = [];
  const apply = (record: MetadataRecord) => state.apply({ offset: offset++, epoch: 1, record });
  for (const id of brokers) {
    apply({ type: "RegisterBroker", brokerId: id, node: `broker-${id}`, incarnationId: `i${id}`, brokerEpoch: offset });
    if (!fenced.includes(id)) apply({ type: "BrokerRegistrationChange", brokerId: id, brokerEpoch: offset - 1, fenced: false, reason: "caught-up" });
  }
  apply({ type: "Topic", name: "orders", partitionCount: 2 });
  for (const p of [0, 1]) apply({ type: "Partition", state: initialPartitionState("orders", p, [1, 2], () => true) });
  const replies: CreatePartitionsResponse[] = [];
  const core = {
    active: true,
    state,
    random: new Random(1, "test"),
    trace: () => {},
    io: { name: "controller-1", send: (_to: string, message: unknown) => replies.push(message as CreatePartitionsResponse), trace: () => {} },
    write: (records: readonly MetadataRecord[]) => {
      for (const record of records) {
        written.push(record);
        apply(record);
      }
      return offset - 1;
    },
    whenCommitted: (_offset: number, done: (ok: boolean) => void) => done(true),
  } as unknown as QuorumControllerCore;
  return { requests: new ControllerRequests(core), state, written, replies };
}

describe("KRaft CreatePartitions", () => {
  it("writes one PartitionRecord per new partition, with the topic's replication factor, on active brokers, and raises the topic's count", () => {
    const { requests, state, written, replies } = controller([1, 2, 3], [3]);
    requests.handleCreatePartitions("admin", { type: "CreatePartitions", correlationId: 7, topics: [{ name: "orders", count: 5 }] });
    expect(replies).toEqual([{ type: "CreatePartitionsResponse", correlationId: 7, topics: [{ name: "orders", error: "NONE" }] }]);
    const partitions = written as PartitionRecord[];
    expect(partitions.map((r) => [r.type, r.state.partition, r.topicPartitionCount])).toEqual([
      ["Partition", 2, 5],
      ["Partition", 3, 5],
      ["Partition", 4, 5],
    ]);
    for (const record of partitions) {
      expect(record.state.replicas).toHaveLength(2);
      expect(record.state.replicas).not.toContain(3); // fenced brokers get no new replica
      expect(record.state.isr).toEqual(record.state.replicas);
      expect(record.state.leader).toBe(record.state.replicas[0]);
    }
    expect(state.topics.get("orders")?.partitionCount).toBe(5);
    expect(state.partitionCountOf("orders")).toBe(5);
  });

  it("refuses a count that is not an increase (INVALID_PARTITIONS) and an unknown topic, writing nothing", () => {
    const { requests, written, replies } = controller([1, 2, 3]);
    requests.handleCreatePartitions("admin", {
      type: "CreatePartitions",
      correlationId: 1,
      topics: [
        { name: "orders", count: 2 },
        { name: "orders", count: 1 },
        { name: "nope", count: 3 },
      ],
    });
    expect(written).toEqual([]);
    expect(replies[0]!.topics).toEqual([
      { name: "orders", error: "INVALID_PARTITIONS", message: "Topic already has 2 partition(s)." },
      { name: "orders", error: "INVALID_PARTITIONS", message: "The topic orders currently has 2 partition(s); 1 would not be an increase." },
      { name: "nope", error: "UNKNOWN_TOPIC_OR_PARTITION", message: "This server does not host this topic-partition." },
    ]);
  });

  it("an inactive controller answers NOT_CONTROLLER", () => {
    const { requests, replies } = controller([1, 2]);
    (requests as unknown as { core: { active: boolean } }).core.active = false;
    requests.handleCreatePartitions("admin", { type: "CreatePartitions", correlationId: 2, topics: [{ name: "orders", count: 3 }] });
    expect(replies[0]!.topics).toEqual([{ name: "orders", error: "NOT_CONTROLLER" }]);
  });
});
