/**
 * Resolves fault targets when the fault fires (docs/scenario-format.md "Fault targets"), from the
 * authoritative committed metadata: `leader(t-p)` is the committed leader now, `controller` the
 * active controller, `coordinator(g)` the leader of the group's `__consumer_offsets` partition.
 */
import { OFFSETS_TOPIC, partitionForGroup } from "../../kafka/group/partition-for.js";
import { brokerNode } from "../../kafka/metadata/partition-state.js";
import type { SingleTarget, Target } from "../targets.js";
import type { ClusterView } from "./cluster-view.js";

export interface Resolution {
  nodes: string[];
  /** Why some part resolved to nothing ("no leader for orders-1"). */
  skipped: string[];
}

export interface TargetEnvironment {
  view: ClusterView;
  brokerNames: readonly string[];
  offsetsPartitions: number;
}

export function resolveTarget(target: Target, env: TargetEnvironment): Resolution {
  const items = target.kind === "list" ? target.items : [target];
  const nodes: string[] = [];
  const skipped: string[] = [];
  for (const item of items) {
    const one = resolveSingle(item, env);
    if (typeof one === "string") skipped.push(one);
    else for (const node of one) if (!nodes.includes(node)) nodes.push(node);
  }
  return { nodes, skipped };
}

function resolveSingle(target: SingleTarget, env: TargetEnvironment): string[] | string {
  switch (target.kind) {
    case "node":
      return [target.name];
    case "brokers":
      return [...env.brokerNames];
    case "rest":
      return [];
    case "controller":
      return env.view.activeController ? [env.view.activeController.node] : "no active controller";
    case "leader": {
      const state = env.view.partition(`${target.topic}-${target.partition}`);
      if (!state || state.leader < 0) return `no leader for ${target.topic}-${target.partition}`;
      return [brokerNode(state.leader)];
    }
    case "followers": {
      const state = env.view.partition(`${target.topic}-${target.partition}`);
      if (!state) return `no metadata for ${target.topic}-${target.partition}`;
      const followers = state.replicas.filter((r) => r !== state.leader).map(brokerNode);
      return followers.length ? followers : `no followers for ${target.topic}-${target.partition}`;
    }
    case "coordinator": {
      const partition = partitionForGroup(target.group, env.offsetsPartitions);
      const state = env.view.partition(`${OFFSETS_TOPIC}-${partition}`);
      if (!state || state.leader < 0) return `no coordinator for group ${target.group} (${OFFSETS_TOPIC}-${partition} has no leader)`;
      return [brokerNode(state.leader)];
    }
  }
}
