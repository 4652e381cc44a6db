/**
 * The broker's KRaft lifecycle agent (KIP-631, docs/kafka-rules.md §4.2): it follows the metadata log
 * as a Raft observer, registers with the active controller (new incarnation id per process start,
 * clean-shutdown marker for KIP-966), heartbeats every `broker.heartbeat.interval.ms`, forwards
 * AlterPartition for the replica manager, and runs controlled shutdown.
 */
import { AppendFile } from "../../../sim/disk.js";
import type { Message, Timer } from "../../../sim/actor.js";
import type { Random } from "../../../sim/random.js";
import type { EventId } from "../../../sim/scheduler.js";
import { ms } from "../../../sim/time.js";
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

interface Outstanding {
  kind: "BrokerRegistration" | "BrokerHeartbeat" | "AlterPartition";
  peer: string;
  timer: EventId;
  alter?: { request: AlterPartitionRequest; attempts: number };
}

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
  private nextCorrelationId = 1;
  private readonly outstanding = new Map<number, Outstanding>();
  private heartbeatTimer: EventId | null = null;
  private wantShutdown = false;
  private shutdownDone: (() => void) | null = null;
  private fencedSeen = true;
  /** BrokerLifecycleManager.failedAttempts: failed registrations/heartbeats in a row. */
  private failedAttempts = 0;
  private readonly backoffRandom: Random;
  /** AlterPartition requests waiting to be sent again (timer id → request). */
  private readonly alterRetries = new Map<number, NonNullable<Outstanding["alter"]>>();
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
      "controller-request-timeout": (t) => this.onRequestFailed(t.correlationId, true),
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

  private send(kind: Outstanding["kind"], build: (correlationId: number) => Message, alter?: Outstanding["alter"]): void {
    const correlationId = this.nextCorrelationId++;
    const peer = this.controllerTarget();
    const timer = this.timer({ kind: "controller-request-timeout", correlationId }, ms(this.settings.requestTimeoutMs));
    this.outstanding.set(correlationId, { kind, peer, timer, alter });
    this.services.ctx.send(peer, build(correlationId));
  }

  private take(correlationId: number): Outstanding | undefined {
    const request = this.outstanding.get(correlationId);
    if (!request) return undefined;
    this.services.ctx.cancelTimer(request.timer);
    this.outstanding.delete(correlationId);
    return request;
  }

  private register(): void {
    const s = this.services;
    this.send(
      "BrokerRegistration",
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
    if (this.epoch < 0 || [...this.outstanding.values()].some((o) => o.kind === "BrokerHeartbeat")) return;
    this.send(
      "BrokerHeartbeat",
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

  private scheduleHeartbeat(delayMs = this.settings.heartbeatIntervalMs): void {
    if (this.heartbeatTimer !== null) this.services.ctx.cancelTimer(this.heartbeatTimer);
    this.heartbeatTimer = this.timer({ kind: "heartbeat" }, ms(delayMs));
  }

  sendAlterPartition(request: AlterPartitionRequest): void {
    this.sendAlter({ request, attempts: 1 });
  }

  private sendAlter(alter: NonNullable<Outstanding["alter"]>): void {
    // The replica manager's correlation id travels unchanged so its response matches the proposal.
    // Like DefaultAlterPartitionManager, every (re)send carries the broker's current epoch.
    const request = alter.attempts > 1 && this.epoch >= 0 ? { ...alter.request, brokerEpoch: this.epoch } : alter.request;
    this.send("AlterPartition", () => request, { request, attempts: alter.attempts });
  }

  /**
   * AlterPartition is never given up (DefaultAlterPartitionManager: the channel's retry timeout is
   * Long.MaxValue): it is sent again until the controller answers it without a top-level error. The
   * replica manager then handles each partition's answer (Partition.handleAlterPartitionError).
   */
  private retryAlter(alter: NonNullable<Outstanding["alter"]>, delayMs: number, reason: string): void {
    const next = { request: alter.request, attempts: alter.attempts + 1 };
    this.services.ctx.trace("alter-partition-retry", {
      broker: this.services.brokerId,
      correlationId: alter.request.correlationId,
      attempt: next.attempts,
      delayMs,
      rule: `${reason}: the AlterPartition request is sent again ${delayMs === 0 ? "at once" : `after ${delayMs} ms`} (DefaultAlterPartitionManager retries until the controller answers; only the partitions' own errors end it)`,
    });
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
    const failed = [...this.outstanding.entries()]
      .filter(([, o]) => o.peer === peer)
      .map(([id]) => id)
      .sort((a, b) => a - b);
    for (const id of failed) this.onRequestFailed(id, false);
  }

  private onRequestFailed(correlationId: number, timedOut: boolean): void {
    const request = this.take(correlationId);
    if (!request) return;
    if (timedOut) this.services.ctx.disconnect(request.peer);
    this.notController(null, request.peer);
    this.retry(request);
  }

  private retry(request: Outstanding): void {
    const backoffMs = this.settings.retryBackoffMs;
    if (request.kind === "BrokerRegistration") this.timer({ kind: "register" }, ms(backoffMs));
    else if (request.kind === "AlterPartition") this.retryAlter(request.alter!, this.controllerRetryDelayMs(), `no answer from ${request.peer}`);
    // Heartbeats are simply sent again at the next interval.
  }

  // ---- responses -----------------------------------------------------------------------------------

  private onRegistrationResponse(from: string, response: BrokerRegistrationResponse): void {
    const request = this.take(response.correlationId);
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
      return this.retry(request);
    }
    // DUPLICATE_BROKER_REGISTRATION (the old incarnation still has a valid session) or another
    // error: BrokerLifecycleManager.scheduleNextCommunicationAfterFailure retries after an
    // exponential backoff (100 ms × 2^failedAttempts, ±2 %, at most broker.session.timeout.ms).
    const sessionTimeoutMs = this.settings.sessionTimeoutMs;
    const delayMs = lifecycleBackoffMs(this.failedAttempts++, sessionTimeoutMs, this.backoffRandom);
    this.services.ctx.trace("broker-registration-retry", {
      broker: this.services.brokerId,
      error: response.error,
      delayMs,
      rule: `the controller refused the registration (${response.error}): BrokerLifecycleManager tries again after ${delayMs} ms (100 ms × 2^${this.failedAttempts - 1}, ±2 %, capped at broker.session.timeout.ms = ${sessionTimeoutMs})`,
    });
    this.timer({ kind: "register" }, ms(delayMs));
  }

  private onHeartbeatResponse(from: string, response: BrokerHeartbeatResponse): void {
    if (!this.take(response.correlationId)) return;
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
    const match = [...this.outstanding.entries()].find(
      ([, o]) => o.kind === "AlterPartition" && o.alter!.request.correlationId === response.correlationId && o.peer === from,
    );
    if (!match) return;
    const request = this.take(match[0])!;
    // NodeToControllerRequestThread: NOT_CONTROLLER anywhere in the answer (the controller also
    // answers it for a partition whose epochs are newer than its own) re-queues the whole request
    // for the next active controller.
    if (response.error === "NOT_CONTROLLER" || response.partitions.some((p) => p.error === "NOT_CONTROLLER")) {
      this.notController(null, from);
      return this.retryAlter(request.alter!, this.controllerRetryDelayMs(), `${from} answered NOT_CONTROLLER`);
    }
    // DefaultAlterPartitionManager: any other top-level error (STALE_BROKER_EPOCH, ...) is retried
    // 50 ms later with the broker's current epoch; the partitions stay pending meanwhile.
    if (response.error !== "NONE") return this.retryAlter(request.alter!, ALTER_PARTITION_RETRY_MS, `the controller answered ${response.error}`);
    this.services.replicaManager().handleAlterPartitionResponse(response);
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
