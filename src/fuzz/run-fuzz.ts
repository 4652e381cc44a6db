/**
 * `kafkasim fuzz`: property-based fault search. Run i of a campaign draws its scenario from the
 * profile's space (or from the space around a base file) with a random generator seeded from
 * (seed, i) alone, so run i is a pure function of (profile, seed, i): a shard (`--shard k/N`
 * takes the runs i with i mod N = k − 1) or a worker computes exactly what the whole campaign
 * would. The scenario runner decides each run, the scenario's `expect` block being the property.
 *
 * The first failing run (the lowest index) ends the search. It is shrunk: first every fault that
 * did nothing in the failing run is dropped (a fault the timeline reports as skipped or a no-op),
 * then fast-check's shrinkers simplify part by part. The result is written as a scenario file and
 * run once more *from the file* to confirm that it replays with the same verdict and trace hash.
 *
 * Determinism self-check (FoundationDB's habit): a share of the runs (default 5 %) runs twice; two
 * different trace hashes for one scenario are a failure of their own kind, with the run's seed.
 */
import { performance } from "node:perf_hooks";
import { MUTANT_NAMES } from "../check/mutants.js";
import { ANOMALY_METRICS } from "../scenario/expect.js";
import { runScenario } from "../scenario/api.js";
import type { ScenarioValidationError } from "../scenario/errors.js";
import type { RunResult } from "../scenario/result.js";
import type { RawScenario } from "../scenario/schema.js";
import type { ScenarioFrame } from "./arbitraries.js";
import { loadBaseScenario } from "./base-file.js";
import {
  asCounterexample,
  counterexampleName,
  counterexamplePath,
  counterexampleText,
  describeFailures,
  failureDetails,
  fuzzCommand,
  writeAtomically,
  type CommandExtras,
} from "./counterexample-file.js";
import {
  answer,
  faultWasIdle,
  outcomeOf,
  prepareRun,
  sameRun,
  traceHashOf,
  type BatchRunner,
  type Failure,
  type FuzzTestHooks,
  type Outcome,
  type RunAnswer,
} from "./execute.js";
import { FUZZ_FAULT_KINDS, type FaultShape, type FuzzFaultKind } from "./fault-arbitraries.js";
import { DEFAULT_PROFILE, findProfile, mutantNames, profileNames, type FuzzProfile } from "./profiles.js";
import { runUniform } from "./rng.js";
import { drawShape, shapeOf, shrinkCandidates, withFaults, type ShapeValues } from "./shrink.js";
import { fileSpace, profileSpace, type FuzzSpace, type VaryConfig } from "./space.js";
import { addRun, emptyStats, type FuzzStats } from "./stats.js";
import { scenarioToYaml } from "./to-yaml.js";
import { isMutantName } from "../kafka/mutant-names.js";

export type { BatchRunner, FuzzTestHooks, RunAnswer } from "./execute.js";
export type { VaryConfig } from "./space.js";

/** Progress of a campaign, reported after every property run. */
export interface FuzzProgress {
  /** "generating" until the first failure, then "shrinking", then "replaying" the written file. */
  readonly phase: "generating" | "shrinking" | "replaying";
  /** Generated scenarios run so far (it stays put while shrinking). */
  readonly done: number;
  /** The runs this campaign (or shard) will try; undefined under a time budget. */
  readonly runs: number | undefined;
  /** Failures found so far (0 or 1: the search stops at the first). */
  readonly failures: number;
  /** Shrink candidates tried and accepted so far. */
  readonly shrinkAttempts: number;
  readonly shrinks: number;
  /** Wall-clock milliseconds since the campaign started. */
  readonly elapsedMs: number;
  /** Whether this run failed the property. */
  readonly failed: boolean;
}

