/**
 * The broker's ZooKeeper-mode agent (`controller-agent` component): it holds the broker's ZooKeeper
 * session, registers the ephemeral /brokers/ids/<id> (broker epoch = its czxid), runs the embedded
 * controller (election, failover, events), answers control requests from the controller, and sends
 * AlterPartition and ControlledShutdown to it. A crash does not close the session: its ephemeral
 * znodes live until the session times out, so a broker restarted inside the old session waits (a
 * supervisor retries every second) until it can register again.
 */
import type { Message } from "../../../sim/actor.js";
import { ms } from "../../../sim/time.js";
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
import { ZK_CLIENT_MESSAGE_TYPES, type ZkEventType } from "../../protocol/zookeeper.js";
import { BrokerControlHandler } from "./broker-side.js";
import { ControllerClient, controllerNodeOf } from "./controller-client.js";
import * as handlers from "./controller-handlers.js";
import { writeIsrDirectly } from "./legacy-isr-writer.js";
import * as paths from "./paths.js";
import { ZkClient, type ZkSessionEvent } from "./zk-client.js";
import { ZkController } from "./zk-controller.js";
import { ControlledShutdownSequence } from "./controlled-shutdown.js";

/** How often the supervisor retries a registration blocked by the previous session's znode. */
const REGISTRATION_RETRY_MS = 1000;
const REGISTER_RETRY = { agent: "register-retry" };

/** Builds the ZooKeeper-mode controller agent of a broker. */
export function createZkAgent(services: BrokerServices): BrokerComponent & ControllerAgentApi {
  return new ZkAgent(services);
}

export class ZkAgent implements BrokerComponent, ControllerAgentApi {
  readonly name = "controller-agent";
  readonly handles = [
    ...ZK_CLIENT_MESSAGE_TYPES,
    "LeaderAndIsr",
    "UpdateMetadata",
    "StopReplica",
    "LeaderAndIsrResponse",
    "UpdateMetadataResponse",
    "StopReplicaResponse",
    "AlterPartition",
    "AlterPartitionResponse",
    "ControlledShutdown",
    "ControlledShutdownResponse",
    "CreateTopics",
    "CreatePartitions",
  ] as const;
  readonly zk: ZkClient;
  readonly controller: ZkController;
  readonly control: BrokerControlHandler;
  readonly toController: ControllerClient;
  private epoch = -1;
  private registrationDelayedSince = -1;
  private registrationRetry: (() => void) | null = null;
  private shutdown: ControlledShutdownSequence | null = null;

