/**
 * The consumer's group membership (docs/kafka-rules.md §6.1; AbstractCoordinator and
 * ConsumerCoordinator of the Java client, classic protocol): coordinator discovery, JoinGroup
 * (a new member first gets MEMBER_ID_REQUIRED, KIP-394), the leader's assignment, SyncGroup, and the
 * error handling that sends a member back to rejoin. Heartbeats, commits and LeaveGroup are in
 * {@link GroupSession} (group-session.ts), which extends this class.
 *
 * Member states (client side): UNJOINED → PREPARING_REBALANCE (JoinGroup in flight) →
 * COMPLETING_REBALANCE (SyncGroup in flight) → STABLE; any error → UNJOINED. The moves are
 * enforced by {@link MemberStateMachine} (member-state.ts). Beside the state, as in Kafka's
 * AbstractCoordinator, live what is not a state: whether a rejoin is due (`rejoinNeeded`), whether
 * onJoinPrepare must run or runs (`needsJoinPrepare`, `preparing`), the requests in flight
 * (JoinGroup, FindCoordinator) and whether the consumer was closed.
 */
import type { ActorContext } from "../../sim/actor.js";
import { ms } from "../../sim/time.js";
import { assignorByKafkaName, type Assignor } from "../assignors/index.js";
import type { KafkaError } from "../protocol/errors.js";
import type { TopicPartition } from "../protocol/records.js";
import type { JoinGroupResponse, SyncGroupResponse } from "../group/protocol.js";
import type { ConsumerMetadata } from "./client-metadata.js";
import type { ConsumerIdentity } from "./identity.js";
import { MemberStateMachine, type MemberState } from "./member-state.js";
import type { NetworkClient, Timers } from "./network-client.js";
import type { ConsumerSettings } from "./settings.js";
import { emit } from "../explain/catalogue.js";

export type { MemberState } from "./member-state.js";

/** What the membership asks of the consumer around a rebalance. */
export interface GroupHooks {
  /**
   * Before a JoinGroup, once per rebalance (ConsumerCoordinator.onJoinPrepare): commit in auto mode
   * and revoke (eager), or drop lost partitions when the generation was reset. Call `done` when ready.
   */
  onJoinPrepare(generationValid: boolean, done: () => void): void;
  /** SyncGroup returned this member's assignment for `generation`. */
  onJoinComplete(assignment: TopicPartition[], generation: number): void;
  /** Something changed that a waiting poll may care about. */
  wake(): void;
  /** When the application last called poll(). */
  lastPollUs(): number;
}

export class GroupClient {
  private readonly member: MemberStateMachine;
  memberId = "";
  generation = -1;
  protocolName: string | null = null;
  coordinator: string | null = null;
  rejoinNeeded = true;
  closed = false;
  /** eager unless every configured assignor supports cooperative (ConsumerCoordinator picks the common protocol). */
  readonly rebalanceProtocol: "eager" | "cooperative";
  readonly assignors: Assignor[];
  protected coordinatorEpoch = 0;
  protected lastHeartbeatOkUs = 0;
  private needsJoinPrepare = true;
  private preparing = false;
  private joinInFlight = false;
  private findInFlight = false;
  private backoffUntilUs = 0;
  private pendingLeaderJoin: JoinGroupResponse | null = null;
  /**
   * The leader's partition counts of the subscribed topics when it computed the assignment
   * (ConsumerCoordinator.assignmentSnapshot; null on other members). Only the leader watches for
   * partition-count changes: when a metadata refresh shows another count, it rejoins.
   */
  private assignmentSnapshot: Record<string, number> | null = null;

  constructor(
    protected readonly ctx: ActorContext,
    protected readonly network: NetworkClient,
    protected readonly timers: Timers,
    protected readonly metadata: ConsumerMetadata,
    protected readonly settings: ConsumerSettings,
    protected readonly identity: ConsumerIdentity,
    protected readonly topics: readonly string[],
    protected readonly hooks: GroupHooks,
  ) {
    this.member = new MemberStateMachine(identity.name, () => this.generation);
    this.assignors = settings.assignmentStrategies.map((n) => {
      const assignor = assignorByKafkaName(n);
      if (!assignor) throw new Error(`partition.assignment.strategy: unknown assignor ${n}`);
      return assignor;
    });
    this.rebalanceProtocol = this.assignors.every((a) => a.protocol === "cooperative") ? "cooperative" : "eager";
    metadata.onUpdate(() => {
      const pending = this.pendingLeaderJoin;
      if (pending && pending.generationId === this.generation && this.state === "COMPLETING_REBALANCE") this.performAssignment(pending);
      this.checkAssignmentSnapshot();
    });
  }

