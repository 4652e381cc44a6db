/** Why the group coordinator did what it did (GroupCoordinator, ClassicGroup, GroupMetadataManager). */
import { OFFSETS_TOPIC } from "../group/partition-for.js";
import type { Entries, Fields } from "./explain.js";

/** Why a rebalance starts (the `preparing` phase): how long the coordinator waits for members to join. */
export type RebalanceWait =
  | { readonly wait: "initial-delay"; readonly initialRebalanceDelayMs: number }
  | { readonly wait: "last-member-left" }
  | { readonly wait: "rejoin"; readonly rebalanceTimeoutMs: number };

function rebalance(f: Fields, why: RebalanceWait | undefined): string | undefined {
  if (f.phase === "empty") return "no member rejoined, so the group is empty (offsets are kept)";
  if (f.phase === "completing")
    return `all members rejoined: generation ${f.generation} uses ${f.protocol} (every member's first common choice); the leader ${f.leader} computes the assignment and sends it in SyncGroup`;
  switch (why?.wait) {
    case "initial-delay":
      return `the group was empty, so the coordinator waits group.initial.rebalance.delay.ms (${why.initialRebalanceDelayMs} ms) for more members before forming generation ${(f.generation as number) + 1}`;
    case "last-member-left":
      return "the last member left: the group becomes empty (its committed offsets are kept)";
    case "rejoin":
      return `every member must rejoin within the rebalance timeout (max.poll.interval.ms = ${why.rebalanceTimeoutMs} ms); members that do not are removed`;
    default:
      return undefined;
  }
}

/** Why a member is gone without leaving: it missed the rejoin, or its heartbeats stopped. */
export type MemberExpiry =
  { readonly missed: "rejoin"; readonly rebalanceTimeoutMs: number } | { readonly missed: "heartbeat"; readonly sessionTimeoutMs: number };

export const groupRules = {
  "coordinator-loaded": (f: Fields) =>
    `broker-${f.broker} now leads ${OFFSETS_TOPIC}-${f.partition}, so it coordinates the groups stored there: it replayed their committed offsets and last generation from its log`,
  "coordinator-unloaded": (f: Fields) =>
    `broker-${f.broker} no longer leads ${OFFSETS_TOPIC}-${f.partition}: its groups are unloaded and their requests get NOT_COORDINATOR`,
  "group-rebalance": (f: Fields, why?: RebalanceWait) => rebalance(f, why),
  "group-stable": (f: Fields) =>
    `the leader's assignment for generation ${f.generation} was written to __consumer_offsets and sent to every member in its SyncGroup response`,
  "member-expired": (f: Fields, why: MemberExpiry) =>
    why.missed === "rejoin"
      ? `${f.memberId} did not rejoin within the rebalance timeout (max.poll.interval.ms = ${why.rebalanceTimeoutMs} ms)`
      : `no heartbeat from ${f.memberId} for session.timeout.ms (${why.sessionTimeoutMs} ms): the coordinator removes it and rebalances`,
  "member-id-required": () => "KIP-394: a new member first receives its member id with MEMBER_ID_REQUIRED and must send JoinGroup again with it",
  "member-joined": () => "a new member joined, so the group must rebalance to give it partitions",
  "member-left": () => "a member that leaves (LeaveGroup) is removed at once and the rest rebalance",
  "offset-commit-rejected": (f: Fields) => {
    switch (f.error) {
      case "UNKNOWN_MEMBER_ID":
        return `${f.memberId || "a consumer without a member id"} is not a member of ${f.group} (removed after its session expired or it left), so its commit is rejected`;
      case "ILLEGAL_GENERATION":
        return `the commit carries generation ${f.generation} but ${f.group} is in generation ${f.groupGeneration}: a stale member may not commit`;
      case "REBALANCE_IN_PROGRESS":
        return `${f.group} is waiting for the leader's assignment (CompletingRebalance): commits must wait for the new generation`;
      default:
        return `the group is ${f.state}`;
    }
  },
} satisfies Entries;
