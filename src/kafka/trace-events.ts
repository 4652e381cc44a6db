/**
 * Every trace record type the Kafka model emits, by area. The kernel declares its own
 * (`host-start`, …) in `sim/trace.ts`; this file adds the model's to the same `TraceEvents`
 * interface (declaration merging: the kernel does not import the model), so `ActorContext.trace`
 * and the model's trace helpers accept exactly these names and a type nobody declared fails to
 * compile. The types the timeline reads (`src/scenario/runner/timeline-text.ts`) and the explanation
 * catalogue (`src/kafka/explain/`) renders have exact field types; the rest are still loose
 * `TraceFields`. A trace call's fields are checked against its type (`emit`, and the replication,
 * group and consumer trace helpers, which add the fields they own).
 */
import type { TraceType } from "../sim/trace.js";

/** A broker's record about one of its partitions (the replication layer adds these three). */
type ReplicaRef = { readonly broker: number; readonly topic: string; readonly partition: number };
type BrokerRef = { readonly broker: number };
type Ids = readonly number[];

// Replication (the timeline reads these; docs/architecture.md "Explanations")
type BecomeLeader = ReplicaRef & { readonly leaderEpoch: number; readonly isr: Ids; readonly logEndOffset: number; readonly highWatermark: number };
type BecomeFollower = ReplicaRef & { readonly leader: number; readonly leaderEpoch: number; readonly logEndOffset: number };
type HwAdvanced = ReplicaRef & { readonly leaderEpoch: number; readonly from: number; readonly to: number; readonly isr: Ids; readonly cause: string };
type LogTruncated = ReplicaRef & { readonly reason: string; readonly from: number; readonly to: number };
type ReplicaFetcherExit = ReplicaRef & { readonly leader: number; readonly leaderLogEndOffset: number; readonly logEndOffset: number };
type IsrProposed = ReplicaRef & {
  readonly isr: Ids;
  readonly proposedIsr: Ids;
  readonly removed?: Ids;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
};
type ProduceRejected = ReplicaRef & { readonly error: string; readonly isr: Ids; readonly minIsr: number };

// Controllers: a committed partition state (KRaft's PartitionChangeRecord, ZooKeeper's state znode)
type PartitionStateFields = {
  readonly topic: string;
  readonly partition: number;
  readonly leaderEpoch: number;
  readonly partitionEpoch: number;
  readonly isr: Ids;
  /** ZooKeeper mode names the leader and the controller epoch on every change. */
  readonly leader?: number;
  readonly controllerEpoch?: number;
  readonly reason?: string;
};
/** KRaft's election kind (controller/partition-change.ts). */
type Election = "kept" | "isr" | "elr" | "last-known-leader" | "unclean" | "none";
type LeaderChange = PartitionStateFields & { readonly leader: number; readonly previousLeader: number; readonly reason: string; readonly election?: Election };
type UncleanElection = PartitionStateFields & {
  readonly leader: number;
  readonly previousLeader?: number;
  readonly previousIsr?: Ids;
  readonly election?: Election;
};
type IsrChange = PartitionStateFields & { readonly added?: Ids; readonly removed?: Ids; readonly previousIsr?: Ids };
type ElrChange = Omit<PartitionStateFields, "isr"> & { readonly elr: Ids; readonly added: Ids; readonly removed: Ids };
type BrokerFencing = BrokerRef & { readonly brokerEpoch: number };
type BrokerRegistered = BrokerFencing & { readonly unclean?: boolean; readonly delayedMs?: number };
type ControllerElected = { readonly epoch: number; readonly broker?: number; readonly votes?: readonly string[] };
type ControllerActive = { readonly epoch: number };

// Group coordinator (its records name the coordinating broker)
type CoordinatorUnloaded = BrokerRef & { readonly partition: number; readonly leaderEpoch: number; readonly groups: readonly string[] };
type CoordinatorLoaded = CoordinatorUnloaded & { readonly offsets: number };
type GroupStable = BrokerRef & {
  readonly group: string;
  readonly generation: number;
  readonly protocol: string | null;
  readonly assignment: Readonly<Record<string, readonly string[]>>;
};
type MemberExpired = BrokerRef & { readonly group: string; readonly memberId: string; readonly generation: number };

// Clients
type ClientError = {
  readonly error: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly broker?: string;
  readonly attempt?: number;
  readonly request?: string;
};
type DeliveryTimeout = {
  readonly error: string;
  readonly message: string;
  readonly lastError?: string;
  readonly expired: true;
  readonly partition: number;
  readonly topic: string;
  readonly records: number;
  readonly outcome: string;
};
type ConsumerAssigned = {
  readonly consumer: string;
  readonly group: string;
  readonly generation: number;
  readonly protocol: string | null;
  readonly assigned: readonly string[];
  readonly revoked: readonly string[];
};
type ConsumerTruncationDetected = {
  readonly consumer: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly offsetEpoch: number | null;
  readonly leader: string | null;
  readonly leaderEpoch: number | null;
  readonly divergingOffset?: number;
  readonly divergingEpoch?: number;
};

