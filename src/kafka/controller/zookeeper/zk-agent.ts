/**
 * The broker's ZooKeeper-mode agent (`controller-agent` component): it holds the broker's ZooKeeper
 * session, registers the ephemeral /brokers/ids/<id> (broker epoch = its czxid), runs the embedded
 * controller (election, failover, events), answers control requests from the controller, and sends
 * AlterPartition and ControlledShutdown to it. A crash does not close the session: its ephemeral
 * znodes live until the session times out, so a broker restarted inside the old session waits (a
 * supervisor retries every second) until it can register again.
 */
import type { Message, Timer } from "../../../sim/actor.js";
import { dispatch, fireTimer, handledTypes, type HandlerTable, type TimerTable } from "../../../sim/handlers.js";
import { ms } from "../../../sim/time.js";
import type { EventId } from "../../../sim/scheduler.js";
import type { BrokerComponent, BrokerServices, ControllerAgentApi } from "../../broker/services.js";
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
} from "../../protocol/control.js";
import type * as C from "../../protocol/controller-requests.js";
import type * as P from "../../protocol/zookeeper.js";
import { BrokerControlHandler } from "./broker-side.js";
import { ControllerClient, controllerNodeOf, type ControllerClientTimer } from "./controller-client.js";
import * as handlers from "./controller-handlers.js";
import { writeIsrDirectly } from "./legacy-isr-writer.js";
import * as paths from "./paths.js";
import { ZkClient, type ZkSessionEvent } from "./zk-client.js";
import { ZkController, type ChannelTimer } from "./zk-controller.js";
import { ControlledShutdownSequence, type ShutdownTimer } from "./controlled-shutdown.js";
import { readZkBrokerSettings, type ZkBrokerSettings } from "./settings.js";
import { emit } from "../../explain/catalogue.js";

/** How often the supervisor retries a registration blocked by the previous session's znode. */
const REGISTRATION_RETRY_MS = 1000;

/** What the agent handles: its ZooKeeper session's answers, the controller's requests and answers, and requests to the controller it hosts. */
type ZkAgentMessage =
  | P.ZkConnectResponse
  | P.ZkResponse
  | P.ZkPingResponse
  | P.ZkWatchEvent
  | P.ZkDisconnect
  | C.ControllerToBrokerRequest
  | C.ControllerToBrokerResponse
  | AlterPartitionRequest
  | AlterPartitionResponse
  | C.ControlledShutdownRequest
  | C.ControlledShutdownResponse
  | CreateTopicsRequest
  | CreatePartitionsRequest;

/** The agent's timers: its own, and each hosted part's, handed back to that part. */
type ZkAgentTimer =
  | { kind: "register-retry" }
  /** A message from this broker's controller to this broker itself, handed over after the current event. */
  | { kind: "local-delivery"; message: Message }
  | { kind: "zk-client"; timer: Parameters<ZkClient["onTimer"]>[0] }
  | { kind: "controller-client"; timer: ControllerClientTimer }
  | ChannelTimer
  | ShutdownTimer;

/** Builds the ZooKeeper-mode controller agent of a broker. */
export function createZkAgent(services: BrokerServices): BrokerComponent & ControllerAgentApi {
  return new ZkAgent(services);
}

export class ZkAgent implements BrokerComponent, ControllerAgentApi {
  readonly name = "controller-agent";
  private readonly handlers: HandlerTable<ZkAgentMessage> = {
    ZkConnectResponse: (from, m) => this.zk.onMessage(from, m),
    ZkResponse: (from, m) => this.zk.onMessage(from, m),
    ZkPingResponse: (from, m) => this.zk.onMessage(from, m),
    ZkWatchEvent: (from, m) => this.zk.onMessage(from, m),
    ZkDisconnect: (from, m) => this.zk.onMessage(from, m),
    LeaderAndIsr: (from, m) => this.controlRequest(from, m),
    UpdateMetadata: (from, m) => this.controlRequest(from, m),
    StopReplica: (from, m) => this.controlRequest(from, m),
    LeaderAndIsrResponse: (from, m) => this.controller.channels.answered(from, m.correlationId),
    UpdateMetadataResponse: (from, m) => this.controller.channels.answered(from, m.correlationId),
    StopReplicaResponse: (from, m) => this.controller.channels.answered(from, m.correlationId),
    AlterPartition: (from, m) => this.controller.events.enqueue("AlterPartition", (done) => handlers.alterPartition(this.controller, from, m, done)),
    ControlledShutdown: (from, m) =>
      this.controller.events.enqueue("ControlledShutdown", (done) => handlers.controlledShutdown(this.controller, from, m, done)),
    CreateTopics: (from, m) => this.createTopics(from, m),
    CreatePartitions: (from, m) => this.createPartitions(from, m),
    AlterPartitionResponse: (from, m) => void this.toController.onResponse(from, m),
    ControlledShutdownResponse: (from, m) => void this.toController.onResponse(from, m),
  };
  readonly handles = handledTypes(this.handlers);
  private readonly timers: TimerTable<ZkAgentTimer> = {
    "register-retry": () => this.registrationRetry?.(),
    "local-delivery": (t) => this.onMessage(this.services.ctx.name, t.message),
    "zk-client": (t) => this.zk.onTimer(t.timer),
    "controller-channel": (t) => this.controller.channels.onTimer(t.timer),
    "controller-client": (t) => this.toController.onTimer(t.timer),
    "shutdown-timeout": (t) => this.shutdown?.onTimer(t),
    "shutdown-retry": (t) => this.shutdown?.onTimer(t),
  };
  readonly zk: ZkClient;
  readonly controller: ZkController;
  readonly control: BrokerControlHandler;
  readonly toController: ControllerClient;
  private epoch = -1;
  private registrationDelayedSince = -1;
  private registrationRetry: (() => void) | null = null;
  private shutdown: ControlledShutdownSequence | null = null;
  private readonly settings: ZkBrokerSettings;

