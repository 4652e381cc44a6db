/** Why a fetch went as it did, on the leader's side and the follower's (KafkaApis.handleFetchRequest, FetchSessionHandler, ReplicaFetcherThread). */
import type { Entries, Fields } from "./explain.js";

/** Where a follower's fetch failed: the leader's answer, its own append, or (Kafka 0.10) the ListOffsets round. */
export type FollowerFetchFailure = "fetch" | "append" | "list-offsets";

export const fetchRules = {
  "fetch-session-error": (f: Fields) =>
    f.error === "FETCH_SESSION_ID_NOT_FOUND"
      ? "the fetch names a session this broker does not have (lost at a restart, or evicted): FETCH_SESSION_ID_NOT_FOUND, and the client starts over with a full fetch (KIP-227)"
      : "the fetch carries another epoch than the session expects: INVALID_FETCH_SESSION_EPOCH, and the client closes the session and starts over with a full fetch (KIP-227)",
  "fetch-session-created": () =>
    "a full fetch creates an incremental fetch session (KIP-227): later fetches name only the partitions whose fetch position changed, and answers carry only partitions with news",
  "fetch-completed-early": () => "a parked fetch is answered as soon as there is something new to return, not at replica.fetch.wait.max.ms / fetch.max.wait.ms",
  "list-offsets-lagging-hw": () =>
    "a new leader whose HW is still below its epoch start offset answers OFFSET_NOT_AVAILABLE so that offsets seen by clients never go backwards (KIP-207)",
  "fetch-fenced": () =>
    "the leader rejects a fetch whose current leader epoch differs from its own (KIP-320): lower → FENCED_LEADER_EPOCH, higher → UNKNOWN_LEADER_EPOCH",
  "fetch-diverging-epoch": (f: Fields) => {
    const end = f.divergingEpoch as { readonly epoch: number; readonly endOffset: number };
    return end.epoch < 0
      ? `OffsetsForLeaderEpoch v0 (before KIP-279): the leader answers that the follower's epoch ${f.lastFetchedEpoch} ends at ${end.endOffset} (the start of the first later epoch it knows), without saying which epoch it had there`
      : `the follower's log diverges: the leader's epoch ${end.epoch} ends at ${end.endOffset}, so the follower must truncate there before fetching again (truncation on fetch, KIP-320)`;
  },
  "fetch-offset-out-of-range": (f: Fields) =>
    f.lastFetchedEpoch !== undefined
      ? "the leader cannot determine where the follower's last fetched epoch ends: OFFSET_OUT_OF_RANGE"
      : "a fetch below the log start offset or beyond the LEO is OFFSET_OUT_OF_RANGE",
  "follower-fetch-session-reset": (f: Fields) =>
    `broker-${f.leader} refused the incremental fetch session (${f.error}): the follower's next fetch is a full one naming every partition, which opens a new session (KIP-227, FetchSessionHandler)`,
  "follower-offset-out-of-range": (f: Fields) =>
    `the leader answered OFFSET_OUT_OF_RANGE to a fetch at ${f.fetchOffset}: before leader epochs (Kafka 0.10, ReplicaFetcherThread.handleOffsetOutOfRange) the follower asks the leader for its log end offset (ListOffsets latest) before deciding what to truncate`,
  "follower-fetch-timeout": (f: Fields, why: { readonly fetchRequestTimeoutMs: number }) =>
    `no fetch response from broker-${f.leader} within ${why.fetchRequestTimeoutMs} ms (replica.socket.timeout.ms): disconnect and retry after replica.fetch.backoff.ms`,
  "follower-fetch-error": (f: Fields, why: FollowerFetchFailure) =>
    why === "fetch"
      ? "the leader refused the fetch; the follower backs off (replica.fetch.backoff.ms) and retries once metadata agrees"
      : why === "append"
        ? `the leader's batch starts at ${f.baseOffset}, inside this replica's log (LEO ${f.logEndOffset}): the append fails (UnexpectedAppendOffsetException) and the partition backs off`
        : "the leader could not answer the follower's ListOffsets: the follower backs off (replica.fetch.backoff.ms) and fetches again",
  "follower-reset-to-log-start": (_f: Fields, why: { readonly legacy: boolean }) =>
    why.legacy
      ? "the follower is behind the leader's log start offset: it drops its log and restarts at the leader's log start (ReplicaFetcherThread.handleOffsetOutOfRange, truncateFullyAndStartAt)"
      : "the follower is behind the leader's log start offset: it drops its log and restarts at the leader's log start",
  "replica-fetcher-exit": (f: Fields) =>
    `Exiting because log truncation is not allowed: leader broker-${f.leader}'s latest offset ${f.leaderLogEndOffset} is less than this replica's ${f.logEndOffset} and unclean.leader.election.enable=false, so Kafka 0.10 calls System.exit(1) rather than drop records (ReplicaFetcherThread.handleOffsetOutOfRange); the broker shuts down`,
} satisfies Entries;