/** A slice of the run sequence: the runs i (0-based) with i mod count = index − 1. */
export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/** Options of {@link runFuzz} (the options of `kafkasim fuzz`). */
export interface FuzzOptions {
  /** How many runs the whole campaign has (default 100; with `timeBudgetMs` and no `runs`: unbounded). */
  readonly runs?: number;
  /** Stop generating new runs after this many wall-clock milliseconds (`--time-budget`). */
  readonly timeBudgetMs?: number;
  readonly seed: number;
  /** A profile name (profiles.ts) or a profile of your own; default acks-all-durability. */
  readonly profile?: string | FuzzProfile;
  /**
   * A base scenario (file path or object): its cluster, topics, configs, workloads and `expect`
   * stay; the search draws the fault schedule and the seed. Without `expect`: no anomaly at all.
   */
  readonly scenario?: string | Readonly<Record<string, unknown>>;
  /** Fault kinds drawn around a base scenario (default: every kind the fuzzer knows but power loss). */
  readonly faultKinds?: readonly FuzzFaultKind[];
  /** `--vary-config key=v1,v2`: each run takes one value of each key. */
  readonly varyConfig?: readonly VaryConfig[];
  /** A catalogue mutant (src/check/mutants.ts) switched on in every run (`--bug`). */
  readonly bug?: string;
  /** Where counterexample files are written (created when needed). */
  readonly outDir: string;
  /** This process's slice of the run sequence (`--shard k/N`). */
  readonly shard?: Shard;
  /** Share of runs that run twice to check determinism (default 0.05; 0 turns it off). */
  readonly selfCheck?: number;
  /** Most shrink candidates tried (default 2000). */
  readonly maxShrinkAttempts?: number;
  /** Swarm testing: each run enables a random subset of fault kinds and a fault cap (default true). */
  readonly swarm?: boolean;
  readonly onProgress?: (progress: FuzzProgress) => void;
  /**
   * The protocol mutants the mutants profile draws from; default: all of src/check/mutants.ts.
   * Empty: no mutant at all, the false-alarm guard (`--bug none`), where no counterexample is expected.
   */
  readonly mutants?: readonly string[];
  /** Per run event limit passed to the runner. */
  readonly maxEvents?: number;
  /** Wall clock in ms (default performance.now): only for the time budget and progress. */
  readonly clock?: () => number;
  /** Test-only hooks (see execute.ts). */
  readonly testHooks?: FuzzTestHooks;
}

/** One shrunk counterexample, written as a scenario file. */
export interface FuzzCounterexample {
  readonly file: string;
  /** "property": the scenario breaks the property; "nondeterminism": two runs of it differ; "error": the run threw. */
  readonly kind: "property" | "nondeterminism" | "error";
  /** The campaign's run (1-based) that failed first. */
  readonly run: number;
  /** The simulation seed written in the file. */
  readonly seed: number;
  readonly failures: string[];
  /** Trace hash of the failing run as the fuzzer saw it ("" when the run threw). */
  readonly traceHash: string;
  /** True when running the written file failed again with the same trace hash. */
  readonly replayed: boolean;
  /** Why the replay differs, when it does. */
  readonly replayNote?: string;
  /** Faults dropped from the failing run because they did nothing (skipped or no-op). */
  readonly idleFaultsDropped: number;
  /** The expect metrics (and "invariants", "determinism", "errors") the failure breaks: JUnit test cases. */
  readonly properties: string[];
  /** The command that finds this counterexample again. */
  readonly reproduce: string;
}

/** What a campaign (or one shard of it) found. */
export interface FuzzResult {
  /** The profile searched ("file" around a base scenario). */
  readonly profile: string;
  /** The base scenario file, when there is one. */
  readonly scenario?: string;
  readonly bug?: string;
  /** The campaign's number of runs (under a time budget: the runs this process got through). */
  readonly runs: number;
  readonly timeBudgetMs?: number;
  readonly seed: number;
  readonly shard?: Shard;
  /** The property, in one sentence, and its parts (JUnit test cases). */
  readonly property: string;
  readonly properties: string[];
  /** True when a counterexample is expected (an unsafe profile, a mutant). */
  readonly expectsCounterexample: boolean;
  readonly counterexamples: FuzzCounterexample[];
  /** True when no counterexample was found (and the search was not skipped). */
  readonly passed: boolean;
  /** Generated runs executed (≤ runs), shrink steps taken and shrink candidates tried. */
  readonly runsExecuted: number;
  readonly shrinks: number;
  readonly shrinkAttempts: number;
  readonly stats: FuzzStats;
  /** Worker threads used (always 1 here) and wall-clock time. */
  readonly workers: number;
  readonly wallMs: number;
  readonly runsPerSec: number;
  /** Set when the search could not run (e.g. mutants without a mutant list); passed is then true. */
  readonly skipped?: string;
  /** The command that repeats this search. */
  readonly reproduce: string;
}

/** Bad options: an unknown profile or bug, a non-positive number of runs (the CLI's exit 2). */
export class FuzzUsageError extends Error {
  override readonly name = "FuzzUsageError";
}

