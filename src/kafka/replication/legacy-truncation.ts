/**
 * Leader-epoch truncation before KIP-279 (Kafka 0.11–1.1, `epochCheckedTruncation` off): the
 * OffsetsForLeaderEpoch answer is an end offset without an epoch, and the follower truncates to it
 * once per leader change, trusting that its log below that offset matches the leader's. After
 * fast successive leader changes it may not: the follower keeps records of an epoch the leader
 * never had (KAFKA-6361, fixed by KIP-279 in 2.0).
 *
 * The model carries the request and its answer in the Fetch exchange (the follower's first fetch
 * after a leader change carries its latest epoch; the answer comes back as `divergingEpoch` with
 * epoch UNDEFINED), so the fetcher keeps its one code path.
 */
import type { LeaderEpochCache } from "./epoch-cache.js";
import { UNDEFINED_EPOCH } from "./epoch-cache.js";

/**
 * Kafka 1.1's `LeaderEpochFileCache.endOffsetFor(requestedEpoch)`: the LEO for the latest epoch;
 * else the start offset of the first later epoch; UNDEFINED when no later epoch is cached or the
 * requested one is older than every cached epoch. No epoch is returned with it.
 */
export function legacyEndOffsetFor(cache: Pick<LeaderEpochCache, "latestEpoch" | "all">, requestedEpoch: number, logEndOffset: number): number {
  if (requestedEpoch === cache.latestEpoch()) return logEndOffset;
  const entries = cache.all();
  const subsequent = entries.find((entry) => entry.epoch > requestedEpoch);
  const first = entries[0];
  if (subsequent === undefined || first === undefined || requestedEpoch < first.epoch) return UNDEFINED_EPOCH;
  return subsequent.startOffset;
}

/**
 * Kafka 1.1's `ReplicaFetcherThread.maybeTruncate`: an unknown end offset means the initial fetch
 * offset (the follower's HW); an end offset at or past the follower's LEO means no truncation;
 * otherwise the end offset itself.
 */
export function legacyTruncationOffset(leaderEndOffset: number, highWatermark: number, logEndOffset: number): number {
  if (leaderEndOffset === UNDEFINED_EPOCH) return Math.min(highWatermark, logEndOffset);
  if (leaderEndOffset >= logEndOffset) return logEndOffset;
  return leaderEndOffset;
}
