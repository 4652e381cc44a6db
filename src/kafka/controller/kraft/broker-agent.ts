/**
 * The broker's KRaft lifecycle agent (KIP-631, docs/kafka-rules.md §4.2): it follows the metadata log
 * as a Raft observer, registers with the active controller (new incarnation id per process start,
 * clean-shutdown marker for KIP-966), heartbeats every `broker.heartbeat.interval.ms`, forwards
 * AlterPartition for the replica manager, and runs controlled shutdown.
 *
 * Its requests to the controller go through the shared request tracker (client/in-flight-requests.ts),
 * as Kafka's go through the `NetworkClient` of a `NodeToControllerChannelManager`: every request has
 * a timeout, a timeout closes the connection (the request fails and is sent again, to a controller
 * looked up again), a reset fails every request on it. Kafka gives BrokerLifecycleManager and
 * AlterPartitionManager a channel (a connection) each; the simulated network has one connection per
 * node pair, so here one tracker serves both, and AlterPartition goes out under the tracker's
 * correlation id, the replica manager getting its answer under its own (as the ZooKeeper-mode agent does).
 */
import { AppendFile } from "../../../sim/disk.js";
import type { Message, Timer } from "../../../sim/actor.js";
import type { Random } from "../../../sim/random.js";
import type { EventId } from "../../../sim/scheduler.js";
import { ms } from "../../../sim/time.js";
import { InFlightRequests, type InFlightRequest } from "../../client/in-flight-requests.js";
import type { BrokerComponent, BrokerServices, ControllerAgentApi } from "../../broker/services.js";
import type { AlterPartitionRequest, AlterPartitionResponse } from "../../protocol/control.js";
import type {
  BrokerHeartbeatRequest,
  BrokerHeartbeatResponse,
  BrokerRegistrationRequest,
  BrokerRegistrationResponse,
  MetadataLogEntry,
  RaftFetchResponse,
} from "../../protocol/kraft.js";
import { lifecycleBackoffMs } from "./lifecycle-backoff.js";
import { MetadataLog } from "./metadata-log.js";
import { MetadataPublisher } from "./metadata-publisher.js";
import { QuorumControllerCore } from "./quorum-controller.js";
import { RaftNode, type RaftTimer } from "./raft.js";
import { readBrokerLifecycleSettings, readRaftConfig, type BrokerLifecycleSettings } from "./settings.js";
import { dispatch, fireTimer, handledTypes, mergeTables, type HandlerTable, type TimerTable } from "../../../sim/handlers.js";
import { emit } from "../../explain/catalogue.js";

export const CLEAN_SHUTDOWN_FILE = "meta/clean-shutdown";
const COMPONENT = "controller-agent";
const SHUTDOWN_BOUND_MS = 30_000;
/** DefaultAlterPartitionManager: after a top-level error the request is sent again 50 ms later. */
const ALTER_PARTITION_RETRY_MS = 50;
/** NodeToControllerRequestThread: while no active controller is known it looks again every 100 ms. */
const CONTROLLER_POLL_MS = 100;

/** The agent's own timers (its Raft observer's timers are merged beside them). */
type AgentTimer =
  | { kind: "register" }
  | { kind: "heartbeat" }
  | { kind: "controller-request-timeout"; correlationId: number }
  | { kind: "shutdown-deadline" }
  | { kind: "alter-retry"; id: number };

/** An AlterPartition of the replica manager (under its own correlation id) and how many times it was sent. */
interface AlterAttempt {
  readonly request: AlterPartitionRequest;
  readonly attempts: number;
}

/** What the agent remembers of a request in flight to the controller. */
type ControllerRequest = { kind: "BrokerRegistration" } | { kind: "BrokerHeartbeat" } | { kind: "AlterPartition"; alter: AlterAttempt };
type ControllerRequestKind = ControllerRequest["kind"];

