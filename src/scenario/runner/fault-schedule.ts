/**
 * Fires the scenario's faults at their times (before any other event at the same instant: they
 * are scheduled before the cluster starts), resolves their targets when they fire, and reports
 * skipped and no-op faults in the timeline (docs/scenario-format.md "Fault kinds").
 */
import type { NetworkRule } from "../../sim/network.js";
import type { World } from "../../sim/world.js";
import { formatTarget as describeTarget, type Target } from "../targets.js";
import type { FaultSpec, FaultTrigger } from "../types.js";
import { type ChainedFault, FaultChains } from "./fault-chains.js";
import { FaultTriggers } from "./fault-triggers.js";
import { resolveTarget, type TargetEnvironment } from "./targets.js";
import type { TimelineCollector } from "./timeline.js";

/** Node operations the runner performs (with their side effects on history and invariants). */
export interface NodeControl {
  /** Returns a reason when the operation did nothing (e.g. "broker-2 is not running"). */
  crash(node: string): string | null;
  powerLoss(node: string): string | null;
  shutdown(node: string): string | null;
  restart(node: string): string | null;
  pause(node: string): string | null;
  resume(node: string): string | null;
  diskLoss(node: string): string | null;
  /** The admin client raises `topic` to `count` partitions (CreatePartitions); a reason when it cannot. */
  addPartitions(topic: string, count: number): string | null;
}

export interface FaultEnvironment {
  world: World;
  targets: TargetEnvironment;
  timeline: TimelineCollector;
  control: NodeControl;
  /** Every node name (brokers, controllers or zk, clients). */
  allNodes: readonly string[];
  /** The scenario's duration: an event-triggered fault not fired by then is skipped. */
  durationUs: number;
}

/**
 * Schedule every fault: at its time, or — with `after` — armed at its time and fired when its event
 * comes (fault-triggers.ts) or when the earlier fault it follows starts or ends (fault-chains.ts).
 */
export function scheduleFaults(faults: readonly FaultSpec[], env: FaultEnvironment): void {
  const ordered = [...faults].sort((a, b) => a.atUs - b.atUs || a.index - b.index);
  let triggers: FaultTriggers | null = null;
  const chains = faults.some((fault) => isChained(fault))
    ? new FaultChains(faults, { world: env.world, timeline: env.timeline, durationUs: env.durationUs }, (f) => launch(f))
    : null;
  const launch = (fault: FaultSpec): void => {
    const acted = fire(fault, env, chains === null ? null : () => chains.ended(fault));
    chains?.started(fault, acted);
  };
  for (const fault of ordered) {
    if (fault.after === null) env.world.at(fault.atUs, () => launch(fault));
    else if (isChained(fault)) chains!.schedule(fault);
    else {
      triggers ??= new FaultTriggers({ world: env.world, view: env.targets.view, timeline: env.timeline, durationUs: env.durationUs }, (f) => launch(f));
      triggers.schedule(fault as FaultSpec & { readonly after: FaultTrigger });
    }
  }
}

function isChained(fault: FaultSpec): fault is ChainedFault {
  return fault.after !== null && "fault" in fault.after;
}

function note(env: FaultEnvironment, kind: string, text: string, rule?: string): void {
  env.timeline.add({ atUs: env.world.now, kind, text, rule });
}

function resolveNodes(target: Target, env: FaultEnvironment, what: string): string[] {
  const resolution = resolveTarget(target, env.targets);
  for (const reason of resolution.skipped) note(env, "fault-skipped", `${what} ${describeTarget(target)} skipped: ${reason}`);
  return resolution.nodes;
}

function nodeFault(env: FaultEnvironment, kind: string, target: Target, op: (node: string) => string | null): string[] {
  const nodes = resolveNodes(target, env, kind);
  const done: string[] = [];
  for (const node of nodes) {
    const noop = op(node);
    if (noop) note(env, "fault-noop", `${kind} ${node}: nothing to do (${noop})`);
    else {
      note(env, "fault", `${kind} ${node}${describeTarget(target) !== node ? ` (${describeTarget(target)})` : ""}`);
      done.push(node);
    }
  }
  return done;
}

function later(env: FaultEnvironment, delayUs: number | null, fn: () => void): void {
  if (delayUs !== null) env.world.at(env.world.now + delayUs, fn);
}

