/**
 * The leader's answer to OffsetsForLeaderEpoch (Kafka's ReplicaManager.lastOffsetForLeaderEpoch
 * and Partition.lastOffsetForLeaderEpoch): the requester's current leader epoch is checked first
 * (lower → FENCED_LEADER_EPOCH, higher → UNKNOWN_LEADER_EPOCH), then only the leader answers
 * (fetchOnlyFromLeader), with `LeaderEpochFileCache.endOffsetFor` on its log: the largest epoch ≤
 * the requested one and the start offset of the next epoch, or the LEO for the latest epoch.
 * An epoch the log cannot place (UnifiedLog.endOffsetForEpoch returns None) answers NONE with
 * epoch and end offset -1. Followers and consumers (KIP-320) share this handler.
 */
import type { KafkaError } from "../protocol/errors.js";
import type {
  EpochEndOffsetResult,
  OffsetForLeaderPartition,
  OffsetsForLeaderEpochRequest,
  OffsetsForLeaderEpochResponse,
} from "../protocol/offsets-for-leader-epoch.js";
import type { ReplicationContext } from "./context.js";
import { UNDEFINED_EPOCH } from "./epoch-cache.js";
import type { Partition } from "./partition.js";

export function handleOffsetsForLeaderEpoch(rc: ReplicationContext, from: string, request: OffsetsForLeaderEpochRequest): void {
  const response: OffsetsForLeaderEpochResponse = {
    type: "OffsetsForLeaderEpochResponse",
    correlationId: request.correlationId,
    partitions: request.partitions.map((op) => lastOffsetForLeaderEpoch(rc, op)),
  };
  rc.services.ctx.send(from, response);
}

/** One partition's EpochEndOffset (Partition.lastOffsetForLeaderEpoch with fetchOnlyFromLeader = true). */
export function lastOffsetForLeaderEpoch(rc: ReplicationContext, op: OffsetForLeaderPartition): EpochEndOffsetResult {
  const base = { topic: op.topic, partition: op.partition, leaderEpoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH };
  const p = rc.partition(op.topic, op.partition);
  if (!p) {
    const known = rc.services.metadata.partition(op.topic, op.partition) !== undefined;
    return { ...base, error: known ? "NOT_LEADER_OR_FOLLOWER" : "UNKNOWN_TOPIC_OR_PARTITION" };
  }
  const error = localLogError(p, op.currentLeaderEpoch);
  if (error !== "NONE") return { ...base, error };
  if (!rc.services.cluster.features.leaderEpochs) return { ...base, error: "NONE" }; // no leader-epoch cache before KIP-101
  const end = p.log.epochCache.endOffsetFor(op.leaderEpoch, p.log.logEndOffset);
  if (end.endOffset === UNDEFINED_EPOCH) return { ...base, error: "NONE" };
  return { ...base, error: "NONE", leaderEpoch: end.epoch, endOffset: end.endOffset };
}

/** Partition.getLocalLog(currentLeaderEpoch, requireLeader = true): the epoch check comes first. */
function localLogError(p: Partition, currentLeaderEpoch: number): KafkaError {
  if (currentLeaderEpoch >= 0) {
    if (p.leaderEpoch > currentLeaderEpoch) return "FENCED_LEADER_EPOCH";
    if (p.leaderEpoch < currentLeaderEpoch) return "UNKNOWN_LEADER_EPOCH";
  }
  return p.isLeader ? "NONE" : "NOT_LEADER_OR_FOLLOWER";
}
