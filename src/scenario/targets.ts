/**
 * Fault target expressions (docs/scenario-format.md "Fault targets"): a node name, or a role resolved when
 * the fault fires — `leader(orders-0)`, `followers(orders-0)`, `controller`, `coordinator(g1)`,
 * `brokers` — or a list of them. `rest` (every node not named in another group) is valid only
 * inside the groups of a `partition`.
 */
import type { Parsed } from "./durations.js";
import { describeValue } from "../kafka/config/values.js";
import { didYouMean } from "./suggest.js";

/** One target. */
export type SingleTarget =
  | { readonly kind: "node"; readonly name: string }
  | { readonly kind: "leader"; readonly topic: string; readonly partition: number }
  | { readonly kind: "followers"; readonly topic: string; readonly partition: number }
  | { readonly kind: "controller" }
  | { readonly kind: "coordinator"; readonly group: string }
  | { readonly kind: "brokers" }
  | { readonly kind: "rest" };

/** A target as written: one, or a list (a YAML sequence). */
export type Target = SingleTarget | { readonly kind: "list"; readonly items: readonly SingleTarget[] };

const EXPECTED =
  "a node name (broker-1, controller-1, zk-1, p1, g1-1), leader(<topic>-<partition>), followers(<topic>-<partition>), controller, coordinator(<group>), brokers, or a list";
const ROLE = /^(leader|followers|coordinator)\s*\(\s*(.*?)\s*\)$/;
const TOPIC_PARTITION = /^([a-zA-Z0-9._-]+)-(\d+)$/;
const NODE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/** Parse one target expression (syntax only; names are checked by {@link checkTarget}). */
export function parseTargetExpression(raw: unknown): Parsed<SingleTarget> {
  if (typeof raw !== "string") return { ok: false, message: "not a target", expected: EXPECTED, found: describeValue(raw) };
  const text = raw.trim();
  const fail = (message: string, expected = EXPECTED): Parsed<SingleTarget> => ({ ok: false, message, expected, found: describeValue(raw) });
  if (text === "controller" || text === "brokers" || text === "rest") return { ok: true, value: { kind: text } };
  const role = ROLE.exec(text);
  if (role !== null) {
    const [, kind, argument = ""] = role;
    if (kind === "coordinator") {
      return NODE_NAME.test(argument) ? { ok: true, value: { kind: "coordinator", group: argument } } : fail("not a group name", "coordinator(<group>)");
    }
    const partition = TOPIC_PARTITION.exec(argument);
    if (partition === null) return fail(`${kind}() takes <topic>-<partition>`, `${kind}(<topic>-<partition>), e.g. ${kind}(orders-0)`);
    const [, topic = "", index = "0"] = partition;
    return { ok: true, value: { kind: kind as "leader" | "followers", topic, partition: Number(index) } };
  }
  if (NODE_NAME.test(text)) return { ok: true, value: { kind: "node", name: text } };
  return fail("not a target");
}

/** What a target may refer to. */
export interface TargetContext {
  readonly mode: "kraft" | "zookeeper";
  /** Every node name: broker-N, controller-N or zk-N, producers, consumer instances. */
  readonly nodeNames: readonly string[];
  /** Declared topics and their partition counts. */
  readonly topics: ReadonlyMap<string, number>;
  readonly groups: readonly string[];
}

/** Why `target` does not exist in `context`, or undefined if it does. */
export function checkTarget(target: SingleTarget, context: TargetContext): { message: string; hint?: string } | undefined {
  switch (target.kind) {
    case "node": {
      if (context.nodeNames.includes(target.name)) return undefined;
      const wrongMode = context.mode === "zookeeper" ? /^controller-\d+$/ : /^zk-\d+$/;
      if (wrongMode.test(target.name)) {
        return context.mode === "zookeeper"
          ? {
              message: `no node ${target.name}: in ZooKeeper mode the ensemble is zk-1…zk-N and the controller is a broker`,
              hint: "use `controller` for the broker that holds /controller",
            }
          : { message: `no node ${target.name}: in KRaft mode the controllers are controller-1…controller-N` };
      }
      const hint = didYouMean(target.name, context.nodeNames) ?? `nodes: ${context.nodeNames.join(", ")}`;
      return { message: `no node named ${target.name}`, hint };
    }
    case "leader":
    case "followers": {
      const partitions = context.topics.get(target.topic);
      if (partitions === undefined) {
        return { message: `no topic named ${target.topic}`, hint: didYouMean(target.topic, context.topics.keys()) ?? "declare it under topics" };
      }
      if (target.partition >= partitions) {
        return { message: `${target.topic} has ${partitions} partition(s): ${target.topic}-0…${target.topic}-${partitions - 1}` };
      }
      return undefined;
    }
    case "coordinator":
      if (context.groups.includes(target.group)) return undefined;
      return { message: `no consumer group named ${target.group}`, hint: didYouMean(target.group, context.groups) };
    case "controller":
    case "brokers":
    case "rest":
      return undefined;
  }
}

/** The expression of a target, as it would be written. */
export function formatTarget(target: Target): string {
  switch (target.kind) {
    case "list":
      return `[${target.items.map(formatTarget).join(", ")}]`;
    case "node":
      return target.name;
    case "leader":
    case "followers":
      return `${target.kind}(${target.topic}-${target.partition})`;
    case "coordinator":
      return `coordinator(${target.group})`;
    default:
      return target.kind;
  }
}
