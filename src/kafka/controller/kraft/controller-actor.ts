/**
 * A KRaft controller node (`controller-1..K`): a Raft voter on `__cluster_metadata` with the
 * quorum controller state machine on top (docs/kafka-rules.md §4.2). On restart everything is rebuilt
 * from the disk: the metadata log and the quorum-state checkpoint; committed records are replayed
 * as the node learns the high watermark again.
 */
import type { Actor, ActorContext, ActorFactory, Message } from "../../../sim/actor.js";
import { dispatch, fireTimer, mergeTables, type HandlerTable, type TimerTable } from "../../../sim/handlers.js";
import type { ConfigView } from "../../config-view.js";
import type { ClusterSpec } from "../../features.js";
import type { ClusterObserver } from "../../observer.js";
import type { AlterPartitionRequest, CreatePartitionsRequest, CreateTopicsRequest } from "../../protocol/control.js";
import type { BrokerHeartbeatRequest, BrokerRegistrationRequest, MetadataLogEntry } from "../../protocol/kraft.js";
import { BrokerLifecycle } from "./broker-lifecycle.js";
import { ControllerRequests } from "./controller-requests.js";
import { METADATA_LOG_FILE, MetadataLog } from "./metadata-log.js";
import { QuorumControllerCore, type ControllerTimer } from "./quorum-controller.js";
import { QUORUM_STATE_FILE, QuorumStateStore, type PersistedQuorumState } from "./quorum-state.js";
import { RaftNode, type RaftMessage, type RaftTimer } from "./raft.js";
import { readRaftConfig } from "./settings.js";

/** The requests a controller node answers besides Raft's own messages. */
type ControllerRequest = BrokerRegistrationRequest | BrokerHeartbeatRequest | AlterPartitionRequest | CreateTopicsRequest | CreatePartitionsRequest;

/** Every timer of a controller node: its Raft node's and its quorum controller's. */
type ControllerNodeTimer = RaftTimer | ControllerTimer;

export interface KraftControllerOptions {
  /** This node's name (controller-N). */
  node: string;
  cluster: ClusterSpec;
  /** Controller (and broker) configs: controller.quorum.*, broker.session.timeout.ms, ... */
  config: ConfigView;
  observer: ClusterObserver;
}

export class KraftControllerActor implements Actor<ControllerNodeTimer> {
  readonly log: MetadataLog;
  readonly raft: RaftNode;
  readonly core: QuorumControllerCore;
  private readonly lifecycle: BrokerLifecycle;
  private readonly requests: ControllerRequests;
  private readonly handlers: HandlerTable<RaftMessage | ControllerRequest>;
  private readonly timers: TimerTable<ControllerNodeTimer>;

  constructor(
    readonly ctx: ActorContext<Message, ControllerNodeTimer>,
    readonly options: KraftControllerOptions,
  ) {
    this.log = new MetadataLog(ctx.disk.appendFile<MetadataLogEntry>(METADATA_LOG_FILE));
    const store = new QuorumStateStore(ctx.disk.checkpoint<PersistedQuorumState>(QUORUM_STATE_FILE));
    const self = this;
    this.raft = new RaftNode(
      {
        name: ctx.name,
        random: ctx.random.fork("raft"),
        now: () => ctx.now(),
        send: (to, message) => ctx.send(to, message),
        disconnect: (peer) => ctx.disconnect(peer),
        setTimer: (delayUs, payload) => ctx.setTimer(delayUs, payload),
        cancelTimer: (id) => ctx.cancelTimer(id),
        trace: (type, fields) => ctx.trace(type, fields),
      },
      options.cluster.controllerNodes,
      this.log,
      readRaftConfig(options.config, options.cluster.features.preVote),
      {
        onCommitted: (entries) => {
          options.observer.raftCommitted?.(ctx.name, entries);
          self.core.onCommitted(entries);
        },
        onBecomeLeader: (epoch) =>
          options.observer.raftLeaderElected?.(ctx.name, epoch, {
            endOffset: self.log.endOffset,
            entryAt: (offset) => self.log.entry(offset),
          }),
        onResign: (epoch) => self.core.onResign(epoch),
      },
      store,
      options.cluster.bugs.has("raft-vote-any-log"),
    );
    this.core = new QuorumControllerCore(
      {
        name: ctx.name,
        now: () => ctx.now(),
        send: (to, message) => ctx.send(to, message),
        trace: (type, fields) => ctx.trace(type, fields),
        setTimer: (delayUs, payload) => ctx.setTimer(delayUs, payload),
        cancelTimer: (id) => ctx.cancelTimer(id),
      },
      this.raft,
      this.log,
      options.cluster,
      options.config,
      options.observer,
      ctx.random.fork("controller"),
    );
    this.lifecycle = new BrokerLifecycle(this.core);
    this.requests = new ControllerRequests(this.core);
    const requests: HandlerTable<ControllerRequest> = {
      BrokerRegistration: (from, m) => this.lifecycle.handleRegistration(from, m),
      BrokerHeartbeat: (from, m) => this.lifecycle.handleHeartbeat(from, m),
      AlterPartition: (from, m) => this.requests.handleAlterPartition(from, m),
      CreateTopics: (from, m) => this.requests.handleCreateTopics(from, m),
      CreatePartitions: (from, m) => this.requests.handleCreatePartitions(from, m),
    };
    this.handlers = mergeTables(this.raft.handlers, requests);
    const controllerTimers: TimerTable<ControllerTimer> = {
      noop: () => this.core.onNoOpTimer(),
      "session-check": () => this.lifecycle.onSessionCheck(),
    };
    this.timers = mergeTables(this.raft.timers, controllerTimers);
  }

  onStart(): void {
    this.raft.start();
  }

  onMessage(from: string, message: Message): void {
    if (!dispatch(this.handlers, from, message)) this.ctx.trace("unhandled-message", { from, message: message.type });
  }

  onTimer(timer: ControllerNodeTimer): void {
    fireTimer(this.timers, timer);
  }

  onConnectionReset(peer: string): void {
    this.raft.onConnectionReset(peer);
  }
}

/** The actor factory for a KRaft controller node. */
export function createKraftControllerActor(options: KraftControllerOptions): ActorFactory {
  return (ctx) => new KraftControllerActor(ctx, options);
}
