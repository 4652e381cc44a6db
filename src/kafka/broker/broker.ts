/**
 * The broker actor: a thin shell that builds its components from the disk at start, routes each
 * message type to the component that handles it, answers Metadata from its cache, and performs
 * the scenario's `shutdown` (controlled shutdown, then a clean exit).
 */
import type { Actor, ActorContext, Message, Timer } from "../../sim/actor.js";
import { dispatch, type HandlerTable } from "../../sim/handlers.js";
import type { EventId } from "../../sim/scheduler.js";
import type { ConfigView } from "../config-view.js";
import type { ClusterSpec } from "../features.js";
import { MetadataImage } from "../metadata/image.js";
import type { ClusterObserver } from "../observer.js";
import type { MetadataRequest, MetadataResponse } from "../protocol/metadata.js";
import type { BrokerComponent, BrokerServices, ControllerAgentApi, GroupCoordinatorApi, ReplicaManagerApi } from "./services.js";
import { emit } from "../explain/catalogue.js";
import type { BrokerExit } from "../explain/controllers.js";

/** Sent by the scenario runner (via World.inject) to ask for a controlled shutdown. */
export interface ControlledShutdownCommand {
  type: "ControlledShutdownCommand";
}

export interface BrokerParts {
  replicaManager: (services: BrokerServices) => BrokerComponent & ReplicaManagerApi;
  controllerAgent: (services: BrokerServices) => BrokerComponent & ControllerAgentApi;
  groupCoordinator?: (services: BrokerServices) => BrokerComponent & GroupCoordinatorApi;
  /** Further components (producer-id manager, ...). */
  extra?: ((services: BrokerServices) => BrokerComponent)[];
}

export interface BrokerOptions {
  brokerId: number;
  cluster: ClusterSpec;
  config: ConfigView;
  observer: ClusterObserver;
  parts: BrokerParts;
}

/** The broker's one timer kind: a component's own timer, handed back to that component. */
interface ComponentTimer extends Timer {
  readonly kind: "component";
  readonly component: string;
  readonly timer: Timer;
}

/** The messages the broker shell answers itself; every other type goes to the component that handles it. */
type BrokerShellMessage = MetadataRequest | ControlledShutdownCommand;

export class Broker implements Actor<ComponentTimer> {
  readonly metadata = new MetadataImage();
  readonly services: BrokerServices;
  readonly replicaManager: BrokerComponent & ReplicaManagerApi;
  readonly controllerAgent: BrokerComponent & ControllerAgentApi;
  readonly groupCoordinator: (BrokerComponent & GroupCoordinatorApi) | null;
  private readonly components: BrokerComponent[] = [];
  private readonly routes = new Map<string, BrokerComponent>();
  private readonly byName = new Map<string, BrokerComponent>();
  private shuttingDown = false;
  private readonly handlers: HandlerTable<BrokerShellMessage> = {
    Metadata: (from, m) => this.answerMetadata(from, m),
    ControlledShutdownCommand: () => this.controlledShutdown(),
  };

  constructor(
    readonly ctx: ActorContext<Message, ComponentTimer>,
    readonly options: BrokerOptions,
  ) {
    const broker = this;
    this.services = {
      ctx,
      brokerId: options.brokerId,
      cluster: options.cluster,
      config: options.config,
      metadata: this.metadata,
      observer: options.observer,
      topicConfig: (topic) => options.config.overlay(broker.metadata.topicConfig(topic)),
      setTimer: (component, timer, delayUs): EventId => ctx.setTimer(delayUs, { kind: "component", component, timer }),
      replicaManager: () => broker.replicaManager,
      controllerAgent: () => broker.controllerAgent,
      groupCoordinator: () => broker.groupCoordinator,
      exitProcess: (reason) => broker.exitProcess(reason),
    };
    const parts = options.parts;
    this.replicaManager = this.add(parts.replicaManager(this.services));
    this.controllerAgent = this.add(parts.controllerAgent(this.services));
    this.groupCoordinator = parts.groupCoordinator ? this.add(parts.groupCoordinator(this.services)) : null;
    for (const extra of parts.extra ?? []) this.add(extra(this.services));
  }

  onStart(): void {
    for (const component of this.components) component.start();
  }

  onMessage(from: string, message: Message): void {
    if (dispatch(this.handlers, from, message)) return;
    const component = this.routes.get(message.type);
    if (component) component.onMessage(from, message);
    else this.ctx.trace("unhandled-message", { from, message: message.type });
  }

  onTimer(timer: ComponentTimer): void {
    this.byName.get(timer.component)?.onTimer(timer.timer);
  }

  onConnectionReset(peer: string): void {
    for (const component of this.components) component.onConnectionReset?.(peer);
  }

  private add<T extends BrokerComponent>(component: T): T {
    this.components.push(component);
    this.byName.set(component.name, component);
    for (const type of component.handles) {
      if (type in this.handlers) throw new Error(`message type ${type} claimed by ${component.name} and the broker itself`);
      if (this.routes.has(type)) throw new Error(`message type ${type} claimed by ${this.routes.get(type)!.name} and ${component.name}`);
      this.routes.set(type, component);
    }
    return component;
  }

  /** System.exit(1) from a broker thread: the JVM's shutdown hook runs the controlled shutdown, then the process ends. */
  private exitProcess(cause: BrokerExit): void {
    if (this.shuttingDown) return;
    emit(this.ctx, "broker-exit", { broker: this.options.brokerId }, cause);
    this.controlledShutdown();
  }

  private controlledShutdown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.ctx.trace("controlled-shutdown-start", { broker: this.options.brokerId });
    this.controllerAgent.beginControlledShutdown(() => {
      this.replicaManager.shutdown();
      this.ctx.trace("controlled-shutdown-complete", { broker: this.options.brokerId });
      this.ctx.exit();
    });
  }

  private answerMetadata(from: string, request: MetadataRequest): void {
    const image = this.metadata;
    const names = request.topics ?? [...image.topics.keys()].sort();
    const response: MetadataResponse = {
      type: "MetadataResponse",
      correlationId: request.correlationId,
      controllerId: image.controllerId,
      brokers: [...image.brokers.values()]
        .filter((b) => !b.fenced)
        .sort((a, b) => a.id - b.id)
        .map((b) => ({ id: b.id, node: b.node })),
      topics: names.map((name) => {
        const topic = image.topics.get(name);
        if (!topic) return { name, error: "UNKNOWN_TOPIC_OR_PARTITION" as const, partitions: [] };
        const partitions = [];
        for (let p = 0; p < topic.partitionCount; p++) {
          const state = image.partition(name, p);
          if (!state) continue;
          partitions.push({
            partition: p,
            error: state.leader < 0 ? ("LEADER_NOT_AVAILABLE" as const) : ("NONE" as const),
            leader: state.leader,
            leaderEpoch: state.leaderEpoch,
            replicas: [...state.replicas],
            isr: [...state.isr],
          });
        }
        return { name, error: "NONE" as const, partitions };
      }),
    };
    this.ctx.send(from, response);
  }
}
