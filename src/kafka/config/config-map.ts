/**
 * Reading one map of Kafka configs (a `config:` block) against the keys of its scopes: unknown
 * names, bad values and unmodelled keys become issues; known values are parsed; defaults fill the
 * rest. Scope-specific rules (idempotence, commit modes, twins) live in resolve.ts and clients.ts.
 */
import { describeUnknownKey, findConfigKey, keysOfScope } from "./registry.js";
import type { ConfigScope, ConfigValue } from "./key-types.js";
import { parseConfigValue } from "./values.js";

/** A problem with one key of a config map. `key` is the Kafka name the issue is about. */
export interface ConfigIssue {
  readonly severity: "error" | "warning";
  readonly key: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
  /** True when `key` is not a known key of the map's scopes (the caller may suggest a spelling). */
  readonly unknownKey?: boolean;
}

/** A resolved config: every key with its effective value, what the user wrote, and the issues. */
export interface Resolved<T> {
  readonly config: T;
  /** The values written explicitly (parsed), by Kafka name. */
  readonly explicit: Readonly<Record<string, ConfigValue>>;
  readonly issues: readonly ConfigIssue[];
}

/** The explicit values of a raw config map, parsed, with the issues found. Unknown keys are dropped. */
export function parseConfigMap(
  scopes: readonly ConfigScope[],
  raw: Readonly<Record<string, unknown>> | undefined,
): { explicit: Record<string, ConfigValue>; issues: ConfigIssue[] } {
  const explicit: Record<string, ConfigValue> = {};
  const issues: ConfigIssue[] = [];
  for (const [name, value] of Object.entries(raw ?? {})) {
    const key = scopes.map((scope) => findConfigKey(scope, name)).find((found) => found !== undefined);
    if (key === undefined) {
      issues.push({ severity: "error", key: name, unknownKey: true, ...describeUnknownKey(scopes, name) });
      continue;
    }
    const parsed = parseConfigValue(key, value);
    if (!parsed.ok) {
      const { message, expected, found } = parsed;
      issues.push({ severity: "error", key: name, message, expected, found });
      continue;
    }
    explicit[name] = parsed.value;
    if (!key.modelled) {
      issues.push({ severity: "warning", key: name, message: `${name} is accepted, not modelled: it changes nothing in the simulation` });
    }
  }
  return { explicit, issues };
}

/** Every key of `scopes` with its explicit value, else `fallback(name)`, else Kafka's default. */
export function withDefaults(
  scopes: readonly ConfigScope[],
  explicit: Readonly<Record<string, ConfigValue>>,
  fallback: (name: string) => ConfigValue | undefined = () => undefined,
): Record<string, ConfigValue> {
  const values: Record<string, ConfigValue> = {};
  for (const scope of scopes) {
    for (const key of keysOfScope(scope)) {
      values[key.name] = key.name in explicit ? (explicit[key.name] as ConfigValue) : (fallback(key.name) ?? key.default);
    }
  }
  return values;
}

/** Kafka's default of a key, typed loosely; throws if the key is not in the registry (a bug). */
export function defaultOf(scope: ConfigScope, name: string): ConfigValue {
  const key = findConfigKey(scope, name);
  if (key === undefined) throw new Error(`no ${scope} config ${name} in the registry`);
  return key.default;
}