  get state(): MemberState {
    return this.member.state;
  }

  /**
   * ConsumerCoordinator.poll inside the application's poll(): drive the membership toward STABLE.
   * - `coordinator-unknown`: FindCoordinator is under way; Kafka's poll blocks in
   *   ensureCoordinatorReady until the coordinator is found or the poll's timeout ends;
   * - `rebalancing`: onJoinPrepare, JoinGroup or SyncGroup is under way (or backing off): the
   *   rejoin does not block (ensureActiveGroup with a zero timer) and the consumer keeps fetching
   *   the partitions it owns (ClassicKafkaConsumer.poll);
   * - `active`: stable in its generation with no rejoin due: positions may be updated and
   *   offsets auto-committed.
   */
  ensureActive(): "coordinator-unknown" | "rebalancing" | "active" {
    if (this.closed) return "coordinator-unknown";
    if (this.coordinator === null) {
      this.lookupCoordinator();
      return "coordinator-unknown";
    }
    if (this.state === "STABLE" && !this.rejoinNeeded) return "active";
    if (this.joinInFlight || this.preparing || this.state === "COMPLETING_REBALANCE") return "rebalancing";
    if (this.ctx.now() < this.backoffUntilUs) return "rebalancing";
    if (this.needsJoinPrepare) {
      this.needsJoinPrepare = false;
      this.preparing = true;
      this.hooks.onJoinPrepare(this.state === "STABLE" && this.generation >= 0, () => {
        this.preparing = false;
        this.hooks.wake();
      });
      return "rebalancing";
    }
    this.sendJoin();
    return "rebalancing";
  }

  /** Kafka's requestRejoin: the next poll rejoins (after onJoinPrepare). */
  requestRejoin(): void {
    this.rejoinNeeded = true;
  }

  protected lookupCoordinator(): void {
    if (this.findInFlight || this.closed || this.ctx.now() < this.backoffUntilUs) return;
    this.findInFlight = true;
    this.network.send(
      this.leastLoadedBroker(),
      (correlationId) => ({ type: "FindCoordinator", correlationId, key: this.identity.group }),
      (response) => {
        this.findInFlight = false;
        if (response.error === "NONE" && this.coordinator === null) {
          this.coordinator = response.node;
          this.coordinatorEpoch++;
          this.lastHeartbeatOkUs = this.ctx.now();
          this.ctx.trace("consumer-coordinator-found", { consumer: this.identity.name, group: this.identity.group, coordinator: response.node });
        } else if (response.error !== "NONE") {
          this.discoveryFailed();
        }
        this.hooks.wake();
      },
      () => {
        this.findInFlight = false;
        this.discoveryFailed();
      },
    );
  }

  /**
   * NetworkClient.leastLoadedNode: from a rotating start, the first broker with nothing in flight
   * and not in reconnect backoff, else the one with the fewest requests in flight (a broker whose
   * requests hang unanswered is not asked to find the coordinator).
   */
  private leastLoadedBroker(): string {
    const first = this.metadata.anyBroker();
    const brokers = this.metadata.brokerNodes();
    const start = Math.max(0, brokers.indexOf(first));
    let best: string | undefined;
    let bestLoad = Infinity;
    for (let i = 0; i < brokers.length; i++) {
      const node = brokers[(start + i) % brokers.length]!;
      if (this.network.connectionDelayUs(node) > 0) continue;
      const load = this.network.inFlightTo(node);
      if (load === 0) return node;
      if (load < bestLoad) {
        best = node;
        bestLoad = load;
      }
    }
    return best ?? first;
  }

  /** AbstractCoordinator.ensureCoordinatorReady: after a retriable failure, back off and refresh the metadata. */
  private discoveryFailed(): void {
    this.backoff();
    this.metadata.requestSoon();
  }