/**
 * A generated scenario did not pass validation: a bug in the arbitraries (or a `--vary-config`
 * value the file cannot take), not in Kafka's model. Carries the scenario and the loader's errors.
 */
export class FuzzArbitraryError extends Error {
  override readonly name = "FuzzArbitraryError";

  constructor(
    readonly scenario: RawScenario,
    readonly validation: ScenarioValidationError,
  ) {
    super(
      `kafkasim fuzz generated an invalid scenario (a bug in src/fuzz/arbitraries.ts, or a --vary-config value):\n${validation.format()}\n` +
        `--- the scenario ---\n${scenarioToYaml(scenario, { schema: null })}`,
    );
  }
}

/** Fault kinds drawn around a base scenario by default: all but power loss (which may lose acknowledged writes). */
export const BASE_FAULT_KINDS: readonly FuzzFaultKind[] = FUZZ_FAULT_KINDS.filter((kind) => kind !== "power-loss");

/** Default share of runs that the determinism self-check runs twice. */
export const DEFAULT_SELF_CHECK = 0.05;

/** What is searched: the space, the property and the names. */
interface Search {
  readonly space: FuzzSpace;
  readonly label: string;
  readonly profile: string;
  readonly searched: string;
  readonly property: string;
  readonly properties: string[];
  readonly expectsCounterexample: boolean;
  readonly extras: CommandExtras;
  /** The `expect` block written into every generated scenario (a profile's property); none around a base file. */
  readonly expect?: Readonly<Record<string, number | string>>;
  readonly skipped?: string;
}

/** Run the search on this thread; writes the shrunk counterexample (if any) into `outDir`. */
export function runFuzz(options: FuzzOptions): FuzzResult {
  const steps = campaign(options, { workers: 1, batch: () => 1 });
  let step = steps.next();
  while (step.done !== true) step = steps.next(step.value.map((scenario) => answer(scenario, options.maxEvents)));
  return step.value;
}

/**
 * Run the search with the runs of the generating phase spread by `runner` (the CLI's worker
 * threads). Runs are generated, and their outcomes read, in run order, and everything after the
 * first failing run is discarded, so the result is the one of {@link runFuzz} (only `workers`,
 * `wallMs`, `runsPerSec` differ — and, under a time budget, how many runs fit in it). Shrinking
 * and the replay run on this thread.
 */
export async function runFuzzWith(runner: BatchRunner, workers: number, options: FuzzOptions): Promise<FuzzResult> {
  // Batches grow (4, 8, 16 … runs per worker, at most 64) so that a runner that starts its
  // threads per batch pays for it rarely; under a time budget they stay small (4 per worker).
  const batch = (round: number) => workers * (options.timeBudgetMs !== undefined ? 4 : Math.min(64, 4 * 2 ** round));
  const steps = campaign(options, { workers, batch });
  let step = steps.next();
  while (step.done !== true) {
    const scenarios = step.value;
    step = steps.next(
      scenarios.length === 1 || workers <= 1
        ? scenarios.map((scenario) => answer(scenario, options.maxEvents))
        : [...(await runner(scenarios, options.maxEvents))],
    );
  }
  return step.value;
}

/** How a campaign's runs are batched. */
interface Batching {
  readonly workers: number;
  /** Runs of the generating phase per batch, in the `round`-th batch (0-based). */
  batch(round: number): number;
}

/**
 * The campaign as a coroutine: it yields batches of validated scenarios to run and receives
 * their answers, in order. Both drivers (one thread, worker threads) run exactly this code.
 */