class KraftAgent implements BrokerComponent, ControllerAgentApi {
  readonly name = COMPONENT;
  private readonly handlers: HandlerTable<RaftFetchResponse | BrokerRegistrationResponse | BrokerHeartbeatResponse | AlterPartitionResponse> = {
    RaftFetchResponse: (from, m) => this.raft.onMessage(from, m),
    BrokerRegistrationResponse: (from, m) => this.onRegistrationResponse(from, m),
    BrokerHeartbeatResponse: (from, m) => this.onHeartbeatResponse(from, m),
    AlterPartitionResponse: (from, m) => this.onAlterPartitionResponse(from, m),
  };
  readonly handles = handledTypes(this.handlers);
  private readonly raft: RaftNode;
  private readonly publisher: MetadataPublisher;
  private readonly incarnationId: string;
  private readonly previousBrokerEpoch: number;
  private epoch = -1;
  private controllerHint: string | null = null;
  private probeIndex = 0;
  /** Requests in flight to the controller (NodeToControllerChannelManager's NetworkClient). */
  private readonly inFlight: InFlightRequests<ControllerRequest, EventId>;
  private heartbeatTimer: EventId | null = null;
  private wantShutdown = false;
  private shutdownDone: (() => void) | null = null;
  private fencedSeen = true;
  /** BrokerLifecycleManager.failedAttempts: failed registrations/heartbeats in a row. */
  private failedAttempts = 0;
  private readonly backoffRandom: Random;
  /** AlterPartition requests waiting to be sent again (timer id → request). */
  private readonly alterRetries = new Map<number, AlterAttempt>();
  private nextAlterRetryId = 1;
  private readonly timers: TimerTable<AgentTimer | RaftTimer>;
  private readonly settings: BrokerLifecycleSettings;

  constructor(private readonly services: BrokerServices) {
    const ctx = services.ctx;
    this.settings = readBrokerLifecycleSettings(services.config);
    this.publisher = new MetadataPublisher(services);
    this.incarnationId = `${ctx.name}#${ctx.incarnation}-${ctx.random.fork(COMPONENT).int(1_000_000_000)}`;
    const marker = ctx.disk.checkpoint<{ brokerEpoch: number }>(CLEAN_SHUTDOWN_FILE);
    this.previousBrokerEpoch = marker.read()?.brokerEpoch ?? -1;
    this.backoffRandom = ctx.random.fork(`${COMPONENT}/lifecycle-backoff`);
    this.inFlight = new InFlightRequests({
      now: () => ctx.now(),
      send: (node, message) => ctx.send(node, message),
      armTimeout: (delayUs, correlationId) => this.timer({ kind: "controller-request-timeout", correlationId }, delayUs),
      cancelTimeout: (handle) => ctx.cancelTimer(handle),
      disconnect: (node) => ctx.disconnect(node),
    });
    const agent = this;
    this.raft = new RaftNode(
      {
        name: ctx.name,
        random: ctx.random.fork(`${COMPONENT}/raft`),
        now: () => ctx.now(),
        send: (to, message) => ctx.send(to, message),
        disconnect: (peer) => ctx.disconnect(peer),
        setTimer: (delayUs, timer) => services.setTimer(COMPONENT, timer, delayUs),
        cancelTimer: (id) => ctx.cancelTimer(id),
        trace: (type, fields) => ctx.trace(type, fields),
      },
      services.cluster.controllerNodes,
      new MetadataLog(new AppendFile<MetadataLogEntry>()),
      readRaftConfig(services.config),
      {
        onCommitted: (entries) => agent.onCommitted(entries),
        onLeaderKnown: (leader) => {
          services.metadata.controllerId = QuorumControllerCore.controllerIndex(leader);
          if (leader) agent.controllerHint = leader;
        },
      },
      null,
    );
    const own: TimerTable<AgentTimer> = {
      register: () => this.register(),
      heartbeat: () => {
        this.heartbeatTimer = null;
        this.heartbeat();
        this.scheduleHeartbeat();
      },
      "controller-request-timeout": (t) => {
        // NetworkClient.handleTimedOutRequests: the request fails and its connection is closed,
        // failing what else was in flight on it.
        const request = this.inFlight.expire(t.correlationId);
        if (!request) return;
        this.onRequestFailed(request);
        for (const lost of this.inFlight.failNode(request.node)) this.onRequestFailed(lost);
      },
      "shutdown-deadline": () => {
        if (this.shutdownDone) this.finishShutdown(this.shutdownDone);
      },
      "alter-retry": (t) => {
        const alter = this.alterRetries.get(t.id);
        this.alterRetries.delete(t.id);
        if (alter) this.sendAlter(alter);
      },
    };
    this.timers = mergeTables(this.raft.timers, own);
  }

