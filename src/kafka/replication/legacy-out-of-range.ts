/**
 * A follower whose fetch the leader answered OFFSET_OUT_OF_RANGE, before leader epochs: Kafka 0.10's
 * ReplicaFetcherThread.handleOffsetOutOfRange (tag 0.10.2.0). The follower asks the leader for its
 * log end offset (ListOffsets latest, `earliestOrLatestOffset`) and
 * - if the leader's log end offset is below the follower's own, and the topic's
 *   `unclean.leader.election.enable` is false: "Exiting because log truncation is not allowed",
 *   `System.exit(1)` — the broker exits (its shutdown hook runs KafkaServer.shutdown: controlled
 *   shutdown, then stop);
 * - if it is below and unclean election is allowed: the follower truncates to the leader's log end
 *   offset and fetches from there. Everything below it stays, even where it differs from the
 *   leader's records ("There is a potential for a mismatch between the logs of the two replicas
 *   here. We don't fix this mismatch as of now.");
 * - otherwise the follower fetches from max(leader's log start offset, its own log end offset),
 *   dropping its whole log first when the leader's log start is beyond it (truncateFullyAndStartAt).
 * Kafka sends the two ListOffsets one after the other; the model asks both in one request.
 */
import type { ListOffsetsRequest, ListOffsetsResponse } from "../protocol/fetch.js";
import type { ReplicationContext } from "./context.js";
import type { Partition } from "./partition.js";

/** What the follower asked for one partition, and its state when it asked. */
export interface AskedOffsets {
  topic: string;
  partition: number;
  leaderEpoch: number;
  logEndOffset: number;
}

/** One ListOffsets for the partitions: latest (-1) then earliest (-2) for each, in this order. */
export function listOffsetsRequest(
  correlationId: number,
  replicaId: number,
  partitions: readonly Partition[],
): { request: ListOffsetsRequest; asked: AskedOffsets[] } {
  const asked = partitions.map((p) => ({ topic: p.topic, partition: p.partition, leaderEpoch: p.leaderEpoch, logEndOffset: p.log.logEndOffset }));
  const request: ListOffsetsRequest = {
    type: "ListOffsets",
    correlationId,
    replicaId,
    partitions: asked.flatMap((a) => [
      { topic: a.topic, partition: a.partition, currentLeaderEpoch: -1, timestamp: -1 as const },
      { topic: a.topic, partition: a.partition, currentLeaderEpoch: -1, timestamp: -2 as const },
    ]),
  };
  return { request, asked };
}

/**
 * Apply the leader's answer. "exit": the broker must exit (the fetcher stops); "error": the lookup
 * failed for some partition (back off, as Kafka does for partitionsWithError); "ok": fetch again.
 */
export function applyLeaderOffsets(
  rc: ReplicationContext,
  leaderId: number,
  asked: readonly AskedOffsets[],
  response: ListOffsetsResponse,
): "ok" | "error" | "exit" {
  let outcome: "ok" | "error" = "ok";
  for (const [i, a] of asked.entries()) {
    const latest = response.partitions[2 * i];
    const earliest = response.partitions[2 * i + 1];
    const p = rc.partition(a.topic, a.partition);
    // Stale: leadership or the log moved while the request was out.
    if (!p || p.role !== "follower" || p.leaderId !== leaderId || p.leaderEpoch !== a.leaderEpoch || p.log.logEndOffset !== a.logEndOffset) continue;
    if (!latest || !earliest || latest.error !== "NONE" || earliest.error !== "NONE") {
      rc.trace("follower-fetch-error", p, { leader: leaderId, error: latest?.error !== "NONE" ? latest?.error : earliest?.error }, "list-offsets");
      outcome = "error";
      continue;
    }
    const own = p.log.logEndOffset;
    const leaderEnd = latest.offset;
    if (leaderEnd < own) {
      const unclean = rc.logSettings(p.topic).uncleanLeaderElectionEnable;
      if (!unclean) {
        rc.trace("replica-fetcher-exit", p, {
          leader: leaderId,
          leaderLogEndOffset: leaderEnd,
          logEndOffset: own,
        });
        return "exit";
      }
      rc.truncate(p, leaderEnd, "truncate-to-leader-end-offset", { kind: "truncate-to-leader-end-offset", leaderEndOffset: leaderEnd, logEndOffset: own });
      continue;
    }
    const leaderStart = earliest.offset;
    if (leaderStart > own) {
      rc.trace(
        "follower-reset-to-log-start",
        p,
        {
          fetchOffset: own,
          leaderLogStartOffset: leaderStart,
        },
        { legacy: true },
      );
      p.log.truncateFullyAndStartAt(leaderStart, rc.services.ctx.now());
      p.producers.rebuild([]);
      rc.services.observer.truncated?.(rc.services.brokerId, p.topic, p.partition, leaderStart, "log-start-reset");
      rc.replicaChanged(p);
    }
    // Otherwise the leader has grown past this replica since it answered OFFSET_OUT_OF_RANGE:
    // fetch again from the own log end offset.
  }
  return outcome;
}