function* campaign(options: FuzzOptions, batching: Batching): Generator<RawScenario[], FuzzResult, readonly RunAnswer[]> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  validate(options);
  const search = resolveSearch(options);
  const limit = options.runs ?? (options.timeBudgetMs === undefined ? 100 : Number.POSITIVE_INFINITY);
  const shard = options.shard ?? { index: 1, count: 1 };
  const selfCheck = options.selfCheck ?? DEFAULT_SELF_CHECK;
  const stats = emptyStats();
  let executed = 0;
  let lastIndex = -1;
  let shrinks = 0;
  let shrinkAttempts = 0;
  const elapsed = () => clock() - started;
  const shardRuns = Number.isFinite(limit) ? Math.max(0, Math.ceil((limit - (shard.index - 1)) / shard.count)) : undefined;
  const progress = (phase: FuzzProgress["phase"], failed: boolean, failures: number) =>
    options.onProgress?.({ phase, done: executed, runs: shardRuns, failures, shrinkAttempts, shrinks, elapsedMs: elapsed(), failed });
  const finish = (counterexamples: FuzzCounterexample[]): FuzzResult => {
    const wallMs = Math.round(elapsed());
    const runs = Number.isFinite(limit) ? limit : lastIndex + 1;
    return {
      profile: search.profile,
      ...(typeof options.scenario === "string" ? { scenario: options.scenario } : {}),
      ...(options.bug === undefined ? {} : { bug: options.bug }),
      runs,
      ...(options.timeBudgetMs === undefined ? {} : { timeBudgetMs: options.timeBudgetMs }),
      seed: options.seed,
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      property: search.property,
      properties: search.properties,
      expectsCounterexample: search.expectsCounterexample,
      counterexamples,
      passed: counterexamples.length === 0,
      runsExecuted: executed,
      shrinks,
      shrinkAttempts,
      stats,
      workers: batching.workers,
      wallMs,
      runsPerSec: wallMs === 0 ? 0 : Math.round((executed / wallMs) * 1000 * 100) / 100,
      ...(search.skipped === undefined ? {} : { skipped: search.skipped }),
      reproduce: fuzzCommand(search.extras.file === undefined ? search.profile : undefined, options.seed, runs, {
        ...search.extras,
        ...(options.shard === undefined ? {} : { shard: options.shard }),
      }),
    };
  };
  if (search.skipped !== undefined) return finish([]);

  /** Run scenarios (validated, hooks applied); outcomes in order. */
  function* execute(runs: readonly { raw: RawScenario; execution: number }[]): Generator<RawScenario[], Outcome[], readonly RunAnswer[]> {
    const prepared = runs.map((run) => prepareRun(run.raw, options.testHooks, run.execution));
    for (const item of prepared) if ("kind" in item) throw new FuzzArbitraryError(item.raw, item.error);
    const answers = yield prepared.map((item) => (item as { scenario: RawScenario }).scenario);
    return runs.map((run, i) => outcomeOf(run.raw, answers[i] as RunAnswer));
  }
  const frameOf = (index: number): ScenarioFrame => ({
    name: counterexampleName(search.label, options.seed, index + 1),
    description: `Generated as run ${index + 1} of ${fuzzCommand(search.extras.file === undefined ? search.profile : undefined, options.seed, index + 1, search.extras)}.`,
    ...(search.expect === undefined ? {} : { expect: search.expect }),
  });

  let next = shard.index - 1;
  for (let round = 0; next < limit; round++) {
    if (options.timeBudgetMs !== undefined && elapsed() >= options.timeBudgetMs) break;
    // The next batch of this shard's runs, each drawn from (seed, index) alone.
    const batch: { index: number; values: ShapeValues; raw: RawScenario; checked: boolean }[] = [];
    for (let n = batching.batch(round); n > 0 && next < limit; n--, next += shard.count) {
      const values = drawShape(search.space, options.seed, next);
      batch.push({
        index: next,
        values,
        raw: search.space.build(shapeOf(search.space, values), frameOf(next)),
        checked: selfCheck > 0 && runUniform(options.seed, next, 0x5e1f) < selfCheck,
      });
    }
    const outcomes = yield* execute(batch.flatMap((run) => [{ raw: run.raw, execution: 1 }, ...(run.checked ? [{ raw: run.raw, execution: 2 }] : [])]));
    let cursor = 0;
    for (const run of batch) {
      const first = outcomes[cursor++] as Outcome;
      const second = run.checked ? (outcomes[cursor++] as Outcome) : undefined;
      lastIndex = run.index;
      executed++;
      addRun(stats, run.raw, first.kind === "passed" || first.kind === "failed" ? first.result.simulatedMs : 0);
      if (second !== undefined) {
        stats.selfChecks++;
        if (!sameRun(first, second)) {
          progress("generating", true, 1);
          return finish([writeNondeterminism(search, options, run.index, first, second)]);
        }
      }
      progress("generating", first.kind !== "passed", first.kind === "passed" ? 0 : 1);
      if (first.kind === "passed") continue;
      const shrunk = yield* shrinkFailure(run.values, first as Failure, frameOf(run.index));
      progress("replaying", true, 1);
      return finish([writeCounterexample(search, options, run.index, shrunk.failure, shrinks, shrunk.dropped)]);
    }
  }
  return finish([]);

  /** Shrink: idle faults first, then fast-check's shrinkers part by part, then idle faults once more. */
  function* shrinkFailure(
    values: ShapeValues,
    failure: Failure,
    frame: ScenarioFrame,
  ): Generator<RawScenario[], { failure: Failure; dropped: number }, readonly RunAnswer[]> {
    const maxAttempts = options.maxShrinkAttempts ?? 2000;
    let current = { values, failure };
    let dropped = 0;
    const failing = (outcome: Outcome): Failure | undefined => (outcome.kind === "failed" || outcome.kind === "threw" ? outcome : undefined);
    const build = (candidate: ShapeValues) => ({ raw: search.space.build(shapeOf(search.space, candidate), frame), execution: 1 });
    function* dropIdle(): Generator<RawScenario[], void, readonly RunAnswer[]> {
      const reduced = dropIdleFaults(search.space, current.values, current.failure);
      if (reduced === undefined) return;
      shrinkAttempts++;
      const [outcome] = yield* execute([build(reduced.values)]);
      const found = failing(outcome as Outcome);
      progress("shrinking", found !== undefined, 1);
      if (found === undefined) return;
      current = { values: reduced.values, failure: found };
      dropped += reduced.dropped;
      shrinks++;
    }
    yield* dropIdle();
    // fast-check's greedy walk: the first simpler candidate that still fails is kept.
    let attempts = 0;
    let progressed = true;
    while (progressed && attempts < maxAttempts) {
      progressed = false;
      const candidates = shrinkCandidates(search.space, current.values);
      for (;;) {
        const slice: ShapeValues[] = [];
        for (let n = Math.min(batching.workers, maxAttempts - attempts); n > 0; n--) {
          const item = candidates.next();
          if (item.done === true) break;
          slice.push(item.value);
        }
        if (slice.length === 0) break;
        const outcomes = yield* execute(slice.map(build));
        const hit = outcomes.findIndex((outcome) => failing(outcome) !== undefined);
        // Count as the one-at-a-time walk would: up to and including the first failing candidate.
        const tried = hit < 0 ? slice.length : hit + 1;
        attempts += tried;
        shrinkAttempts += tried;
        if (hit >= 0) {
          current = { values: slice[hit] as ShapeValues, failure: failing(outcomes[hit] as Outcome) as Failure };
          shrinks++;
          progressed = true;
        }
        progress("shrinking", hit >= 0, 1);
        if (hit >= 0 || attempts >= maxAttempts) break;
      }
    }
    yield* dropIdle();
    return { failure: current.failure, dropped };
  }
}

