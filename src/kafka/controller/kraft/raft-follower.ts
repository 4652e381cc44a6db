/**
 * The follower and observer side of KRaft's pull-based replication (KIP-595, kafka-semantics §4.2):
 * one RaftFetch in flight at a time to the known leader (an observer that knows none tries the
 * voters in turn), appending the entries it returns, taking its high watermark, and truncating
 * when the leader answers with a diverging epoch. Any failure waits
 * `controller.quorum.retry.backoff.ms` before fetching again.
 */
import { ms } from "../../../sim/time.js";
import type { RaftFetchRequest, RaftFetchResponse } from "../../protocol/kraft.js";
import { RaftCore } from "./raft-core.js";

/** Layer 2 of {@link RaftNode}: fetching from the leader (see raft-core.ts for the layers). */
export abstract class RaftFollowerSide extends RaftCore {
  /** Correlation id of the fetch in flight (null: none, or its answer is to be ignored). */
  protected fetchInFlight: number | null = null;
  /** FollowerState.hasFetchedFromLeader: a fetch succeeded since it began following this leader (it then refuses pre-votes). */
  protected hasFetchedFromLeader = false;
  private discoveryIndex = 0;

  private fetchTarget(): string | null {
    if (this.role === "follower" && this.leader) return this.leader;
    if (this.isVoter) return null;
    // Observer without a known leader: try the voters in turn; NOT_LEADER answers carry a hint.
    const others = this.voters;
    return others[this.discoveryIndex++ % others.length] ?? null;
  }

  protected sendFetch(): void {
    if (this.fetchInFlight !== null && this.requests.isInFlight(this.fetchInFlight)) return;
    const target = this.fetchTarget();
    if (target === null) return;
    const correlationId = this.requests.start(target, "RaftFetch", ms(this.config.requestTimeoutMs));
    this.fetchInFlight = correlationId;
    const fetchOffset = this.log.endOffset;
    this.out(target, { type: "RaftFetch", correlationId, epoch: this.epoch, replica: this.io.name, fetchOffset, lastFetchedEpoch: this.log.epochBefore(fetchOffset), maxWaitMs: this.config.fetchMaxWaitMs } satisfies RaftFetchRequest);
  }

  private scheduleFetchRetry(): void {
    this.io.setTimer(ms(this.config.retryBackoffMs), { raft: "fetch-retry" });
  }

  protected handleFetchResponse(from: string, response: RaftFetchResponse): void {
    if (!this.requests.complete(response.correlationId) || response.correlationId !== this.fetchInFlight) return;
    this.fetchInFlight = null;
    if (response.epoch > this.epoch || (response.leader !== null && response.leader !== this.leader && response.epoch === this.epoch)) {
      this.observeEpoch(response.epoch, response.leader);
      return this.role === "follower" ? this.sendFetch() : this.scheduleFetchRetry();
    }
    if (response.error !== "NONE" || this.role !== "follower" || from !== this.leader || response.epoch !== this.epoch) {
      return this.scheduleFetchRetry();
    }
    this.resetElectionTimer(this.config.fetchTimeoutMs);
    this.hasFetchedFromLeader = true;
    if (response.divergingEpoch) {
      this.truncateToLeader(from, response.divergingEpoch);
      return this.sendFetch();
    }
    const fresh = response.entries.filter((e) => e.offset >= this.log.endOffset);
    if (fresh.length > 0 && fresh[0]!.offset === this.log.endOffset) {
      this.log.appendEntries(fresh, this.io.now());
      this.log.fsync();
    }
    const hw = Math.min(response.highWatermark, this.log.endOffset);
    if (hw > this.highWatermark) {
      this.highWatermark = hw;
      this.deliverCommitted();
    }
    this.sendFetch();
  }

  /** The leader's log diverges from ours after `diverging.epoch`: cut ours back to where they agree. */
  private truncateToLeader(from: string, diverging: NonNullable<RaftFetchResponse["divergingEpoch"]>): void {
    const local = this.log.endOffsetForEpoch(diverging.epoch);
    const truncateTo = Math.min(local.endOffset, diverging.endOffset);
    this.io.trace("raft-truncate", { from: this.log.endOffset, to: truncateTo, leader: from, epoch: this.epoch, rule: `our log diverges from the leader's after epoch ${diverging.epoch} (end offset ${diverging.endOffset}): truncate and fetch again` });
    if (truncateTo < this.highWatermark) {
      // Correct Raft never gets here: a leader always holds every committed entry.
      this.io.trace("raft-committed-truncated", { highWatermark: this.highWatermark, to: truncateTo, rule: "committed metadata records are being truncated: the elected leader lacked committed entries (Raft election safety violated)" });
      this.highWatermark = truncateTo;
    }
    this.log.truncateTo(truncateTo);
  }

  /** A request failed (timeout or connection reset): a lost fetch is retried after the backoff. */
  protected requestFailed(correlationId: number, kind: string): void {
    if (kind !== "RaftFetch" || correlationId !== this.fetchInFlight) return;
    this.fetchInFlight = null;
    this.scheduleFetchRetry();
  }
}