  constructor(readonly services: BrokerServices) {
    const ctx = services.ctx;
    this.settings = readZkBrokerSettings(services.config);
    this.zk = new ZkClient(
      {
        now: () => ctx.now(),
        send: (to, m) => ctx.send(to, m),
        disconnect: (p) => ctx.disconnect(p),
        setTimer: (timer, delayUs) => this.timer({ kind: "zk-client", timer }, delayUs),
        random: ctx.random,
      },
      services.cluster.controllerNodes,
      this.settings.zookeeperSessionTimeoutMs,
    );
    this.zk.sessionListener = (event) => this.onSessionEvent(event);
    this.zk.watchListener = (event, path) => this.onWatch(event, path);
    this.controller = new ZkController({ services, zk: () => this.zk, setTimer: (t, delayUs) => this.timer(t, delayUs), send: (to, m) => this.send(to, m) });
    this.control = new BrokerControlHandler(
      services,
      () => this.epoch,
      (to, m) => this.send(to, m),
    );
    this.toController = new ControllerClient({
      now: () => ctx.now(),
      controllerNode: () => controllerNodeOf(services.metadata.controllerId),
      send: (to, m) => this.send(to, m),
      disconnect: (p) => ctx.disconnect(p),
      setTimer: (timer, delayUs) => this.timer({ kind: "controller-client", timer }, delayUs),
      cancelTimer: (id) => ctx.cancelTimer(id),
    });
  }

  private timer(timer: ZkAgentTimer, delayUs: number): EventId {
    return this.services.setTimer(this.name, timer, delayUs);
  }

  /**
   * Send to a node; a message to this very broker (the controller talking to its own broker) is
   * handed over locally, after the current event, rather than through the network.
   */
  send(to: string, message: Message): void {
    if (to === this.services.ctx.name) this.timer({ kind: "local-delivery", message }, 0);
    else this.services.ctx.send(to, message);
  }

  brokerEpoch(): number {
    return this.epoch;
  }

  start(): void {
    this.zk.start();
  }

  onMessage(from: string, message: Message): void {
    dispatch(this.handlers, from, message);
  }

  onTimer(timer: Timer): void {
    fireTimer(this.timers, timer);
  }

  /** LeaderAndIsr / UpdateMetadata / StopReplica; a new controller named by UpdateMetadata gets the pending requests. */
  private controlRequest(from: string, request: C.ControllerToBrokerRequest): void {
    const before = this.services.metadata.controllerId;
    this.control.handle(from, request);
    if (this.services.metadata.controllerId !== before) this.toController.controllerChanged();
  }

  onConnectionReset(peer: string): void {
    this.zk.onConnectionReset(peer);
    this.controller.channels.connectionReset(peer);
    this.toController.connectionReset(peer);
  }

  sendAlterPartition(request: AlterPartitionRequest): void {
    if (!this.services.cluster.features.isrChangesViaController) return writeIsrDirectly(this.services, this.zk, this.control.controllerEpoch, request);
    const original = request.correlationId;
    const copy: AlterPartitionRequest = { ...request, correlationId: this.toController.correlationId() };
    this.toController.send(copy, (response) => {
      if (response.type === "AlterPartitionResponse") this.services.replicaManager().handleAlterPartitionResponse({ ...response, correlationId: original });
    });
  }

  beginControlledShutdown(done: () => void): void {
    const host = {
      services: this.services,
      toController: this.toController,
      settings: this.settings,
      brokerEpoch: () => this.epoch,
      setTimer: (t: ShutdownTimer, delayUs: number) => this.timer(t, delayUs),
    };
    this.shutdown = new ControlledShutdownSequence(host, () => {
      this.controller.resign({ kind: "broker-shutdown" });
      this.zk.close(done);
    });
    this.shutdown.start();
  }