/** `fuzz(options)`: the library's name for {@link runFuzz}. */
export const fuzz = runFuzz;

function validate(options: FuzzOptions): void {
  if (options.runs !== undefined && (!Number.isInteger(options.runs) || options.runs < 1)) {
    throw new FuzzUsageError(`--runs must be a positive integer (found ${options.runs})`);
  }
  if (options.timeBudgetMs !== undefined && !(options.timeBudgetMs > 0))
    throw new FuzzUsageError(`--time-budget must be positive (found ${options.timeBudgetMs} ms)`);
  if (!Number.isInteger(options.seed)) throw new FuzzUsageError(`--seed must be an integer (found ${options.seed})`);
  const shard = options.shard;
  if (
    shard !== undefined &&
    (!Number.isInteger(shard.index) || !Number.isInteger(shard.count) || shard.count < 1 || shard.index < 1 || shard.index > shard.count)
  ) {
    throw new FuzzUsageError(`--shard must be k/N with 1 ≤ k ≤ N (found ${shard.index}/${shard.count})`);
  }
  if (options.selfCheck !== undefined && !(options.selfCheck >= 0 && options.selfCheck <= 1)) {
    throw new FuzzUsageError(`--self-check must be a share between 0 and 1 (found ${options.selfCheck})`);
  }
  if (options.bug !== undefined && !isMutantName(options.bug)) {
    throw new FuzzUsageError(`unknown bug "${options.bug}" (kafkasim fuzz --list-bugs lists them: ${[...MUTANT_NAMES].sort().join(", ")})`);
  }
  for (const vary of options.varyConfig ?? []) {
    if (vary.key === "" || vary.values.length === 0) throw new FuzzUsageError(`--vary-config needs key=v1,v2 (found ${vary.key}=${vary.values.join(",")})`);
  }
  if (options.scenario === undefined && options.varyConfig !== undefined && options.varyConfig.length > 0) {
    throw new FuzzUsageError("--vary-config needs a scenario FILE to vary (profiles draw their own configs)");
  }
}

