/**
 * JoinGroup, SyncGroup, Heartbeat and LeaveGroup of the classic protocol, as the coordinator
 * answers them in each group state (docs/kafka-rules.md §6.1; GroupCoordinator handleJoinGroup,
 * handleSyncGroup, handleHeartbeat, handleLeaveGroup).
 */
import { ms } from "../../sim/time.js";
import type { KafkaError } from "../protocol/errors.js";
import type { TopicPartition } from "../protocol/records.js";
import type { ClassicGroup, GroupMember } from "./group.js";
import { groupAppendError, type CoordinatorHost } from "./host.js";
import { groupRecord } from "./log-records.js";
import type { HeartbeatRequest, JoinGroupRequest, LeaveGroupRequest, SyncGroupRequest, SyncGroupResponse } from "./protocol.js";
import { joinErrorResponse, Rebalancer } from "./rebalance.js";

export class Membership {
  readonly rebalancer: Rebalancer;

  constructor(private readonly host: CoordinatorHost) {
    this.rebalancer = new Rebalancer(host);
  }

  join(from: string, req: JoinGroupRequest, group: ClassicGroup): void {
    const host = this.host;
    const fail = (error: KafkaError, memberId = req.memberId) => host.reply(from, joinErrorResponse(req.correlationId, memberId, error));
    const { minSessionTimeoutMs: min, maxSessionTimeoutMs: max } = host.settings;
    if (req.sessionTimeoutMs < min || req.sessionTimeoutMs > max) return fail("INVALID_SESSION_TIMEOUT");
    if (group.is("Dead")) return fail("COORDINATOR_NOT_AVAILABLE");
    if (!group.supportsProtocols(req.protocols.map((p) => p.name))) return fail("INCONSISTENT_GROUP_PROTOCOL");
    if (req.memberId === "") {
      const memberId = host.newMemberId(req.clientId);
      group.pending.set(memberId, host.setTimer({ kind: "pending", group: group.groupId, token: group.token, memberId }, ms(req.sessionTimeoutMs)));
      host.trace("member-id-required", {
        group: group.groupId,
        memberId,
      });
      return fail("MEMBER_ID_REQUIRED", memberId);
    }
    if (group.pending.has(req.memberId)) {
      host.cancelTimer(group.pending.get(req.memberId)!);
      group.pending.delete(req.memberId);
      return this.addMemberAndRebalance(from, req, group);
    }
    const member = group.members.get(req.memberId);
    if (!member) return fail("UNKNOWN_MEMBER_ID");
    const same = sameProtocols(member, req);
    if (group.is("CompletingRebalance") && same) {
      // The member lost our JoinGroup response: answer again with the current generation.
      member.node = from;
      const members = group.sortedMembers();
      const isLeader = member.memberId === group.leader;
      return host.reply(from, {
        type: "JoinGroupResponse",
        correlationId: req.correlationId,
        error: "NONE",
        generationId: group.generation,
        protocolName: group.protocolName ?? "",
        leader: group.leader ?? "",
        memberId: member.memberId,
        members: isLeader ? members.map((m) => ({ memberId: m.memberId, metadata: group.subscriptionOf(m) })) : [],
      });
    }
    if (group.is("Stable") && same && member.memberId !== group.leader) {
      member.node = from;
      return host.reply(from, {
        type: "JoinGroupResponse",
        correlationId: req.correlationId,
        error: "NONE",
        generationId: group.generation,
        protocolName: group.protocolName ?? "",
        leader: group.leader ?? "",
        memberId: member.memberId,
        members: [],
      });
    }
    // PreparingRebalance, changed metadata, or the leader rejoining: (re)park and rebalance.
    this.rebalancer.joinError(member, "REBALANCE_IN_PROGRESS"); // a duplicate parked join is superseded
    updateMember(member, from, req);
    member.awaitingJoin = { from, correlationId: req.correlationId };
    this.rebalancer.touch(group, member);
    if (group.is("PreparingRebalance")) this.rebalancer.maybeCompleteJoin(group);
    else this.rebalancer.prepare(group, `member ${member.memberId} rejoined${same ? " (leader)" : " with new metadata"}`);
  }

