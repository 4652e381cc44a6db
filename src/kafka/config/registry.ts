/**
 * The Kafka config keys the simulator knows, with Kafka 4.x defaults (docs/kafka-rules.md
 * §1.4, §3.1, §4.2, §5.3, §6.1, §8). Keys are written exactly as Kafka spells them. A key with
 * `modelled: false` is accepted (a user may copy it from a real properties file) but changes
 * nothing in the simulation; the loader warns about it.
 *
 * Resolved configs are plain objects keyed by the Kafka names, typed per key:
 * `producer.config["enable.idempotence"]` is a `boolean`, `producer.config.acks` is `"all" | "1" | "0"`.
 */
import { BROKER_KEYS, CONTROLLER_KEYS } from "./broker-keys.js";
import { CONSUMER_KEYS, PRODUCER_KEYS } from "./client-keys.js";
import { TOPIC_KEYS } from "./topic-keys.js";
import type { ConfigKey, ConfigScope } from "./key-types.js";

export * from "./key-types.js";

/** Every known key of every scope. */
export const ALL_KEYS: readonly ConfigKey[] = [...BROKER_KEYS, ...CONTROLLER_KEYS, ...TOPIC_KEYS, ...PRODUCER_KEYS, ...CONSUMER_KEYS];

/** Every key by scope and name; built once at load time and never changed afterwards. */
const byScope: ReadonlyMap<ConfigScope, ReadonlyMap<string, ConfigKey>> = indexByScope(ALL_KEYS);

function indexByScope(keys: readonly ConfigKey[]): Map<ConfigScope, Map<string, ConfigKey>> {
  const index = new Map<ConfigScope, Map<string, ConfigKey>>();
  for (const key of keys) {
    let table = index.get(key.scope);
    if (table === undefined) index.set(key.scope, (table = new Map()));
    if (table.has(key.name)) throw new Error(`duplicate config key ${key.scope}/${key.name}`);
    table.set(key.name, key);
  }
  return index;
}

/** The key `name` in `scope`, or undefined. */
export function findConfigKey(scope: ConfigScope, name: string): ConfigKey | undefined {
  return byScope.get(scope)?.get(name);
}

/** Every key of a scope, in table order. */
export function keysOfScope(scope: ConfigScope): readonly ConfigKey[] {
  return [...(byScope.get(scope)?.values() ?? [])];
}

/** The scopes in which `name` is a known key (empty if unknown everywhere). */
export function scopesOf(name: string): ConfigScope[] {
  return ALL_KEYS.filter((key) => key.name === name).map((key) => key.scope);
}

/** True if `name` is a known key in some scope. */
export function isKnownConfigName(name: string): boolean {
  return ALL_KEYS.some((key) => key.name === name);
}

/** The topic-level key whose broker twin is `brokerName` (e.g. log.retention.ms → retention.ms). */
export function topicTwinOf(brokerName: string): ConfigKey | undefined {
  const keys: readonly ConfigKey[] = TOPIC_KEYS;
  return keys.find((key) => key.brokerTwin === brokerName && key.name !== brokerName);
}

/** How a map of configs is named in messages. */
const SCOPE_LABEL: Record<ConfigScope, string> = {
  broker: "broker",
  controller: "controller",
  topic: "topic",
  producer: "producer",
  consumer: "consumer",
};

/**
 * Why `name` is not a key of `scopes` (the scopes accepted in one config map), with a hint when
 * it is a key of another scope or the other level of a topic/broker twin pair. Returns no hint
 * when the name is unknown everywhere; the caller may then add a spelling suggestion.
 */
export function describeUnknownKey(scopes: readonly ConfigScope[], name: string): { message: string; hint?: string } {
  const label = SCOPE_LABEL[scopes[0] ?? "broker"];
  const twinOfBroker = scopes.includes("topic") ? topicTwinOf(name) : undefined;
  if (twinOfBroker !== undefined) {
    return {
      message: `unknown topic config "${name}"`,
      hint: `did you mean "${twinOfBroker.name}"? ("${name}" is its broker-level name, set under cluster.broker-config)`,
    };
  }
  const asTopic = scopes.includes("broker") ? findConfigKey("topic", name) : undefined;
  if (asTopic?.brokerTwin !== undefined && asTopic.brokerTwin !== name) {
    return {
      message: `unknown broker config "${name}"`,
      hint: `did you mean "${asTopic.brokerTwin}"? ("${name}" is its topic-level name, set under topics[].config)`,
    };
  }
  const elsewhere = scopesOf(name).filter((scope) => !scopes.includes(scope));
  if (elsewhere.length > 0) {
    const where = elsewhere.map((scope) => SCOPE_LABEL[scope]).join(" and ");
    return {
      message: `"${name}" is a ${where} config, not a ${label} config`,
      hint: `set it under ${elsewhere.map(whereToSet).join(" or ")}`,
    };
  }
  return { message: `unknown ${label} config "${name}"` };
}

function whereToSet(scope: ConfigScope): string {
  switch (scope) {
    case "broker":
    case "controller":
      return "cluster.broker-config";
    case "topic":
      return "topics[].config";
    case "producer":
      return "producers[].config";
    case "consumer":
      return "consumers[].config";
  }
}
