/**
 * Builds the simulated cluster of a scenario: the world, brokers, controllers (KRaft voters or a
 * ZooKeeper ensemble), the admin client that creates the topics, producers and consumers; wires
 * the invariant monitor and the timeline to the model.
 */
import { AdminClient } from "../../kafka/admin/admin-client.js";
import { Broker } from "../../kafka/broker/broker.js";
import { ConfigView } from "../../kafka/config-view.js";
import { resolveTopicConfig } from "../../kafka/config/resolve.js";
import type { ClusterSpec as KafkaClusterSpec } from "../../kafka/features.js";
import { OFFSETS_TOPIC } from "../../kafka/group/partition-for.js";
import { HistoryRecorder } from "../../kafka/history.js";
import { brokerIdOf, brokerNode } from "../../kafka/metadata/partition-state.js";
import { InvariantMonitor } from "../../check/invariants/monitor.js";
import type { ClusterProbe } from "../../check/invariants/types.js";
import type { LatencyModel } from "../../sim/latency.js";
import type { Host } from "../../sim/host.js";
import { World } from "../../sim/world.js";
import { effectiveMinIsr } from "../../kafka/replication/settings.js";
import type { PartitionState } from "../../kafka/metadata/partition-state.js";
import type { Scenario } from "../types.js";
import { ClusterView } from "./cluster-view.js";
import { brokerParts, consumerActor, controllerActor, producerActor, type ClientEnvironment } from "./parts.js";
import { TimelineCollector } from "./timeline.js";
import { mutantSet } from "../../kafka/mutant-names.js";

export interface BuiltCluster {
  world: World;
  spec: KafkaClusterSpec;
  /** The current incarnation's broker actor by id (replaced at every restart). */
  brokers: Map<number, Broker>;
  history: HistoryRecorder;
  monitor: InvariantMonitor;
  view: ClusterView;
  timeline: TimelineCollector;
  admin: () => AdminClient | null;
  nodes: { brokers: string[]; controllers: string[]; producers: string[]; consumers: string[]; all: string[] };
  /** Topics whose partitions the checker and the drain judge (scenario topics + internal). */
  topics: { name: string; partitions: number; internal: boolean }[];
}

function latencyModel(scenario: Scenario): LatencyModel {
  const { base, tail, tailProbability } = scenario.cluster.network.latency;
  const uniform: LatencyModel = base.minUs === base.maxUs ? { kind: "fixed", us: base.minUs } : { kind: "uniform", minUs: base.minUs, maxUs: base.maxUs };
  if (!tail || tailProbability <= 0) return uniform;
  return { kind: "long-tail", base: uniform, tailProbability, tailMinUs: tail.minUs, tailMaxUs: tail.maxUs };
}

function kafkaClusterSpec(scenario: Scenario): KafkaClusterSpec {
  const { protocol } = scenario.cluster;
  const f = protocol.features;
  return {
    mode: scenario.cluster.controller.mode,
    brokerIds: scenario.cluster.brokerNames.map(brokerIdOf),
    controllerNodes: [...scenario.cluster.controller.nodeNames],
    features: {
      preset: `${protocol.preset} (Kafka ${protocol.kafkaVersion}, ${protocol.mode === "kraft" ? "KRaft" : "ZooKeeper"})`,
      leaderEpochs: f.leaderEpochs,
      epochCheckedTruncation: f.epochCheckedTruncation,
      strictMinIsr: f.strictMinIsr,
      eligibleLeaderReplicas: f.eligibleLeaderReplicas && protocol.mode === "kraft",
      idempotence: f.idempotence,
      isrChangesViaController: f.isrChangesViaController,
      preVote: f.preVote && protocol.mode === "kraft",
    },
    bugs: mutantSet(scenario.cluster.bugs),
  };
}

/**
 * For `write-downtime`: the ISR size the leader requires of an acks=all write to a partition
 * (min(min.insync.replicas, replication factor) since Kafka 3.7, min.insync.replicas itself before;
 * Partition.effectiveMinIsr), or null for a topic no acks=all producer writes to.
 */
export function writeMinIsr(scenario: Scenario, spec: KafkaClusterSpec): (state: PartitionState) => number | null {
  const minIsrByTopic = new Map<string, number>();
  for (const producer of scenario.producers) {
    if (producer.config.acks !== "all") continue;
    const topic = scenario.topics.find((t) => t.name === producer.topic);
    if (topic) minIsrByTopic.set(topic.name, topic.config["min.insync.replicas"] as number);
  }
  return (state) => {
    const minIsr = minIsrByTopic.get(state.topic);
    if (minIsr === undefined) return null;
    return spec.features.strictMinIsr ? effectiveMinIsr(minIsr, Math.max(1, state.replicas.length)) : Math.max(1, minIsr);
  };
}

