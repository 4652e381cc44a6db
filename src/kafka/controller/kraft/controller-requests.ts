/**
 * AlterPartition and CreateTopics on the active controller (docs/kafka-rules.md §1.3 "Controller
 * acceptance of AlterPartition"; topic creation with the default replica assignment).
 */
import type { KafkaError } from "../../protocol/errors.js";
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
} from "../../protocol/control.js";
import type { MetadataRecord } from "../../protocol/kraft.js";
import { assignReplicas } from "../assignment.js";
import { changePartition, initialPartitionState } from "../partition-change.js";
import { changeRecord, rulesFor } from "./partition-updates.js";
import type { QuorumControllerCore } from "./quorum-controller.js";
import { emit } from "../../explain/catalogue.js";
import type { AlterRejection } from "../../explain/controllers.js";

type PartitionResult = AlterPartitionResponse["partitions"][number];

export class ControllerRequests {
  constructor(private readonly core: QuorumControllerCore) {}

  handleAlterPartition(from: string, request: AlterPartitionRequest): void {
    const core = this.core;
    const reply = (error: KafkaError, partitions: PartitionResult[]): void =>
      core.io.send(from, { type: "AlterPartitionResponse", correlationId: request.correlationId, error, partitions } satisfies AlterPartitionResponse);
    if (!core.active) return reply("NOT_CONTROLLER", []);
    const broker = core.state.brokers.get(request.brokerId);
    if (!broker || broker.epoch !== request.brokerEpoch) {
      emit(
        core,
        "alter-partition-rejected",
        { broker: request.brokerId, error: "STALE_BROKER_EPOCH" },
        { kind: "kraft-stale-broker-epoch", requestEpoch: request.brokerEpoch, registeredEpoch: broker?.epoch },
      );
      return reply("STALE_BROKER_EPOCH", []);
    }
    // Mutant: a controller without KIP-497/KIP-841 fencing trusts whatever ISR a broker proposes, even
    // a deposed leader's (no leader identity, leader epoch, partition epoch or eligibility check).
    const skipEpochChecks = core.cluster.bugs.has("no-alter-partition-epoch-check");
    const results: PartitionResult[] = [];
    const records: MetadataRecord[] = [];
    for (const item of request.partitions) {
      const current = core.state.partition(item.topic, item.partition);
      const fail = (error: KafkaError, why: AlterRejection): void => {
        emit(
          core,
          "alter-partition-rejected",
          { topic: item.topic, partition: item.partition, broker: request.brokerId, error, proposedIsr: item.newIsr },
          why,
        );
        results.push({
          topic: item.topic,
          partition: item.partition,
          error,
          leader: current?.leader ?? -1,
          leaderEpoch: current?.leaderEpoch ?? -1,
          isr: current ? [...current.isr] : [],
          partitionEpoch: current?.partitionEpoch ?? -1,
        });
      };
      // ReplicationControlManager.validateAlterPartitionData, in Kafka's order.
      if (!current) {
        fail("UNKNOWN_TOPIC_OR_PARTITION", { kind: "kraft-unknown-partition" });
        continue;
      }
      if (!skipEpochChecks && (item.leaderEpoch > current.leaderEpoch || item.partitionEpoch > current.partitionEpoch)) {
        fail("NOT_CONTROLLER", {
          kind: "kraft-newer-epochs",
          leaderEpoch: item.leaderEpoch,
          partitionEpoch: item.partitionEpoch,
          currentLeaderEpoch: current.leaderEpoch,
          currentPartitionEpoch: current.partitionEpoch,
        });
        continue;
      }
      if (!skipEpochChecks && item.leaderEpoch < current.leaderEpoch) {
        fail("FENCED_LEADER_EPOCH", { kind: "kraft-fenced-leader-epoch", leaderEpoch: item.leaderEpoch, currentLeaderEpoch: current.leaderEpoch });
        continue;
      }
      if (!skipEpochChecks && current.leader !== request.brokerId) {
        fail("INVALID_REQUEST", { kind: "kraft-not-leader", leader: current.leader });
        continue;
      }
      if (!skipEpochChecks && item.partitionEpoch < current.partitionEpoch) {
        fail("INVALID_UPDATE_VERSION", {
          kind: "kraft-stale-partition-epoch",
          partitionEpoch: item.partitionEpoch,
          currentPartitionEpoch: current.partitionEpoch,
        });
        continue;
      }
      const added = item.newIsr.filter((r) => !current.isr.includes(r));
      const ineligible = skipEpochChecks
        ? []
        : added.filter((r) => {
            const reg = core.state.brokers.get(r);
            const claimed = item.newIsrBrokerEpochs.find((e) => e.brokerId === r);
            return !core.state.isActive(r) || !reg || (claimed !== undefined && claimed.brokerEpoch !== -1 && claimed.brokerEpoch !== reg.epoch);
          });
      if (ineligible.length > 0) {
        fail("INELIGIBLE_REPLICA", { kind: "kraft-ineligible", brokers: ineligible });
        continue;
      }
      const rules = rulesFor(core.state, core.cluster, core.config, current);
      const change = changePartition(current, { targetIsr: item.newIsr, recovered: current.leaderRecoveryState === "RECOVERING" }, rules);
      const next = change ? change.state : current;
      if (change) {
        const stale = current.leader !== request.brokerId || item.leaderEpoch !== current.leaderEpoch;
        const reason = stale
          ? `AlterPartition from broker-${request.brokerId} for leader epoch ${item.leaderEpoch} applied without fencing (mutant no-alter-partition-epoch-check; the leader is broker-${current.leader} in epoch ${current.leaderEpoch})`
          : `AlterPartition from leader broker-${request.brokerId}`;
        const record = changeRecord(current, change, reason, core.trace);
        records.push(record);
      }
      results.push({
        topic: item.topic,
        partition: item.partition,
        error: "NONE",
        leader: next.leader,
        leaderEpoch: next.leaderEpoch,
        isr: [...next.isr],
        partitionEpoch: next.partitionEpoch,
      });
    }
    // QuorumController: a write that produces no records answers only once every record already
    // written has committed, so a reply never rests on state that a new controller may discard.
    if (records.length === 0) {
      const pending = core.raft.nextOffset() - 1;
      return core.whenCommitted(pending, (ok) => reply(ok ? "NONE" : "NOT_CONTROLLER", ok ? results : []));
    }
    const last = core.write(records);
    core.whenCommitted(last, (ok) => reply(ok ? "NONE" : "NOT_CONTROLLER", ok ? results : []));
  }

