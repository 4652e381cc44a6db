/**
 * The consumer configs the model reads, taken once from the resolved consumer config (Kafka's
 * names; `ConsumerConfig`'s keys). A consumer's config does not change while it runs, so every
 * component gets this object instead of looking keys up by string at its call sites.
 */
import type { ConfigView } from "../config-view.js";
import { readMetadataRecovery, type MetadataRecoverySettings } from "../client/settings.js";
import { ms, type Micros, type Millis } from "../../sim/time.js";

/** `auto.offset.reset`: where to start when there is no valid position. */
export type AutoOffsetReset = "earliest" | "latest" | "none";

export interface ConsumerSettings {
  requestTimeoutMs: Millis;
  /** `default.api.timeout.ms`: the bound of a blocking call without its own timeout (commitSync). */
  defaultApiTimeoutMs: Millis;
  retryBackoffMs: Millis;
  reconnectBackoffMs: Millis;
  reconnectBackoffMaxMs: Millis;
  metadataMaxAgeMs: Millis;
  metadataRecovery: MetadataRecoverySettings;
  autoCommitIntervalMs: Millis;
  maxPollIntervalMs: Millis;
  maxPollRecords: number;
  sessionTimeoutMs: Millis;
  heartbeatIntervalMs: Millis;
  /** `partition.assignment.strategy`, the assignor names in order of preference. */
  assignmentStrategies: readonly string[];
  autoOffsetReset: AutoOffsetReset;
  maxPartitionFetchBytes: number;
  fetchMaxWaitMs: Millis;
  fetchMinBytes: number;
  fetchMaxBytes: number;
  /** The durations the consumer waits on, converted once into virtual time (`ms(…Ms)`). */
  requestTimeoutUs: Micros;
  defaultApiTimeoutUs: Micros;
  retryBackoffUs: Micros;
  metadataMaxAgeUs: Micros;
  autoCommitIntervalUs: Micros;
  maxPollIntervalUs: Micros;
  sessionTimeoutUs: Micros;
  heartbeatIntervalUs: Micros;
}

/** Kafka's value of `auto.offset.reset`, as `OffsetResetStrategy` parses it (anything else is a config error). */
function autoOffsetReset(value: string): AutoOffsetReset {
  if (value === "earliest" || value === "latest" || value === "none") return value;
  throw new Error(`config auto.offset.reset: expected earliest, latest or none, found ${value}`);
}

/** Reads the settings from a resolved consumer config (every key has its default there). */
export function readConsumerSettings(config: ConfigView): ConsumerSettings {
  const strategies = config.get("partition.assignment.strategy");
  const settings = {
    requestTimeoutMs: config.int("request.timeout.ms"),
    defaultApiTimeoutMs: config.int("default.api.timeout.ms"),
    retryBackoffMs: config.int("retry.backoff.ms"),
    reconnectBackoffMs: config.int("reconnect.backoff.ms"),
    reconnectBackoffMaxMs: config.int("reconnect.backoff.max.ms"),
    metadataMaxAgeMs: config.int("metadata.max.age.ms"),
    metadataRecovery: readMetadataRecovery(config),
    autoCommitIntervalMs: config.int("auto.commit.interval.ms"),
    maxPollIntervalMs: config.int("max.poll.interval.ms"),
    maxPollRecords: config.int("max.poll.records"),
    sessionTimeoutMs: config.int("session.timeout.ms"),
    heartbeatIntervalMs: config.int("heartbeat.interval.ms"),
    assignmentStrategies: Array.isArray(strategies) ? strategies.map(String) : String(strategies).split(","),
    autoOffsetReset: autoOffsetReset(config.str("auto.offset.reset")),
    maxPartitionFetchBytes: config.int("max.partition.fetch.bytes"),
    fetchMaxWaitMs: config.int("fetch.max.wait.ms"),
    fetchMinBytes: config.int("fetch.min.bytes"),
    fetchMaxBytes: config.int("fetch.max.bytes"),
  };
  return {
    ...settings,
    requestTimeoutUs: ms(settings.requestTimeoutMs),
    defaultApiTimeoutUs: ms(settings.defaultApiTimeoutMs),
    retryBackoffUs: ms(settings.retryBackoffMs),
    metadataMaxAgeUs: ms(settings.metadataMaxAgeMs),
    autoCommitIntervalUs: ms(settings.autoCommitIntervalMs),
    maxPollIntervalUs: ms(settings.maxPollIntervalMs),
    sessionTimeoutUs: ms(settings.sessionTimeoutMs),
    heartbeatIntervalUs: ms(settings.heartbeatIntervalMs),
  };
}
