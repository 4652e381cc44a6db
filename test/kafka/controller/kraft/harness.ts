/**
 * Test harness for KRaft: a World with controller-1..K (real Raft + quorum controller) and
 * broker-1..N (Broker shell + a fake replica manager + the real KRaft agent), plus an admin actor
 * that creates topics, retrying until a controller accepts.
 */
import type { Actor, ActorContext, Message } from "../../../../src/sim/actor.js";
import { ms } from "../../../../src/sim/time.js";
import { World } from "../../../../src/sim/world.js";
import type { TraceRecord } from "../../../../src/sim/trace.js";
import { Broker } from "../../../../src/kafka/broker/broker.js";
import { ConfigView } from "../../../../src/kafka/config-view.js";
import { resolveBrokerConfig } from "../../../../src/kafka/config/resolve.js";
import { MODERN_KRAFT, type ClusterSpec } from "../../../../src/kafka/features.js";
import type { PartitionState } from "../../../../src/kafka/metadata/partition-state.js";
import type { ClusterObserver } from "../../../../src/kafka/observer.js";
import type { CreateTopicsRequest, CreateTopicsResponse } from "../../../../src/kafka/protocol/control.js";
import { FakeReplicaManager } from "../fake-replica-manager.js";
import { createKraftAgent, createKraftControllerActor, KraftControllerActor } from "../../../../src/kafka/controller/kraft/index.js";
import { mutantSet } from "../../../../src/kafka/mutant-names.js";
import { SimHarness } from "../../../sim-harness.js";

class AdminActor implements Actor {
  private correlationId = 1;
  private target = 0;
  constructor(
    private readonly ctx: ActorContext,
    private readonly voters: string[],
    private readonly topics: CreateTopicsRequest["topics"],
    readonly results: CreateTopicsResponse[],
  ) {}
  onStart(): void {
    this.ctx.setTimer(ms(100), "send");
  }
  onTimer(): void {
    if (this.done) return;
    this.ctx.send(this.voters[this.target % this.voters.length]!, {
      type: "CreateTopics",
      correlationId: this.correlationId++,
      topics: this.topics,
    } satisfies CreateTopicsRequest as Message);
    this.ctx.setTimer(ms(2000), "check");
  }
  onMessage(_from: string, message: Message): void {
    const response = message as CreateTopicsResponse;
    this.results.push(response);
    if (response.topics.every((t) => t.error === "NONE" || t.error === "TOPIC_ALREADY_EXISTS")) this.done = true;
    else this.target++;
  }
  done = false;
}

export interface KraftClusterOptions {
  seed: number;
  controllers?: number;
  brokers?: number;
  elr?: boolean;
  /** KIP-996 pre-vote (default: on, as in Kafka 4.x). */
  preVote?: boolean;
  bugs?: string[];
  brokerConfig?: Record<string, unknown>;
  topics?: CreateTopicsRequest["topics"];
}

export interface CommittedChange {
  state: PartitionState;
  unclean: boolean;
  reason: string;
  atUs: number;
}

export class KraftCluster extends SimHarness {
  readonly spec: ClusterSpec;
  readonly config: ConfigView;
  readonly committed: CommittedChange[] = [];
  readonly leadership: { node: string; epoch: number; active: boolean; atUs: number }[] = [];
  readonly adminResults: CreateTopicsResponse[] = [];
  readonly brokers = new Map<number, Broker>();
  readonly controllers = new Map<string, KraftControllerActor>();
  readonly records: TraceRecord[] = [];

  constructor(readonly options: KraftClusterOptions) {
    super(new World({ seed: options.seed }), 5_000_000);
    this.world.trace.subscribe((record) => this.records.push(record));
    const k = options.controllers ?? 3;
    const n = options.brokers ?? 3;
    this.spec = {
      mode: "kraft",
      brokerIds: Array.from({ length: n }, (_, i) => i + 1),
      controllerNodes: Array.from({ length: k }, (_, i) => `controller-${i + 1}`),
      features: { ...MODERN_KRAFT, eligibleLeaderReplicas: options.elr ?? true, preVote: options.preVote ?? true },
      bugs: mutantSet(options.bugs ?? []),
    };
    const resolved = resolveBrokerConfig(options.brokerConfig, { mode: "kraft" });
    this.config = new ConfigView(resolved.config as unknown as Record<string, unknown>);
    const observer: ClusterObserver = {
      partitionCommitted: (state, context) => this.committed.push({ state, ...context, atUs: this.world.now }),
      controllerLeadership: (node, epoch, active) => this.leadership.push({ node, epoch, active, atUs: this.world.now }),
    };
    for (const node of this.spec.controllerNodes) {
      const factory = createKraftControllerActor({ node, cluster: this.spec, config: this.config, observer });
      this.world.addHost(node, "controller", (ctx) => {
        const actor = factory(ctx) as KraftControllerActor;
        this.controllers.set(node, actor);
        return actor;
      });
    }
    for (const id of this.spec.brokerIds) {
      this.world.addHost(`broker-${id}`, "broker", (ctx) => {
        const broker = new Broker(ctx, {
          brokerId: id,
          cluster: this.spec,
          config: this.config,
          observer: {},
          parts: { replicaManager: (s) => new FakeReplicaManager(s), controllerAgent: createKraftAgent },
        });
        this.brokers.set(id, broker);
        return broker;
      });
    }
    if (options.topics) {
      const topics = options.topics;
      this.world.addHost("admin", "client", (ctx) => new AdminActor(ctx, this.spec.controllerNodes, topics, this.adminResults));
    }
  }

  startAll(): this {
    for (const node of this.spec.controllerNodes) this.world.start(node);
    for (const id of this.spec.brokerIds) this.world.start(`broker-${id}`);
    if (this.options.topics) this.world.start("admin");
    return this;
  }

  /** The running controller that is active (Raft leader with its LeaderChange committed). */
  activeController(): KraftControllerActor | null {
    const active = [...this.controllers.entries()].filter(([node, c]) => this.world.host(node)!.alive && c.core.active);
    active.sort((a, b) => b[1].raft.epoch - a[1].raft.epoch);
    return active[0]?.[1] ?? null;
  }

  fakeReplicaManager(id: number): FakeReplicaManager {
    return this.brokers.get(id)!.replicaManager as unknown as FakeReplicaManager;
  }

  /** The committed partition state as the active controller knows it. */
  partition(topic: string, partition: number): PartitionState | undefined {
    return this.activeController()?.core.state.partition(topic, partition);
  }

  traces(type: string): TraceRecord[] {
    return this.records.filter((r) => r.type === type);
  }
}