export function buildCluster(scenario: Scenario, seed: number): BuiltCluster {
  const world = new World({ seed, latency: latencyModel(scenario) });
  const spec = kafkaClusterSpec(scenario);
  const brokers = new Map<number, Broker>();
  // A broker's host outlives its incarnations: look it up by name once (the monitor asks per append).
  const brokerHosts = new Map<number, Host>();
  const brokerHost = (broker: number): Host | undefined => {
    let host = brokerHosts.get(broker);
    if (host === undefined) {
      host = world.host(brokerNode(broker));
      if (host !== undefined) brokerHosts.set(broker, host);
    }
    return host;
  };
  const probe: ClusterProbe = {
    replicaLog(broker, topic, partition) {
      const host = brokerHost(broker);
      if (!host || !host.alive) return null;
      return brokers.get(broker)?.replicaManager.localLog(topic, partition) ?? null;
    },
  };
  const monitor = new InvariantMonitor(probe, () => world.now, { zookeeperMode: spec.mode === "zookeeper" });
  const view = new ClusterView(monitor, () => world.now);
  const timeline = new TimelineCollector();
  world.trace.subscribe((record) => timeline.onRecord(record));
  view.brokerRunning = (broker) => brokerHost(broker)?.status === "running";
  view.writeMinIsr = writeMinIsr(scenario, spec);
  world.trace.subscribe((record) => {
    // A broker ending its own controlled shutdown; the runner's own operations call hostChanged().
    if (record.type === "host-stop" && typeof record.node === "string" && record.node.startsWith("broker-")) view.hostChanged();
  });
  const history = new HistoryRecorder();
  const brokerConfig = new ConfigView(scenario.cluster.brokerConfig as unknown as Record<string, unknown>);

  const brokerNames = [...scenario.cluster.brokerNames];
  for (const name of brokerNames) {
    const brokerId = brokerIdOf(name);
    world.addHost(name, "broker", (ctx) => {
      const broker = new Broker(ctx, { brokerId, cluster: spec, config: brokerConfig, observer: view, parts: brokerParts(spec) });
      brokers.set(brokerId, broker);
      return broker;
    });
  }
  const controllers = [...scenario.cluster.controller.nodeNames];
  for (const node of controllers) world.addHost(node, spec.mode === "kraft" ? "controller" : "zookeeper", controllerActor(node, spec, brokerConfig, view));

  const topics = scenario.topics.map((t) => ({ name: t.name, partitions: t.partitions, internal: false }));
  const adminTopics = scenario.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions,
    replicationFactor: t.replicationFactor,
    config: { ...t.config } as Record<string, unknown>,
  }));
  if (scenario.consumers.length > 0) {
    const { partitions, replicationFactor } = scenario.cluster.offsetsTopic;
    const config = resolveTopicConfig(scenario.cluster.brokerConfig, {}).config as unknown as Record<string, unknown>;
    adminTopics.push({ name: OFFSETS_TOPIC, partitions, replicationFactor, config });
    topics.push({ name: OFFSETS_TOPIC, partitions, internal: true });
  }
  let admin: AdminClient | null = null;
  world.addHost("admin", "admin", (ctx) => {
    admin = new AdminClient(ctx, {
      candidates: spec.mode === "kraft" ? controllers : brokerNames,
      topics: adminTopics,
      initialDelayUs: 100_000,
      requestTimeoutMs: 5000,
      retryBackoffMs: 250,
    });
    return admin;
  });

  const clientEnv: ClientEnvironment = { spec, bootstrap: brokerNames, history, stopUs: scenario.durationUs };
  const producers = scenario.producers.map((p) => p.name);
  for (const producer of scenario.producers) {
    world.addHost(producer.name, "producer", producerActor(producer, new ConfigView(producer.config as unknown as Record<string, unknown>), clientEnv));
  }
  const consumers: string[] = [];
  for (const group of scenario.consumers) {
    for (const instance of group.instanceNames) {
      consumers.push(instance);
      world.addHost(instance, "consumer", consumerActor(group, instance, new ConfigView(group.config as unknown as Record<string, unknown>), clientEnv));
    }
  }
  const all = [...brokerNames, ...controllers, ...producers, ...consumers];
  return {
    world,
    spec,
    brokers,
    history,
    monitor,
    view,
    timeline,
    admin: () => admin,
    nodes: { brokers: brokerNames, controllers, producers, consumers, all },
    topics,
  };
}

/** Start order: the controller quorum (or ZooKeeper), brokers, the admin client, then clients. */
export function startCluster(cluster: BuiltCluster): void {
  const { world, nodes } = cluster;
  for (const node of nodes.controllers) world.start(node);
  for (const node of nodes.brokers) world.start(node);
  world.start("admin");
  for (const node of [...nodes.producers, ...nodes.consumers]) world.start(node);
}