function resolveProfile(name: string | FuzzProfile): FuzzProfile {
  if (typeof name !== "string") return name;
  const profile = findProfile(name);
  if (profile === undefined) throw new FuzzUsageError(`unknown fuzz profile "${name}" (profiles: ${profileNames().join(", ")})`);
  return profile;
}

function resolveSearch(options: FuzzOptions): Search {
  const bugExtras = options.bug === undefined ? {} : { bug: options.bug };
  if (options.scenario !== undefined) {
    if (options.profile !== undefined) throw new FuzzUsageError("give a scenario FILE or a --profile, not both");
    const base = loadBaseScenario(options.scenario);
    const vary = options.varyConfig ?? [];
    const fallbackExpect = Object.fromEntries(ANOMALY_METRICS.map((metric) => [metric, 0]));
    const hasExpect = base.raw.expect !== undefined && Object.keys(base.raw.expect).length > 0;
    const expectKeys = Object.keys(hasExpect ? (base.raw.expect as object) : fallbackExpect);
    const file = typeof options.scenario === "string" ? options.scenario : `${base.name}.yaml`;
    return {
      space: fileSpace(base, {
        faultKinds: options.faultKinds ?? BASE_FAULT_KINDS,
        vary,
        fallbackExpect,
        ...(options.bug === undefined ? {} : { bug: options.bug }),
        ...(options.swarm === undefined ? {} : { swarm: options.swarm }),
      }),
      label: base.name,
      profile: "file",
      searched: `the file ${file}`,
      property: hasExpect ? "the file's expect block holds and no cluster invariant is violated" : "no anomaly at all and no cluster invariant is violated",
      properties: [...expectKeys, "invariants", "determinism", "errors"],
      expectsCounterexample: options.bug !== undefined,
      extras: { file, ...bugExtras, vary },
    };
  }
  const profile = resolveProfile(options.profile ?? DEFAULT_PROFILE);
  const mutants = options.bug !== undefined ? [options.bug] : (options.mutants ?? mutantNames());
  const base: Omit<Search, "space"> = {
    label: profile.name,
    profile: profile.name,
    searched: `profile ${profile.name}`,
    property: profile.property,
    properties: [...Object.keys(profile.expect), "invariants", "determinism", "errors"],
    expectsCounterexample: profile.expectsCounterexample === true || options.bug !== undefined,
    extras: bugExtras,
    expect: profile.expect,
  };
  if (profile.needsMutants && mutants.length === 0) {
    // The false-alarm guard: the same generation with no mutant switched on, where the profile's
    // promises are Kafka's own and any counterexample is a fault of the model or the checker.
    return {
      ...base,
      searched: `profile ${profile.name} with no mutant (false-alarm guard)`,
      expectsCounterexample: false,
      extras: { bug: "none" },
      space: profileSpace({ ...profile.generation([]), ...(options.swarm === undefined ? {} : { swarm: options.swarm }) }),
    };
  }
  const spec = profile.generation(mutants);
  return {
    ...base,
    space: profileSpace({
      ...spec,
      ...(options.bug === undefined ? {} : { bugs: [options.bug] }),
      ...(options.swarm === undefined ? {} : { swarm: options.swarm }),
    }),
    label: profile.name,
  };
}

/**
 * The values with every fault that did nothing in `failure` made silent (kept in place, not
 * written: the other faults of a schedule keep their times) and every fault that was not written
 * removed, or undefined when there is none of either.
 */
function dropIdleFaults(space: FuzzSpace, values: ShapeValues, failure: Failure): { values: ShapeValues; dropped: number } | undefined {
  if (failure.kind !== "failed") return undefined;
  const shape = shapeOf(space, values);
  const faults = shape[space.faultsPart] as readonly FaultShape[];
  const firings = space.faultFirings(shape);
  const result = failure.result;
  let dropped = 0;
  const kept = faults.flatMap((fault, index) => {
    const firing = firings[index];
    if (firing === null || firing === undefined) {
      if (fault.silent === true) return [fault];
      dropped++;
      return [];
    }
    if (!faultWasIdle(result, firing.atMs, firing.kind, firing.triggered === true)) return [fault];
    dropped++;
    return [{ ...fault, silent: true }];
  });
  // Every fault may go: a run that fails with no effective fault fails without faults.
  if (dropped === 0) return undefined;
  return { values: withFaults(space, values, kept), dropped };
}