  start(): void {
    // The marker describes the previous incarnation only: remove it (synced) before going on.
    if (this.previousBrokerEpoch >= 0)
      this.services.ctx.disk.checkpoint<{ brokerEpoch: number }>(CLEAN_SHUTDOWN_FILE).write({ brokerEpoch: -1 }, this.services.ctx.now(), true);
    // A new process has no registration yet: it serves nothing until registered and unfenced.
    this.services.observer.brokerRegistered?.(this.services.brokerId, -1);
    this.raft.start();
    this.register();
  }

  brokerEpoch(): number {
    return this.epoch;
  }

  // ---- requests to the active controller -------------------------------------------------------

  private controllerTarget(): string {
    if (this.controllerHint) return this.controllerHint;
    const voters = this.services.cluster.controllerNodes;
    return voters[this.probeIndex++ % voters.length]!;
  }

  private notController(leader: string | null, peer: string): void {
    if (leader && leader !== peer) this.controllerHint = leader;
    else {
      this.controllerHint = null;
      this.probeIndex++;
    }
  }

  private send(data: ControllerRequest, build: (correlationId: number) => Message & { correlationId: number }): void {
    const correlationId = this.inFlight.newCorrelationId();
    const peer = this.controllerTarget();
    this.inFlight.send(peer, build(correlationId), data, this.settings.requestTimeoutUs);
  }

  /** The request a response of `kind` answers (left in flight when the kinds differ: not its answer). */
  private take(correlationId: number, from: string, kind: ControllerRequestKind): InFlightRequest<ControllerRequest> | undefined {
    if (this.inFlight.get(correlationId)?.data.kind !== kind) return undefined;
    return this.inFlight.complete(correlationId, from);
  }

  private register(): void {
    const s = this.services;
    this.send(
      { kind: "BrokerRegistration" },
      (correlationId) =>
        ({
          type: "BrokerRegistration",
          correlationId,
          brokerId: s.brokerId,
          node: s.ctx.name,
          incarnationId: this.incarnationId,
          previousBrokerEpoch: this.previousBrokerEpoch,
        }) satisfies BrokerRegistrationRequest,
    );
  }

  private heartbeat(): void {
    const s = this.services;
    if (this.epoch < 0 || this.inFlight.some((r) => r.data.kind === "BrokerHeartbeat")) return;
    this.send(
      { kind: "BrokerHeartbeat" },
      (correlationId) =>
        ({
          type: "BrokerHeartbeat",
          correlationId,
          brokerId: s.brokerId,
          brokerEpoch: this.epoch,
          currentMetadataOffset: this.publisher.appliedOffset,
          wantFence: this.publisher.appliedOffset < this.epoch,
          wantShutdown: this.wantShutdown,
        }) satisfies BrokerHeartbeatRequest,
    );
  }

  private scheduleHeartbeat(): void {
    if (this.heartbeatTimer !== null) this.services.ctx.cancelTimer(this.heartbeatTimer);
    this.heartbeatTimer = this.timer({ kind: "heartbeat" }, this.settings.heartbeatIntervalUs);
  }

  sendAlterPartition(request: AlterPartitionRequest): void {
    this.sendAlter({ request, attempts: 1 });
  }

