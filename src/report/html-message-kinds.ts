/**
 * The kinds of messages the space-time diagram colours apart: client writes (Produce), reads and
 * replication (Fetch), the controller's RPCs to and from brokers, the metadata quorum's own
 * traffic (KRaft's Raft RPCs, or ZooKeeper's), consumer-group RPCs, client metadata, and
 * connection resets. Names are Kafka's API names; a response belongs to its request's kind.
 */

export interface MessageKind {
  name: string;
  label: string;
  color: string;
}

export const MESSAGE_KINDS: readonly MessageKind[] = [
  { name: "produce", label: "produce", color: "#1f6feb" },
  { name: "fetch", label: "fetch / replication", color: "#2e7d32" },
  { name: "controller", label: "controller RPCs", color: "#6f42c1" },
  { name: "quorum", label: "Raft / ZooKeeper", color: "#b35c00" },
  { name: "group", label: "consumer group", color: "#0f7b8a" },
  { name: "metadata", label: "metadata", color: "#8d6e63" },
  { name: "reset", label: "connection reset", color: "#c0392b" },
  { name: "other", label: "other", color: "#555555" },
];

const BY_REQUEST: readonly [RegExp, string][] = [
  [/^(Produce|InitProducerId)$/, "produce"],
  [/^(Fetch|ListOffsets|OffsetsForLeaderEpoch)$/, "fetch"],
  [/^(LeaderAndIsr|UpdateMetadata|StopReplica|AlterPartition|BrokerRegistration|BrokerHeartbeat|ControlledShutdown|CreateTopics)$/, "controller"],
  [/^(RaftFetch|Vote|BeginQuorumEpoch|EndQuorumEpoch|FetchSnapshot|Zab|Zk)/, "quorum"],
  [/^(JoinGroup|SyncGroup|Heartbeat|LeaveGroup|OffsetCommit|OffsetFetch|FindCoordinator)$/, "group"],
  [/^Metadata$/, "metadata"],
  [/^connection-reset$/, "reset"],
];

/** The kind of a message type (`FetchResponse` → fetch). */
export function messageKind(type: string): MessageKind {
  const request = type.endsWith("Response") ? type.slice(0, -"Response".length) : type;
  const name = BY_REQUEST.find(([pattern]) => pattern.test(request))?.[1] ?? "other";
  return MESSAGE_KINDS.find((k) => k.name === name)!;
}
