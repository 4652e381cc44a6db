import type { KafkaError } from "./errors.js";
import type { RecordBatch } from "./records.js";
import type { Millis } from "../../sim/time.js";

/** Fetch from a follower (replicaId ≥ 0) or a consumer (replicaId = -1). KIP-320 / KIP-903 fields. */
export interface FetchRequest {
  type: "Fetch";
  correlationId: number;
  replicaId: number;
  /** KIP-903: the follower's broker epoch (-1 for consumers). */
  replicaEpoch: number;
  maxWaitMs: Millis;
  minBytes: number;
  maxBytes: number;
  partitions: FetchPartition[];
  /**
   * KIP-227 fetch session (FetchMetadata): absent = a session-less full fetch (clients before 1.1).
   * sessionId 0 with epoch 0 asks for a new session; epoch -1 (FINAL_EPOCH) for none; a session id
   * with epoch ≥ 1 is an incremental fetch that names only the partitions that changed.
   */
  sessionId?: number;
  sessionEpoch?: number;
  /** KIP-227 toForget: partitions to drop from the session (incremental fetches). */
  forgotten?: { topic: string; partition: number }[];
}

export interface FetchPartition {
  topic: string;
  partition: number;
  /** -1 when the client does not know it. */
  currentLeaderEpoch: number;
  fetchOffset: number;
  /** Epoch of the last batch the follower has (-1 when empty); drives DivergingEpoch (KIP-320 / truncation on fetch). */
  lastFetchedEpoch: number;
  logStartOffset: number;
  partitionMaxBytes: number;
}

export interface FetchResponse {
  type: "FetchResponse";
  correlationId: number;
  error: KafkaError;
  /** KIP-227: the session the response belongs to (0: none, or the session was closed). */
  sessionId?: number;
  partitions: FetchPartitionResponse[];
}

export interface FetchPartitionResponse {
  topic: string;
  partition: number;
  error: KafkaError;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Set when the follower's log diverges from the leader's: truncate to this epoch's end offset. */
  divergingEpoch?: { epoch: number; endOffset: number };
  /** Leader epoch of the responding leader (for consumers' fencing). */
  currentLeaderEpoch?: number;
  batches: RecordBatch[];
}

/** ListOffsets: earliest (-2) / latest (-1) lookups for consumers' auto.offset.reset. */
export interface ListOffsetsRequest {
  type: "ListOffsets";
  correlationId: number;
  replicaId: number;
  partitions: { topic: string; partition: number; currentLeaderEpoch: number; timestamp: -1 | -2 }[];
}

export interface ListOffsetsResponse {
  type: "ListOffsetsResponse";
  correlationId: number;
  partitions: { topic: string; partition: number; error: KafkaError; offset: number; leaderEpoch: number }[];
}
