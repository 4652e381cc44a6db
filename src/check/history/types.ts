/**
 * Input and output of the client-history analysis. Anomaly names are Jepsen's (see
 * docs/anomalies.md) plus kafkasim's `unreadable` (called `unavailable` before), `lost-processing` and
 * `duplicate-processing`.
 */
import type { History } from "../../kafka/history.js";

/** One record of a final log. */
export interface FinalRecord {
  offset: number;
  value: string;
  leaderEpoch: number;
}

/** One replica's log at the end of the drain. */
export interface FinalReplica {
  broker: string;
  log: FinalRecord[];
  highWatermark: number;
}

/** A partition at the end of the drain phase. */
export interface FinalPartition {
  topic: string;
  partition: number;
  /** Has a leader, every live assigned replica is in the ISR, and HW = LEO on the leader. */
  converged: boolean;
  whyNotConverged?: string;
  leader: string | null;
  highWatermark: number;
  logStartOffset: number;
  /** The (converged) leader's log, below and above its HW. */
  leaderLog: FinalRecord[];
  replicas: FinalReplica[];
}

/** The cluster at the end of the run. */
export interface FinalState {
  partitions: FinalPartition[];
}

/** A cluster event recorded by the runner, used to explain anomalies. */
export interface TimelineEntry {
  atUs: number;
  /** e.g. `fault`, `leader-change`, `isr-change`, `unclean-election`, `truncate`, `power-loss`. */
  kind: string;
  text: string;
  /** `topic-p`, when the event concerns one partition. */
  partition?: string;
  broker?: string;
  /** The node concerned, as the runner's timeline lines name it; read like `broker`. */
  node?: string;
}

export interface HistoryAnalysisInput {
  history: History;
  final: FinalState;
  timeline?: TimelineEntry[];
}

export interface HistoryAnalysisOptions {
  /** Anomalies kept per type (all are counted). Default 20. */
  capPerType?: number;
  /**
   * Whether the run ended with a drain phase (consumers read to the HW). `unseen` is only
   * reported after a drain. Default true.
   */
  drained?: boolean;
  /**
   * Topics each consumer group reads. Default: derived from the history (any assignment,
   * reset, poll, commit or processing of a topic by the group).
   */
  subscriptions?: Record<string, string[]>;
}

export const ANOMALY_TYPES = [
  "lost-write",
  "duplicate",
  "inconsistent-offsets",
  "nonmonotonic-send",
  "nonmonotonic-key",
  "poll-skip",
  "nonmonotonic-poll",
  "int-poll-skip",
  "int-nonmonotonic-poll",
  "unseen",
  "unreadable",
  "lost-processing",
  "duplicate-processing",
  "stale-commit",
] as const;

export type AnomalyType = (typeof ANOMALY_TYPES)[number];

export interface Anomaly {
  type: AnomalyType;
  /** `topic-p`. */
  partition: string;
  offset?: number;
  value?: string;
  /** Plain words, times in seconds, who acknowledged under which acks, and nearby cluster events. */
  explanation: string;
  details?: Record<string, unknown>;
}

export interface ClientMetrics {
  /** Sends attempted. */
  produced: number;
  /** Sends answered with success (any acks). */
  acked: number;
  failed: number;
  /** Timed out, acks=0 never answered, or still in flight at the end. */
  unknown: number;
  /** Records returned by polls, re-deliveries included. */
  consumed: number;
  /** Records processed by the application. */
  processed: number;
}

export interface HistoryAnalysis {
  /** Every anomaly type, 0 when none. */
  counts: Record<AnomalyType, number>;
  /** At most `capPerType` of each type, most telling first, grouped in ANOMALY_TYPES order. */
  anomalies: Anomaly[];
  clientMetrics: ClientMetrics;
  /** Kafka error name (e.g. `NOT_ENOUGH_REPLICAS`) → how many sends and commits ended with it. */
  errors: Record<string, number>;
  /** completeUs − invokeUs of every successful send, in send order. */
  produceLatenciesUs: number[];
}