  constructor(readonly services: BrokerServices) {
    const ctx = services.ctx;
    const timer = (payload: unknown, delayUs: number) => void services.setTimer(this.name, payload, delayUs);
    this.zk = new ZkClient(
      { now: () => ctx.now(), send: (to, m) => ctx.send(to, m), disconnect: (p) => ctx.disconnect(p), setTimer: timer, random: ctx.random },
      services.cluster.controllerNodes,
      services.config.int("zookeeper.session.timeout.ms"),
    );
    this.zk.sessionListener = (event) => this.onSessionEvent(event);
    this.zk.watchListener = (event, path) => this.onWatch(event, path);
    this.controller = new ZkController({ services, zk: () => this.zk, setTimer: timer, send: (to, m) => this.send(to, m) });
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
      setTimer: timer,
    });
  }

  /**
   * Send to a node; a message to this very broker (the controller talking to its own broker) is
   * handed over locally, after the current event, rather than through the network.
   */
  send(to: string, message: Message): void {
    if (to === this.services.ctx.name) this.services.setTimer(this.name, { self: message }, 0);
    else this.services.ctx.send(to, message);
  }

  brokerEpoch(): number {
    return this.epoch;
  }

  start(): void {
    this.zk.start();
  }

  onMessage(from: string, message: Message): void {
    const type = message.type;
    if ((ZK_CLIENT_MESSAGE_TYPES as readonly string[]).includes(type)) return this.zk.onMessage(from, message);
    switch (type) {
      case "LeaderAndIsr":
      case "UpdateMetadata":
      case "StopReplica": {
        const before = this.services.metadata.controllerId;
        this.control.handle(from, message as C.ControllerToBrokerRequest);
        if (this.services.metadata.controllerId !== before) this.toController.controllerChanged();
        return;
      }
      case "LeaderAndIsrResponse":
      case "UpdateMetadataResponse":
      case "StopReplicaResponse":
        return this.controller.channels.answered(from, (message as C.ControllerToBrokerResponse).correlationId);
      case "AlterPartition":
        return this.controller.events.enqueue("AlterPartition", (done) =>
          handlers.alterPartition(this.controller, from, message as AlterPartitionRequest, done),
        );
      case "ControlledShutdown":
        return this.controller.events.enqueue("ControlledShutdown", (done) =>
          handlers.controlledShutdown(this.controller, from, message as C.ControlledShutdownRequest, done),
        );
      case "CreateTopics":
        return this.createTopics(from, message as CreateTopicsRequest);
      case "CreatePartitions":
        return this.createPartitions(from, message as CreatePartitionsRequest);
      case "AlterPartitionResponse":
      case "ControlledShutdownResponse":
        this.toController.onResponse(from, message as Message & { correlationId: number; error: string });
        return;
    }
  }

  onTimer(payload: unknown): void {
    if (payload === REGISTER_RETRY) return this.registrationRetry?.();
    const p = payload as Record<string, unknown>;
    if ("self" in p) return this.onMessage(this.services.ctx.name, p.self as Message);
    if ("zkClient" in p) return this.zk.onTimer(payload);
    if ("channel" in p) return this.controller.channels.onTimer();
    if ("controllerClient" in p) return this.toController.onTimer();
    if ("shutdown" in p) return this.shutdown?.onTimer(payload);
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
      this.services.replicaManager().handleAlterPartitionResponse({ ...(response as unknown as AlterPartitionResponse), correlationId: original });
    });
  }

  beginControlledShutdown(done: () => void): void {
    this.shutdown = new ControlledShutdownSequence(this, () => {
      this.controller.resign("the broker is shutting down");
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
      this.services.ctx.trace("session-expired", {
        broker: this.services.brokerId,
        rule: "this broker's ZooKeeper session expired (no ping reached ZooKeeper within zookeeper.session.timeout.ms): its ephemeral znodes are gone; it opens a new session and registers again",
      });
      this.controller.events.enqueue("Expire", (done) => {
        this.controller.resign("the controller's ZooKeeper session expired");
        done();
      });
    }
  }

  private onWatch(event: ZkEventType, path: string): void {
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
      s.ctx.trace("broker-registered", {
        broker: s.brokerId,
        brokerEpoch: czxid,
        ...(delayedMs > 0 ? { delayedMs } : {}),
        rule: `broker-${s.brokerId} created the ephemeral ${path}; its czxid ${czxid} is the broker epoch (KIP-380)`,
      });
      done();
    };
    this.zk.request({ op: "create", path, data: { node: s.ctx.name } satisfies paths.BrokerZnode, ephemeral: true, sequential: false }, (r) => {
      if (r.code === "OK") return registered(r.stat!.czxid);
      if (r.code !== "NODEEXISTS") return done();
      this.zk.request({ op: "exists", path, watch: false }, (e) => {
        if (e.code === "OK" && e.stat!.ephemeralOwner === this.zk.sessionId) return registered(e.stat!.czxid);
        if (this.registrationDelayedSince < 0) {
          this.registrationDelayedSince = s.ctx.now();
          s.ctx.trace("restart-delayed", {
            broker: s.brokerId,
            rule: `previous ZooKeeper session still alive: ${path} still belongs to the crashed incarnation's session, so registration fails with NODEEXISTS until that session expires (zookeeper.session.timeout.ms); the supervisor retries every second`,
          });
        }
        this.registrationRetry = () => this.registerBroker(done);
        s.setTimer(this.name, REGISTER_RETRY, ms(REGISTRATION_RETRY_MS));
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
      return this.send(from, response as never);
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
      return this.send(from, response as never);
    }
    this.controller.events.enqueue("CreatePartitions", (done) => handlers.createPartitions(this.controller, from, request, done));
  }
}
