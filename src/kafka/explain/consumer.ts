/** Why the consumer did what it did (KafkaConsumer, ConsumerCoordinator, SubscriptionState, FetchSessionHandler). */
import type { Entries, Fields } from "./explain.js";

/** What a consumer knew when the leader's OffsetsForLeaderEpoch answer showed its position cannot stand (KIP-320). */
export interface TruncationFacts {
  /** The leader it asked, and that leader's epoch. */
  readonly leader: string | null;
  readonly leaderEpoch: number | null;
  /** The position, and the epoch of the record before it (null when unknown). */
  readonly offset: number;
  readonly offsetEpoch: number | null;
  /** Where the leader says that epoch ends; absent when the leader has no record of the epoch. */
  readonly end?: { readonly epoch: number; readonly offset: number };
}

/** The divergence in words, as SubscriptionState.maybeCompleteValidation finds it. */
function truncation(t: TruncationFacts): string {
  return t.end === undefined
    ? `the leader ${t.leader} (epoch ${t.leaderEpoch}) has no record of epoch ${t.offsetEpoch}, so offset ${t.offset} cannot be validated`
    : `the new leader ${t.leader} says epoch ${t.end.epoch} ends at offset ${t.end.offset}, below this consumer's position ${t.offset} (epoch ${t.offsetEpoch}): the log was truncated and the offsets from ${t.end.offset} on will hold other records`;
}

/** What a `consumer-error` record reports: a group request refused, or a partition the consumer cannot go on reading. */
export type ConsumerErrorCause =
  { readonly cause: "group" } | { readonly cause: "no-reset-policy" } | { readonly cause: "truncation"; readonly facts: TruncationFacts };

const facts = (f: Fields): TruncationFacts => ({
  leader: f.leader as string | null,
  leaderEpoch: f.leaderEpoch as number | null,
  offset: f.offset as number,
  offsetEpoch: f.offsetEpoch as number | null,
  end: f.divergingOffset === undefined ? undefined : { epoch: f.divergingEpoch as number, offset: f.divergingOffset as number },
});

export const consumerRules = {
  "consumer-assigned": (_f: Fields, why: { readonly eager: boolean }) =>
    why.eager
      ? "eager rebalance: the member revoked everything before rejoining and now starts on its new assignment"
      : "cooperative rebalance: the member keeps what it still owns; partitions that moved are revoked now and assigned to their new owner in a follow-up rebalance",
  "consumer-partitions-lost": () => "the member's generation is gone: its partitions are lost without a commit",
  "consumer-revoked": () => "eager protocol: every partition is revoked before rejoining",
  "consumer-coordinator-found": null,
  "consumer-coordinator-lost": () => "the client forgets its coordinator and looks it up again with FindCoordinator",
  "consumer-generation-reset": () => "the coordinator no longer knows this member in this generation: its partitions are lost and it must rejoin",
  "consumer-metadata-changed": () =>
    "the group leader's metadata refresh shows a partition count that differs from the one its assignment was made from: it rejoins so that the new partitions are assigned (ConsumerCoordinator: cached metadata has changed)",
  "consumer-error": (_f: Fields, why: ConsumerErrorCause) =>
    why.cause === "group"
      ? "the group rejected this member's request; it retries after retry.backoff.ms"
      : why.cause === "no-reset-policy"
        ? "auto.offset.reset=none: the consumer throws instead of choosing a position, so this partition is not consumed"
        : `${truncation(why.facts)}; with auto.offset.reset=none the consumer raises LogTruncationException and this partition is not consumed`,
  "consumer-fetch-session-reset": (f: Fields) =>
    `${f.node} refused the incremental fetch session (${f.error}): the consumer's next fetch to it is a full one (KIP-227, FetchSessionHandler)`,
  "consumer-offset-out-of-range": (f: Fields, why: { readonly policy: string }) =>
    `offset ${f.offset} is outside the log (below the log start offset or above its end): auto.offset.reset=${why.policy} decides where to resume`,
  "consumer-poll-timeout": (_f: Fields, why: { readonly maxPollIntervalMs: number }) =>
    `poll() was not called for max.poll.interval.ms (${why.maxPollIntervalMs} ms): the consumer sends LeaveGroup so its partitions go to others, and rejoins at its next poll`,
  "consumer-rebalance-requested": () => "the heartbeat answer REBALANCE_IN_PROGRESS asks the member to rejoin at its next poll",
  "consumer-truncation-detected": (f: Fields, why: { readonly policy: string }) => {
    const t = facts(f);
    return t.end === undefined
      ? `Truncation detected for partition ${f.topic}-${f.partition} at offset ${t.offset}, resetting offset: ${truncation(t)}; auto.offset.reset=${why.policy} decides where to resume (KIP-320)`
      : `Truncation detected for partition ${f.topic}-${f.partition} at offset ${t.offset}, resetting offset to the first offset known to diverge ${t.end.offset}: ${truncation(t)} (KIP-320, SubscriptionState.maybeCompleteValidation)`;
  },
} satisfies Entries;
