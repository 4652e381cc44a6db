/** Live invariant results, as they appear in the run result (`invariants`). */
import type { RecordBatch } from "../../kafka/protocol/records.js";

export interface InvariantResult {
  name: string;
  violations: number;
  /** The first violation, described with time and state. */
  first?: { atUs: number; description: string };
}

/** Read access to replica logs of live brokers, given to the monitor by the runner. */
export interface ClusterProbe {
  replicaLog(broker: number, topic: string, partition: number): ReplicaLogView | null;
}

export interface ReplicaLogView {
  batches: readonly RecordBatch[];
  highWatermark: number;
  logStartOffset: number;
  logEndOffset: number;
}

/** The invariant names, in the order they are reported. */
export const INVARIANT_NAMES = [
  "single-leader-per-epoch",
  "single-controller-per-epoch",
  "leader-hw-monotonic",
  "hw-le-leo",
  "isr-valid",
  "committed-prefix-agreement",
  "follower-prefix",
  "idempotent-append-once",
  "exclusive-ownership",
  "raft-log-matching",
  "raft-leader-completeness",
] as const;

export type InvariantName = (typeof INVARIANT_NAMES)[number];