declare module "../sim/trace.js" {
  interface TraceEvents {
    // Replication: leadership, ISR, high watermark, the log (ReplicaManager, Partition, UnifiedLog)
    "alter-partition-rejected": TraceFields;
    "alter-partition-retry": TraceFields;
    "become-follower": BecomeFollower;
    "become-leader": BecomeLeader;
    "broker-exit": TraceFields;
    "broker-failed": TraceFields;
    "duplicate-batch": TraceFields;
    "fetch-completed-early": TraceFields;
    "fetch-diverging-epoch": TraceFields;
    "fetch-fenced": TraceFields;
    "fetch-offset-out-of-range": TraceFields;
    "fetch-session-created": TraceFields;
    "fetch-session-error": TraceFields;
    "follower-fetch-error": TraceFields;
    "follower-fetch-session-reset": TraceFields;
    "follower-fetch-timeout": TraceFields;
    "follower-offset-out-of-range": TraceFields;
    "follower-reset-to-log-start": TraceFields;
    "hw-advanced": HwAdvanced;
    "isr-change": IsrChange;
    "isr-change-accepted": TraceFields;
    "isr-change-fenced": TraceFields;
    "isr-change-rejected": TraceFields;
    "isr-change-retried": TraceFields;
    "isr-expand-proposed": IsrProposed;
    "isr-shrink-proposed": IsrProposed;
    "isr-updated": TraceFields;
    "list-offsets-lagging-hw": TraceFields;
    "log-flushed": TraceFields;
    "log-truncated": LogTruncated;
    "partition-offline": TraceFields;
    "partition-state-conflict": TraceFields;
    "produce-acks0-close": TraceFields;
    "produce-not-enough-replicas-after-append": TraceFields;
    "produce-rejected": ProduceRejected;
    "produce-timeout": TraceFields;
    "producer-sequence-error": TraceFields;
    "replica-fetcher-exit": ReplicaFetcherExit;
    "replica-manager-shutdown": TraceFields;
    "replica-recovered": TraceFields;
    "retention-deleted-segments": TraceFields;
    "stop-replica": TraceFields;
    "unhandled-message": TraceFields;

    // Controllers, both modes (QuorumController, KafkaController, KafkaRaftClient, ZooKeeper)
    "broker-fenced": BrokerFencing;
    "broker-online": TraceFields;
    "broker-registered": BrokerRegistered;
    "broker-registration-retry": TraceFields;
    "broker-sees-fenced": TraceFields;
    "broker-sees-unfenced": TraceFields;
    "broker-unfenced": BrokerFencing;
    "controlled-shutdown-complete": TraceFields;
    "controlled-shutdown-done": TraceFields;
    "controlled-shutdown-requested": TraceFields;
    "controlled-shutdown-retry": TraceFields;
    "controlled-shutdown-start": TraceFields;
    "controller-active": ControllerActive;
    "controller-elected": ControllerElected;
    "controller-fenced": TraceFields;
    "controller-resigned": TraceFields;
    "elr-change": ElrChange;
    "leader-change": LeaderChange;
    "partitions-added": TraceFields;
    "partitions-created": TraceFields;
    "raft-candidate": TraceFields;
    "raft-committed-truncated": TraceFields;
    "raft-prevote-lost": TraceFields;
    "raft-prospective": TraceFields;
    "raft-resign": TraceFields;
    "raft-truncate": TraceFields;
    "raft-vote": TraceFields;
    "registration-rejected": TraceFields;
    "restart-delayed": BrokerRef;
    "stale-broker-epoch": TraceFields;
    "stale-controller-epoch": TraceFields;
    "session-expired": TraceFields;
    "topic-created": TraceFields;
    "unclean-election": UncleanElection;
    "zk-leader-elected": TraceFields;
    "zk-session-expired": TraceFields;
    "zk-stop-serving": TraceFields;

    // Admin client
    "admin-create-partitions": TraceFields;
    "create-partitions-failed": TraceFields;

    // Group coordinator (GroupCoordinator, ClassicGroup)
    "coordinator-loaded": CoordinatorLoaded;
    "coordinator-unloaded": CoordinatorUnloaded;
    "group-rebalance": TraceFields;
    "group-stable": GroupStable;
    "member-expired": MemberExpired;
    "member-id-required": TraceFields;
    "member-joined": TraceFields;
    "member-left": TraceFields;
    "offset-commit-rejected": TraceFields;

    // Producer (KafkaProducer, Sender, TransactionManager)
    "delivery-timeout": DeliveryTimeout;
    "producer-disconnect": TraceFields;
    "producer-epoch-bump": TraceFields;
    "producer-id": TraceFields;
    "producer-id-allocated": TraceFields;
    "producer-id-reset": TraceFields;
    "producer-resend": TraceFields;
    "producer-start": TraceFields;
    "producer-stop-sending": TraceFields;

    // Consumer (KafkaConsumer, ConsumerCoordinator)
    "consumer-assigned": ConsumerAssigned;
    "consumer-coordinator-found": TraceFields;
    "consumer-coordinator-lost": TraceFields;
    "consumer-error": TraceFields;
    "consumer-fetch-session-reset": TraceFields;
    "consumer-generation-reset": TraceFields;
    "consumer-metadata-changed": TraceFields;
    "consumer-offset-out-of-range": TraceFields;
    "consumer-partitions-lost": TraceFields;
    "consumer-poll-timeout": TraceFields;
    "consumer-rebalance-requested": TraceFields;
    "consumer-revoked": TraceFields;
    "consumer-truncation-detected": ConsumerTruncationDetected;

    // Producer and consumer network clients (NetworkClient, Metadata)
    "client-error": ClientError;
    "client-rebootstrap": TraceFields;
    "client-reconnect-backoff": TraceFields;
    "client-request-timeout": TraceFields;
  }
}

/** A trace record type (the kernel's or the model's). */
export type { TraceType };
