/**
 * What the coordinator writes to `__consumer_offsets` (docs/kafka-rules.md §6.1): an offset commit
 * record keyed by (group, topic, partition) and a group metadata record keyed by group, holding
 * the generation, protocol, leader and members with their assignments. The log is replayed in
 * order when a broker becomes coordinator; the last record for a key wins (as compaction keeps).
 * Keys and values are JSON text standing in for Kafka's binary schemas (OffsetCommitKey, GroupMetadataValue).
 */
import type { KafkaRecord, RecordBatch, TopicPartition } from "../protocol/records.js";
import { ClassicGroup, type GroupMember } from "./group.js";
import type { GroupSubscription } from "./protocol.js";
import type { Millis } from "../../sim/time.js";

interface OffsetValue {
  kind: "offset";
  group: string;
  topic: string;
  partition: number;
  offset: number;
  /** committedLeaderEpoch (KIP-320); absent in records written without one. */
  leaderEpoch?: number;
  generation: number;
  memberId: string;
}

interface GroupValue {
  kind: "group";
  group: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  members: {
    memberId: string;
    clientId: string;
    node: string;
    sessionTimeoutMs: Millis;
    rebalanceTimeoutMs: Millis;
    protocol: { name: string; metadata: GroupSubscription }[];
    assignment: TopicPartition[];
  }[];
}

/** One offset commit record. */
export function offsetRecord(
  group: string,
  memberId: string,
  generation: number,
  offset: { topic: string; partition: number; offset: number; leaderEpoch?: number },
  nowUs: number,
): KafkaRecord {
  const value: OffsetValue = { kind: "offset", group, topic: offset.topic, partition: offset.partition, offset: offset.offset, generation, memberId };
  if (offset.leaderEpoch !== undefined && offset.leaderEpoch >= 0) value.leaderEpoch = offset.leaderEpoch;
  return { key: `offset:${group}:${offset.topic}:${offset.partition}`, value: JSON.stringify({ ...value, atUs: nowUs }), timestampUs: nowUs };
}

/**
 * The group metadata record of the group's current generation: members with their assignments
 * (`assignment` overrides the members' current ones: the leader's proposal being stored).
 */
export function groupRecord(group: ClassicGroup, nowUs: number, assignment?: ReadonlyMap<string, TopicPartition[]>): KafkaRecord {
  const value: GroupValue = {
    kind: "group",
    group: group.groupId,
    generation: group.generation,
    protocol: group.protocolName,
    leader: group.leader,
    members: group.sortedMembers().map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      node: m.node,
      sessionTimeoutMs: m.sessionTimeoutMs,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      protocol: m.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
      assignment: (assignment?.get(m.memberId) ?? m.assignment).map((tp) => ({ ...tp })),
    })),
  };
  return { key: `group:${group.groupId}`, value: JSON.stringify({ ...value, atUs: nowUs }), timestampUs: nowUs };
}

/**
 * Replay a partition's batches into groups: offsets overwrite, a group record replaces the group's
 * membership. Loaded groups are Stable (members present) or Empty, as Kafka's loader leaves them.
 */
export function replayGroups(batches: readonly RecordBatch[], offsetsPartition: number, nextToken: () => number): Map<string, ClassicGroup> {
  const groups = new Map<string, ClassicGroup>();
  const groupOf = (id: string): ClassicGroup => {
    let group = groups.get(id);
    if (!group) {
      group = new ClassicGroup(id, offsetsPartition, nextToken());
      groups.set(id, group);
    }
    return group;
  };
  for (const batch of batches) {
    for (const record of batch.records) {
      const value = parse(record);
      if (value === null) continue;
      if (value.kind === "offset") {
        groupOf(value.group).offsets.set(`${value.topic}-${value.partition}`, {
          topic: value.topic,
          partition: value.partition,
          offset: value.offset,
          leaderEpoch: value.leaderEpoch ?? -1,
        });
      } else {
        const group = groupOf(value.group);
        group.generation = value.generation;
        group.protocolName = value.protocol;
        group.leader = value.leader;
        group.members.clear();
        for (const m of value.members) {
          const member: GroupMember = {
            memberId: m.memberId,
            clientId: m.clientId,
            node: m.node,
            sessionTimeoutMs: m.sessionTimeoutMs,
            rebalanceTimeoutMs: m.rebalanceTimeoutMs,
            protocols: m.protocol,
            assignment: m.assignment,
            awaitingJoin: null,
            awaitingSync: null,
            sessionTimer: null,
          };
          group.members.set(member.memberId, member);
        }
        group.state = group.members.size > 0 ? "Stable" : "Empty";
      }
    }
  }
  return groups;
}

function parse(record: KafkaRecord): OffsetValue | GroupValue | null {
  try {
    const value = JSON.parse(record.value) as OffsetValue | GroupValue;
    return value.kind === "offset" || value.kind === "group" ? value : null;
  } catch {
    return null;
  }
}
