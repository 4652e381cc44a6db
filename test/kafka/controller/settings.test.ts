import { describe, expect, it } from "vitest";
import { ConfigView } from "../../../src/kafka/config-view.js";
import { resolveBrokerConfig } from "../../../src/kafka/config/resolve.js";
import { readElectionSettings } from "../../../src/kafka/controller/election-settings.js";
import { readBrokerLifecycleSettings, readQuorumControllerSettings, readRaftConfig } from "../../../src/kafka/controller/kraft/settings.js";
import { readZkBrokerSettings } from "../../../src/kafka/controller/zookeeper/settings.js";
import { readCoordinatorSettings } from "../../../src/kafka/group/settings.js";

const kraft = (raw: Record<string, unknown> = {}) => new ConfigView(resolveBrokerConfig(raw, { mode: "kraft" }).config);
const zookeeper = (raw: Record<string, unknown> = {}) => new ConfigView(resolveBrokerConfig(raw, { mode: "zookeeper" }).config);

describe("server-side settings read once from the resolved broker config", () => {
  it("KRaft: Raft timing, the controller's broker sessions and a broker's lifecycle take Kafka 4.x defaults (Reference: QuorumConfig, KRaftConfigs)", () => {
    const config = kraft();
    expect(readRaftConfig(config, true)).toEqual({
      electionTimeoutMs: 1000,
      fetchTimeoutMs: 2000,
      electionBackoffMaxMs: 1000,
      appendLingerMs: 25,
      requestTimeoutMs: 2000,
      retryBackoffMs: 20,
      fetchMaxWaitMs: 500,
      preVote: true,
    });
    expect(readQuorumControllerSettings(config)).toEqual({ brokerSessionTimeoutMs: 9000, brokerHeartbeatIntervalMs: 2000, metadataMaxIdleIntervalMs: 500 });
    expect(readBrokerLifecycleSettings(config)).toEqual({
      heartbeatIntervalMs: 2000,
      sessionTimeoutMs: 9000,
      requestTimeoutMs: 2000,
      retryBackoffMs: 20,
      heartbeatIntervalUs: 2_000_000,
      requestTimeoutUs: 2_000_000,
      retryBackoffUs: 20_000,
    });
  });

  it("KRaft: explicit values reach the settings under their Kafka names", () => {
    const config = kraft({ "broker.session.timeout.ms": 12000, "controller.quorum.request.timeout.ms": 3000 });
    expect(readQuorumControllerSettings(config).brokerSessionTimeoutMs).toBe(12000);
    expect(readBrokerLifecycleSettings(config)).toMatchObject({ sessionTimeoutMs: 12000, requestTimeoutMs: 3000 });
    expect(readRaftConfig(config).requestTimeoutMs).toBe(3000);
  });

  it("ZooKeeper mode: the session and controlled shutdown (Reference: KafkaConfig zookeeper.session.timeout.ms, controlled.shutdown.*)", () => {
    expect(readZkBrokerSettings(zookeeper())).toEqual({
      zookeeperSessionTimeoutMs: 18000,
      controlledShutdownEnable: true,
      controlledShutdownMaxRetries: 3,
      controlledShutdownRetryBackoffMs: 5000,
    });
    const view = zookeeper({ "controlled.shutdown.enable": false }).overlay({
      "controlled.shutdown.max.retries": 1,
      "controlled.shutdown.retry.backoff.ms": 200,
    });
    expect(readZkBrokerSettings(view)).toMatchObject({
      controlledShutdownEnable: false,
      controlledShutdownMaxRetries: 1,
      controlledShutdownRetryBackoffMs: 200,
    });
  });

  it("the group coordinator (Reference: GroupCoordinatorConfig)", () => {
    expect(readCoordinatorSettings(kraft())).toEqual({
      minSessionTimeoutMs: 6000,
      maxSessionTimeoutMs: 1800000,
      initialRebalanceDelayMs: 3000,
      offsetsPartitions: 50,
      commitTimeoutMs: 5000,
    });
  });

  it("a topic's election settings: the topic override wins over the broker's value (Reference: LogConfig)", () => {
    const broker = kraft({ "min.insync.replicas": 2 });
    expect(readElectionSettings(broker)).toEqual({ minInsyncReplicas: 2, uncleanLeaderElectionEnable: false });
    expect(readElectionSettings(broker.overlay({ "unclean.leader.election.enable": true, "min.insync.replicas": 3 }))).toEqual({
      minInsyncReplicas: 3,
      uncleanLeaderElectionEnable: true,
    });
  });
});
