/**
 * KRaft messages (KIP-595 Raft RPCs on `__cluster_metadata`, KIP-631 broker lifecycle) and the
 * metadata records the quorum controller writes to the log (docs/kafka-rules.md §4.2).
 *
 * Raft replication uses `RaftFetch`, not the data plane's `Fetch`, so that the broker's replica
 * manager and its controller agent never claim the same message type.
 */
import type { PartitionState } from "../metadata/partition-state.js";
import type { KafkaError } from "./errors.js";
import type { Millis } from "../../sim/time.js";

// ---- metadata records -------------------------------------------------------------------------

/** RegisterBrokerRecord: its offset in the log is the broker epoch (KIP-631). */
export interface RegisterBrokerRecord {
  type: "RegisterBroker";
  brokerId: number;
  node: string;
  incarnationId: string;
  brokerEpoch: number;
}

/** BrokerRegistrationChangeRecord (covers FenceBroker / UnfenceBroker / controlled shutdown). */
export interface BrokerRegistrationChangeRecord {
  type: "BrokerRegistrationChange";
  brokerId: number;
  brokerEpoch: number;
  fenced?: boolean;
  inControlledShutdown?: boolean;
  /** Why (for timelines): "session-expired", "caught-up", "controlled-shutdown". */
  reason: string;
}

export interface TopicRecord {
  type: "Topic";
  name: string;
  partitionCount: number;
}

/** PartitionRecord: the initial state of a new partition. */
export interface PartitionRecord {
  type: "Partition";
  state: PartitionState;
  /**
   * Set on the records of a CreatePartitions batch: the topic's partition count once the whole
   * batch is replayed. Kafka writes the batch atomically (ReplicationControlManager.createPartitions
   * returns ControllerResult.atomicOf) and publishes whole batches; the model's Raft fetch may end
   * inside one, so replay raises the topic's count from this field and publishers wait until every
   * partition up to it is replayed (as for a topic's creation batch).
   */
  topicPartitionCount?: number;
}

/**
 * PartitionChangeRecord. Kafka's record carries only the changed fields; the model carries the
 * whole resulting state plus the explanation of why it changed (for observers and timelines).
 */
export interface PartitionChangeRecord {
  type: "PartitionChange";
  state: PartitionState;
  unclean: boolean;
  reason: string;
}

/** ConfigRecord: one topic config key (value null = deleted). */
export interface ConfigRecord {
  type: "ConfigRecord";
  resourceType: "topic";
  resourceName: string;
  name: string;
  value: unknown;
}

/** NoOpRecord: written every metadata.max.idle.interval.ms so followers see the HW move. */
export interface NoOpRecord {
  type: "NoOp";
}

/** LeaderChangeMessage control record: the first record of every Raft leader's epoch. */
export interface LeaderChangeRecord {
  type: "LeaderChange";
  leader: string;
  epoch: number;
  voters: string[];
}

export type MetadataRecord =
  | RegisterBrokerRecord
  | BrokerRegistrationChangeRecord
  | TopicRecord
  | PartitionRecord
  | PartitionChangeRecord
  | ConfigRecord
  | NoOpRecord
  | LeaderChangeRecord;

/** One entry of the metadata log (a batch of one record). Stored immutably. */
export interface MetadataLogEntry {
  readonly offset: number;
  readonly epoch: number;
  readonly record: MetadataRecord;
}

// ---- Raft RPCs ----------------------------------------------------------------------------------

export interface VoteRequest {
  type: "Vote";
  correlationId: number;
  candidateEpoch: number;
  candidate: string;
  lastEpoch: number;
  /** Exclusive end offset of the candidate's log. */
  lastEndOffset: number;
  /**
   * KIP-996 pre-vote: a prospective voter asks whether it could win, in its current epoch (not
   * bumped); granting one records no vote.
   */
  preVote?: boolean;
}

export interface VoteResponse {
  type: "VoteResponse";
  correlationId: number;
  error: KafkaError;
  epoch: number;
  leader: string | null;
  voteGranted: boolean;
}

export interface BeginQuorumEpochRequest {
  type: "BeginQuorumEpoch";
  correlationId: number;
  epoch: number;
  leader: string;
}

export interface BeginQuorumEpochResponse {
  type: "BeginQuorumEpochResponse";
  correlationId: number;
  error: KafkaError;
  epoch: number;
  leader: string | null;
}

export interface EndQuorumEpochRequest {
  type: "EndQuorumEpoch";
  correlationId: number;
  epoch: number;
  leader: string;
  /** Voters in order of preference (most caught up first). */
  preferredSuccessors: string[];
}

export interface EndQuorumEpochResponse {
  type: "EndQuorumEpochResponse";
  correlationId: number;
  error: KafkaError;
  epoch: number;
  leader: string | null;
}

/** Pull-based replication of the metadata log, from voters and from observers (brokers). */
export interface RaftFetchRequest {
  type: "RaftFetch";
  correlationId: number;
  /** The fetcher's current epoch. */
  epoch: number;
  replica: string;
  fetchOffset: number;
  /** Epoch of the entry just before fetchOffset (-1 when fetching from 0). */
  lastFetchedEpoch: number;
  maxWaitMs: Millis;
}

export interface RaftFetchResponse {
  type: "RaftFetchResponse";
  correlationId: number;
  error: KafkaError;
  epoch: number;
  leader: string | null;
  highWatermark: number;
  /** Set when the fetcher's log diverges: truncate to this epoch's end offset, then fetch again. */
  divergingEpoch?: { epoch: number; endOffset: number };
  entries: MetadataLogEntry[];
}

// ---- KIP-631 broker lifecycle ---------------------------------------------------------------------

export interface BrokerRegistrationRequest {
  type: "BrokerRegistration";
  correlationId: number;
  brokerId: number;
  node: string;
  incarnationId: string;
  /** KIP-966: the broker epoch of the previous incarnation if it shut down cleanly, else -1. */
  previousBrokerEpoch: number;
}

export interface BrokerRegistrationResponse {
  type: "BrokerRegistrationResponse";
  correlationId: number;
  error: KafkaError;
  brokerEpoch: number;
  /** Leader hint on NOT_CONTROLLER. */
  leader: string | null;
}

export interface BrokerHeartbeatRequest {
  type: "BrokerHeartbeat";
  correlationId: number;
  brokerId: number;
  brokerEpoch: number;
  /** Offset of the last metadata record the broker has applied. */
  currentMetadataOffset: number;
  wantFence: boolean;
  wantShutdown: boolean;
}

export interface BrokerHeartbeatResponse {
  type: "BrokerHeartbeatResponse";
  correlationId: number;
  error: KafkaError;
  isCaughtUp: boolean;
  isFenced: boolean;
  shouldShutdown: boolean;
  leader: string | null;
}
