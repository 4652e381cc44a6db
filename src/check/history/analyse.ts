/**
 * The Jepsen-grade client-history analysis: given the recorded history, the final state after the
 * drain and the cluster timeline, count and explain every anomaly of docs/anomalies.md.
 *
 * Cost is linear in the history (plus one sort of each partition's offsets): maps keyed by
 * partition, group, process and value; explanations are written only for the kept anomalies.
 */
import { checkKeys } from "./check-keys.js";
import { checkOrder } from "./check-order.js";
import { checkPolls } from "./check-polls.js";
import { checkCommits } from "./check-commits.js";
import { checkProcessing } from "./check-processing.js";
import { checkWrites } from "./check-writes.js";
import { AnomalyCollector } from "./collector.js";
import type { CheckContext } from "./context.js";
import { gatherFacts } from "./facts.js";
import { summariseClients } from "./metrics.js";
import { ReadSources } from "./sources.js";
import { TimelineIndex } from "./timeline.js";
import type { HistoryAnalysis, HistoryAnalysisInput, HistoryAnalysisOptions } from "./types.js";

/** Anomalies kept per type unless `capPerType` says otherwise. */
export const DEFAULT_CAP_PER_TYPE = 20;

export function analyseHistory(input: HistoryAnalysisInput, options: HistoryAnalysisOptions = {}): HistoryAnalysis {
  const facts = gatherFacts(input.history, input.final, options.subscriptions);
  const context: CheckContext = {
    facts,
    timeline: new TimelineIndex(input.timeline),
    sink: new AnomalyCollector(options.capPerType ?? DEFAULT_CAP_PER_TYPE),
    sources: new ReadSources(input.history, facts),
    drained: options.drained ?? true,
  };
  checkWrites(context);
  checkOrder(context);
  checkKeys(context);
  checkPolls(context);
  checkProcessing(context);
  checkCommits(context, input.history);
  const summary = summariseClients(input.history);
  return {
    counts: context.sink.counts,
    anomalies: context.sink.anomalies(),
    clientMetrics: summary.clientMetrics,
    errors: summary.errors,
    produceLatenciesUs: summary.produceLatenciesUs,
  };
}
