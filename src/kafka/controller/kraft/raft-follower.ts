/**
 * The follower and observer side of KRaft's pull-based replication (KIP-595): one RaftFetch in
 * flight at a time to the known leader (an observer that knows none tries the voters in turn),
 * appending the entries it returns, taking its high watermark, and truncating when the leader
 * answers with a diverging epoch. Any failure waits `controller.quorum.retry.backoff.ms` before
 * fetching again.
 */
import { ms } from "../../../sim/time.js";
import type { RaftFetchRequest, RaftFetchResponse } from "../../protocol/kraft.js";
import type { RaftShared } from "./raft-core.js";
import { emit } from "../../explain/catalogue.js";

/** What the fetcher needs from the election part: a newer epoch or leader was seen. */
export interface FetcherHooks {
  observeEpoch(epoch: number, leader: string | null): void;
}

/** Fetching from the leader, for a follower or an observer (see raft-core.ts for the parts). */
export class RaftFetcher {
  /** Correlation id of the fetch in flight (null: none, or its answer is to be ignored). */
  private fetchInFlight: number | null = null;
  private discoveryIndex = 0;

  constructor(
    private readonly raft: RaftShared,
    private readonly hooks: FetcherHooks,
  ) {}

  /** A fetch to an old target is abandoned: its response will be ignored. */
  abandon(): void {
    this.fetchInFlight = null;
  }

  private fetchTarget(): string | null {
    const { quorum } = this.raft;
    if (quorum.role === "follower" && quorum.leader) return quorum.leader;
    if (this.raft.isVoter) return null;
    // Observer without a known leader: try the voters in turn; NOT_LEADER answers carry a hint.
    const others = this.raft.voters;
    return others[this.discoveryIndex++ % others.length] ?? null;
  }

  send(): void {
    const { raft } = this;
    if (this.fetchInFlight !== null && raft.requests.isInFlight(this.fetchInFlight)) return;
    const target = this.fetchTarget();
    if (target === null) return;
    const fetchOffset = raft.log.endOffset;
    this.fetchInFlight = raft.requests.send(
      target,
      "RaftFetch",
      (correlationId) =>
        ({
          type: "RaftFetch",
          correlationId,
          epoch: raft.quorum.epoch,
          replica: raft.io.name,
          fetchOffset,
          lastFetchedEpoch: raft.log.epochBefore(fetchOffset),
          maxWaitMs: raft.config.fetchMaxWaitMs,
        }) satisfies RaftFetchRequest,
      ms(raft.config.requestTimeoutMs),
    );
  }

  private scheduleRetry(): void {
    this.raft.io.setTimer(ms(this.raft.config.retryBackoffMs), { kind: "fetch-retry" });
  }

  handleResponse(from: string, response: RaftFetchResponse): void {
    const { raft } = this;
    const { quorum } = raft;
    if (!raft.requests.complete(response.correlationId) || response.correlationId !== this.fetchInFlight) return;
    this.fetchInFlight = null;
    if (response.epoch > quorum.epoch || (response.leader !== null && response.leader !== quorum.leader && response.epoch === quorum.epoch)) {
      this.hooks.observeEpoch(response.epoch, response.leader);
      return quorum.role === "follower" ? this.send() : this.scheduleRetry();
    }
    const following = quorum.follower();
    if (response.error !== "NONE" || following === null || from !== following.leader || response.epoch !== quorum.epoch) {
      return this.scheduleRetry();
    }
    raft.resetElectionTimer(raft.config.fetchTimeoutMs);
    following.hasFetchedFromLeader = true;
    if (response.divergingEpoch) {
      this.truncateToLeader(from, response.divergingEpoch);
      return this.send();
    }
    const fresh = response.entries.filter((e) => e.offset >= raft.log.endOffset);
    if (fresh.length > 0 && fresh[0]!.offset === raft.log.endOffset) {
      raft.log.appendEntries(fresh, raft.io.now());
      raft.log.fsync();
    }
    const hw = Math.min(response.highWatermark, raft.log.endOffset);
    if (hw > raft.highWatermark) {
      raft.highWatermark = hw;
      raft.deliverCommitted();
    }
    this.send();
  }

  /** The leader's log diverges from ours after `diverging.epoch`: cut ours back to where they agree. */
  private truncateToLeader(from: string, diverging: NonNullable<RaftFetchResponse["divergingEpoch"]>): void {
    const { raft } = this;
    const local = raft.log.endOffsetForEpoch(diverging.epoch);
    const truncateTo = Math.min(local.endOffset, diverging.endOffset);
    emit(
      raft.io,
      "raft-truncate",
      {
        from: raft.log.endOffset,
        to: truncateTo,
        leader: from,
        epoch: raft.quorum.epoch,
      },
      { epoch: diverging.epoch, endOffset: diverging.endOffset },
    );
    if (truncateTo < raft.highWatermark) {
      // Correct Raft never gets here: a leader always holds every committed entry.
      emit(raft.io, "raft-committed-truncated", { highWatermark: raft.highWatermark, to: truncateTo });
      raft.highWatermark = truncateTo;
    }
    raft.log.truncateTo(truncateTo);
  }

  /** A request failed (timeout or connection reset): a lost fetch is retried after the backoff. */
  requestFailed(correlationId: number, kind: string): void {
    if (kind !== "RaftFetch" || correlationId !== this.fetchInFlight) return;
    this.fetchInFlight = null;
    this.scheduleRetry();
  }
}
