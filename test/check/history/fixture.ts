/** A small builder of hand-made histories for the history-checker tests. Times are in ms. */
import { HistoryRecorder, type Acks, type Outcome, type ResetReason } from "../../../src/kafka/history.js";
import {
  analyseHistory,
  convergedPartition,
  type ConvergedPartitionOptions,
  type FinalPartition,
  type FinalRecord,
  type HistoryAnalysis,
  type HistoryAnalysisOptions,
  type TimelineEntry,
} from "../../../src/check/history/index.js";

export const TOPIC = "orders";
const us = (ms: number): number => Math.round(ms * 1000);

export interface SendSpec {
  offset?: number;
  outcome?: Outcome;
  acks?: Acks;
  process?: string;
  partition?: number;
  atMs?: number;
  doneMs?: number;
  error?: string;
  ackedBy?: string;
  /** The record's key (default null). */
  key?: string | null;
}

export class Story {
  readonly recorder = new HistoryRecorder();
  readonly finals: FinalPartition[] = [];
  readonly timeline: TimelineEntry[] = [];
  private clockMs = 0;

  private tick(atMs: number | undefined): number {
    this.clockMs = atMs ?? this.clockMs + 1;
    return us(this.clockMs);
  }

  /** A send completed at once (acks=all, ok, broker-1 unless told otherwise). */
  send(value: string, spec: SendSpec = {}): number {
    const process = spec.process ?? "p1#1";
    const invokeUs = this.tick(spec.atMs);
    const id = this.recorder.startSend({
      process,
      producer: process.split("#")[0]!,
      topic: TOPIC,
      partition: spec.partition ?? 0,
      key: spec.key ?? null,
      value,
      invokeUs,
      acks: spec.acks ?? "all",
    });
    const outcome = spec.outcome ?? "ok";
    this.recorder.completeSend(id, {
      completeUs: spec.doneMs === undefined ? invokeUs + 1000 : us(spec.doneMs),
      outcome,
      offset: spec.offset,
      error: spec.error,
      ackedBy: outcome === "ok" && spec.acks !== "0" ? (spec.ackedBy ?? "broker-1") : undefined,
    });
    return id;
  }

  /** A poll by `process` (e.g. `g1-1#1`) returning [offset, value] pairs. */
  poll(process: string, records: [number, string][], options: { group?: string; partition?: number; atMs?: number } = {}): void {
    const at = this.tick(options.atMs);
    const partition = options.partition ?? 0;
    this.recorder.recordPoll({
      process,
      consumer: process.split("#")[0]!,
      group: options.group ?? "g1",
      invokeUs: at,
      completeUs: at + 100,
      records: records.map(([offset, value]) => ({ topic: TOPIC, partition, offset, value })),
    });
  }

  assign(process: string, assigned: number[], revoked: number[] = [], group = "g1", generation = 1): void {
    this.recorder.recordAssign({
      process,
      consumer: process.split("#")[0]!,
      group,
      atUs: this.tick(undefined),
      generation,
      assigned: assigned.map((partition) => ({ topic: TOPIC, partition })),
      revoked: revoked.map((partition) => ({ topic: TOPIC, partition })),
    });
  }

  reset(process: string, offset: number, reason: ResetReason, group = "g1", partition = 0): void {
    this.recorder.recordReset({
      process,
      consumer: process.split("#")[0]!,
      group,
      atUs: this.tick(undefined),
      topic: TOPIC,
      partition,
      offset,
      reason,
    });
  }

  process(process: string, offset: number, value: string, group = "g1", partition = 0): void {
    this.recorder.recordProcess({
      process,
      consumer: process.split("#")[0]!,
      group,
      atUs: this.tick(undefined),
      topic: TOPIC,
      partition,
      offset,
      value,
    });
  }

  commit(process: string, offset: number, outcome: Outcome = "ok", group = "g1", partition = 0, generation?: number): void {
    const invokeUs = this.tick(undefined);
    const id = this.recorder.startCommit({
      process,
      group,
      consumer: process.split("#")[0]!,
      invokeUs,
      offsets: [{ topic: TOPIC, partition, offset }],
      ...(generation === undefined ? {} : { generation }),
    });
    this.recorder.completeCommit(id, { completeUs: invokeUs + 500, outcome, error: outcome === "ok" ? undefined : "REBALANCE_IN_PROGRESS" });
  }

  /** A commit sent now and answered `doneMs` later (a commit in flight across other events). */
  commitStarted(process: string, offset: number, generation: number, group = "g1", partition = 0): (outcome: Outcome, error?: string) => void {
    const invokeUs = this.tick(undefined);
    const id = this.recorder.startCommit({
      process,
      group,
      consumer: process.split("#")[0]!,
      invokeUs,
      offsets: [{ topic: TOPIC, partition, offset }],
      generation,
    });
    return (outcome, error) => this.recorder.completeCommit(id, { completeUs: this.tick(undefined), outcome, ...(error === undefined ? {} : { error }) });
  }

  crash(process: string, atMs?: number): void {
    this.recorder.recordClientEvent({ kind: "client-crash", process, atUs: this.tick(atMs) });
  }

  event(atMs: number, kind: string, text: string, where: { partition?: string; broker?: string } = {}): void {
    this.timeline.push({ atUs: us(atMs), kind, text, ...where });
  }

  /** The final state of a partition: converged, holding `records` (strings get offsets from logStartOffset). */
  final(records: readonly (string | FinalRecord)[], options: ConvergedPartitionOptions & { partition?: number } = {}): FinalPartition {
    const final = convergedPartition(TOPIC, options.partition ?? 0, records, options);
    this.finals.push(final);
    return final;
  }

  analyse(options: HistoryAnalysisOptions = {}): HistoryAnalysis {
    return analyseHistory({ history: this.recorder.ops(), final: { partitions: this.finals }, timeline: this.timeline }, options);
  }
}

/** The anomaly counts that are not zero, for exact assertions. */
export function nonZero(analysis: HistoryAnalysis): Record<string, number> {
  return Object.fromEntries(Object.entries(analysis.counts).filter(([, count]) => count > 0));
}

/** Records at offsets 0.. with the given values, as poll input. */
export function records(values: readonly string[], from = 0): [number, string][] {
  return values.map((value, i) => [from + i, value]);
}
