/**
 * The group coordinator, a broker component (docs/kafka-rules.md §6.1). A broker coordinates the
 * groups whose `__consumer_offsets` partition it leads: on becoming leader it loads offsets and
 * group metadata from its log; on losing leadership it unloads them and answers NOT_COORDINATOR.
 * Commits and group metadata are records appended with acks=all, so they survive a coordinator
 * change exactly as well as that partition's replication does. Any broker answers FindCoordinator
 * from its metadata cache.
 */
import type { Message, Timer } from "../../sim/actor.js";
import { dispatch, fireTimer, handledTypes, type HandlerTable, type TimerTable } from "../../sim/handlers.js";
import type { EventId } from "../../sim/scheduler.js";
import type { BrokerComponent, BrokerServices, GroupCoordinatorApi } from "../broker/services.js";
import type { KafkaError } from "../protocol/errors.js";
import type { CoordinatorHost, CoordinatorSettings, CoordinatorTimer } from "./host.js";
import { replayGroups } from "./log-records.js";
import { Membership } from "./membership.js";
import { OffsetManager } from "./offsets.js";
import { OFFSETS_TOPIC, partitionForGroup } from "./partition-for.js";
import { type FindCoordinatorRequest, type FindCoordinatorResponse, type GroupResponse } from "./protocol.js";
import { groupErrorResponse, type GroupRequest } from "./responses.js";
import { ClassicGroup } from "./group.js";
import { readCoordinatorSettings } from "./settings.js";
import type { KafkaRecord } from "../protocol/records.js";
import type { TraceType } from "../trace-events.js";
import { withRule, type WhyArgs } from "../explain/catalogue.js";
import type { TraceEvents } from "../../sim/trace.js";

/** Build the coordinator component of one broker. */
export function createGroupCoordinator(services: BrokerServices): BrokerComponent & GroupCoordinatorApi {
  return new GroupCoordinator(services);
}

class GroupCoordinator implements BrokerComponent, GroupCoordinatorApi, CoordinatorHost {
  readonly name = "group-coordinator";
  private readonly handlers: HandlerTable<FindCoordinatorRequest | GroupRequest> = {
    FindCoordinator: (from, m) => this.findCoordinator(from, m),
    JoinGroup: (from, m) => this.onGroupRequest(from, m),
    SyncGroup: (from, m) => this.onGroupRequest(from, m),
    Heartbeat: (from, m) => this.onGroupRequest(from, m),
    LeaveGroup: (from, m) => this.onGroupRequest(from, m),
    OffsetCommit: (from, m) => this.onGroupRequest(from, m),
    OffsetFetch: (from, m) => this.onGroupRequest(from, m),
  };
  readonly handles = handledTypes(this.handlers);
  private readonly timers: TimerTable<CoordinatorTimer> = {
    session: (t) => this.ifCurrent(t, (group) => this.membership.rebalancer.onSessionTimer(group, t.memberId)),
    pending: (t) => this.ifCurrent(t, (group) => this.membership.onPendingTimer(group, t.memberId)),
    join: (t) => this.ifCurrent(t, (group) => this.membership.rebalancer.onJoinTimer(group)),
  };
  readonly settings: CoordinatorSettings;
  private readonly groups = new Map<string, ClassicGroup>();
  /** `__consumer_offsets` partitions whose groups are loaded here. */
  private readonly loaded = new Set<number>();
  private readonly membership: Membership;
  private readonly offsets: OffsetManager;
  private readonly random;
  private nextMember = 0;
  /** Identity tags of this coordinator's in-memory groups (see ClassicGroup.token). */
  private nextGroupToken = 1;

  constructor(readonly services: BrokerServices) {
    this.settings = readCoordinatorSettings(services.config);
    this.membership = new Membership(this);
    this.offsets = new OffsetManager(this, this.membership.rebalancer);
    this.random = services.ctx.random.fork("group-coordinator");
  }

  start(): void {
    const replicas = this.services.replicaManager();
    replicas.onLeadershipChange((topic, partition, isLeader, leaderEpoch) => {
      if (topic !== OFFSETS_TOPIC) return;
      if (isLeader) this.load(partition, leaderEpoch);
      else this.unload(partition, leaderEpoch);
    });
    for (let p = 0; p < this.settings.offsetsPartitions; p++) if (replicas.isLeader(OFFSETS_TOPIC, p)) this.load(p, -1);
  }

  isCoordinatorFor(group: string): boolean {
    const partition = partitionForGroup(group, this.settings.offsetsPartitions);
    return this.loaded.has(partition) && this.services.replicaManager().isLeader(OFFSETS_TOPIC, partition);
  }

  onMessage(from: string, message: Message): void {
    dispatch(this.handlers, from, message);
  }

  private onGroupRequest(from: string, request: GroupRequest): void {
    if (!this.isCoordinatorFor(request.groupId)) return this.reply(from, groupErrorResponse(request, "NOT_COORDINATOR"));
    let group = this.groups.get(request.groupId);
    switch (request.type) {
      case "OffsetFetch":
        return this.offsets.fetch(from, request, group);
      case "OffsetCommit":
        if (!group) {
          if (request.generationId >= 0 && !this.services.cluster.bugs.has("coordinator-forgets-generations")) {
            return this.reply(from, groupErrorResponse(request, "ILLEGAL_GENERATION"));
          }
          group = this.createGroup(request.groupId);
        }
        return this.offsets.commit(from, request, group);
      case "JoinGroup":
        if (!group) {
          if (request.memberId !== "") return this.reply(from, groupErrorResponse(request, "UNKNOWN_MEMBER_ID"));
          group = this.createGroup(request.groupId);
        }
        return this.membership.join(from, request, group);
      case "SyncGroup":
      case "Heartbeat":
      case "LeaveGroup":
        if (!group) return this.reply(from, groupErrorResponse(request, "UNKNOWN_MEMBER_ID"));
        if (request.type === "SyncGroup") return this.membership.sync(from, request, group);
        if (request.type === "Heartbeat") return this.membership.heartbeat(from, request, group);
        return this.membership.leave(from, request, group);
    }
  }

