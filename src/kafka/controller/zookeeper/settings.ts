/**
 * The configs a broker's ZooKeeper-mode agent reads, read once into typed settings (Kafka's
 * `ZkConfigs`, `ServerConfigs`), in ms: its ZooKeeper session and its controlled shutdown.
 */
import type { Millis } from "../../../sim/time.js";
import type { ConfigView } from "../../config-view.js";

/** Kafka defaults of the controlled-shutdown keys the registry does not list (used when absent). */
const DEFAULT_CONTROLLED_SHUTDOWN_MAX_RETRIES = 3;
const DEFAULT_CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS = 5000;

export interface ZkBrokerSettings {
  /** zookeeper.session.timeout.ms: the broker's session, hence how long its ephemeral znodes outlive it. */
  readonly zookeeperSessionTimeoutMs: Millis;
  /** controlled.shutdown.enable: move leaderships away before stopping. */
  readonly controlledShutdownEnable: boolean;
  /** controlled.shutdown.max.retries (3). */
  readonly controlledShutdownMaxRetries: number;
  /** controlled.shutdown.retry.backoff.ms (5000). */
  readonly controlledShutdownRetryBackoffMs: Millis;
}

export function readZkBrokerSettings(config: ConfigView): ZkBrokerSettings {
  const intOr = (name: string, fallback: number) => (config.has(name) ? config.int(name) : fallback);
  return {
    zookeeperSessionTimeoutMs: config.int("zookeeper.session.timeout.ms"),
    controlledShutdownEnable: !config.has("controlled.shutdown.enable") || config.bool("controlled.shutdown.enable"),
    controlledShutdownMaxRetries: intOr("controlled.shutdown.max.retries", DEFAULT_CONTROLLED_SHUTDOWN_MAX_RETRIES),
    controlledShutdownRetryBackoffMs: intOr("controlled.shutdown.retry.backoff.ms", DEFAULT_CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS),
  };
}
