/**
 * The run result: the one contract between the engine and everything that presents it
 * (docs/scenario-format.md "The result"). JSON-serialisable; `--json` prints exactly this.
 */
import type { LatestStart } from "./runner/latest-starts.js";
import type { Anomaly } from "../check/history/types.js";
import type { InvariantResult } from "../check/invariants/types.js";
import type { PartitionsSummary, SeriesSummary } from "./runner/bounded-result.js";

import type { MessageSample } from "./runner/message-sample.js";

export type { PartitionsSummary, SeriesSummary } from "./runner/bounded-result.js";
export type { MessageSample, MessageView, MessageWindow, SampledMessage } from "./runner/message-sample.js";

export interface ExpectationResult {
  metric: string;
  expected: string;
  /** The metric's value; null for a latency when no send was acknowledged. */
  actual: number | null;
  passed: boolean;
  /** "ms" for time metrics (downtime, write-downtime, latency.*). */
  unit?: "ms";
}

/** One line of the teaching timeline: a moment that matters, with the Kafka rule that fired. */
export interface TimelineLine {
  atUs: number;
  /** "fault", "fault-skipped", "leader-change", "isr-change", "hw", "controller", "client-error", ... */
  kind: string;
  node?: string;
  partition?: string;
  text: string;
  /** The Kafka rule, in plain words. */
  rule?: string;
}

export interface PartitionConvergence {
  partition: string;
  converged: boolean;
  leader: string | null;
  isr: string[];
  highWatermark: number;
  logEndOffset: number;
  why?: string;
}

/** One partition sampled over time: [atMs, leader (-1 none), leaderEpoch, HW, LEO (-1 when no running leader), ISR size]. */
export interface PartitionSeries {
  partition: string;
  topic: string;
  index: number;
  samples: [number, number, number, number, number, number][];
}

/** The protocol a run used: its preset, Kafka version, controller mode and the version's defaults. */
export interface RunProtocol {
  preset: string;
  kafkaVersion: string;
  mode: "kraft" | "zookeeper";
  /**
   * The config defaults of that Kafka version that differ from Kafka 4.x's, as `key=value`
   * (`retry.backoff.max.ms=retry.backoff.ms`: takes that key's value); the preset applies each
   * one wherever the file leaves the key unset (docs/presets.md).
   */
  versionDefaults: string[];
}

export interface RunResult {
  scenario: string;
  /** The scenario's description (what happens and what it teaches). */
  description: string;
  /** The file it came from ("" for an object). */
  file: string;
  seed: number;
  passed: boolean;
  traceHash: string;
  simulatedMs: number;
  wallMs: number;
  events: number;
  converged: boolean;
  metrics: Record<string, number>;
  anomalies: Anomaly[];
  invariants: InvariantResult[];
  expectations: ExpectationResult[];
  reproduce: string;
  /** Extensions beyond the contract's minimum. */
  /** The protocol preset and the defaults of its Kafka version (absent in results built by hand). */
  protocol?: RunProtocol;
  timeline: TimelineLine[];
  /**
   * Convergence per partition at the end of the drain. Above 64 partitions only the ones something
   * happened to, the ones that did not converge and a small sample are listed, and
   * `partitionsSummary` counts the rest (unless the run asked for `fullSeries`).
   */
  partitions: PartitionConvergence[];
  partitionsSummary?: PartitionsSummary;
  warnings: string[];
  /**
   * Produce latency percentiles of acknowledged sends (the `latency.p50` and `latency.p99` metrics),
   * and per partition that was down at all, its `downtime` and `write-downtime` in ms
   * (docs/metrics.md).
   */
  stats: {
    produceLatencyMsP50: number | null;
    produceLatencyMsP99: number | null;
    throughputPerSec: number;
    downtimeMs: Record<string, number>;
    writeDowntimeMs: Record<string, number>;
    /** @deprecated the same as `downtimeMs` (its old name). */
    unavailableMs: Record<string, number>;
    /**
     * Groups that began a partition at `auto.offset.reset=latest` above offset 0: the records
     * below `offset` were written before they joined and are never read by them.
     */
    latestStarts?: LatestStart[];
  };
  /** Why the run failed, in one line each (expectations, invariants, anomalies). */
  failures: string[];
  /**
   * Per-partition samples over time (for charts): interval and data. Above 64 partitions only the
   * partitions something happened to plus a sample, and `summary` of the rest (unless `fullSeries`).
   */
  series: { intervalMs: number; partitions: PartitionSeries[]; summary?: SeriesSummary };
  /**
   * Messages around each fault, sampled and bounded (only when the run asked for `messageSample`:
   * the HTML report's space-time diagram). Not part of the JSON output.
   */
  messages?: MessageSample;
}

export interface MetricSummary {
  seedsNonZero: number;
  mean: number;
  max: number;
}

export interface MultiSeedResult {
  scenario: string;
  runs: RunResult[];
  summary: Record<string, MetricSummary>;
  passed: boolean;
}

export interface CompareRow {
  key: string;
  value: string;
  seeds: number;
  summary: Record<string, MetricSummary>;
  passedSeeds: number;
  produceLatencyMsP50: number | null;
  produceLatencyMsP99: number | null;
  throughputPerSec: number;
  /** Mean over seeds of the `downtime` metric (ms). */
  downtimeMs: number;
  /** Mean over seeds of the `write-downtime` metric (ms). */
  writeDowntimeMs: number;
  /** @deprecated the same as `downtimeMs` (its old name). */
  unavailableMs: number;
  /** Each of the file's expectations under this value: in how many seeds it held. */
  expectations?: { metric: string; expected: string; metSeeds: number }[];
  /**
   * Seeds in which an invariant was violated that the file's expectations do not name: a bug of
   * the model (or a deliberate mutant), never a trade-off a comparison is meant to show.
   */
  invariantSeeds?: number;
}

export interface CompareResult {
  scenario: string;
  key: string;
  rows: CompareRow[];
}

/** Aggregate per metric over seeds: seeds where non-zero, mean, max. */
export function summarise(runs: readonly RunResult[]): Record<string, MetricSummary> {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const summary: Record<string, MetricSummary> = {};
  for (const name of names) {
    const values = runs.map((r) => r.metrics[name] ?? 0);
    summary[name] = {
      seedsNonZero: values.filter((v) => v !== 0).length,
      mean: values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 1000) / 1000 : 0,
      max: values.length ? Math.max(...values) : 0,
    };
  }
  return summary;
}
