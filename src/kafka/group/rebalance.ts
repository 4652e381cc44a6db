/**
 * The rebalance engine of a classic group (docs/kafka-rules.md §6.1): preparing a rebalance (with
 * `group.initial.rebalance.delay.ms` for an empty group, else the longest rebalance timeout =
 * max.poll.interval.ms), completing the join phase (a new generation, the protocol vote, the
 * leader), member removal and session expiry.
 */
import { ms } from "../../sim/time.js";
import type { KafkaError } from "../protocol/errors.js";
import type { ClassicGroup, GroupMember } from "./group.js";
import type { CoordinatorHost } from "./host.js";
import { groupRecord } from "./log-records.js";
import type { JoinGroupResponse } from "./protocol.js";
import type { RebalanceWait } from "../explain/group.js";

export class Rebalancer {
  constructor(private readonly host: CoordinatorHost) {}

  /** Reply to a parked JoinGroup with an error (or nothing when none is parked). */
  joinError(member: GroupMember, error: KafkaError): void {
    if (!member.awaitingJoin) return;
    const parked = member.awaitingJoin;
    member.awaitingJoin = null;
    this.host.reply(parked.from, joinErrorResponse(parked.correlationId, member.memberId, error));
  }

  /** Start a rebalance if the state allows one (Empty, Stable, CompletingRebalance). */
  maybePrepare(group: ClassicGroup, reason: string): void {
    if (group.is("Empty") || group.is("Stable") || group.is("CompletingRebalance")) this.prepare(group, reason);
  }

  prepare(group: ClassicGroup, reason: string): void {
    const host = this.host;
    if (group.is("CompletingRebalance")) {
      // The leader's assignment for this generation will never come: waiting syncs must rejoin.
      for (const member of group.sortedMembers()) {
        member.assignment = [];
        if (member.awaitingSync) {
          const parked = member.awaitingSync;
          member.awaitingSync = null;
          host.reply(parked.from, {
            type: "SyncGroupResponse",
            correlationId: parked.correlationId,
            error: "REBALANCE_IN_PROGRESS",
            protocolName: "",
            partitions: [],
          });
        }
      }
    }
    const rebalanceTimeoutMs = group.rebalanceTimeoutMs();
    let delayMs: number;
    let wait: RebalanceWait;
    if (group.is("Empty")) {
      const initial = host.settings.initialRebalanceDelayMs;
      delayMs = Math.min(initial, rebalanceTimeoutMs);
      group.initialDelay = { remainingMs: Math.max(rebalanceTimeoutMs - initial, 0), newMemberAdded: false };
      wait = { wait: "initial-delay", initialRebalanceDelayMs: initial };
    } else if (group.members.size === 0) {
      delayMs = 0;
      group.initialDelay = null;
      wait = { wait: "last-member-left" };
    } else {
      delayMs = rebalanceTimeoutMs;
      group.initialDelay = null;
      wait = { wait: "rejoin", rebalanceTimeoutMs };
    }
    group.transition("PreparingRebalance");
    host.cancelTimer(group.joinTimer);
    group.joinTimer = host.setTimer({ kind: "join", group: group.groupId, token: group.token }, ms(delayMs));
    host.trace("group-rebalance", { group: group.groupId, phase: "preparing", generation: group.generation, reason }, wait);
    this.maybeCompleteJoin(group);
  }

  /** A normal (non-initial) join phase ends early once every member has rejoined. */
  maybeCompleteJoin(group: ClassicGroup): void {
    if (group.is("PreparingRebalance") && group.initialDelay === null && group.allMembersJoined()) this.completeJoin(group);
  }

  /** The join timer fired: extend the initial delay while new members keep arriving, else complete. */
  onJoinTimer(group: ClassicGroup): void {
    group.joinTimer = null;
    if (!group.is("PreparingRebalance")) return;
    const delay = group.initialDelay;
    if (delay && delay.newMemberAdded && delay.remainingMs > 0) {
      const initial = this.host.settings.initialRebalanceDelayMs;
      const next = Math.min(initial, delay.remainingMs);
      group.initialDelay = { remainingMs: Math.max(delay.remainingMs - initial, 0), newMemberAdded: false };
      group.joinTimer = this.host.setTimer({ kind: "join", group: group.groupId, token: group.token }, ms(next));
      return;
    }
    this.completeJoin(group);
  }