  private sendAlter(alter: AlterAttempt): void {
    // Like DefaultAlterPartitionManager, every (re)send carries the broker's current epoch.
    const request = alter.attempts > 1 && this.epoch >= 0 ? { ...alter.request, brokerEpoch: this.epoch } : alter.request;
    this.send({ kind: "AlterPartition", alter: { request, attempts: alter.attempts } }, (correlationId) => ({ ...request, correlationId }));
  }

  /**
   * AlterPartition is never given up (DefaultAlterPartitionManager: the channel's retry timeout is
   * Long.MaxValue): it is sent again until the controller answers it without a top-level error. The
   * replica manager then handles each partition's answer (Partition.handleAlterPartitionError).
   */
  private retryAlter(alter: AlterAttempt, delayMs: number, reason: string): void {
    const next = { request: alter.request, attempts: alter.attempts + 1 };
    emit(
      this.services.ctx,
      "alter-partition-retry",
      { broker: this.services.brokerId, correlationId: alter.request.correlationId, attempt: next.attempts, delayMs },
      { reason },
    );
    if (delayMs === 0) return this.sendAlter(next);
    const id = this.nextAlterRetryId++;
    this.alterRetries.set(id, next);
    this.timer({ kind: "alter-retry", id }, ms(delayMs));
  }

  /** The channel to the controller failed (timeout, reset, NOT_CONTROLLER): send again once a controller is known. */
  private controllerRetryDelayMs(): number {
    return this.controllerHint ? 0 : CONTROLLER_POLL_MS;
  }

  beginControlledShutdown(done: () => void): void {
    if (this.epoch < 0) return this.finishShutdown(done);
    this.wantShutdown = true;
    this.shutdownDone = done;
    this.timer({ kind: "shutdown-deadline" }, ms(SHUTDOWN_BOUND_MS));
    this.heartbeat();
  }

  private finishShutdown(done: () => void): void {
    this.shutdownDone = null;
    // KIP-966: the clean-shutdown marker carries this incarnation's broker epoch.
    this.services.ctx.disk.checkpoint<{ brokerEpoch: number }>(CLEAN_SHUTDOWN_FILE).write({ brokerEpoch: this.epoch }, this.services.ctx.now(), true);
    done();
  }

  // ---- component plumbing --------------------------------------------------------------------------

  private timer(timer: AgentTimer, delayUs: number): EventId {
    return this.services.setTimer(COMPONENT, timer, delayUs);
  }

  onMessage(from: string, message: Message): void {
    dispatch(this.handlers, from, message);
  }

  onTimer(timer: Timer): void {
    fireTimer(this.timers, timer);
  }

  onConnectionReset(peer: string): void {
    this.raft.onConnectionReset(peer);
    for (const request of this.inFlight.failNode(peer)) this.onRequestFailed(request);
  }

  /**
   * A request got no answer (timeout or reset): NodeToControllerRequestThread forgets the active
   * controller and queues the request again.
   */
  private onRequestFailed(request: InFlightRequest<ControllerRequest>): void {
    this.notController(null, request.node);
    this.retry(request.data, request.node);
  }

  private retry(request: ControllerRequest, peer: string): void {
    if (request.kind === "BrokerRegistration") this.timer({ kind: "register" }, this.settings.retryBackoffUs);
    else if (request.kind === "AlterPartition") this.retryAlter(request.alter, this.controllerRetryDelayMs(), `no answer from ${peer}`);
    // Heartbeats are simply sent again at the next interval.
  }

  // ---- responses -----------------------------------------------------------------------------------

