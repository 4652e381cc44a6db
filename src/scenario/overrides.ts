/**
 * `--set k=v` and `--vary k=v1,v2` (docs/scenario-format.md "Command line"), applied to the parsed file
 * before validation:
 * - a key that is exactly a known Kafka config name applies everywhere it is valid: a topic-level
 *   override on every topic, `cluster.broker-config` for broker (and controller) configs, and the
 *   `config` of every producer and/or consumer where it is a client config;
 * - any other key is a path: `producers.p1.config.acks`, `consumers.g1.commit`,
 *   `topics.orders.config.min.insync.replicas`, `cluster.controller.mode`, `duration`; list items
 *   are found by `name` (producers, topics), `group` (consumers) or index (`faults.0.at`); after
 *   `config.`/`broker-config.` (and in `expect`) the rest of the key is one name;
 * - the value is read as YAML (`1`, `all`, `true`, `2s`; flow lists like `[orders]` work too).
 * Unknown keys, names and invalid Kafka values throw a {@link ScenarioValidationError} whose `file`
 * is the option (`--set acks=x`). The input is not modified.
 */
import { parseDocument } from "yaml";
import { describeUnknownKey, findConfigKey, isKnownConfigName, keysOfScope, scopesOf, type ConfigScope } from "../kafka/config/registry.js";
import { parseConfigValue } from "../kafka/config/values.js";
import { ScenarioValidationError, type PathSegment } from "./errors.js";
import type { OverriddenPath } from "./positions.js";
import { scenarioSchema } from "./schema.js";
import { keysAllowedAt, shapesAt } from "./schema-issues.js";
import { didYouMean } from "./suggest.js";

/** The scenario with the override applied, and the paths it wrote (for error positions). */
export interface SetResult {
  readonly raw: Record<string, unknown>;
  readonly applied: readonly OverriddenPath[];
}

type Json = Record<string, unknown>;

const LIST_KEYS: Readonly<Record<string, string>> = { producers: "name", consumers: "group", topics: "name" };
const MAP_SCOPES: Readonly<Record<string, readonly ConfigScope[]>> = {
  producers: ["producer"],
  consumers: ["consumer"],
  topics: ["topic"],
  cluster: ["broker", "controller"],
};

