/**
 * The producer configs the model reads, taken from the resolved producer config (Kafka's names,
 * Kafka 4.x defaults as fallback so a hand-built ConfigView in a test still works).
 */
import type { ConfigView } from "../config-view.js";
import type { ClusterSpec } from "../features.js";
import { readMetadataRecovery, type MetadataRecoverySettings } from "../client/settings.js";
import { ms, type Micros, type Millis } from "../../sim/time.js";

/** Acks as carried in a Produce request. */
export type AcksSetting = "0" | "1" | "all";

export interface ProducerSettings {
  acks: AcksSetting;
  /** `enable.idempotence` as resolved, and the cluster's protocol supports it. */
  idempotence: boolean;
  lingerMs: Millis;
  batchSize: number;
  retries: number;
  deliveryTimeoutMs: Millis;
  requestTimeoutMs: Millis;
  maxInFlight: number;
  retryBackoffMs: Millis;
  retryBackoffMaxMs: Millis;
  reconnectBackoffMs: Millis;
  reconnectBackoffMaxMs: Millis;
  metadataMaxAgeMs: Millis;
  /** `metadata.recovery.strategy` and `metadata.recovery.rebootstrap.trigger.ms`. */
  metadataRecovery: MetadataRecoverySettings;
  maxBlockMs: Millis;
  maxRequestSize: number;
  ignoreKeys: boolean;
  /** The durations the producer waits on, converted once into virtual time (`ms(…Ms)`). */
  lingerUs: Micros;
  deliveryTimeoutUs: Micros;
  requestTimeoutUs: Micros;
  retryBackoffUs: Micros;
  maxBlockUs: Micros;
  metadataMaxAgeUs: Micros;
}

const DEFAULTS: Record<string, unknown> = {
  acks: "all",
  "enable.idempotence": true,
  "linger.ms": 5,
  "batch.size": 16384,
  retries: 2147483647,
  "delivery.timeout.ms": 120000,
  "request.timeout.ms": 30000,
  "max.in.flight.requests.per.connection": 5,
  "retry.backoff.ms": 100,
  "retry.backoff.max.ms": 1000,
  "reconnect.backoff.ms": 50,
  "reconnect.backoff.max.ms": 1000,
  "metadata.max.age.ms": 300000,
  "max.block.ms": 60000,
  "max.request.size": 1048576,
  "partitioner.ignore.keys": false,
};

/** Normalises Kafka's `acks` spellings (`-1` and `all` are the same). */
export function normaliseAcks(value: unknown): AcksSetting {
  const s = String(value);
  if (s === "0") return "0";
  if (s === "1") return "1";
  return "all";
}

/** Reads the settings; idempotence needs both the resolved config and `cluster.features.idempotence`. */
export function readProducerSettings(config: ConfigView, cluster: ClusterSpec): ProducerSettings {
  const get = (name: string): unknown => (config.has(name) ? config.get(name) : DEFAULTS[name]);
  const int = (name: string): number => Number(get(name));
  const bool = (name: string): boolean => get(name) === true || get(name) === "true";
  const settings = {
    acks: normaliseAcks(get("acks")),
    idempotence: bool("enable.idempotence") && cluster.features.idempotence,
    lingerMs: int("linger.ms"),
    batchSize: Math.max(1, int("batch.size")),
    retries: int("retries"),
    deliveryTimeoutMs: int("delivery.timeout.ms"),
    requestTimeoutMs: int("request.timeout.ms"),
    maxInFlight: Math.max(1, int("max.in.flight.requests.per.connection")),
    retryBackoffMs: int("retry.backoff.ms"),
    retryBackoffMaxMs: int("retry.backoff.max.ms"),
    reconnectBackoffMs: int("reconnect.backoff.ms"),
    reconnectBackoffMaxMs: int("reconnect.backoff.max.ms"),
    metadataMaxAgeMs: int("metadata.max.age.ms"),
    metadataRecovery: readMetadataRecovery(config),
    maxBlockMs: int("max.block.ms"),
    maxRequestSize: int("max.request.size"),
    ignoreKeys: bool("partitioner.ignore.keys"),
  };
  return {
    ...settings,
    lingerUs: ms(settings.lingerMs),
    deliveryTimeoutUs: ms(settings.deliveryTimeoutMs),
    requestTimeoutUs: ms(settings.requestTimeoutMs),
    retryBackoffUs: ms(settings.retryBackoffMs),
    maxBlockUs: ms(settings.maxBlockMs),
    metadataMaxAgeUs: ms(settings.metadataMaxAgeMs),
  };
}
