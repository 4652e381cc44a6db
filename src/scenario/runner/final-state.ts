/** The final logs of every replica after the run, for the history checker. */
import type { FinalPartition, FinalRecord, FinalState } from "../../check/history/types.js";
import { brokerNode } from "../../kafka/metadata/partition-state.js";
import type { RecordBatch } from "../../kafka/protocol/records.js";
import type { PartitionConvergence } from "../result.js";
import type { BuiltCluster } from "./build-cluster.js";

function flatten(batches: readonly RecordBatch[]): FinalRecord[] {
  const out: FinalRecord[] = [];
  for (const batch of batches)
    batch.records.forEach((r, i) => out.push({ offset: batch.baseOffset + i, value: r.value, leaderEpoch: batch.partitionLeaderEpoch }));
  return out;
}

export function finalState(cluster: BuiltCluster, convergence: PartitionConvergence[]): FinalState {
  const partitions: FinalPartition[] = [];
  for (const topic of cluster.topics) {
    if (topic.internal) continue;
    for (let p = 0; p < topic.partitions; p++) {
      const name = `${topic.name}-${p}`;
      const state = cluster.view.partition(name);
      const conv = convergence.find((c) => c.partition === name);
      const replicas = (state?.replicas ?? []).flatMap((id) => {
        const host = cluster.world.host(brokerNode(id));
        const log = host?.alive ? cluster.brokers.get(id)?.replicaManager.localLog(topic.name, p) : null;
        return log ? [{ broker: brokerNode(id), log: flatten(log.batches), highWatermark: log.highWatermark }] : [];
      });
      const leaderId = state && state.leader >= 0 ? state.leader : -1;
      const leaderLog =
        leaderId >= 0 && cluster.world.host(brokerNode(leaderId))?.alive ? cluster.brokers.get(leaderId)?.replicaManager.localLog(topic.name, p) : null;
      partitions.push({
        topic: topic.name,
        partition: p,
        converged: conv?.converged ?? false,
        ...(conv?.why ? { whyNotConverged: conv.why } : {}),
        leader: leaderLog ? brokerNode(leaderId) : null,
        highWatermark: leaderLog?.highWatermark ?? 0,
        logStartOffset: leaderLog?.logStartOffset ?? 0,
        leaderLog: leaderLog ? flatten(leaderLog.batches) : [],
        replicas,
      });
    }
  }
  return { partitions };
}
