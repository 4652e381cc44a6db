/**
 * Producer partitioning: keyed records (murmur2) and null-key records (KIP-794 uniform sticky).
 *
 * Kafka's order of precedence (explicit partition, custom partitioner, key hash, sticky) is the
 * caller's business; this module only provides the two built-in strategies.
 */
import type { Random } from "../../sim/random.js";
import { murmur2, murmur2OfString, toPositive } from "./murmur2.js";

/**
 * Partition of a keyed record, as Kafka's `BuiltInPartitioner.partitionForKey` computes it:
 * `toPositive(murmur2(keyBytes)) % numPartitions`. `numPartitions` is the count of *all* partitions
 * of the topic (not only the available ones). A string key is hashed as its UTF-8 bytes.
 */
export function partitionForKey(key: string | Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) {
    throw new RangeError(`partitionForKey: numPartitions must be a positive integer, got ${numPartitions}`);
  }
  return toPositive(typeof key === "string" ? murmur2OfString(key) : murmur2(key)) % numPartitions;
}

interface StickyState {
  partition: number;
  producedBytes: number;
  numPartitions: number;
  available: number[] | undefined;
  /** The caller's list `available` was built from, and the partition count then (the same list again needs no filtering). */
  availableFrom: readonly number[] | undefined;
}

/**
 * KIP-794 built-in "uniform sticky" partitioner for records with a null key (one state per topic).
 *
 * - Records stick to the current partition until at least `batch.size` bytes were appended to it
 *   (`onAppend`), then a new partition is drawn uniformly at random among the available partitions
 *   (or among all partitions when none is available).
 * - If the caller says the batch is not ready (`batchReady = false`), the switch waits, but never
 *   past 2 × `batch.size` bytes (Kafka's `updatePartitionInfo` with `enableSwitch`).
 *
 * Deliberate simplifications / deviations:
 * - Adaptive partitioning (`partitioner.adaptive.partitioning.enable`, weighting toward partitions
 *   with shorter queues) is NOT modelled: the choice is always uniform among available partitions.
 * - When more than one candidate exists the new partition is always different from the current one.
 *   Kafka's `BuiltInPartitioner.nextPartition` draws uniformly and may re-pick the same partition;
 *   the simulator avoids that so a switch is always observable.
 * - Randomness comes from the injected {@link Random}, never from `Math.random`.
 */
export class StickyPartitioner {
  private readonly topics = new Map<string, StickyState>();

  /**
   * @param batchSizeBytes the producer's `batch.size` (bytes to produce before switching); must be ≥ 1
   * @param random the producer's seeded random stream
   */
  constructor(
    private readonly batchSizeBytes: number,
    private readonly random: Random,
  ) {
    if (!(batchSizeBytes >= 1)) throw new RangeError(`StickyPartitioner: batchSizeBytes must be >= 1, got ${batchSizeBytes}`);
  }

  /**
   * The current sticky partition of `topic`, choosing one on first use.
   * @param numPartitions number of partitions of the topic
   * @param availablePartitions partitions whose leader can take produce requests (default: all)
   */
  partition(topic: string, numPartitions: number, availablePartitions?: readonly number[]): number {
    if (!Number.isInteger(numPartitions) || numPartitions < 1) {
      throw new RangeError(`StickyPartitioner.partition: numPartitions must be a positive integer, got ${numPartitions}`);
    }
    let state = this.topics.get(topic);
    // A caller passing the same (unmodified) list as last time, for the same partition count, gets the same filtered list.
    const unchanged =
      state !== undefined && availablePartitions !== undefined && state.availableFrom === availablePartitions && state.numPartitions === numPartitions;
    const available =
      availablePartitions === undefined
        ? undefined
        : unchanged
          ? state!.available
          : [...new Set(availablePartitions.filter((p) => Number.isInteger(p) && p >= 0 && p < numPartitions))];
    if (state === undefined) {
      state = { partition: -1, producedBytes: 0, numPartitions, available, availableFrom: availablePartitions };
      state.partition = this.choose(state);
      this.topics.set(topic, state);
    } else {
      state.numPartitions = numPartitions;
      state.available = available;
      state.availableFrom = availablePartitions;
      // The topic's partition count is not expected to shrink; re-pick if it somehow did.
      if (state.partition >= numPartitions) {
        state.partition = this.choose(state);
        state.producedBytes = 0;
      }
    }
    return state.partition;
  }

  /**
   * Record that `bytes` were appended to `partition` of `topic`. Only appends to the current sticky
   * partition count; once ≥ `batch.size` bytes were produced (and the batch is ready, or ≥ 2 ×
   * `batch.size` regardless), a new sticky partition is chosen.
   * @returns true when the sticky partition switched
   */
  onAppend(topic: string, partition: number, bytes: number, batchReady = true): boolean {
    const state = this.topics.get(topic);
    if (state === undefined || state.partition !== partition) return false;
    state.producedBytes += bytes;
    const enough = state.producedBytes >= this.batchSizeBytes && batchReady;
    if (!enough && state.producedBytes < this.batchSizeBytes * 2) return false;
    state.partition = this.choose(state);
    state.producedBytes = 0;
    return true;
  }

  /** The current sticky partition of `topic` without choosing one (undefined before first use). */
  current(topic: string): number | undefined {
    return this.topics.get(topic)?.partition;
  }

  /** Bytes produced to the current sticky partition of `topic` since it was chosen. */
  producedBytes(topic: string): number {
    return this.topics.get(topic)?.producedBytes ?? 0;
  }

  private choose(state: StickyState): number {
    const pool = state.available !== undefined && state.available.length > 0 ? state.available : Array.from({ length: state.numPartitions }, (_, i) => i);
    const candidates = pool.length > 1 ? pool.filter((p) => p !== state.partition) : pool;
    return candidates[this.random.int(candidates.length)]!;
  }
}
