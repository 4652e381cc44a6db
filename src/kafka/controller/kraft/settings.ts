/**
 * The configs the KRaft side reads, read once per actor into typed settings (Kafka's
 * `QuorumConfig`, `KRaftConfigs`, `ServerConfigs`), in Kafka's unit (ms): the Raft timing of
 * `controller.quorum.*`, the controller's broker sessions and idle NoOp records, and a broker's
 * lifecycle manager (heartbeats to the active controller and its request timeouts).
 */
import { ms, type Micros, type Millis } from "../../../sim/time.js";
import type { ConfigView } from "../../config-view.js";
import type { RaftConfig } from "./raft-types.js";

/** Raft's fetch max wait (`KafkaRaftClient`'s FETCH_MAX_WAIT_MS, not a config). */
const RAFT_FETCH_MAX_WAIT_MS = 500;

/** Raft timing from Kafka's controller.quorum.* configs (`QuorumConfig`). */
export function readRaftConfig(config: ConfigView, preVote = false): RaftConfig {
  return {
    electionTimeoutMs: config.int("controller.quorum.election.timeout.ms"),
    fetchTimeoutMs: config.int("controller.quorum.fetch.timeout.ms"),
    electionBackoffMaxMs: config.int("controller.quorum.election.backoff.max.ms"),
    appendLingerMs: config.int("controller.quorum.append.linger.ms"),
    requestTimeoutMs: config.int("controller.quorum.request.timeout.ms"),
    retryBackoffMs: config.int("controller.quorum.retry.backoff.ms"),
    fetchMaxWaitMs: RAFT_FETCH_MAX_WAIT_MS,
    preVote,
  };
}

/** What the quorum controller reads (QuorumController, BrokerHeartbeatManager). */
export interface QuorumControllerSettings {
  /** broker.session.timeout.ms: a broker without a heartbeat for this long is fenced. */
  readonly brokerSessionTimeoutMs: Millis;
  /** broker.heartbeat.interval.ms: how often the session check looks again while nobody is unfenced. */
  readonly brokerHeartbeatIntervalMs: Millis;
  /** metadata.max.idle.interval.ms: the active controller writes a NoOpRecord this often (KIP-835). */
  readonly metadataMaxIdleIntervalMs: Millis;
}

export function readQuorumControllerSettings(config: ConfigView): QuorumControllerSettings {
  return {
    brokerSessionTimeoutMs: config.int("broker.session.timeout.ms"),
    brokerHeartbeatIntervalMs: config.int("broker.heartbeat.interval.ms"),
    metadataMaxIdleIntervalMs: config.int("metadata.max.idle.interval.ms"),
  };
}

/** What a broker's lifecycle agent reads (BrokerLifecycleManager, NodeToControllerChannelManager). */
export interface BrokerLifecycleSettings {
  /** broker.heartbeat.interval.ms */
  readonly heartbeatIntervalMs: Millis;
  /** broker.session.timeout.ms: the cap of the registration backoff. */
  readonly sessionTimeoutMs: Millis;
  /** controller.quorum.request.timeout.ms: a request to the controller unanswered this long fails. */
  readonly requestTimeoutMs: Millis;
  /** controller.quorum.retry.backoff.ms: the wait before registering again after a failure. */
  readonly retryBackoffMs: Millis;
  /** The same durations in virtual time, converted once. */
  readonly heartbeatIntervalUs: Micros;
  readonly requestTimeoutUs: Micros;
  readonly retryBackoffUs: Micros;
}

export function readBrokerLifecycleSettings(config: ConfigView): BrokerLifecycleSettings {
  const heartbeatIntervalMs = config.int("broker.heartbeat.interval.ms");
  const requestTimeoutMs = config.int("controller.quorum.request.timeout.ms");
  const retryBackoffMs = config.int("controller.quorum.retry.backoff.ms");
  return {
    heartbeatIntervalMs,
    sessionTimeoutMs: config.int("broker.session.timeout.ms"),
    requestTimeoutMs,
    retryBackoffMs,
    heartbeatIntervalUs: ms(heartbeatIntervalMs),
    requestTimeoutUs: ms(requestTimeoutMs),
    retryBackoffUs: ms(retryBackoffMs),
  };
}