  private onRegistrationResponse(from: string, response: BrokerRegistrationResponse): void {
    const request = this.take(response.correlationId, from, "BrokerRegistration");
    if (!request) return;
    if (response.error === "NONE") {
      this.epoch = response.brokerEpoch;
      this.failedAttempts = 0;
      this.services.observer.brokerRegistered?.(this.services.brokerId, this.epoch);
      this.maybeEnableReplicas();
      this.heartbeat();
      return this.scheduleHeartbeat();
    }
    if (response.error === "NOT_CONTROLLER") {
      this.notController(response.leader, from);
      return this.retry(request.data, from);
    }
    // DUPLICATE_BROKER_REGISTRATION (the old incarnation still has a valid session) or another
    // error: BrokerLifecycleManager.scheduleNextCommunicationAfterFailure retries after an
    // exponential backoff (100 ms × 2^failedAttempts, ±2 %, at most broker.session.timeout.ms).
    const sessionTimeoutMs = this.settings.sessionTimeoutMs;
    const delayMs = lifecycleBackoffMs(this.failedAttempts++, sessionTimeoutMs, this.backoffRandom);
    emit(
      this.services.ctx,
      "broker-registration-retry",
      { broker: this.services.brokerId, error: response.error, delayMs },
      { failedAttempts: this.failedAttempts, sessionTimeoutMs },
    );
    this.timer({ kind: "register" }, ms(delayMs));
  }

  private onHeartbeatResponse(from: string, response: BrokerHeartbeatResponse): void {
    if (!this.take(response.correlationId, from, "BrokerHeartbeat")) return;
    if (response.error === "NOT_CONTROLLER") return this.notController(response.leader, from);
    if (response.error === "STALE_BROKER_EPOCH" || response.error === "BROKER_ID_NOT_REGISTERED") {
      this.epoch = -1;
      this.services.observer.brokerRegistered?.(this.services.brokerId, -1);
      return this.register();
    }
    if (response.error !== "NONE") return;
    this.failedAttempts = 0;
    if (this.fencedSeen !== response.isFenced) {
      this.fencedSeen = response.isFenced;
      this.services.ctx.trace(response.isFenced ? "broker-sees-fenced" : "broker-sees-unfenced", { broker: this.services.brokerId, brokerEpoch: this.epoch });
    }
    if (response.shouldShutdown && this.shutdownDone) this.finishShutdown(this.shutdownDone);
  }

  private onAlterPartitionResponse(from: string, response: AlterPartitionResponse): void {
    const request = this.take(response.correlationId, from, "AlterPartition");
    if (request?.data.kind !== "AlterPartition") return;
    const alter = request.data.alter;
    // NodeToControllerRequestThread: NOT_CONTROLLER anywhere in the answer (the controller also
    // answers it for a partition whose epochs are newer than its own) re-queues the whole request
    // for the next active controller.
    if (response.error === "NOT_CONTROLLER" || response.partitions.some((p) => p.error === "NOT_CONTROLLER")) {
      this.notController(null, from);
      return this.retryAlter(alter, this.controllerRetryDelayMs(), `${from} answered NOT_CONTROLLER`);
    }
    // DefaultAlterPartitionManager: any other top-level error (STALE_BROKER_EPOCH, ...) is retried
    // 50 ms later with the broker's current epoch; the partitions stay pending meanwhile.
    if (response.error !== "NONE") return this.retryAlter(alter, ALTER_PARTITION_RETRY_MS, `the controller answered ${response.error}`);
    // The replica manager matches the answer to its proposal by its own correlation id.
    this.services.replicaManager().handleAlterPartitionResponse({ ...response, correlationId: alter.request.correlationId });
  }

  private maybeEnableReplicas(): void {
    if (this.epoch >= 0 && this.publisher.appliedOffset >= this.epoch) this.publisher.enableReplicas();
  }

  private onCommitted(entries: readonly MetadataLogEntry[]): void {
    const wasBehind = this.epoch >= 0 && this.publisher.appliedOffset < this.epoch;
    this.publisher.publish(entries);
    this.maybeEnableReplicas();
    // Caught up with our own registration: heartbeat at once so the controller unfences us.
    if (wasBehind && this.publisher.appliedOffset >= this.epoch) this.heartbeat();
  }
}

/** The KRaft controller agent component of a broker. */
export function createKraftAgent(services: BrokerServices): BrokerComponent & ControllerAgentApi {
  return new KraftAgent(services);
}