/** Resolve partition groups; `rest` (alone or inside a group's list) is every node named in no other group. */
function groupsOf(targets: readonly Target[], env: FaultEnvironment, what: string): string[][] {
  const itemsOf = (t: Target) => (t.kind === "list" ? t.items : [t]);
  const named = targets.map((t) => {
    const items = itemsOf(t).filter((i) => i.kind !== "rest");
    return items.length === 0 ? [] : resolveNodes({ kind: "list", items }, env, what);
  });
  const taken = new Set(named.flat());
  const rest = env.allNodes.filter((n) => !taken.has(n));
  return targets.map((t, i) => (itemsOf(t).some((item) => item.kind === "rest") ? [...named[i]!, ...rest] : named[i]!));
}

function network(env: FaultEnvironment, rule: NetworkRule, text: string, healAfterUs: number | null, ended: Ended): true {
  const id = env.world.network.addRule(rule);
  note(env, "fault", text);
  later(env, healAfterUs, () => {
    env.world.network.removeRule(id);
    note(env, "fault-heal", `healed: ${text}`);
    ended?.();
  });
  return true;
}

/** Called when a fault ends (its nodes restarted or resumed, its link healed), for the faults that follow its end; null: nobody does. */
type Ended = (() => void) | null;

/** Fire `fault`; whether it acted: stopped, started or paused a node, added a network rule, or raised a topic's partitions. */
function fire(fault: FaultSpec, env: FaultEnvironment, ended: Ended): boolean {
  const { control } = env;
  switch (fault.kind) {
    case "crash":
    case "power-loss":
    case "shutdown":
    case "disk-loss": {
      const op = { crash: control.crash, "power-loss": control.powerLoss, shutdown: control.shutdown, "disk-loss": control.diskLoss }[fault.kind];
      const done = nodeFault(env, fault.kind, fault.target, (n) => op.call(control, n));
      later(env, fault.restartAfterUs, () => {
        for (const node of done) {
          const noop = control.restart(node);
          note(env, noop ? "fault-noop" : "fault", noop ? `restart ${node}: nothing to do (${noop})` : `restart ${node}`);
        }
        if (done.length > 0) ended?.();
      });
      return done.length > 0;
    }
    case "restart":
      return nodeFault(env, "restart", fault.target, (n) => control.restart(n)).length > 0;
    case "pause": {
      const done = nodeFault(env, "pause", fault.target, (n) => control.pause(n));
      later(env, fault.forUs, () => {
        for (const node of done) if (!control.resume(node)) note(env, "fault", `resume ${node}`);
        if (done.length > 0) ended?.();
      });
      return done.length > 0;
    }
    case "partition": {
      const groups = groupsOf(fault.groups, env, "partition");
      return network(env, { kind: "partition", groups }, `partition ${groups.map((g) => `[${g.join(", ")}]`).join(" | ")}`, fault.healAfterUs, ended);
    }
    case "isolate": {
      const isolated = resolveNodes(fault.target, env, "isolate");
      if (isolated.length === 0) return false;
      const rest = env.allNodes.filter((n) => !isolated.includes(n));
      return network(env, { kind: "partition", groups: [isolated, rest] }, `isolate [${isolated.join(", ")}]`, fault.healAfterUs, ended);
    }
    case "cut": {
      const from = resolveNodes(fault.from, env, "cut");
      const to = resolveNodes(fault.to, env, "cut");
      return network(env, { kind: "cut", from, to }, `cut one-way [${from.join(", ")}] → [${to.join(", ")}]`, fault.healAfterUs, ended);
    }
    case "delay": {
      const [a, b] = fault.between.map((t) => resolveNodes(t, env, "delay")) as [string[], string[]];
      return network(
        env,
        { kind: "delay", between: [a, b], extraUs: fault.extraUs },
        `delay +${fault.extraUs / 1000}ms between [${a.join(", ")}] and [${b.join(", ")}]`,
        fault.forUs,
        ended,
      );
    }
    case "drop": {
      const [a, b] = fault.between.map((t) => resolveNodes(t, env, "drop")) as [string[], string[]];
      return network(
        env,
        { kind: "drop", between: [a, b], probability: fault.probability },
        `drop ${Math.round(fault.probability * 100)}% of messages between [${a.join(", ")}] and [${b.join(", ")}]`,
        fault.forUs,
        ended,
      );
    }
    case "heal":
      env.world.network.clearRules();
      note(env, "fault", "heal all network faults");
      return true;
    case "add-partitions": {
      const noop = control.addPartitions(fault.topic, fault.count);
      if (noop) note(env, "fault-noop", `add-partitions ${fault.topic}: nothing to do (${noop})`);
      else
        note(
          env,
          "fault",
          `add-partitions ${fault.topic} to ${fault.count}`,
          "the admin client sends CreatePartitions to the controller; producers and consumers see the new partitions on their next metadata refresh (metadata.max.age.ms)",
        );
      return noop === null;
    }
  }
}
