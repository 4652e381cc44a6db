/**
 * Where the runner gets the Kafka model's actors and broker components. The only file of the
 * runner that knows their constructors' options.
 */
import type { ActorFactory } from "../../sim/actor.js";
import type { ConfigView } from "../../kafka/config-view.js";
import type { ClusterSpec } from "../../kafka/features.js";
import type { HistoryRecorder } from "../../kafka/history.js";
import type { ClusterObserver } from "../../kafka/observer.js";
import type { BrokerParts } from "../../kafka/broker/broker.js";
import { createReplicaManager } from "../../kafka/replication/index.js";
import { createGroupCoordinator } from "../../kafka/group/coordinator.js";
import { createProducerIdManager } from "../../kafka/producer/producer-id-manager.js";
import { createKraftAgent, createKraftControllerActor } from "../../kafka/controller/kraft/index.js";
import { createZkAgent, createZookeeperActor } from "../../kafka/controller/zookeeper/index.js";
import { createProducerActor } from "../../kafka/producer/index.js";
import { createConsumerActor } from "../../kafka/consumer/index.js";
import type { ConsumerGroupSpec, ProducerSpec } from "../types.js";

export function brokerParts(spec: ClusterSpec): BrokerParts {
  return {
    replicaManager: createReplicaManager,
    controllerAgent: spec.mode === "kraft" ? createKraftAgent : createZkAgent,
    groupCoordinator: createGroupCoordinator,
    extra: [createProducerIdManager],
  };
}

export function controllerActor(node: string, spec: ClusterSpec, config: ConfigView, observer: ClusterObserver): ActorFactory {
  return spec.mode === "kraft"
    ? createKraftControllerActor({ node, cluster: spec, config, observer })
    : createZookeeperActor({ node, cluster: spec, config, observer });
}

export interface ClientEnvironment {
  spec: ClusterSpec;
  bootstrap: string[];
  history: HistoryRecorder;
  stopUs: number;
}

export function producerActor(producer: ProducerSpec, config: ConfigView, env: ClientEnvironment): ActorFactory {
  return createProducerActor({
    name: producer.name,
    topic: producer.topic,
    config,
    workload: {
      ratePerSec: producer.ratePerSecond,
      arrivals: producer.arrivals,
      count: producer.count ?? undefined,
      keys: producer.keys,
      startUs: producer.startUs,
      stopUs: env.stopUs,
      ...(producer.resendOnRestart ? { resendOnRestart: true } : {}),
    },
    bootstrap: env.bootstrap,
    history: env.history,
    cluster: env.spec,
  });
}

export function consumerActor(group: ConsumerGroupSpec, instance: string, config: ConfigView, env: ClientEnvironment): ActorFactory {
  return createConsumerActor({
    name: instance,
    group: group.group,
    topics: [...group.topics],
    config,
    commitMode: group.commit,
    processingTimeUs: group.processingTimeUs,
    bootstrap: env.bootstrap,
    history: env.history,
    cluster: env.spec,
  });
}
