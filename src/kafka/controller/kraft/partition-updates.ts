/**
 * Turns controller decisions into PartitionChange records (Kafka's generateLeaderAndIsrUpdates):
 * remove a broker from ISRs, elect leaders when a broker comes back, handle an unclean restart —
 * and traces each change with the rule that fired (docs/kafka-rules.md §1.3, §1.6, §3.3).
 */
import type { ConfigView } from "../../config-view.js";
import type { ClusterSpec } from "../../features.js";
import { NO_LEADER, type PartitionState } from "../../metadata/partition-state.js";
import type { PartitionChangeRecord } from "../../protocol/kraft.js";
import { changePartition, effectiveMinIsr, listDelta, type ChangeRequest, type ElectionRules, type PartitionChange } from "../partition-change.js";
import { readElectionSettings } from "../election-settings.js";
import type { ClusterState } from "./cluster-state.js";
import type { TraceType } from "../../trace-events.js";
import { explained } from "../../explain/catalogue.js";

export type Tracer = (type: TraceType, fields: Record<string, unknown>) => void;

/** Election rules of one partition under the current cluster state. */
export function rulesFor(
  state: ClusterState,
  cluster: ClusterSpec,
  brokerConfig: ConfigView,
  partition: PartitionState,
  exclude: readonly number[] = [],
  include: readonly number[] = [],
): ElectionRules {
  const topic = readElectionSettings(brokerConfig.overlay(state.topics.get(partition.topic)?.config ?? {}));
  return {
    isAcceptable: (id) => !exclude.includes(id) && (include.includes(id) || state.isActive(id)),
    minIsr: effectiveMinIsr(topic.minInsyncReplicas, partition.replicas.length),
    elrEnabled: cluster.mode === "kraft" && cluster.features.eligibleLeaderReplicas,
    uncleanEnabled: topic.uncleanLeaderElectionEnable || cluster.bugs.has("unclean-election-always"),
  };
}

/** Build the record for one change and trace what changed. */
export function changeRecord(before: PartitionState, change: PartitionChange, reason: string, trace: Tracer): PartitionChangeRecord {
  const after = change.state;
  const base = { topic: after.topic, partition: after.partition, leaderEpoch: after.leaderEpoch, partitionEpoch: after.partitionEpoch };
  if (change.leaderChanged) {
    const fields = { ...base, leader: after.leader, previousLeader: before.leader, isr: after.isr, election: change.election, reason };
    if (change.unclean) trace("unclean-election", explained("unclean-election", fields, change.cause));
    else trace("leader-change", explained("leader-change", fields, change.cause));
  }
  const isr = listDelta(before.isr, after.isr);
  if (isr.added.length > 0 || isr.removed.length > 0) {
    trace(
      "isr-change",
      explained("isr-change", { ...base, isr: after.isr, added: isr.added, removed: isr.removed }, { kind: "kraft-isr", reason, unclean: change.unclean }),
    );
  } else if (before.isr.length === 1 && after.leader === NO_LEADER && before.leader !== NO_LEADER && after.elr.length === 0) {
    trace("isr-change", explained("isr-change", { ...base, isr: after.isr, added: [], removed: [] }, { kind: "kraft-last-member" }));
  }
  const elr = listDelta(before.elr, after.elr);
  if (elr.added.length > 0 || elr.removed.length > 0) {
    trace(
      "elr-change",
      explained(
        "elr-change",
        { ...base, elr: after.elr, added: elr.added, removed: elr.removed },
        { isrSize: after.isr.length, leaderChanged: change.leaderChanged, reason },
      ),
    );
  }
  return { type: "PartitionChange", state: after, unclean: change.unclean, reason };
}

/**
 * For every given partition: target ISR = ISR without `remove` (and without `uncleanBroker`),
 * elect with `remove` never acceptable and `add` acceptable even if still fenced.
 */
export function leaderAndIsrUpdates(
  state: ClusterState,
  cluster: ClusterSpec,
  brokerConfig: ConfigView,
  partitions: readonly PartitionState[],
  options: { remove?: number; add?: number; uncleanBroker?: number; reason: string },
  trace: Tracer,
): PartitionChangeRecord[] {
  const records: PartitionChangeRecord[] = [];
  const exclude = [options.remove, options.uncleanBroker].filter((x): x is number => x !== undefined);
  const include = options.add !== undefined ? [options.add] : [];
  for (const partition of partitions) {
    const rules = rulesFor(state, cluster, brokerConfig, partition, exclude, include);
    const request: ChangeRequest = {
      targetIsr: partition.isr.filter((r) => !exclude.includes(r)),
      uncleanShutdown: options.uncleanBroker !== undefined ? [options.uncleanBroker] : [],
    };
    const change = changePartition(partition, request, rules);
    if (change) records.push(changeRecord(partition, change, options.reason, trace));
  }
  return records;
}

/** Partitions where `brokerId` is leader, in the ISR or in the ELR (sorted). */
export function partitionsWithBroker(state: ClusterState, brokerId: number, includeElr: boolean): PartitionState[] {
  return state.sortedPartitions().filter((p) => p.leader === brokerId || p.isr.includes(brokerId) || (includeElr && p.elr.includes(brokerId)));
}

/** Leaderless partitions (elections to retry when a broker is unfenced or registers). */
export function leaderlessPartitions(state: ClusterState): PartitionState[] {
  return state.sortedPartitions().filter((p) => p.leader === NO_LEADER);
}