  /** Forget the coordinator (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, timeout); a stable member stays in its generation. */
  markCoordinatorUnknown(reason: string): void {
    if (this.coordinator === null) return;
    emit(this.ctx, "consumer-coordinator-lost", {
      consumer: this.identity.name,
      group: this.identity.group,
      coordinator: this.coordinator,
      reason,
    });
    this.coordinator = null;
    this.coordinatorEpoch++;
    this.joinInFlight = false;
    if (this.state === "PREPARING_REBALANCE" || this.state === "COMPLETING_REBALANCE") this.member.transitionToUnjoined();
    this.onCoordinatorLost();
    this.hooks.wake();
  }

  /** Forget the generation (and the member id for UNKNOWN_MEMBER_ID); owned partitions are lost. */
  resetGeneration(resetMemberId: boolean, reason: string): void {
    emit(this.ctx, "consumer-generation-reset", {
      consumer: this.identity.name,
      group: this.identity.group,
      generation: this.generation,
      memberId: this.memberId,
      reason,
    });
    this.generation = -1;
    this.protocolName = null;
    if (resetMemberId) this.memberId = "";
    this.member.transitionToUnjoined();
    this.rejoinNeeded = true;
    this.needsJoinPrepare = true;
    this.hooks.wake();
  }

  protected onCoordinatorLost(): void {}

  protected backoff(): void {
    const backoffUs = this.settings.retryBackoffUs;
    this.backoffUntilUs = this.ctx.now() + backoffUs;
    this.timers.set(backoffUs, () => this.hooks.wake());
  }

  private sendJoin(): void {
    const coordinator = this.coordinator!;
    const epoch = this.coordinatorEpoch;
    this.member.transitionToPreparingRebalance();
    this.joinInFlight = true;
    this.assignmentSnapshot = null; // set again only if this member leads the next generation
    const owned = this.ownedPartitions();
    const metadata = { topics: [...this.topics], owned, generation: this.generation };
    const rebalanceTimeoutMs = this.settings.maxPollIntervalMs;
    this.network.send(
      coordinator,
      (correlationId) => ({
        type: "JoinGroup",
        correlationId,
        groupId: this.identity.group,
        memberId: this.memberId,
        clientId: this.identity.name,
        sessionTimeoutMs: this.settings.sessionTimeoutMs,
        rebalanceTimeoutMs,
        protocolType: "consumer",
        protocols: this.assignors.map((a) => ({ name: a.name, metadata })),
      }),
      (response) => {
        if (epoch !== this.coordinatorEpoch) return;
        this.joinInFlight = false;
        this.onJoinResponse(response);
      },
      () => {
        if (epoch !== this.coordinatorEpoch) return;
        this.joinInFlight = false;
        this.markCoordinatorUnknown("JoinGroup got no response");
      },
      // AbstractCoordinator: the JoinGroup may be parked for the whole rebalance timeout, plus 5 s.
      Math.max(this.settings.requestTimeoutUs, ms(rebalanceTimeoutMs + 5000)),
    );
  }

  private onJoinResponse(response: JoinGroupResponse): void {
    const error = response.error;
    if (error === "NONE" && this.state !== "PREPARING_REBALANCE") {
      // AbstractCoordinator.JoinGroupResponseHandler: the member left the group or lost its
      // generation while the JoinGroup was in flight (LeaveGroup after max.poll.interval.ms, a
      // heartbeat's UNKNOWN_MEMBER_ID): the join fails with UnjoinedGroupException, a retriable
      // error, and the member joins again after retry.backoff.ms — not with this stale answer.
      this.backoff();
      return this.hooks.wake();
    }
    if (error === "NONE") {
      this.memberId = response.memberId;
      this.generation = response.generationId;
      this.protocolName = response.protocolName;
      this.member.transitionToCompletingRebalance();
      if (response.leader === this.memberId) this.performAssignment(response);
      else this.sendSync(response.generationId, []);
      return;
    }
    this.member.transitionToUnjoined();
    if (error === "MEMBER_ID_REQUIRED") this.memberId = response.memberId;
    else if (error === "UNKNOWN_MEMBER_ID") this.resetGeneration(true, "JoinGroup: UNKNOWN_MEMBER_ID");
    else if (error === "ILLEGAL_GENERATION") this.resetGeneration(false, "JoinGroup: ILLEGAL_GENERATION");
    else if (error === "NOT_COORDINATOR" || error === "COORDINATOR_NOT_AVAILABLE") this.markCoordinatorUnknown(`JoinGroup: ${error}`);
    else {
      if (error !== "REBALANCE_IN_PROGRESS" && error !== "COORDINATOR_LOAD_IN_PROGRESS") this.fatal("JoinGroup", error);
      this.backoff();
    }
    this.hooks.wake();
  }