/** Apply `--set key=valueText` to a parsed scenario object. */
export function applySet(raw: unknown, key: string, valueText: string): SetResult {
  const origin = `--set ${key}=${valueText}`;
  const fail = (message: string, hint?: string): never => {
    throw new ScenarioValidationError([{ file: origin, path: key, message, ...(hint === undefined ? {} : { hint }) }]);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail("the scenario is not a mapping");
  const document = parseDocument(valueText);
  if (document.errors.length > 0 || valueText.trim() === "") return fail(`cannot read the value ${JSON.stringify(valueText)} as YAML`);
  const value: unknown = document.toJS();
  const root = structuredClone(raw) as Json;
  const applied = isKnownConfigName(key) ? setKafkaEverywhere(root, key, value, fail) : [setPath(root, key, value, fail)];
  return { raw: root, applied: applied.map((path) => ({ path, origin })) };
}

type Fail = (message: string, hint?: string) => never;

function checkValue(scope: ConfigScope, name: string, value: unknown, fail: Fail): void {
  const key = findConfigKey(scope, name);
  if (key === undefined) return;
  const parsed = parseConfigValue(key, value);
  if (!parsed.ok) fail(`${parsed.message}: expected ${parsed.expected}, found ${parsed.found}`);
}

function mapAt(container: Json, key: string): Json {
  const existing = container[key];
  if (typeof existing === "object" && existing !== null && !Array.isArray(existing)) return existing as Json;
  const created: Json = {};
  container[key] = created;
  return created;
}

function listOf(root: Json, key: string): Json[] {
  const list = root[key];
  return Array.isArray(list) ? list.filter((item): item is Json => typeof item === "object" && item !== null) : [];
}

function setKafkaEverywhere(root: Json, name: string, value: unknown, fail: Fail): PathSegment[][] {
  const scopes = scopesOf(name);
  for (const scope of scopes) checkValue(scope, name, value, fail);
  const applied: PathSegment[][] = [];
  if (scopes.includes("broker") || scopes.includes("controller")) {
    mapAt(mapAt(root, "cluster"), "broker-config")[name] = value;
    applied.push(["cluster", "broker-config", name]);
  }
  const perItem: [string, ConfigScope][] = [
    ["topics", "topic"],
    ["producers", "producer"],
    ["consumers", "consumer"],
  ];
  for (const [listKey, scope] of perItem) {
    if (!scopes.includes(scope)) continue;
    listOf(root, listKey).forEach((item, index) => {
      mapAt(item, "config")[name] = value;
      applied.push([listKey, index, "config", name]);
    });
  }
  if (applied.length === 0) {
    const where = scopes.map((scope) => `${scope}s`).join(" or ");
    fail(`${name} is a ${scopes.join("/")} config, but the scenario has no ${where}`);
  }
  return applied;
}

function setPath(root: Json, key: string, value: unknown, fail: Fail): PathSegment[] {
  const segments = key.split(".");
  const path: PathSegment[] = [];
  const schemaPath: PathSegment[] = [];
  let container: Json = root;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as string;
    const last = index === segments.length - 1;
    const shapes = shapesAt(scenarioSchema, schemaPath);
    if (shapes.has("record") && !shapes.has("object")) {
      const name = segments.slice(index).join(".");
      const scopes = MAP_SCOPES[String(path[0])];
      if (scopes !== undefined) checkConfigName(scopes, name, value, fail);
      container[name] = value;
      return [...path, name];
    }
    const allowed = keysAllowedAt(scenarioSchema, schemaPath);
    if (!allowed.includes(segment)) {
      const kafkaHint = isKnownConfigName(segments.slice(index).join(".")) ? "a Kafka config goes after config. (or use its bare name)" : undefined;
      fail(`unknown key "${segment}"`, didYouMean(segment, allowed) ?? kafkaHint ?? `valid keys here: ${allowed.join(", ")}`);
    }
    path.push(segment);
    schemaPath.push(segment);
    if (last) {
      container[segment] = value;
      return path;
    }
    if (shapesAt(scenarioSchema, schemaPath).has("array")) {
      const item = findItem(root, container, segment, segments[index + 1] as string, fail);
      path.push(item.index);
      schemaPath.push(0);
      container = item.value;
      index++;
      if (index === segments.length - 1) fail(`${key} names a whole list item; add the key to set, e.g. ${key}.config.<name>`);
      continue;
    }
    if (typeof container[segment] === "string" && segment === "protocol") container[segment] = { preset: container[segment] };
    container = mapAt(container, segment);
  }
  return path;
}

function findItem(root: Json, container: Json, listKey: string, selector: string, fail: Fail): { index: number; value: Json } {
  const list = Array.isArray(container[listKey]) ? (container[listKey] as unknown[]) : [];
  const field = container === root ? LIST_KEYS[listKey] : undefined;
  const index =
    field === undefined
      ? /^\d+$/.test(selector)
        ? Number(selector)
        : -1
      : list.findIndex((item) => typeof item === "object" && item !== null && (item as Json)[field] === selector);
  const found = list[index];
  if (typeof found !== "object" || found === null) {
    const names = field === undefined ? [] : list.map((item) => String((item as Json)?.[field]));
    const what = field === undefined ? `${listKey} has no item ${selector}` : `no ${listKey.replace(/s$/, "")} with ${field} ${selector}`;
    fail(what, didYouMean(selector, names) ?? (names.length > 0 ? `${listKey}: ${names.join(", ")}` : `the scenario has no ${listKey}`));
  }
  return { index, value: found as Json };
}

function checkConfigName(scopes: readonly ConfigScope[], name: string, value: unknown, fail: Fail): void {
  const scope = scopes.find((candidate) => findConfigKey(candidate, name) !== undefined);
  if (scope === undefined) {
    const { message, hint } = describeUnknownKey(scopes, name);
    const names = scopes.flatMap((candidate) => keysOfScope(candidate).map((key) => key.name));
    fail(message, hint ?? didYouMean(name, names));
  }
  checkValue(scope as ConfigScope, name, value, fail);
}