/** The expect metrics a failing run breaks, plus "invariants" and "errors": its JUnit test cases. */
function brokenProperties(failure: Failure): string[] {
  if (failure.kind === "threw") return ["errors"];
  const broken = failure.result.expectations.filter((expectation) => !expectation.passed).map((expectation) => expectation.metric);
  if (failure.result.invariants.some((invariant) => invariant.violations > 0) && !broken.includes("invariants")) broken.push("invariants");
  return broken.length === 0 ? ["invariants"] : broken;
}

function writeCounterexample(search: Search, options: FuzzOptions, index: number, failure: Failure, shrinks: number, dropped: number): FuzzCounterexample {
  const name = counterexampleName(search.label, options.seed, index + 1);
  const command = fuzzCommand(search.extras.file === undefined ? search.profile : undefined, options.seed, index + 1, search.extras);
  const failures = failure.kind === "failed" ? describeFailures(failure.result) : [`the run threw: ${failure.message}`];
  const provenance = {
    searched: search.searched,
    property: search.property,
    command,
    failingRun: index + 1,
    shrinks,
    failures,
    details: failure.kind === "failed" ? failureDetails(failure.result) : [],
  };
  const written = asCounterexample(failure.raw, name, provenance);
  const file = counterexamplePath(options.outDir, name);
  writeAtomically(file, counterexampleText(written, file, options.outDir, provenance));
  const replay = replayFile(file, failure, options.maxEvents);
  return {
    file,
    kind: failure.kind === "threw" ? "error" : "property",
    run: index + 1,
    seed: written.seed ?? 1,
    failures,
    traceHash: traceHashOf(failure),
    replayed: replay.replayed,
    ...(replay.note === undefined ? {} : { replayNote: replay.note }),
    idleFaultsDropped: dropped,
    properties: brokenProperties(failure),
    reproduce: command,
  };
}

/** A scenario whose two runs differed: written as it was generated (not shrunk), with both hashes. */
function writeNondeterminism(search: Search, options: FuzzOptions, index: number, first: Outcome, second: Outcome): FuzzCounterexample {
  const name = `${counterexampleName(search.label, options.seed, index + 1)}-nondeterministic`;
  const command = fuzzCommand(search.extras.file === undefined ? search.profile : undefined, options.seed, index + 1, search.extras);
  const describe = (outcome: Outcome) => (outcome.kind === "threw" ? `threw "${outcome.message}"` : `trace hash ${traceHashOf(outcome)} (${outcome.kind})`);
  const failures = [`nondeterministic: the same scenario ran twice and differed — first ${describe(first)}, then ${describe(second)}`];
  const provenance = {
    searched: search.searched,
    property: "the same scenario and seed give the same run, bit for bit (determinism self-check)",
    command,
    failingRun: index + 1,
    shrinks: 0,
    failures,
  };
  const written = asCounterexample(first.raw, name, provenance);
  const file = counterexamplePath(options.outDir, name);
  writeAtomically(file, counterexampleText(written, file, options.outDir, provenance));
  return {
    file,
    kind: "nondeterminism",
    run: index + 1,
    seed: written.seed ?? 1,
    failures,
    traceHash: traceHashOf(first),
    replayed: false,
    replayNote: "a nondeterministic run cannot be replayed bit for bit",
    idleFaultsDropped: 0,
    properties: ["determinism"],
    reproduce: command,
  };
}

/** Run the written file and compare it with the run the fuzzer saw. */
function replayFile(file: string, seen: Failure, maxEvents: number | undefined): { replayed: boolean; note?: string } {
  let replay: RunResult;
  try {
    replay = runScenario(file, maxEvents === undefined ? {} : { maxEvents });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (seen.kind === "threw") return message === seen.message ? { replayed: true } : { replayed: false, note: `the file threw a different error: ${message}` };
    return { replayed: false, note: `running the file threw: ${message}` };
  }
  if (seen.kind === "threw") return { replayed: false, note: "the fuzzer's run threw, running the file did not" };
  if (replay.passed) return { replayed: false, note: "running the file passed" };
  if (replay.traceHash !== seen.result.traceHash) {
    return { replayed: false, note: `trace hash differs: fuzzer ${seen.result.traceHash}, file ${replay.traceHash}` };
  }
  return { replayed: true };
}
