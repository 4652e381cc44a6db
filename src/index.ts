/**
 * kafkasim as a library: run scenario files or objects and read their results, load and validate
 * scenarios, render results, and reach the pieces a test of one's own might want — Kafka's key
 * partitioner and consumer assignors, the simulation kernel, and the client-history checker.
 *
 * @example
 * ```ts
 * import { runScenario, renderRunTerminal } from "kafkasim";
 * const result = runScenario("scenarios/leader-crash-acks1.yaml", { seed: 7, sets: ["acks=all"] });
 * console.log(result.passed, result.metrics["lost-write"]);
 * process.stdout.write(renderRunTerminal(result));
 * ```
 */

// Running scenarios and their results.
export { runScenario, runSeeds, compareScenario } from "./scenario/api.js";
export type { CompareOptions, RunOptions, ScenarioInput, SeedsOptions } from "./scenario/api.js";
export { summarise } from "./scenario/result.js";
export type {
  CompareResult,
  CompareRow,
  ExpectationResult,
  MetricSummary,
  MultiSeedResult,
  PartitionConvergence,
  RunResult,
  TimelineLine,
} from "./scenario/result.js";

// Scenario files.
export { loadScenarioFile, loadScenarioText, normaliseScenario, type LoadedScenario } from "./scenario/load.js";
export { applySet } from "./scenario/overrides.js";
export { listScenarios, type ScenarioListing } from "./scenario/list.js";
export { ScenarioValidationError, formatScenarioError, type ScenarioError, type ScenarioWarning } from "./scenario/errors.js";
export type { Scenario } from "./scenario/types.js";

// Renderings of results.
export { renderRunTerminal, type RunReportOptions } from "./report/terminal-run.js";
export { renderSeedsTerminal } from "./report/terminal-seeds.js";
export { renderCompareTerminal } from "./report/terminal-compare.js";
export { renderRunMarkdown } from "./report/markdown-run.js";
export { renderCompareMarkdown, renderSeedsMarkdown } from "./report/markdown-aggregate.js";
export { compareToJson, runToJson, seedsToJson } from "./report/json.js";
export { makeStyle, type Style } from "./report/style.js";

// Kafka pieces with Kafka's exact behaviour.
export { murmur2, toPositive, utf8 } from "./kafka/partitioner/murmur2.js";
export { partitionForKey, StickyPartitioner } from "./kafka/partitioner/partitioner.js";
export { assignors, assignorByKafkaName, type AssignorName } from "./kafka/assignors/index.js";
export type { Assignment, Assignor, AssignorInput, AssignorMember, TopicPartition } from "./kafka/assignors/index.js";

// The simulation kernel.
export { World, type WorldOptions } from "./sim/world.js";
export { BudgetExceededError } from "./sim/budget.js";
export type { Actor, ActorContext, ActorFactory, Message } from "./sim/actor.js";
export type { HostStatus } from "./sim/host.js";
export type { TraceRecord, TraceListener, TraceEvents, TraceFields } from "./sim/trace.js";
// From the model's declarations, so that TraceType includes them (declaration merging).
export type { TraceType } from "./kafka/trace-events.js";
export type { Micros, Millis } from "./sim/time.js";
export type { RunLimits } from "./sim/scheduler.js";
export type { LatencyModel } from "./sim/latency.js";

// The client-history checker.
export { analyseHistory, ANOMALY_TYPES } from "./check/history/index.js";
export type { Anomaly, AnomalyType, FinalState, HistoryAnalysis, HistoryAnalysisInput, HistoryAnalysisOptions } from "./check/history/index.js";
