/**
 * The config defaults of each historical protocol preset: the keys of the registry whose Kafka
 * default at that version differs from the Kafka 4.x default the registry holds. A preset applies
 * them to every key the scenario file leaves unset; the file's own values always win.
 *
 * Every value was read from Kafka's code at the version's tag:
 * - broker: `core/src/main/scala/kafka/server/KafkaConfig.scala` (object `Defaults`) at 0.10.2.0,
 *   1.1.0, 2.0.0; `ReplicationConfigs`, `ServerLogConfigs`, `LogConfig` at 3.6.0 / 3.9.0;
 * - producer: `clients/.../producer/ProducerConfig.java` (`CONFIG` definition) at each tag;
 * - consumer: `clients/.../consumer/ConsumerConfig.java` (`CONFIG` definition) at each tag.
 *
 * A key that did not exist yet at a version gets the value that reproduces the version's
 * behaviour, with the reason: `group.initial.rebalance.delay.ms` (KIP-134, 0.11) is 0 before it,
 * `retry.backoff.max.ms` (KIP-580, 3.7) and `reconnect.backoff.max.ms` (KIP-144, 0.11) equal their
 * base backoff before them (no exponential backoff). `delivery.timeout.ms` (KIP-91, 2.1) keeps
 * its later default: older producers had no single bound on a send (docs/presets.md says so).
 *
 * `modern`, `kafka-4.0` and `kafka-4.1` have no entries: the registry's defaults are Kafka 4.x's.
 * `modern` in ZooKeeper mode means Kafka 3.9 brokers with 4.x clients (docs/presets.md, "`modern`"):
 * no 3.9 broker default the model reads differs from 4.x, so it too has none.
 */
import type { ConfigValue } from "./key-types.js";
import type { ProtocolPreset } from "./protocol.js";

/** The scope a version default is written in (topic keys follow their broker twins). */
export type VersionDefaultScope = "broker" | "producer" | "consumer";

/** One default of a Kafka version. */
export interface VersionDefault {
  readonly scope: VersionDefaultScope;
  readonly key: string;
  /** The value, or the name of a key of the same scope whose (resolved) value it takes. */
  readonly value: ConfigValue | { readonly sameAs: string };
  /** Where the value comes from, or why the key takes it (shown in docs/presets.md). */
  readonly why: string;
}

const broker = (key: string, value: ConfigValue, why: string): VersionDefault => ({ scope: "broker", key, value, why });
const producer = (key: string, value: VersionDefault["value"], why: string): VersionDefault => ({ scope: "producer", key, value, why });
const consumer = (key: string, value: VersionDefault["value"], why: string): VersionDefault => ({ scope: "consumer", key, value, why });

const NO_REBOOTSTRAP = "the key did not exist (KIP-899, 3.8): clients never rebootstrapped, they kept retrying the brokers they knew";
const REBOOTSTRAP_OFF = "CommonClientConfigs DEFAULT_METADATA_RECOVERY_STRATEGY = none in 3.8 and 3.9 (KIP-899); rebootstrap since 4.0 (KIP-1102)";
/** Clients before 4.0 do not rebootstrap (metadata.recovery.strategy). */
const noRebootstrap = (why: string): VersionDefault[] => [
  producer("metadata.recovery.strategy", "none", why),
  consumer("metadata.recovery.strategy", "none", why),
];

const NO_RETRY_BACKOFF_MAX = "no exponential retry backoff before 3.7 (KIP-580): the key did not exist, every retry waits retry.backoff.ms";

// Kafka 1.1 / 2.0 share most of their defaults; 0.10 adds the pre-0.11 ones.
const PRE_2_5_BROKER = [
  broker("replica.lag.time.max.ms", 10000, "KafkaConfig Defaults.ReplicaLagTimeMaxMs = 10000L (30000 since 2.5, KIP-537)"),
  broker("zookeeper.session.timeout.ms", 6000, "KafkaConfig Defaults.ZkSessionTimeoutMs = 6000 (18000 since 2.5, KIP-537)"),
  broker("group.max.session.timeout.ms", 300000, "KafkaConfig Defaults.GroupMaxSessionTimeoutMs = 300000 (1800000 since 2.3)"),
  broker("message.max.bytes", 1000012, "KafkaConfig Defaults.MessageMaxBytes = 1000000 + LOG_OVERHEAD (1048588 since 2.5)"),
];
const PRE_3_0_PRODUCER = [
  producer("acks", "1", 'ProducerConfig ACKS_CONFIG default "1" ("all" since 3.0, KIP-679)'),
  producer("retries", 0, "ProducerConfig RETRIES_CONFIG default 0 (Integer.MAX_VALUE since 2.1, KIP-91)"),
  producer("enable.idempotence", false, "ProducerConfig ENABLE_IDEMPOTENCE_CONFIG default false (true since 3.0, KIP-679)"),
  producer("linger.ms", 0, "ProducerConfig LINGER_MS_CONFIG default 0 (5 since 4.0, KIP-1030)"),
  producer("retry.backoff.max.ms", { sameAs: "retry.backoff.ms" }, NO_RETRY_BACKOFF_MAX),
];
const PRE_3_0_CONSUMER = [
  consumer("session.timeout.ms", 10000, "ConsumerConfig SESSION_TIMEOUT_MS_CONFIG default 10000 (45000 since 3.0, KIP-735)"),
  consumer(
    "partition.assignment.strategy",
    ["RangeAssignor"],
    "ConsumerConfig PARTITION_ASSIGNMENT_STRATEGY_CONFIG default [RangeAssignor] ([RangeAssignor, CooperativeStickyAssignor] since 3.0)",
  ),
  consumer("retry.backoff.max.ms", { sameAs: "retry.backoff.ms" }, NO_RETRY_BACKOFF_MAX),
];

