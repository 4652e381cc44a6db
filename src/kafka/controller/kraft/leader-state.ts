/**
 * What a Raft leader tracks in its epoch (Kafka's LeaderState): each voter's fetched end offset,
 * when it last fetched, who acknowledged BeginQuorumEpoch, and the high watermark.
 *
 * Commit rule (docs/kafka-rules.md §1.8): the HW moves to the largest offset a majority of voters have
 * reached, but only once that offset is above the epoch start offset, i.e. once a record of this
 * leader's own epoch (its LeaderChange record) is on a majority.
 */
import type { Micros } from "../../../sim/time.js";
import { majority } from "./election-timing.js";

export class LeaderState {
  private readonly endOffsets = new Map<string, number>();
  private readonly lastFetchUs = new Map<string, Micros>();
  readonly acknowledged = new Set<string>();

  constructor(
    readonly self: string,
    readonly voters: readonly string[],
    readonly epoch: number,
    /** The log end offset when leadership began (offset of the LeaderChange record). */
    readonly epochStartOffset: number,
    startUs: Micros,
  ) {
    for (const v of voters) {
      this.endOffsets.set(v, -1);
      this.lastFetchUs.set(v, startUs);
    }
    this.acknowledged.add(self);
  }

  /** Own end offset after a flush. */
  updateLocal(endOffset: number): void {
    this.endOffsets.set(this.self, endOffset);
  }

  /** A voter fetched at `fetchOffset` (its log end offset). Observers do not count. */
  updateVoter(voter: string, fetchOffset: number, nowUs: Micros): void {
    if (!this.endOffsets.has(voter)) return;
    this.endOffsets.set(voter, fetchOffset);
    this.lastFetchUs.set(voter, nowUs);
    this.acknowledged.add(voter);
  }

  isVoter(node: string): boolean {
    return this.endOffsets.has(node);
  }

  /** The offset a majority of voters have reached, or null while it is not above the epoch start. */
  majorityEndOffset(): number | null {
    const offsets = [...this.endOffsets.values()].sort((a, b) => b - a);
    const candidate = offsets[majority(this.voters.length) - 1]!;
    return candidate > this.epochStartOffset ? candidate : null;
  }

  /**
   * Check quorum: the time by which a majority (counting the leader) must have fetched again, i.e.
   * the fetch time of the (majority−1)-th most recent other voter plus `timeoutUs`.
   */
  checkQuorumDeadline(timeoutUs: Micros): Micros {
    const needed = majority(this.voters.length) - 1;
    if (needed === 0) return Number.POSITIVE_INFINITY;
    const times = this.voters
      .filter((v) => v !== this.self)
      .map((v) => this.lastFetchUs.get(v)!)
      .sort((a, b) => b - a);
    return times[needed - 1]! + timeoutUs;
  }

  /** Voters ordered by how far their log reaches (most caught up first): EndQuorumEpoch successors. */
  preferredSuccessors(): string[] {
    return this.voters.filter((v) => v !== this.self).sort((a, b) => this.endOffsets.get(b)! - this.endOffsets.get(a)! || (a < b ? -1 : 1));
  }

  nonAcknowledging(): string[] {
    return this.voters.filter((v) => !this.acknowledged.has(v));
  }
}