  handleCreateTopics(from: string, request: CreateTopicsRequest): void {
    const core = this.core;
    const reply = (topics: CreateTopicsResponse["topics"]): void =>
      core.io.send(from, { type: "CreateTopicsResponse", correlationId: request.correlationId, topics } satisfies CreateTopicsResponse);
    if (!core.active) return reply(request.topics.map((t) => ({ name: t.name, error: "NOT_CONTROLLER" as const })));
    const results: CreateTopicsResponse["topics"] = [];
    let last = -1;
    for (const topic of request.topics) {
      if (core.state.topics.has(topic.name)) {
        results.push({ name: topic.name, error: "TOPIC_ALREADY_EXISTS", message: `Topic '${topic.name}' already exists.` });
        continue;
      }
      const usable = core.state
        .sortedBrokers()
        .filter((b) => core.state.isActive(b.id))
        .map((b) => b.id);
      if (topic.replicationFactor > usable.length || topic.replicationFactor < 1) {
        results.push({
          name: topic.name,
          error: "INVALID_REPLICATION_FACTOR",
          message: `Unable to replicate the partition ${topic.replicationFactor} time(s): only ${usable.length} broker(s) are registered and unfenced.`,
        });
        continue;
      }
      const assignment = assignReplicas(usable, topic.partitions, topic.replicationFactor, core.random);
      const records: MetadataRecord[] = [{ type: "Topic", name: topic.name, partitionCount: topic.partitions }];
      for (const name of Object.keys(topic.config).sort()) {
        records.push({ type: "ConfigRecord", resourceType: "topic", resourceName: topic.name, name, value: topic.config[name] });
      }
      assignment.forEach((replicas, p) => {
        records.push({ type: "Partition", state: initialPartitionState(topic.name, p, replicas, (id) => core.state.isActive(id)) });
      });
      last = core.write(records);
      emit(core, "topic-created", {
        topic: topic.name,
        partitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
        assignment,
      });
      results.push({ name: topic.name, error: "NONE" });
    }
    if (last < 0) return reply(results);
    core.whenCommitted(last, (ok) =>
      reply(ok ? results : results.map((r) => ({ name: r.name, error: r.error === "NONE" ? ("NOT_CONTROLLER" as const) : r.error }))),
    );
  }