const V0_10: readonly VersionDefault[] = [
  broker("unclean.leader.election.enable", true, "KafkaConfig Defaults.UncleanLeaderElectionEnable = true (false since 0.11, KIP-106)"),
  ...PRE_2_5_BROKER,
  broker("group.initial.rebalance.delay.ms", 0, "the key did not exist (KIP-134, 0.11): the first JoinGroup of an empty group completes at once"),
  broker("offsets.retention.minutes", 1440, "KafkaConfig Defaults.OffsetsRetentionMinutes = 24 * 60 (7 days since 2.0, KIP-186)"),
  ...PRE_3_0_PRODUCER,
  producer(
    "reconnect.backoff.max.ms",
    { sameAs: "reconnect.backoff.ms" },
    "no exponential reconnect backoff before 0.11 (KIP-144): the key did not exist, every reconnect waits reconnect.backoff.ms",
  ),
  ...PRE_3_0_CONSUMER,
  consumer("request.timeout.ms", 305000, "ConsumerConfig REQUEST_TIMEOUT_MS_CONFIG default 305000 (30000 since 2.0, KIP-266)"),
  consumer(
    "reconnect.backoff.max.ms",
    { sameAs: "reconnect.backoff.ms" },
    "no exponential reconnect backoff before 0.11 (KIP-144): the key did not exist, every reconnect waits reconnect.backoff.ms",
  ),
  ...noRebootstrap(NO_REBOOTSTRAP),
];

const V1_1: readonly VersionDefault[] = [
  ...PRE_2_5_BROKER,
  broker("offsets.retention.minutes", 1440, "KafkaConfig Defaults.OffsetsRetentionMinutes = 24 * 60 (7 days since 2.0, KIP-186)"),
  ...PRE_3_0_PRODUCER,
  ...PRE_3_0_CONSUMER,
  consumer("request.timeout.ms", 305000, "ConsumerConfig REQUEST_TIMEOUT_MS_CONFIG default 305000 (30000 since 2.0, KIP-266)"),
  ...noRebootstrap(NO_REBOOTSTRAP),
];

const V2_0: readonly VersionDefault[] = [...PRE_2_5_BROKER, ...PRE_3_0_PRODUCER, ...PRE_3_0_CONSUMER, ...noRebootstrap(NO_REBOOTSTRAP)];

const V3_6: readonly VersionDefault[] = [
  producer("linger.ms", 0, "ProducerConfig LINGER_MS_CONFIG default 0 (5 since 4.0, KIP-1030)"),
  ...noRebootstrap(NO_REBOOTSTRAP),
  producer("retry.backoff.max.ms", { sameAs: "retry.backoff.ms" }, NO_RETRY_BACKOFF_MAX),
  consumer("retry.backoff.max.ms", { sameAs: "retry.backoff.ms" }, NO_RETRY_BACKOFF_MAX),
];

const V3_9: readonly VersionDefault[] = [
  producer("linger.ms", 0, "ProducerConfig LINGER_MS_CONFIG default 0 (5 since 4.0, KIP-1030)"),
  ...noRebootstrap(REBOOTSTRAP_OFF),
];

/** The defaults a preset applies where the file sets nothing, in a stable order. */
export function presetDefaults(preset: ProtocolPreset): readonly VersionDefault[] {
  switch (preset) {
    case "kafka-0.10":
      return V0_10;
    case "kafka-1.1":
      return V1_1;
    case "kafka-2.0":
      return V2_0;
    case "kafka-3.6":
      return V3_6;
    case "kafka-3.9":
      return V3_9;
    case "modern":
    case "kafka-4.0":
    case "kafka-4.1":
      return [];
  }
}

/**
 * Before 3.0 the producer's idempotence was off by default, and an explicit
 * `enable.idempotence=true` turned an unset `acks` into `all` and an unset `retries` into
 * Integer.MAX_VALUE (`KafkaProducer.configureAcks` / `configureRetries` in 0.11–2.8).
 */
export function idempotenceOverridesUnsetAcksAndRetries(preset: ProtocolPreset): boolean {
  return preset === "kafka-1.1" || preset === "kafka-2.0";
}

/**
 * Apply `defaults` to `values` (every key with its effective value) for the keys not in
 * `explicit`: plain values first, then `sameAs` values, which read the result.
 */
export function applyVersionDefaults(
  values: Record<string, ConfigValue>,
  explicit: Readonly<Record<string, ConfigValue>>,
  defaults: readonly VersionDefault[],
): void {
  for (const entry of defaults) {
    if (entry.key in explicit || (typeof entry.value === "object" && entry.value !== null && "sameAs" in entry.value)) continue;
    values[entry.key] = entry.value as ConfigValue;
  }
  for (const entry of defaults) {
    if (entry.key in explicit || !(typeof entry.value === "object" && entry.value !== null && "sameAs" in entry.value)) continue;
    values[entry.key] = values[entry.value.sameAs] ?? null;
  }
}

/** `key=value` as the report and the docs show a default. */
export function formatVersionDefault(entry: VersionDefault): string {
  const value = entry.value;
  if (typeof value === "object" && value !== null && "sameAs" in value) return `${entry.key}=${value.sameAs}`;
  if (Array.isArray(value)) return `${entry.key}=${value.join(",")}`;
  return `${entry.key}=${String(value)}`;
}
