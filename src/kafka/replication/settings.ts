/**
 * The configs the replication layer reads, with Kafka 4.x defaults as a last resort. Topic keys fall
 * back to their broker twin (retention.ms → log.retention.ms) when a view does not carry them, so a
 * broker works with a fully resolved topic config as well as with a bare broker config.
 */
import type { ConfigView } from "../config-view.js";
import { LONG_MAX } from "../config/key-types.js";
import type { Millis } from "../../sim/time.js";

/** Topic-level settings of one partition's log (docs/kafka-rules.md §1.5, §3.1, §8). */
export interface LogSettings {
  minInsyncReplicas: number;
  retentionMs: Millis;
  retentionBytes: number;
  segmentBytes: number;
  segmentMs: Millis;
  flushMessages: number;
  flushMs: Millis;
  /** unclean.leader.election.enable (a pre-KIP-101 follower behind its leader's log start may truncate to it). */
  uncleanLeaderElectionEnable: boolean;
}

/** Broker-level replication settings (docs/kafka-rules.md §1.3, §1.4). */
export interface ReplicationSettings {
  replicaLagTimeMaxMs: Millis;
  fetchWaitMaxMs: Millis;
  fetchMinBytes: number;
  fetchMaxBytes: number;
  fetchBackoffMs: Millis;
  hwCheckpointIntervalMs: Millis;
  retentionCheckIntervalMs: Millis;
  fetchRequestTimeoutMs: Millis;
  /** KIP-227: max.incremental.fetch.session.cache.slots. */
  fetchSessionCacheSlots: number;
}

function num(view: ConfigView, names: string[], fallback: number): number {
  for (const name of names) {
    if (!view.has(name)) continue;
    const value = view.get(name);
    if (value === null || value === undefined) continue;
    return view.int(name);
  }
  return fallback;
}

function flag(view: ConfigView, name: string, fallback: boolean): boolean {
  if (!view.has(name)) return fallback;
  const value = view.get(name);
  return value === null || value === undefined ? fallback : view.bool(name);
}

/** Read a topic's log settings from its config view (topic override → broker twin → Kafka default). */
export function readLogSettings(view: ConfigView): LogSettings {
  return {
    minInsyncReplicas: num(view, ["min.insync.replicas"], 1),
    retentionMs: num(view, ["retention.ms", "log.retention.ms"], 604800000),
    retentionBytes: num(view, ["retention.bytes", "log.retention.bytes"], -1),
    segmentBytes: num(view, ["segment.bytes", "log.segment.bytes"], 1073741824),
    segmentMs: num(view, ["segment.ms", "log.roll.ms"], 604800000),
    flushMessages: num(view, ["flush.messages", "log.flush.interval.messages"], LONG_MAX),
    flushMs: num(view, ["flush.ms", "log.flush.interval.ms"], LONG_MAX),
    uncleanLeaderElectionEnable: flag(view, "unclean.leader.election.enable", false),
  };
}

/** Read the broker's replication settings. */
export function readReplicationSettings(view: ConfigView): ReplicationSettings {
  return {
    replicaLagTimeMaxMs: num(view, ["replica.lag.time.max.ms"], 30000),
    fetchWaitMaxMs: num(view, ["replica.fetch.wait.max.ms"], 500),
    fetchMinBytes: num(view, ["replica.fetch.min.bytes"], 1),
    fetchMaxBytes: num(view, ["replica.fetch.max.bytes"], 1048576),
    fetchBackoffMs: num(view, ["replica.fetch.backoff.ms"], 1000),
    hwCheckpointIntervalMs: num(view, ["replica.high.watermark.checkpoint.interval.ms"], 5000),
    retentionCheckIntervalMs: num(view, ["log.retention.check.interval.ms"], 300000),
    fetchRequestTimeoutMs: num(view, ["replica.socket.timeout.ms", "request.timeout.ms"], 30000),
    fetchSessionCacheSlots: num(view, ["max.incremental.fetch.session.cache.slots"], 1000),
  };
}

/** Effective min ISR = min(min.insync.replicas, replication factor) (docs/kafka-rules.md §1.2 item 3). */
export function effectiveMinIsr(minInsyncReplicas: number, replicationFactor: number): number {
  return Math.max(1, Math.min(minInsyncReplicas, replicationFactor));
}

/** "never" for flush settings: LONG_MAX or anything beyond a simulated century. */
export const isNever = (valueMs: number): boolean => valueMs >= LONG_MAX / 2;