  /**
   * CreatePartitions (ReplicationControlManager.createPartitions): for each topic, refuse a count
   * that is not an increase (INVALID_PARTITIONS) or an unknown topic (UNKNOWN_TOPIC_OR_PARTITION);
   * otherwise place the new partitions' replicas among the active brokers with the topic's
   * replication factor and write one PartitionRecord per new partition, all in one batch. The
   * ISR of a new partition is its active replicas; the first of them leads.
   */
  handleCreatePartitions(from: string, request: CreatePartitionsRequest): void {
    const core = this.core;
    const reply = (topics: CreatePartitionsResponse["topics"]): void =>
      core.io.send(from, { type: "CreatePartitionsResponse", correlationId: request.correlationId, topics } satisfies CreatePartitionsResponse);
    if (!core.active) return reply(request.topics.map((t) => ({ name: t.name, error: "NOT_CONTROLLER" as const })));
    const results: CreatePartitionsResponse["topics"] = [];
    const records: MetadataRecord[] = [];
    for (const topic of request.topics) {
      const info = core.state.topics.get(topic.name);
      const existing = info ? core.state.partitionCountOf(topic.name) : 0;
      const first = core.state.partition(topic.name, 0);
      if (!info || !first) {
        results.push({ name: topic.name, error: "UNKNOWN_TOPIC_OR_PARTITION", message: "This server does not host this topic-partition." });
        continue;
      }
      if (topic.count <= existing) {
        const message =
          topic.count === existing
            ? `Topic already has ${existing} partition(s).`
            : `The topic ${topic.name} currently has ${existing} partition(s); ${topic.count} would not be an increase.`;
        results.push({ name: topic.name, error: "INVALID_PARTITIONS", message });
        continue;
      }
      const replicationFactor = first.replicas.length;
      const usable = core.state
        .sortedBrokers()
        .filter((b) => core.state.isActive(b.id))
        .map((b) => b.id);
      if (replicationFactor > usable.length) {
        results.push({
          name: topic.name,
          error: "INVALID_REPLICATION_FACTOR",
          message: `Unable to replicate the partition ${replicationFactor} time(s): only ${usable.length} broker(s) are registered and unfenced.`,
        });
        continue;
      }
      const added = topic.count - existing;
      const assignment = assignReplicas(usable, added, replicationFactor, core.random);
      assignment.forEach((replicas, i) => {
        const state = initialPartitionState(topic.name, existing + i, replicas, (id) => core.state.isActive(id));
        records.push({ type: "Partition", state, topicPartitionCount: topic.count });
      });
      emit(core, "partitions-created", { topic: topic.name, from: existing, to: topic.count, assignment }, "kraft");
      results.push({ name: topic.name, error: "NONE" });
    }
    if (records.length === 0) return reply(results);
    const last = core.write(records);
    core.whenCommitted(last, (ok) =>
      reply(ok ? results : results.map((r) => ({ name: r.name, error: r.error === "NONE" ? ("NOT_CONTROLLER" as const) : r.error }))),
    );
  }
}
