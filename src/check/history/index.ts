/** Client-history analysis: anomalies of docs/anomalies.md from a recorded run. */
export { analyseHistory, DEFAULT_CAP_PER_TYPE } from "./analyse.js";
export { benchHistory } from "./bench-history.js";
export { convergedPartition, type ConvergedPartitionOptions } from "./final-state.js";
export { seconds, partitionName } from "./format.js";
export {
  ANOMALY_TYPES,
  type Anomaly,
  type AnomalyType,
  type ClientMetrics,
  type FinalPartition,
  type FinalRecord,
  type FinalReplica,
  type FinalState,
  type HistoryAnalysis,
  type HistoryAnalysisInput,
  type HistoryAnalysisOptions,
  type TimelineEntry,
} from "./types.js";
