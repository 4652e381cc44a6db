/** The final logs of every replica after the run, for the history checker. */
import type { FinalPartition, FinalRecord, FinalState } from "../../check/history/types.js";
import { brokerNode } from "../../kafka/metadata/partition-state.js";
import type { RecordBatch } from "../../kafka/protocol/records.js";
import type { PartitionConvergence } from "../result.js";
import type { BuiltCluster } from "./build-cluster.js";

/**
 * A log's records, one FinalRecord per record. A follower appends the very batch objects its
 * leader sent, so the records of a batch are built once and shared by every replica holding it.
 */
function flatten(batches: readonly RecordBatch[], built: Map<RecordBatch, FinalRecord[]>): FinalRecord[] {
  const out: FinalRecord[] = [];
  for (const batch of batches) {
    let records = built.get(batch);
    if (records === undefined) {
      records = batch.records.map((r, i) => ({ offset: batch.baseOffset + i, value: r.value, leaderEpoch: batch.partitionLeaderEpoch }));
      built.set(batch, records);
    }
    for (const record of records) out.push(record);
  }
  return out;
}

export function finalState(cluster: BuiltCluster, convergence: PartitionConvergence[]): FinalState {
  const partitions: FinalPartition[] = [];
  const convergenceOf = new Map(convergence.map((c) => [c.partition, c]));
  // Batch objects belong to one partition's logs: one map for the run (not two per partition).
  const built = new Map<RecordBatch, FinalRecord[]>();
  for (const topic of cluster.topics) {
    if (topic.internal) continue;
    for (let p = 0; p < topic.partitions; p++) {
      const name = `${topic.name}-${p}`;
      const state = cluster.view.partition(name);
      const conv = convergenceOf.get(name);
      const leaderId = state && state.leader >= 0 ? state.leader : -1;
      let leaderRecords: FinalRecord[] | undefined;
      const replicas: FinalPartition["replicas"] = [];
      for (const id of state?.replicas ?? []) {
        const host = cluster.world.host(brokerNode(id));
        const log = host?.alive ? cluster.brokers.get(id)?.replicaManager.localLog(topic.name, p) : null;
        if (!log) continue;
        const records = flatten(log.batches, built);
        if (id === leaderId) leaderRecords = records;
        replicas.push({ broker: brokerNode(id), log: records, highWatermark: log.highWatermark });
      }
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
        leaderLog: leaderLog ? (leaderRecords ?? flatten(leaderLog.batches, built)) : [],
        replicas,
      });
    }
  }
  return { partitions };
}
