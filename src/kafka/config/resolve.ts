/**
 * Resolved broker and topic configs. A resolved config is a plain, JSON-serialisable object keyed
 * by Kafka's own names with every key the model needs, durations in Kafka's units (ms):
 * `topic.config["min.insync.replicas"]`, `broker.config["replica.lag.time.max.ms"]`.
 *
 * Precedence for a topic key: the topic override, else its broker twin (which itself is the
 * broker override or Kafka's default), else Kafka's topic default (docs/kafka-rules.md §8).
 * Producer and consumer rules are in clients.ts and re-exported here.
 */
import type { BROKER_KEYS, CONTROLLER_KEYS } from "./broker-keys.js";
import { parseConfigMap, withDefaults, type ConfigIssue, type Resolved } from "./config-map.js";
import type { ConfigValue, ConfigValues } from "./key-types.js";
import { findConfigKey } from "./registry.js";
import type { TOPIC_KEYS } from "./topic-keys.js";
import { applyVersionDefaults, type VersionDefault } from "./version-defaults.js";

export { resolveConsumerConfig, resolveProducerConfig } from "./clients.js";
export type { CommitMode, ConsumerConfig, ProducerConfig, ProducerOptions } from "./clients.js";
export type { ConfigIssue, Resolved } from "./config-map.js";

/** Controller mode of the cluster (docs/scenario-format.md "Versions"). */
export type ControllerMode = "kraft" | "zookeeper";

/** Every broker key plus the KRaft controller keys (both written under `cluster.broker-config`). */
export type BrokerConfig = ConfigValues<typeof BROKER_KEYS> & ConfigValues<typeof CONTROLLER_KEYS>;

/** Every topic key, resolved against the broker config. */
export type TopicConfig = ConfigValues<typeof TOPIC_KEYS>;

/**
 * Resolve `cluster.broker-config`. With `mode`, keys that only matter in the other controller mode
 * (e.g. `zookeeper.session.timeout.ms` in KRaft mode) draw a warning. `versionDefaults` (a
 * preset's, version-defaults.ts) replace Kafka 4.x's defaults for the keys the map leaves unset.
 */
export function resolveBrokerConfig(
  raw: Readonly<Record<string, unknown>> | undefined,
  options: { mode?: ControllerMode; versionDefaults?: readonly VersionDefault[] } = {},
): Resolved<BrokerConfig> {
  const scopes = ["broker", "controller"] as const;
  const { explicit, issues } = parseConfigMap(scopes, raw);
  for (const name of Object.keys(explicit)) {
    const key = findConfigKey("broker", name) ?? findConfigKey("controller", name);
    if (options.mode !== undefined && key?.mode !== undefined && key.mode !== options.mode) {
      const other = key.mode === "kraft" ? "KRaft" : "ZooKeeper";
      const current = options.mode === "kraft" ? "KRaft" : "ZooKeeper";
      issues.push({ severity: "warning", key: name, message: `${name} is a ${other} setting; ignored in ${current} mode` });
    }
  }
  if ((explicit["log.cleanup.policy"] as readonly string[] | undefined)?.includes("compact")) {
    issues.push(compactionWarning("log.cleanup.policy"));
  }
  const values = withDefaults(scopes, explicit);
  applyVersionDefaults(
    values,
    explicit,
    (options.versionDefaults ?? []).filter((entry) => entry.scope === "broker"),
  );
  const minSession = values["group.min.session.timeout.ms"] as number;
  const maxSession = values["group.max.session.timeout.ms"] as number;
  if (minSession > maxSession) {
    issues.push({
      severity: "error",
      key: "group.min.session.timeout.ms" in explicit ? "group.min.session.timeout.ms" : "group.max.session.timeout.ms",
      message: `group.min.session.timeout.ms (${minSession}) must not exceed group.max.session.timeout.ms (${maxSession})`,
    });
  }
  return { config: values as unknown as BrokerConfig, explicit, issues };
}

/** Resolve one topic's `config` map against the (resolved) broker config. */
export function resolveTopicConfig(brokerConfig: BrokerConfig, raw: Readonly<Record<string, unknown>> | undefined): Resolved<TopicConfig> {
  const { explicit, issues } = parseConfigMap(["topic"], raw);
  const broker = brokerConfig as unknown as Readonly<Record<string, ConfigValue>>;
  const fromTwin = (name: string): ConfigValue | undefined => {
    const twin = findConfigKey("topic", name)?.brokerTwin;
    const value = twin === undefined ? undefined : broker[twin];
    return value === null ? undefined : value; // e.g. log.flush.interval.ms = null → flush.ms default
  };
  const values = withDefaults(["topic"], explicit, fromTwin);
  if ((explicit["cleanup.policy"] as readonly string[] | undefined)?.includes("compact")) {
    issues.push(compactionWarning("cleanup.policy"));
  }
  return { config: values as unknown as TopicConfig, explicit, issues };
}

function compactionWarning(key: string): ConfigIssue {
  return { severity: "warning", key, message: `${key}=compact is accepted, not modelled: the log is never compacted` };
}