  sync(from: string, req: SyncGroupRequest, group: ClassicGroup): void {
    const host = this.host;
    const fail = (error: KafkaError) =>
      host.reply(from, { type: "SyncGroupResponse", correlationId: req.correlationId, error, protocolName: "", partitions: [] } satisfies SyncGroupResponse);
    if (group.is("Dead")) return fail("COORDINATOR_NOT_AVAILABLE");
    const member = group.members.get(req.memberId);
    if (!member) return fail("UNKNOWN_MEMBER_ID");
    if (req.generationId !== group.generation) return fail("ILLEGAL_GENERATION");
    if (group.is("Empty")) return fail("UNKNOWN_MEMBER_ID");
    if (group.is("PreparingRebalance")) return fail("REBALANCE_IN_PROGRESS");
    member.node = from;
    if (group.is("Stable")) {
      this.rebalancer.touch(group, member);
      return host.reply(from, {
        type: "SyncGroupResponse",
        correlationId: req.correlationId,
        error: "NONE",
        protocolName: group.protocolName ?? "",
        partitions: member.assignment,
      });
    }
    // CompletingRebalance: park; the leader's SyncGroup carries the assignment to store.
    member.awaitingSync = { from, correlationId: req.correlationId };
    this.rebalancer.touch(group, member);
    if (member.memberId !== group.leader) return;
    const proposed = new Map<string, TopicPartition[]>();
    for (const m of group.sortedMembers()) proposed.set(m.memberId, []);
    for (const a of req.assignments)
      if (proposed.has(a.memberId))
        proposed.set(
          a.memberId,
          a.partitions.map((tp) => ({ ...tp })),
        );
    const generation = group.generation;
    host.append(group, [groupRecord(group, host.now(), proposed)], (appendError) => {
      if (!host.isCurrent(group) || !group.is("CompletingRebalance") || group.generation !== generation) return;
      const error = groupAppendError(appendError);
      if (error !== "NONE") {
        this.propagate(group, error);
        this.rebalancer.maybePrepare(group, `storing the assignment of generation ${generation} failed with ${appendError}`);
        return;
      }
      for (const m of group.members.values()) m.assignment = proposed.get(m.memberId) ?? [];
      this.propagate(group, "NONE");
      group.transition("Stable");
      const assignment: Record<string, TopicPartition[]> = {};
      for (const m of group.sortedMembers()) assignment[m.memberId] = m.assignment;
      host.services.observer.groupAssignment?.(group.groupId, generation, assignment, group.protocolName ?? "");
      host.trace("group-stable", {
        group: group.groupId,
        generation,
        protocol: group.protocolName,
        assignment: describe(assignment),
      });
    });
  }

  heartbeat(from: string, req: HeartbeatRequest, group: ClassicGroup): void {
    const reply = (error: KafkaError) => this.host.reply(from, { type: "HeartbeatResponse", correlationId: req.correlationId, error });
    if (group.is("Dead")) return reply("COORDINATOR_NOT_AVAILABLE");
    const member = group.members.get(req.memberId);
    if (!member) return reply("UNKNOWN_MEMBER_ID");
    if (req.generationId !== group.generation) return reply("ILLEGAL_GENERATION");
    if (group.is("Empty")) return reply("UNKNOWN_MEMBER_ID");
    member.node = from;
    this.rebalancer.touch(group, member);
    reply(group.is("Stable") ? "NONE" : "REBALANCE_IN_PROGRESS");
  }

  leave(from: string, req: LeaveGroupRequest, group: ClassicGroup): void {
    const reply = (error: KafkaError) => this.host.reply(from, { type: "LeaveGroupResponse", correlationId: req.correlationId, error });
    if (group.is("Dead")) return reply("COORDINATOR_NOT_AVAILABLE");
    if (group.pending.has(req.memberId)) {
      this.host.cancelTimer(group.pending.get(req.memberId)!);
      group.pending.delete(req.memberId);
      this.rebalancer.maybeCompleteJoin(group);
      return reply("NONE");
    }
    const member = group.members.get(req.memberId);
    if (!member) return reply("UNKNOWN_MEMBER_ID");
    this.host.trace("member-left", {
      group: group.groupId,
      memberId: req.memberId,
      generation: group.generation,
      reason: req.reason,
    });
    this.rebalancer.removeAndRebalance(group, member, `member ${req.memberId} left: ${req.reason}`);
    reply("NONE");
  }

  /** A pending member id (KIP-394) that never came back within its session timeout. */
  onPendingTimer(group: ClassicGroup, memberId: string): void {
    if (!group.pending.delete(memberId)) return;
    this.rebalancer.maybeCompleteJoin(group);
  }

  private addMemberAndRebalance(from: string, req: JoinGroupRequest, group: ClassicGroup): void {
    const member: GroupMember = {
      memberId: req.memberId,
      clientId: req.clientId,
      node: from,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      assignment: [],
      awaitingJoin: { from, correlationId: req.correlationId },
      awaitingSync: null,
      sessionTimer: null,
    };
    group.members.set(member.memberId, member);
    if (group.leader === null) group.leader = member.memberId;
    if (group.initialDelay) group.initialDelay.newMemberAdded = true;
    this.rebalancer.touch(group, member);
    this.host.trace("member-joined", {
      group: group.groupId,
      memberId: member.memberId,
      generation: group.generation,
    });
    if (group.is("PreparingRebalance")) this.rebalancer.maybeCompleteJoin(group);
    else this.rebalancer.prepare(group, `member ${member.memberId} joined`);
  }

  private propagate(group: ClassicGroup, error: KafkaError): void {
    for (const member of group.sortedMembers()) {
      if (!member.awaitingSync) continue;
      const parked = member.awaitingSync;
      member.awaitingSync = null;
      this.host.reply(parked.from, {
        type: "SyncGroupResponse",
        correlationId: parked.correlationId,
        error,
        protocolName: group.protocolName ?? "",
        partitions: error === "NONE" ? member.assignment : [],
      } satisfies SyncGroupResponse);
    }
  }
}

function sameProtocols(member: GroupMember, req: JoinGroupRequest): boolean {
  return JSON.stringify(member.protocols) === JSON.stringify(req.protocols);
}

function updateMember(member: GroupMember, from: string, req: JoinGroupRequest): void {
  member.node = from;
  member.protocols = req.protocols;
  member.sessionTimeoutMs = req.sessionTimeoutMs;
  member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
}

function describe(assignment: Record<string, TopicPartition[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [member, tps] of Object.entries(assignment)) out[member] = tps.map((tp) => `${tp.topic}-${tp.partition}`);
  return out;
}
