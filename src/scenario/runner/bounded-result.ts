/**
 * Bounded results (issue 11): a result's size grows with what happened, not with the cluster.
 * `series` and `partitions` keep every partition something happened to — named by a fault target
 * (`leader(orders-0)`, `followers(orders-0)`), a new leader or leader epoch after the first, a
 * replica that truncated records, an unclean election, an anomaly, no convergence — plus a small
 * deterministic sample, and summarise the rest. Small clusters (≤ {@link KEEP_ALL_UP_TO}
 * partitions) keep everything, as does the `fullSeries` option (`--full-series`).
 */
import type { Anomaly } from "../../check/history/types.js";
import type { FaultSpec } from "../types.js";
import type { PartitionConvergence } from "../result.js";
import type { PartitionSampler, Range } from "./sampler.js";

/** Up to this many partitions (scenario and internal topics together), a result keeps them all. */
export const KEEP_ALL_UP_TO = 64;
/** How many partitions of the rest are kept as a sample (evenly spaced, so deterministic). */
export const SAMPLE_SIZE = 8;

/** Summary of the partitions `series` leaves out. */
export interface SeriesSummary {
  /** Partitions sampled in all, and how many `series.partitions` shows. */
  total: number;
  shown: number;
  /** Over the partitions left out: final HW, LEO and ISR size ranges, and leader changes (0 by construction). */
  omitted: { partitions: number; highWatermark: Range; logEndOffset: Range; isrSize: Range; leaderChanges: number };
}

/** Summary of the convergence entries `partitions` leaves out (every one left out converged). */
export interface PartitionsSummary {
  total: number;
  /** Of the total, partitions of internal topics (__consumer_offsets). */
  internal: number;
  converged: number;
  shown: number;
  omitted: { partitions: number; highWatermark: Range; logEndOffset: Range; isrSize: Range };
}

/** Partitions named by a fault target (leader(tp), followers(tp)), found anywhere in a fault. */
export function faultTargetPartitions(faults: readonly FaultSpec[]): Set<string> {
  const out = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const record = value as Record<string, unknown>;
    if ((record.kind === "leader" || record.kind === "followers") && typeof record.topic === "string" && typeof record.partition === "number") {
      out.add(`${record.topic}-${record.partition}`);
    }
    for (const child of Object.values(record)) if (child !== null && typeof child === "object") visit(child);
  };
  visit(faults);
  return out;
}

/** Evenly spaced picks of `names` (at most `count`), in their order. */
export function evenSample(names: readonly string[], count: number): string[] {
  if (names.length <= count) return [...names];
  return Array.from({ length: count }, (_, i) => names[Math.floor((i * names.length) / count)]!);
}

export interface BoundedInput {
  full: boolean;
  faults: readonly FaultSpec[];
  sampler: PartitionSampler;
  partitions: readonly PartitionConvergence[];
  anomalies: readonly Anomaly[];
  truncated: ReadonlySet<string>;
  uncleanElections: readonly { partition: string }[];
}

export interface BoundedOutput {
  series: ReturnType<PartitionSampler["result"]>;
  seriesSummary?: SeriesSummary;
  partitions: PartitionConvergence[];
  partitionsSummary?: PartitionsSummary;
}

/** What a result keeps of `series` and `partitions`. */
export function boundResult(input: BoundedInput): BoundedOutput {
  const total = Math.max(input.sampler.partitionCount, input.partitions.length);
  if (input.full || total <= KEEP_ALL_UP_TO) return { series: input.sampler.result(), partitions: [...input.partitions] };
  const eventful = new Set<string>([
    ...faultTargetPartitions(input.faults),
    ...input.sampler.leaderChanged(),
    ...input.truncated,
    ...input.uncleanElections.map((u) => u.partition),
    ...input.anomalies.map((a) => a.partition),
    ...input.partitions.filter((p) => !p.converged).map((p) => p.partition),
  ]);
  const sampled = evenSample(
    input.partitions.filter((p) => !p.partition.startsWith("__")).map((p) => p.partition),
    SAMPLE_SIZE,
  );
  const kept = new Set([...eventful, ...sampled]);
  const series = input.sampler.result(kept);
  const partitions = input.partitions.filter((p) => kept.has(p.partition));
  const leftOut = input.partitions.filter((p) => !kept.has(p.partition));
  const hw = rangeOf(leftOut.map((p) => p.highWatermark));
  const leo = rangeOf(leftOut.map((p) => p.logEndOffset));
  const isr = rangeOf(leftOut.map((p) => p.isr.length));
  return {
    series,
    seriesSummary: { total: input.sampler.partitionCount, shown: series.length, omitted: input.sampler.summary(kept) },
    partitions,
    partitionsSummary: {
      total: input.partitions.length,
      internal: input.partitions.filter((p) => p.partition.startsWith("__")).length,
      converged: input.partitions.filter((p) => p.converged).length,
      shown: partitions.length,
      omitted: { partitions: leftOut.length, highWatermark: hw, logEndOffset: leo, isrSize: isr },
    },
  };
}

function rangeOf(values: readonly number[]): Range {
  let min: number | null = null;
  let max: number | null = null;
  for (const v of values) {
    if (min === null || v < min) min = v;
    if (max === null || v > max) max = v;
  }
  return { min, max };
}
