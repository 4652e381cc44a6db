/**
 * One run of a scenario: load (with `--set` overrides), build the cluster, schedule faults, run to
 * `duration`, drain, check the history and invariants, evaluate expectations, and return the
 * result of the contract. Same file + seed ⇒ same result and trace hash, in any process.
 */
import { latestStarts } from "./runner/latest-starts.js";
import { getHeapStatistics } from "node:v8";
import { analyseHistory } from "../check/history/index.js";
import { clientScopedMetrics } from "../check/metrics/client-metrics.js";
import { requestedPercentiles } from "../check/metrics/names.js";
import { nearestRank } from "../check/metrics/percentile.js";
import { outageMetrics, outageMsByPartition } from "../check/metrics/time-metrics.js";
import { DEFAULT_MAX_EVENTS, type MemoryProbe } from "../sim/budget.js";
import type { Scenario } from "./types.js";
import { normaliseScenario, parseScenarioText, readScenarioFile, type LoadedScenario } from "./load.js";
import type { NormaliseOptions } from "./normalise.js";
import { applySet } from "./overrides.js";
import { withOverrides, type OverriddenPath, type SourcePositions } from "./positions.js";
import { formatScenarioError, ScenarioValidationError } from "./errors.js";
import { MUTANT_NAMES } from "../check/mutants.js";
import { formatVersionDefault } from "../kafka/config/version-defaults.js";
import { didYouMean } from "./suggest.js";
import type { CompareOptions, RunOptions, ScenarioInput, SeedsOptions } from "./api.js";
import { summarise, type CompareResult, type CompareRow, type MultiSeedResult, type RunResult } from "./result.js";
import { buildCluster, startCluster } from "./runner/build-cluster.js";
import { drain, leftUnrecovered, partitionConvergence } from "./runner/drain.js";
import { verdict } from "./runner/evaluate.js";
import { scheduleFaults } from "./runner/fault-schedule.js";
import { finalState } from "./runner/final-state.js";
import { nodeControl } from "./runner/node-control.js";
import { PartitionSampler } from "./runner/sampler.js";
import { boundResult } from "./runner/bounded-result.js";
import { faultMoments, MessageSampler } from "./runner/message-sample.js";
import { withRunContext } from "./runner/run-context.js";
import { isMutantName } from "../kafka/mutant-names.js";

/** Events between two measurements of the heap (a measurement costs about a microsecond). */
const MEMORY_CHECK_EVERY = 10_000;

/**
 * The memory budget of a run: `--max-memory` MiB, by default 80 % of V8's heap limit, so a run that
 * grows stops with a clear message (status 2) before V8 aborts the process. The probe lives here,
 * at the runner/kernel boundary; the model never sees it.
 */
function memoryProbe(maxMemoryMb: number | undefined): MemoryProbe {
  const limitBytes = maxMemoryMb === undefined ? Math.floor(getHeapStatistics().heap_size_limit * 0.8) : maxMemoryMb * 1024 * 1024;
  return { limitBytes, everyEvents: MEMORY_CHECK_EVERY, heapUsedBytes: () => getHeapStatistics().used_heap_size };
}

/** Load a scenario file or object, applying `--set` overrides to the raw document first. */
export function loadWithOverrides(input: ScenarioInput, sets: readonly string[] = [], options: NormaliseOptions = {}): LoadedScenario {
  let raw: unknown;
  let positions: SourcePositions | undefined;
  let file: string;
  if (typeof input === "string") {
    file = input;
    const parsed = parseScenarioText(readScenarioFile(input), input);
    raw = parsed.raw;
    positions = parsed.positions;
  } else {
    file = typeof input.name === "string" ? `${input.name}.yaml` : "<object>";
    raw = input;
  }
  const applied: OverriddenPath[] = [];
  for (const set of sets) {
    const eq = set.indexOf("=");
    const key = eq < 0 ? set : set.slice(0, eq);
    const value = eq < 0 ? "" : set.slice(eq + 1);
    const result = applySet(raw, key, value);
    raw = result.raw;
    applied.push(...result.applied);
  }
  const loaded = normaliseScenario(raw, file, positions && withOverrides(positions, applied), options);
  checkBugs(loaded.scenario, file);
  return loaded;
}

