/** Builders of final states, for benchmarks, tests and hand-made examples. */
import type { FinalPartition, FinalRecord } from "./types.js";

export interface ConvergedPartitionOptions {
  /** Default `broker-1`. */
  leader?: string;
  /** Replicas holding the same log; default `broker-2`, `broker-3`. */
  followers?: string[];
  /** Offset of the first string value, and the log start offset; default 0. */
  logStartOffset?: number;
  /** Leader epoch of records given as strings; default 0. */
  leaderEpoch?: number;
}

/**
 * A converged partition whose leader and followers all hold `records` and whose HW is the end of
 * the log. Values given as strings get consecutive offsets from `logStartOffset`.
 */
export function convergedPartition(
  topic: string,
  partition: number,
  records: readonly (string | FinalRecord)[],
  options: ConvergedPartitionOptions = {},
): FinalPartition {
  const start = options.logStartOffset ?? 0;
  const epoch = options.leaderEpoch ?? 0;
  const log: FinalRecord[] = records.map((record, i) => (typeof record === "string" ? { offset: start + i, value: record, leaderEpoch: epoch } : record));
  for (let i = 1; i < log.length; i++) {
    if (!(log[i]!.offset > log[i - 1]!.offset)) throw new Error(`log of ${topic}-${partition} is not in offset order at index ${i}`);
  }
  const highWatermark = log.length === 0 ? start : log[log.length - 1]!.offset + 1;
  const leader = options.leader ?? "broker-1";
  const brokers = [leader, ...(options.followers ?? ["broker-2", "broker-3"])];
  return {
    topic,
    partition,
    converged: true,
    leader,
    highWatermark,
    logStartOffset: start,
    leaderLog: log,
    replicas: brokers.map((broker) => ({ broker, log, highWatermark })),
  };
}