  /** ConsumerCoordinator.rejoinNeededOrPending: the metadata no longer matches the snapshot the assignment was made from. */
  private checkAssignmentSnapshot(): void {
    const snapshot = this.assignmentSnapshot;
    if (snapshot === null || this.state !== "STABLE") return;
    const changed = Object.keys(snapshot)
      .sort()
      .filter((t) => (this.metadata.partitionCount(t) ?? snapshot[t]) !== snapshot[t]);
    if (changed.length === 0) return;
    const now = Object.fromEntries(changed.map((t) => [t, this.metadata.partitionCount(t)]));
    this.assignmentSnapshot = null;
    emit(this.ctx, "consumer-metadata-changed", {
      consumer: this.identity.name,
      group: this.identity.group,
      before: Object.fromEntries(changed.map((t) => [t, snapshot[t]])),
      after: now,
    });
    this.requestRejoin();
  }

  /** The leader runs the chosen assignor over every member's subscription (ConsumerCoordinator.onLeaderElected). */
  private performAssignment(response: JoinGroupResponse): void {
    const topics = [...new Set(response.members.flatMap((m) => m.metadata.topics))].sort();
    if (!this.metadata.want(topics)) {
      this.pendingLeaderJoin = response;
      return;
    }
    this.pendingLeaderJoin = null;
    const assignor = assignorByKafkaName(response.protocolName);
    if (!assignor) return this.fatal("assignment", `unknown protocol ${response.protocolName}`);
    const partitions: Record<string, number> = {};
    for (const t of topics) partitions[t] = this.metadata.partitionCount(t) ?? 0;
    this.assignmentSnapshot = { ...partitions };
    const assignment = assignor.assign({
      partitions,
      members: response.members.map((m) => ({ id: m.memberId, topics: m.metadata.topics, owned: m.metadata.owned, generation: m.metadata.generation })),
    });
    this.sendSync(
      response.generationId,
      Object.keys(assignment)
        .sort()
        .map((memberId) => ({ memberId, partitions: assignment[memberId]! })),
    );
  }

  private sendSync(generation: number, assignments: { memberId: string; partitions: TopicPartition[] }[]): void {
    const epoch = this.coordinatorEpoch;
    this.network.send(
      this.coordinator!,
      (correlationId) => ({
        type: "SyncGroup",
        correlationId,
        groupId: this.identity.group,
        generationId: generation,
        memberId: this.memberId,
        protocolName: this.protocolName ?? "",
        assignments,
      }),
      (response) => {
        if (epoch !== this.coordinatorEpoch || generation !== this.generation || this.state !== "COMPLETING_REBALANCE") return;
        this.onSyncResponse(response, generation);
      },
      () => {
        if (epoch !== this.coordinatorEpoch) return;
        this.markCoordinatorUnknown("SyncGroup got no response");
      },
    );
  }

  private onSyncResponse(response: SyncGroupResponse, generation: number): void {
    const error = response.error;
    if (error === "NONE") {
      this.member.transitionToStable();
      this.rejoinNeeded = false;
      this.needsJoinPrepare = true;
      this.lastHeartbeatOkUs = this.ctx.now();
      this.hooks.onJoinComplete(response.partitions, generation);
      this.checkAssignmentSnapshot();
    } else if (error === "UNKNOWN_MEMBER_ID") this.resetGeneration(true, "SyncGroup: UNKNOWN_MEMBER_ID");
    else if (error === "ILLEGAL_GENERATION") this.resetGeneration(false, "SyncGroup: ILLEGAL_GENERATION");
    else {
      this.member.transitionToUnjoined();
      this.rejoinNeeded = true;
      if (error === "NOT_COORDINATOR" || error === "COORDINATOR_NOT_AVAILABLE") this.markCoordinatorUnknown(`SyncGroup: ${error}`);
    }
    this.hooks.wake();
  }

  /** The partitions this member owns now (for the subscription's ownedPartitions). */
  protected ownedPartitions(): TopicPartition[] {
    return [];
  }

  private fatal(what: string, error: KafkaError | string): void {
    emit(this.ctx, "consumer-error", { consumer: this.identity.name, group: this.identity.group, error: `${what}: ${error}` }, { cause: "group" });
  }
}
