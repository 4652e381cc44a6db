/**
 * Why a replica did what it did: leadership, the ISR, the high watermark, produce on the leader and
 * the log (ReplicaManager, Partition, UnifiedLog, ProducerStateManager).
 */
import type { Entries, Fields } from "./explain.js";

/** How a follower's log came to be truncated (the `log-truncated` record's `reason` names the path). */
export type TruncationCause =
  | {
      /** KIP-320 truncation on fetch: the leader's answer and this replica's own end of that epoch. */
      readonly kind: "diverging-epoch";
      readonly leaderEpoch: number;
      readonly leaderEndOffset: number;
      readonly ownEpoch: number;
      readonly ownEndOffset: number;
      readonly target: number;
    }
  | { readonly kind: "legacy-diverging-epoch"; readonly leaderEndOffset: number; readonly target: number }
  | { readonly kind: "offset-out-of-range"; readonly fetchOffset: number; readonly leaderHighWatermark: number }
  | { readonly kind: "truncate-to-high-watermark" }
  | { readonly kind: "truncate-to-leader-end-offset"; readonly leaderEndOffset: number; readonly logEndOffset: number };

function truncation(why: TruncationCause): string {
  switch (why.kind) {
    case "diverging-epoch":
      return `the leader says epoch ${why.leaderEpoch} ends at ${why.leaderEndOffset}; this replica's epoch ${why.ownEpoch} ends at ${why.ownEndOffset}: truncate to ${why.target} and fetch again`;
    case "legacy-diverging-epoch":
      return why.leaderEndOffset < 0
        ? `the leader does not know this replica's epoch: truncate to the high watermark ${why.target} (OffsetsForLeaderEpoch v0, before KIP-279)`
        : `the leader says this replica's epoch ends at ${why.leaderEndOffset}: truncate to ${why.target} without checking which epoch the records below it have (before KIP-279, KAFKA-6361)`;
    case "offset-out-of-range":
      return `fetch offset ${why.fetchOffset} is beyond the leader's log: truncate to the leader's HW ${why.leaderHighWatermark} and fetch again`;
    case "truncate-to-high-watermark":
      return "before leader epochs (pre-0.11, KIP-101), a replica becoming follower truncates its log to its own high watermark, which may be stale";
    case "truncate-to-leader-end-offset":
      return `Kafka 0.10 (ReplicaFetcherThread.handleOffsetOutOfRange, unclean.leader.election.enable=true): the leader's log ends at ${why.leaderEndOffset}, before this replica's ${why.logEndOffset}, so the follower truncates to the leader's log end offset and keeps everything below it, even records that differ from the leader's`;
  }
}

/** A follower the leader's ISR-expiration task found lagging. */
export interface LaggingReplica {
  readonly brokerId: number;
  readonly lagUs: number;
}

const PROPOSED = "; proposed to the controller with AlterPartition";

