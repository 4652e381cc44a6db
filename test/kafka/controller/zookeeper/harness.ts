/** A ZooKeeper-mode cluster in a World: zk-1..K and brokers with a fake replica manager. */
import { Broker } from "../../../../src/kafka/broker/broker.js";
import { ConfigView } from "../../../../src/kafka/config-view.js";
import { createZkAgent, createZookeeperActor, type ZkAgent, type ZookeeperServer } from "../../../../src/kafka/controller/zookeeper/index.js";
import { MODERN_ZOOKEEPER, type ClusterSpec, type ProtocolFeatures } from "../../../../src/kafka/features.js";
import type { PartitionState } from "../../../../src/kafka/metadata/partition-state.js";
import type { CreateTopicsRequest } from "../../../../src/kafka/protocol/control.js";
import type { TraceRecord } from "../../../../src/sim/trace.js";
import { World } from "../../../../src/sim/world.js";
import { FakeReplicaManager } from "../fake-replica-manager.js";
import { mutantSet } from "../../../../src/kafka/mutant-names.js";
import { SimHarness } from "../../../sim-harness.js";

export interface HarnessOptions {
  brokers?: number;
  zookeepers?: number;
  seed?: number;
  brokerConfig?: Record<string, unknown>;
  bugs?: string[];
  features?: ProtocolFeatures;
}

export class ZkHarness extends SimHarness {
  readonly spec: ClusterSpec;
  readonly records: TraceRecord[] = [];
  readonly committed: { state: PartitionState; unclean: boolean; reason: string; atUs: number }[] = [];
  readonly leadership: { node: string; epoch: number; active: boolean; atUs: number }[] = [];
  readonly brokers = new Map<number, Broker>();

  constructor(options: HarnessOptions = {}) {
    const brokerCount = options.brokers ?? 3;
    const zkCount = options.zookeepers ?? 3;
    super(new World({ seed: options.seed ?? 1 }));
    this.world.trace.subscribe((r) => this.records.push(r));
    const brokerIds = Array.from({ length: brokerCount }, (_, i) => i + 1);
    const zkNodes = Array.from({ length: zkCount }, (_, i) => `zk-${i + 1}`);
    this.spec = { mode: "zookeeper", brokerIds, controllerNodes: zkNodes, features: options.features ?? MODERN_ZOOKEEPER, bugs: mutantSet(options.bugs ?? []) };
    const config = new ConfigView({
      "zookeeper.session.timeout.ms": 18000,
      "unclean.leader.election.enable": false,
      "controlled.shutdown.enable": true,
      ...options.brokerConfig,
    });
    const observer = {
      partitionCommitted: (state: PartitionState, context: { unclean: boolean; reason: string }) =>
        this.committed.push({ state, ...context, atUs: this.world.now }),
      controllerLeadership: (node: string, epoch: number, active: boolean) => this.leadership.push({ node, epoch, active, atUs: this.world.now }),
    };
    for (const node of zkNodes) this.world.addHost(node, "zookeeper", createZookeeperActor({ node, cluster: this.spec, config }));
    for (const brokerId of brokerIds) {
      this.world.addHost(`broker-${brokerId}`, "broker", (ctx) => {
        const broker = new Broker(ctx, {
          brokerId,
          cluster: this.spec,
          config,
          observer,
          parts: { replicaManager: (s) => new FakeReplicaManager(s), controllerAgent: createZkAgent },
        });
        this.brokers.set(brokerId, broker);
        return broker;
      });
    }
    for (const node of zkNodes) this.world.start(node);
    for (const id of brokerIds) this.world.start(`broker-${id}`);
  }

  agent(id: number): ZkAgent {
    return this.brokers.get(id)!.controllerAgent as unknown as ZkAgent;
  }

  replicaManager(id: number): FakeReplicaManager {
    return this.brokers.get(id)!.replicaManager as unknown as FakeReplicaManager;
  }

  zk(name: string): ZookeeperServer {
    return this.world.host(name)!.actor as unknown as ZookeeperServer;
  }

  /** The broker id currently holding /controller, as the live agents see it. */
  activeController(): number | null {
    for (const [id, broker] of [...this.brokers].sort((a, b) => a[0] - b[0])) {
      const host = this.world.host(`broker-${id}`)!;
      if (host.alive && host.actor === broker && (broker.controllerAgent as unknown as ZkAgent).controller.active) return id;
    }
    return null;
  }

  /** Create topics through the current controller (injected as the admin client would send it). */
  createTopic(name: string, partitions: number, replicationFactor: number, config: Record<string, unknown> = {}): void {
    const controller = this.activeController();
    if (controller === null) throw new Error("no active controller");
    const request: CreateTopicsRequest = { type: "CreateTopics", correlationId: 1, topics: [{ name, partitions, replicationFactor, config }] };
    this.world.inject(`broker-${controller}`, request);
  }

  /** The controller's committed state of a partition (last partitionCommitted). */
  lastCommitted(topic: string, partition: number): PartitionState | undefined {
    return [...this.committed].reverse().find((c) => c.state.topic === topic && c.state.partition === partition)?.state;
  }

  ofType(type: string): TraceRecord[] {
    return this.records.filter((r) => r.type === type);
  }

  /** A started cluster with a controller and, optionally, a topic. */
  static ready(options: HarnessOptions & { topic?: { name: string; partitions: number; rf: number; config?: Record<string, unknown> } } = {}): ZkHarness {
    const h = new ZkHarness(options);
    h.runFor(10_000);
    if (options.topic) {
      h.createTopic(options.topic.name, options.topic.partitions, options.topic.rf, options.topic.config);
      h.runFor(2_000);
    }
    return h;
  }
}