  // ---- session, registration, watches ------------------------------------------------------------

  private onSessionEvent(event: ZkSessionEvent): void {
    if (event === "connected") {
      this.controller.events.enqueue("RegisterBroker", (done) => this.register(done));
      this.controller.events.enqueue("Elect", (done) => this.controller.elect(done));
    } else if (event === "expired") {
      this.epoch = -1;
      emit(this.services.ctx, "session-expired", { broker: this.services.brokerId });
      this.controller.events.enqueue("Expire", (done) => {
        this.controller.resign({ kind: "session-expired" });
        done();
      });
    }
  }

  private onWatch(event: P.ZkEventType, path: string): void {
    const ctrl = this.controller;
    if (path === paths.CONTROLLER_PATH) ctrl.events.enqueue("ControllerChange", (done) => ctrl.elect(done));
    else if (path === paths.BROKER_IDS_PATH) ctrl.events.enqueue("BrokerChange", (done) => (ctrl.active ? handlers.brokerChange(ctrl, done) : done()));
    else if (path === paths.ISR_CHANGE_PATH)
      ctrl.events.enqueue("IsrChangeNotification", (done) => (ctrl.active ? handlers.isrChangeNotification(ctrl, done) : done()));
    void event;
  }

  /** Create the top-level paths, then the ephemeral registration (retried while the old session holds it). */
  private register(done: () => void): void {
    const createNext = (i: number): void => {
      if (i >= paths.TOP_LEVEL_PATHS.length) return this.registerBroker(done);
      this.zk.request({ op: "create", path: paths.TOP_LEVEL_PATHS[i]!, data: null, ephemeral: false, sequential: false }, () => createNext(i + 1));
    };
    createNext(0);
  }

  private registerBroker(done: () => void): void {
    const s = this.services;
    const path = paths.brokerIdPath(s.brokerId);
    const registered = (czxid: number) => {
      this.epoch = czxid;
      this.registrationRetry = null;
      const delayedMs = this.registrationDelayedSince >= 0 ? Math.round((s.ctx.now() - this.registrationDelayedSince) / 1000) : 0;
      this.registrationDelayedSince = -1;
      emit(s.ctx, "broker-registered", { broker: s.brokerId, brokerEpoch: czxid, ...(delayedMs > 0 ? { delayedMs } : {}) }, { mode: "zookeeper", path });
      done();
    };
    this.zk.request({ op: "create", path, data: { node: s.ctx.name } satisfies paths.BrokerZnode, ephemeral: true, sequential: false }, (r) => {
      if (r.code === "OK") return registered(r.stat!.czxid);
      if (r.code !== "NODEEXISTS") return done();
      this.zk.request({ op: "exists", path, watch: false }, (e) => {
        if (e.code === "OK" && e.stat!.ephemeralOwner === this.zk.sessionId) return registered(e.stat!.czxid);
        if (this.registrationDelayedSince < 0) {
          this.registrationDelayedSince = s.ctx.now();
          emit(s.ctx, "restart-delayed", { broker: s.brokerId }, { path });
        }
        this.registrationRetry = () => this.registerBroker(done);
        this.timer({ kind: "register-retry" }, ms(REGISTRATION_RETRY_MS));
      });
    });
  }

  private createTopics(from: string, request: CreateTopicsRequest): void {
    if (!this.controller.active) {
      const message = `broker-${this.services.brokerId} is not the controller; the controller is broker-${this.controller.controllerId}`;
      const response: CreateTopicsResponse = {
        type: "CreateTopicsResponse",
        correlationId: request.correlationId,
        topics: request.topics.map((t) => ({ name: t.name, error: "NOT_CONTROLLER", message })),
      };
      return this.send(from, response);
    }
    this.controller.events.enqueue("CreateTopics", (done) => handlers.createTopics(this.controller, from, request, done));
  }

  /** KafkaApis.handleCreatePartitionsRequest: only the controller broker takes it (NOT_CONTROLLER elsewhere). */
  private createPartitions(from: string, request: CreatePartitionsRequest): void {
    if (!this.controller.active) {
      const message = `broker-${this.services.brokerId} is not the controller; the controller is broker-${this.controller.controllerId}`;
      const response: CreatePartitionsResponse = {
        type: "CreatePartitionsResponse",
        correlationId: request.correlationId,
        topics: request.topics.map((t) => ({ name: t.name, error: "NOT_CONTROLLER", message })),
      };
      return this.send(from, response);
    }
    this.controller.events.enqueue("CreatePartitions", (done) => handlers.createPartitions(this.controller, from, request, done));
  }
}