  onTimer(timer: Timer): void {
    fireTimer(this.timers, timer);
  }

  /** A group timer acts only on the group object it was set for (still loaded, not replaced since). */
  private ifCurrent(timer: CoordinatorTimer, act: (group: ClassicGroup) => void): void {
    const group = this.groups.get(timer.group);
    if (group && group.token === timer.token) act(group);
  }

  // ---- CoordinatorHost ------------------------------------------------------------------------

  now(): number {
    return this.services.ctx.now();
  }

  reply(to: string, message: GroupResponse): void {
    this.services.ctx.send(to, message);
  }

  setTimer(payload: CoordinatorTimer, delayUs: number): EventId {
    return this.services.setTimer(this.name, payload, delayUs);
  }

  cancelTimer(id: EventId | null): void {
    if (id !== null) this.services.ctx.cancelTimer(id);
  }

  trace<T extends TraceType>(type: T, fields: Omit<TraceEvents[T], "broker">, ...why: WhyArgs<T>): void {
    this.services.ctx.trace(type, withRule(type, { broker: this.services.brokerId, ...fields }, ...why));
  }

  append(group: ClassicGroup, records: KafkaRecord[], done: (error: KafkaError) => void): void {
    this.services.replicaManager().appendAsLeader(OFFSETS_TOPIC, group.offsetsPartition, records, this.settings.commitTimeoutMs, (error) => done(error));
  }

  isCurrent(group: ClassicGroup): boolean {
    return this.groups.get(group.groupId) === group;
  }

  newMemberId(clientId: string): string {
    let hex = "";
    for (let i = 0; i < 8; i++) hex += this.random.int(16).toString(16);
    return `${clientId}-${hex}${(this.nextMember++).toString(16).padStart(4, "0")}`;
  }

  // ---- loading ----------------------------------------------------------------------------------

  private createGroup(groupId: string): ClassicGroup {
    const group = new ClassicGroup(groupId, partitionForGroup(groupId, this.settings.offsetsPartitions), this.nextGroupToken++);
    this.groups.set(groupId, group);
    return group;
  }

  private load(partition: number, leaderEpoch: number): void {
    if (this.loaded.has(partition)) this.unload(partition, leaderEpoch);
    const replicas = this.services.replicaManager();
    const local = replicas.localLog(OFFSETS_TOPIC, partition);
    // Like Kafka's coordinator loader, replay the local log to its end (the leader never truncates it).
    const batches = local ? local.batches : replicas.readCommitted(OFFSETS_TOPIC, partition, 0);
    const groups = replayGroups(batches, partition, () => this.nextGroupToken++);
    this.loaded.add(partition);
    let offsets = 0;
    for (const id of [...groups.keys()].sort()) {
      const group = groups.get(id)!;
      this.groups.set(id, group);
      offsets += group.offsets.size;
      for (const member of group.sortedMembers()) this.membership.rebalancer.touch(group, member);
    }
    this.trace("coordinator-loaded", {
      partition,
      leaderEpoch,
      groups: [...groups.keys()].sort(),
      offsets,
    });
  }

  private unload(partition: number, leaderEpoch: number): void {
    if (!this.loaded.delete(partition)) return;
    const unloaded: string[] = [];
    for (const id of [...this.groups.keys()].sort()) {
      const group = this.groups.get(id)!;
      if (group.offsetsPartition !== partition) continue;
      unloaded.push(id);
      for (const member of group.sortedMembers()) {
        this.membership.rebalancer.joinError(member, "NOT_COORDINATOR");
        if (member.awaitingSync) {
          this.reply(member.awaitingSync.from, {
            type: "SyncGroupResponse",
            correlationId: member.awaitingSync.correlationId,
            error: "NOT_COORDINATOR",
            protocolName: "",
            partitions: [],
          });
          member.awaitingSync = null;
        }
        this.cancelTimer(member.sessionTimer);
      }
      for (const timer of group.pending.values()) this.cancelTimer(timer);
      this.cancelTimer(group.joinTimer);
      group.state = "Dead";
      this.groups.delete(id);
    }
    this.trace("coordinator-unloaded", {
      partition,
      leaderEpoch,
      groups: unloaded,
    });
  }

  private findCoordinator(from: string, req: FindCoordinatorRequest): void {
    const partition = partitionForGroup(req.key, this.settings.offsetsPartitions);
    const state = this.services.metadata.partition(OFFSETS_TOPIC, partition);
    const response: FindCoordinatorResponse = {
      type: "FindCoordinatorResponse",
      correlationId: req.correlationId,
      error: "COORDINATOR_NOT_AVAILABLE",
      nodeId: -1,
      node: "",
    };
    if (state && state.leader >= 0) {
      const broker = this.services.metadata.brokers.get(state.leader);
      response.error = "NONE";
      response.nodeId = state.leader;
      response.node = broker?.node ?? `broker-${state.leader}`;
    }
    this.reply(from, response);
  }
}