const budgetOf = (options: { maxEvents?: number }): NormaliseOptions => (options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents });

/** `cluster.bugs` must name mutants of the catalogue (src/check/mutants.ts). */
function checkBugs(scenario: Scenario, file: string): void {
  const unknown = scenario.cluster.bugs.filter((b) => !isMutantName(b));
  if (unknown.length === 0) return;
  throw new ScenarioValidationError(
    unknown.map((name) => ({
      file,
      path: "cluster.bugs",
      message: `unknown protocol mutant "${name}"`,
      expected: `one of ${MUTANT_NAMES.join(", ")}`,
      hint: didYouMean(name, MUTANT_NAMES),
    })),
  );
}

function quote(arg: string): string {
  return /^[A-Za-z0-9._/=:,@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** How much simulated time passes between two `onSimulatedTime` calls. */
const PROGRESS_SLICE_US = 1_000_000;

/** Run one scenario with one seed. */
export function runScenario(input: ScenarioInput, options: RunOptions = {}): RunResult {
  const loaded = loadWithOverrides(input, options.sets, budgetOf(options));
  return runLoaded(loaded, typeof input === "string" ? input : "", options);
}

function runLoaded(loaded: LoadedScenario, file: string, options: RunOptions = {}): RunResult {
  const scenario: Scenario = loaded.scenario;
  const seed = options.seed ?? scenario.seed;
  const wallStart = performance.now();
  const cluster = buildCluster(scenario, seed);
  if (options.traceSink) cluster.world.trace.stream = options.traceSink;
  const sampled = options.messageSample === true ? new MessageSampler(faultMoments(scenario.faults), (node) => cluster.world.host(node)?.role ?? "node") : null;
  if (sampled !== null) cluster.world.network.tap = sampled;
  const control = nodeControl(cluster);
  scheduleFaults(scenario.faults, {
    world: cluster.world,
    targets: { view: cluster.view, brokerNames: cluster.nodes.brokers, offsetsPartitions: scenario.cluster.offsetsTopic.partitions },
    timeline: cluster.timeline,
    control,
    allNodes: cluster.nodes.all,
    durationUs: scenario.durationUs,
  });
  // About 400 samples over the run, never more often than every 100 ms.
  const sampler = new PartitionSampler(cluster, Math.max(100_000, Math.round((scenario.durationUs + (scenario.drain ? 30_000_000 : 0)) / 400 / 1000) * 1000));
  sampler.start();
  startCluster(cluster);
  // The budgets hold for the whole run, the drain included.
  cluster.world.limits = { maxEvents: options.maxEvents ?? DEFAULT_MAX_EVENTS, memory: memoryProbe(options.maxMemoryMb) };
  let drained: ReturnType<typeof drain> | null;
  try {
    const onTime = options.onSimulatedTime;
    if (onTime === undefined) cluster.world.run(scenario.durationUs);
    else {
      // Slices of one simulated second: the scheduler fires the same events in the same order.
      while (cluster.world.now < scenario.durationUs) {
        cluster.world.run(Math.min(scenario.durationUs, cluster.world.now + PROGRESS_SLICE_US));
        onTime(cluster.world.now, scenario.durationUs);
      }
    }
    drained = scenario.drain ? drain(scenario, cluster, control, onTime === undefined ? undefined : (now) => onTime(now, scenario.durationUs)) : null;
  } catch (error) {
    throw withRunContext(error, file, seed, cluster.world.now);
  }
  const partitions =
    drained?.partitions ?? cluster.topics.flatMap((t) => Array.from({ length: t.partitions }, (_, p) => partitionConvergence(cluster, t.name, p)));
  const converged = partitions.every((p) => p.converged);
  cluster.view.finish();

  const subscriptions: Record<string, string[]> = {};
  for (const group of scenario.consumers) subscriptions[group.group] = [...group.topics];
  // Explanations quote cluster events (faults, hosts, leadership, ISR, truncation), not client chatter.
  const CLUSTER_KINDS = /^(fault|host-|leader-change|isr-change|elr-change|unclean-election|log-truncated|broker-fenced|become-leader|controller-|drain)/;
  const timelineEntries = cluster.timeline.lines
    .filter((l) => CLUSTER_KINDS.test(l.kind))
    .map((l) => ({ atUs: l.atUs, kind: l.kind, text: l.rule ? `${l.text} (${l.rule})` : l.text, partition: l.partition, node: l.node }));
  options.historySink?.(cluster.history.ops());
  const analysis = analyseHistory(
    { history: cluster.history.ops(), final: finalState(cluster, partitions), timeline: timelineEntries },
    { drained: scenario.drain && converged, subscriptions },
  );
  const metrics: Record<string, number> = { ...analysis.clientMetrics, ...analysis.counts };
  // Partitions that never recovered: after the drain, no working leader or a live replica left out of the ISR.
  metrics["unconverged"] = partitions.filter(leftUnrecovered).length;
  // errors.*: every Kafka error a client saw, retried attempts included (at least the final ones).
  const errors = new Map(Object.entries(analysis.errors));
  for (const [name, count] of cluster.history.errorsSeenCounts()) errors.set(name, Math.max(count, errors.get(name) ?? 0));
  for (const [name, count] of [...errors].sort(([a], [b]) => (a < b ? -1 : 1))) metrics[`errors.${name}`] = count;
  // Time metrics (ms) and client-scoped ones: downtime, write-downtime, latency.*, errors.<client>.*.
  Object.assign(metrics, outageMetrics("downtime", cluster.view.downtime), outageMetrics("write-downtime", cluster.view.writeDowntime));
  const percentiles = requestedPercentiles(scenario.expect.map((e) => e.metric));
  Object.assign(metrics, clientScopedMetrics(cluster.history.ops(), cluster.history.errorsSeenCountsByClient(), percentiles).metrics);
  const invariants = cluster.monitor.results();
  const judged = verdict(scenario.expect, metrics, invariants, converged);
  const latencies = [...analysis.produceLatenciesUs].sort((a, b) => a - b);
  const p50 = nearestRank(latencies, 50);
  const p99 = nearestRank(latencies, 99);
  const downtimeMs = outageMsByPartition(cluster.view.downtime);
  const starts = latestStarts(cluster.history.ops());
  const reproduceArgs = ["kafkasim", "run", file || `${scenario.name}.yaml`, "--seed", String(seed), ...(options.sets ?? []).flatMap((s) => ["--set", s])];
  const bounded = boundResult({
    full: options.fullSeries === true,
    faults: scenario.faults,
    sampler,
    partitions,
    anomalies: analysis.anomalies,
    truncated: cluster.view.truncatedPartitions,
    uncleanElections: cluster.view.uncleanElections,
  });
  if (cluster.timeline.dropped > 0)
    cluster.timeline.lines.push({ atUs: cluster.world.now, kind: "note", text: `${cluster.timeline.dropped} more timeline entries not shown` });
  return {
    scenario: scenario.name,
    description: scenario.description,
    file,
    seed,
    passed: judged.passed,
    traceHash: cluster.world.trace.hash(),
    simulatedMs: Math.round(cluster.world.now / 1000),
    wallMs: Math.round(performance.now() - wallStart),
    events: cluster.world.scheduler.eventsFired,
    converged,
    metrics,
    anomalies: analysis.anomalies,
    invariants,
    expectations: judged.expectations,
    reproduce: reproduceArgs.map(quote).join(" "),
    protocol: {
      preset: scenario.cluster.protocol.preset,
      kafkaVersion: scenario.cluster.protocol.kafkaVersion,
      mode: scenario.cluster.protocol.mode,
      versionDefaults: scenario.cluster.protocol.defaults.map(formatVersionDefault),
    },
    timeline: cluster.timeline.lines,
    partitions: bounded.partitions,
    ...(bounded.partitionsSummary ? { partitionsSummary: bounded.partitionsSummary } : {}),
    warnings: loaded.warnings.map(formatScenarioError),
    stats: {
      produceLatencyMsP50: p50 === null ? null : p50 / 1000,
      produceLatencyMsP99: p99 === null ? null : p99 / 1000,
      throughputPerSec: Math.round((metrics.acked ?? 0) / (scenario.durationUs / 1e6)),
      downtimeMs,
      writeDowntimeMs: outageMsByPartition(cluster.view.writeDowntime),
      unavailableMs: downtimeMs,
      ...(starts.length === 0 ? {} : { latestStarts: starts }),
    },
    failures: judged.failures,
    series: { intervalMs: sampler.intervalUs / 1000, partitions: bounded.series, ...(bounded.seriesSummary ? { summary: bounded.seriesSummary } : {}) },
    ...(sampled === null ? {} : { messages: sampled.result(cluster.world.hostNames()) }),
  };
}

/** Run seeds seed … seed+N−1 and aggregate per metric. */
export function runSeeds(input: ScenarioInput, options: SeedsOptions): MultiSeedResult {
  const loaded = loadWithOverrides(input, options.sets, budgetOf(options));
  const first = options.seed ?? loaded.scenario.seed;
  const runs: RunResult[] = [];
  for (let i = 0; i < options.seeds; i++) {
    runs.push(runLoaded(loaded, typeof input === "string" ? input : "", { ...options, seed: first + i }));
    options.onProgress?.(i + 1, options.seeds);
  }
  return { scenario: loaded.scenario.name, runs, summary: summarise(runs), passed: runs.every((r) => r.passed) };
}

/** The same scenario under each value of one key, side by side over seeds. */
export function compareScenario(input: ScenarioInput, options: CompareOptions): CompareResult {
  const rows = options.values.map((value, index) => {
    const result = runSeeds(input, {
      ...options,
      sets: compareSets(options, value),
      onProgress: (done, total) => options.onProgress?.(index * total + done, total * options.values.length),
    });
    return compareRow(options.key, value, result);
  });
  return { scenario: scenarioName(input), key: options.key, rows };
}

/** The `--set` list of one value of a comparison: the caller's sets, then `key=value`. */
export function compareSets(options: Pick<CompareOptions, "sets" | "key">, value: string): string[] {
  return [...(options.sets ?? []), `${options.key}=${value}`];
}

/** The scenario's name as a comparison reports it. */
export function scenarioName(input: ScenarioInput): string {
  return typeof input === "string" ? loadWithOverrides(input).scenario.name : String(input.name ?? "scenario");
}

/** One row of a comparison: the runs of one value, aggregated. */
export function compareRow(key: string, value: string, result: MultiSeedResult): CompareRow {
  const latencies50 = result.runs.map((r) => r.stats.produceLatencyMsP50).filter((x): x is number => x !== null);
  const latencies99 = result.runs.map((r) => r.stats.produceLatencyMsP99).filter((x): x is number => x !== null);
  const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
  return {
    key,
    value,
    seeds: result.runs.length,
    summary: result.summary,
    passedSeeds: result.runs.filter((r) => r.passed).length,
    produceLatencyMsP50: mean(latencies50),
    produceLatencyMsP99: mean(latencies99),
    throughputPerSec: mean(result.runs.map((r) => r.stats.throughputPerSec)) ?? 0,
    downtimeMs: mean(result.runs.map((r) => r.metrics["downtime"] ?? 0)) ?? 0,
    writeDowntimeMs: mean(result.runs.map((r) => r.metrics["write-downtime"] ?? 0)) ?? 0,
    unavailableMs: mean(result.runs.map((r) => r.metrics["downtime"] ?? 0)) ?? 0,
    expectations: (result.runs[0]?.expectations ?? []).map((e, i) => ({
      metric: e.metric,
      expected: e.expected,
      metSeeds: result.runs.filter((r) => r.expectations[i]?.passed === true).length,
    })),
    invariantSeeds: result.runs.filter((r) => {
      const named = new Set(r.expectations.map((e) => e.metric));
      return r.invariants.some((inv) => inv.violations > 0 && !named.has(inv.name));
    }).length,
  };
}