export const replicationRules = {
  "become-leader": (f: Fields) =>
    `the new leader keeps its HW (${f.highWatermark}), starts epoch ${f.leaderEpoch} at its LEO ${f.logEndOffset} and raises the HW only as ISR followers fetch`,
  "become-follower": (f: Fields) => `broker-${f.leader} leads epoch ${f.leaderEpoch}: this replica fetches from it`,
  "partition-offline": () => "the controller found no eligible leader: the replica waits without fetching",
  "isr-updated": () => "the controller's committed ISR replaces the leader's view (pending proposals are dropped)",
  "hw-advanced": (f: Fields, why: { readonly ignoresIsr: boolean; readonly minIsr: number | null }) =>
    why.ignoresIsr
      ? "mutant hw-ignores-isr: the HW follows the leader's own LEO"
      : `the HW is the smallest LEO among the leader and its ISR ${JSON.stringify(f.isr)}${why.minIsr !== null ? ` (ISR ≥ min ISR ${why.minIsr})` : ""}`,
  "log-truncated": (_f: Fields, why: TruncationCause) => truncation(why),
  "retention-deleted-segments": (f: Fields) =>
    `${f.reason} breached: whole segments below the HW are deleted oldest first and the log start offset moves to ${f.logStartOffset} (${f.topic}-${f.partition})`,
  "replica-recovered": () =>
    "at start the broker reloads each log from disk: it keeps the valid prefix the disk still holds, clamps the checkpointed HW to [log start, LEO] and the epoch cache to the LEO",
  "log-flushed": () => "flush.ms elapsed since the oldest unflushed message: fsync the log",
  "stop-replica": () => "the controller stopped this replica",
  "replica-manager-shutdown": () => "clean shutdown: logs flushed and the HW checkpoint written",
  "isr-shrink-proposed": (
    _f: Fields,
    why: { readonly outOfSync: readonly LaggingReplica[]; readonly replicaLagTimeMaxMs: number; readonly local: boolean },
  ) => {
    const lagging = why.outOfSync
      .map((o) => `broker-${o.brokerId} has not caught up for ${Math.round(o.lagUs / 1000)} ms (> replica.lag.time.max.ms = ${why.replicaLagTimeMaxMs})`)
      .join("; ");
    return why.local ? `${lagging} (mutant local-isr-shrink: applied at once without the controller)` : lagging + PROPOSED;
  },
  "isr-expand-proposed": (
    f: Fields,
    why: { readonly follower: number; readonly logEndOffset: number; readonly highWatermark: number; readonly leaderEpochStartOffset: number },
  ) =>
    `broker-${why.follower} caught up: its LEO ${why.logEndOffset} ≥ HW ${why.highWatermark} and ≥ the leader epoch start offset ${why.leaderEpochStartOffset}, fetched in epoch ${f.leaderEpoch}` +
    PROPOSED,
  "isr-change-accepted": () => "the controller committed the ISR change; from now on it counts for the HW and for min.insync.replicas",
  "isr-change-rejected": (f: Fields, why: { readonly requestFailed: boolean }) =>
    why.requestFailed
      ? `the AlterPartition request failed (${f.error}): the leader falls back to its last committed ISR and may propose again`
      : `the controller rejected the ISR change (${f.error}) and did not apply it: the leader falls back to its last committed ISR and may propose again`,
  "isr-change-fenced": (f: Fields) =>
    `the controller rejected the ISR change (${f.error}): the leader's epochs are stale, so the change stays pending (no new proposal) until newer metadata for the partition replaces it (Partition.handleAlterPartitionError)`,
  "isr-change-retried": (f: Fields) =>
    `the controller answered ${f.error} for the ISR change: not a fencing error, so the same change is proposed again (Partition.handleAlterPartitionError)`,
  "produce-acks0-close": () =>
    "an acks=0 produce request failed: the broker sends no response but closes the connection, so the producer refreshes its metadata",
  "produce-rejected": (f: Fields, why: { readonly strictMinIsr: boolean }) =>
    why.strictMinIsr
      ? `acks=all needs at least ${f.minIsr} in-sync replicas (min(min.insync.replicas, replication factor)); the ISR has ${(f.isr as readonly number[]).length}: nothing appended`
      : `acks=all needs at least ${f.minIsr} in-sync replicas (min.insync.replicas, not capped by the replication factor before Kafka 3.7); the ISR has ${(f.isr as readonly number[]).length}: nothing appended`,
  "duplicate-batch": () => "a retried batch matching one of the producer's last 5 batches is not appended again; the original offset is returned",
  /** The text is the message of Kafka's own exception (ProducerAppendInfo's InvalidProducerEpochException / OutOfOrderSequenceException). */
  "producer-sequence-error": (_f: Fields, why: { readonly message: string }) => why.message,
  "produce-timeout": () =>
    "acks=all waits until the HW covers the batch; the request's timeout (request.timeout.ms) expired first: REQUEST_TIMED_OUT (the records stay in the log)",
  "produce-not-enough-replicas-after-append": (f: Fields, why: { readonly highWatermark: number }) =>
    `the batch is committed (HW ${why.highWatermark}) but the ISR has only ${(f.isr as readonly number[]).length} of the ${f.minIsr} replicas min.insync.replicas asks for`,
} satisfies Entries;