  /** End of the join phase: drop members that did not rejoin, form the next generation. */
  completeJoin(group: ClassicGroup): void {
    const host = this.host;
    host.cancelTimer(group.joinTimer);
    group.joinTimer = null;
    group.initialDelay = null;
    for (const member of group.sortedMembers()) {
      if (member.awaitingJoin !== null) continue;
      host.trace(
        "member-expired",
        { group: group.groupId, memberId: member.memberId, generation: group.generation },
        { missed: "rejoin", rebalanceTimeoutMs: member.rebalanceTimeoutMs },
      );
      this.removeMember(group, member);
    }
    group.generation++;
    if (group.members.size === 0) {
      group.protocolName = null;
      group.leader = null;
      group.transition("Empty");
      host.trace("group-rebalance", { group: group.groupId, phase: "empty", generation: group.generation });
      host.append(group, [groupRecord(group, host.now())], () => {});
      return;
    }
    group.protocolName = group.selectProtocol();
    if (group.leader === null || !group.members.has(group.leader)) group.leader = group.sortedMembers()[0]!.memberId;
    group.transition("CompletingRebalance");
    const members = group.sortedMembers();
    host.trace("group-rebalance", {
      group: group.groupId,
      phase: "completing",
      generation: group.generation,
      protocol: group.protocolName,
      leader: group.leader,
      members: members.map((m) => m.memberId),
    });
    for (const member of members) {
      const parked = member.awaitingJoin!;
      member.awaitingJoin = null;
      const isLeader = member.memberId === group.leader;
      const response: JoinGroupResponse = {
        type: "JoinGroupResponse",
        correlationId: parked.correlationId,
        error: "NONE",
        generationId: group.generation,
        protocolName: group.protocolName,
        leader: group.leader,
        memberId: member.memberId,
        members: isLeader ? members.map((m) => ({ memberId: m.memberId, metadata: group.subscriptionOf(m) })) : [],
      };
      host.reply(parked.from, response);
      this.touch(group, member);
    }
  }

  /** Remove a member (leave or expiry) and rebalance the rest. */
  removeAndRebalance(group: ClassicGroup, member: GroupMember, reason: string): void {
    this.removeMember(group, member);
    if (group.is("Stable") || group.is("CompletingRebalance")) this.prepare(group, reason);
    else if (group.is("PreparingRebalance")) this.maybeCompleteJoin(group);
  }

  /** Restart a member's session timer (heartbeat, join, sync, commit). */
  touch(group: ClassicGroup, member: GroupMember): void {
    this.host.cancelTimer(member.sessionTimer);
    member.sessionTimer = this.host.setTimer(
      { kind: "session", group: group.groupId, token: group.token, memberId: member.memberId },
      ms(member.sessionTimeoutMs),
    );
  }

  /** The session timer fired: a member parked in a join or sync is kept alive; otherwise it is expired. */
  onSessionTimer(group: ClassicGroup, memberId: string): void {
    const member = group.members.get(memberId);
    if (!member) return;
    member.sessionTimer = null;
    if (member.awaitingJoin || member.awaitingSync) return this.touch(group, member);
    this.host.trace(
      "member-expired",
      { group: group.groupId, memberId, generation: group.generation },
      { missed: "heartbeat", sessionTimeoutMs: member.sessionTimeoutMs },
    );
    this.removeAndRebalance(group, member, `member ${memberId} session expired`);
  }

  private removeMember(group: ClassicGroup, member: GroupMember): void {
    this.joinError(member, "UNKNOWN_MEMBER_ID");
    this.host.cancelTimer(member.sessionTimer);
    member.sessionTimer = null;
    group.members.delete(member.memberId);
    if (group.leader === member.memberId) group.leader = group.members.size > 0 ? group.sortedMembers()[0]!.memberId : null;
  }
}

export function joinErrorResponse(correlationId: number, memberId: string, error: KafkaError): JoinGroupResponse {
  return { type: "JoinGroupResponse", correlationId, error, generationId: -1, protocolName: "", leader: "", memberId, members: [] };
}
