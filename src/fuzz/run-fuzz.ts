/**
 * `kafkasim fuzz`: property-based fault search. fast-check draws scenarios from a profile's
 * arbitrary; the property runs each one through the scenario runner with the profile's `expect`
 * block. On a failure fast-check shrinks it to a small scenario that still fails; that scenario is
 * written as a file (counterexample-file.ts) and run again *from the file*, to confirm it replays
 * with the same verdict and trace hash. Everything is deterministic in (profile, seed, runs).
 */
import fc from "fast-check";
import { runScenario } from "../scenario/api.js";
import { ScenarioValidationError } from "../scenario/errors.js";
import { normaliseScenario } from "../scenario/normalise.js";
import type { RunResult } from "../scenario/result.js";
import type { RawScenario } from "../scenario/schema.js";
import { scenarioArbitrary } from "./arbitraries.js";
import {
  asCounterexample, counterexampleName, counterexamplePath, counterexampleText, describeFailures, failureDetails, fuzzCommand,
  writeAtomically,
} from "./counterexample-file.js";
import { DEFAULT_PROFILE, findProfile, mutantNames, profileNames, type FuzzProfile } from "./profiles.js";
import { scenarioToYaml } from "./to-yaml.js";

/** Progress of a fuzz run, reported after every property run. */
export interface FuzzProgress {
  /** "search" until the first failure, then "shrink", then "replay" for the written file. */
  readonly phase: "search" | "shrink" | "replay";
  /** Generated scenarios run so far (≤ runs; it stays put while shrinking). */
  readonly done: number;
  readonly runs: number;
  /** Shrink candidates tried so far (0 while searching). */
  readonly shrinkAttempts: number;
  /** Whether this run failed the property. */
  readonly failed: boolean;
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
  /** A profile name (profiles.ts) or a profile of your own; default acks-all-durability. */
  readonly profile?: string | FuzzProfile;
  /** Where counterexample files are written (created when needed). */
  readonly outDir: string;
  readonly onProgress?: (progress: FuzzProgress) => void;
  /** The protocol mutants to draw from (mutants profile); default: all of src/check/mutants.ts. */
  readonly mutants?: readonly string[];
  /** Per run event limit passed to the runner. */
  readonly maxEvents?: number;
}

/** One shrunk counterexample, written as a scenario file. */
export interface FuzzCounterexample {
  readonly file: string;
  /** The simulation seed written in the file. */
  readonly seed: number;
  readonly failures: string[];
  /** Trace hash of the failing run as the fuzzer saw it ("" when the run threw). */
  readonly traceHash: string;
  /** True when running the written file failed again with the same trace hash. */
  readonly replayed: boolean;
  /** Why the replay differs, when it does. */
  readonly replayNote?: string;
}

/** What a fuzz run found. */
export interface FuzzResult {
  readonly profile: string;
  readonly runs: number;
  readonly seed: number;
  readonly counterexamples: FuzzCounterexample[];
  /** True when no counterexample was found (and the profile was not skipped). */
  readonly passed: boolean;
  /** Property runs executed while searching (≤ runs) and shrink steps taken. */
  readonly runsExecuted: number;
  readonly shrinks: number;
  /** Set when the profile could not run (e.g. mutants without a mutant list); passed is then true. */
  readonly skipped?: string;
  /** The command that repeats this search. */
  readonly reproduce: string;
}

/** Bad options: an unknown profile, a non-positive number of runs (the CLI's exit 2). */
export class FuzzUsageError extends Error {
  override readonly name = "FuzzUsageError";
}

/**
 * A generated scenario did not pass validation: a bug in the arbitraries, not in Kafka's model.
 * Carries the (shrunk) scenario and the loader's errors.
 */
export class FuzzArbitraryError extends Error {
  override readonly name = "FuzzArbitraryError";

  constructor(readonly scenario: RawScenario, readonly validation: ScenarioValidationError) {
    super(`kafkasim fuzz generated an invalid scenario (a bug in src/fuzz/arbitraries.ts):\n${validation.format()}\n` +
      `--- the scenario ---\n${scenarioToYaml(scenario, { schema: null })}`);
  }
}

/** What one property run saw. */
type Outcome =
  | { readonly kind: "passed" }
  | { readonly kind: "failed"; readonly raw: RawScenario; readonly result: RunResult }
  | { readonly kind: "threw"; readonly raw: RawScenario; readonly message: string }
  | { readonly kind: "invalid"; readonly raw: RawScenario; readonly error: ScenarioValidationError };

/** Run the search; writes each shrunk counterexample into `outDir`. */
export function runFuzz(options: FuzzOptions): FuzzResult {
  const profile = resolveProfile(options.profile ?? DEFAULT_PROFILE);
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new FuzzUsageError(`--runs must be a positive integer (found ${options.runs})`);
  if (!Number.isInteger(options.seed)) throw new FuzzUsageError(`--seed must be an integer (found ${options.seed})`);
  const base = { profile: profile.name, runs: options.runs, seed: options.seed, reproduce: fuzzCommand(profile.name, options.seed, options.runs) };
  const mutants = options.mutants ?? mutantNames();
  if (profile.needsMutants && mutants.length === 0) {
    return { ...base, counterexamples: [], passed: true, runsExecuted: 0, shrinks: 0,
      skipped: `profile ${profile.name} skipped: the list of protocol mutants is empty` };
  }

  const name = counterexampleName(profile.name, options.seed, 1);
  const arbitrary = scenarioArbitrary(profile.generation(mutants), {
    name, description: `Generated by ${base.reproduce}.`, expect: profile.expect,
  });
  let searched = 0;
  let shrinkAttempts = 0;
  let lastFailure: Exclude<Outcome, { kind: "passed" }> | undefined;
  const property = fc.property(arbitrary, (raw) => {
    const shrinking = lastFailure !== undefined;
    const outcome = runOnce(raw, options.maxEvents);
    const failed = outcome.kind !== "passed";
    if (shrinking) shrinkAttempts++;
    else searched++;
    if (failed) lastFailure = outcome;
    options.onProgress?.({ phase: shrinking ? "shrink" : "search", done: searched, runs: options.runs, shrinkAttempts, failed });
    return !failed;
  });
  const details = fc.check(property, { seed: options.seed, numRuns: options.runs });
  if (!details.failed || details.counterexample === null) {
    return { ...base, counterexamples: [], passed: true, runsExecuted: details.numRuns, shrinks: 0 };
  }

  const [counterexample] = details.counterexample;
  // The last failing run is the counterexample itself; re-run it if fast-check says otherwise.
  const final = lastFailure !== undefined && sameScenario(lastFailure.raw, counterexample) ? lastFailure : runOnce(counterexample, options.maxEvents);
  if (final.kind === "invalid") throw new FuzzArbitraryError(final.raw, final.error);
  if (final.kind === "passed") {
    throw new Error(`kafkasim fuzz: the shrunk counterexample passed when run again — the run is not deterministic\n${scenarioToYaml(counterexample, { schema: null })}`);
  }
  const failures = final.kind === "failed" ? describeFailures(final.result) : [`the run threw: ${final.message}`];
  const provenance = {
    profile, fuzzSeed: options.seed, runs: options.runs, failingRun: details.numRuns, shrinks: details.numShrinks, failures,
    details: final.kind === "failed" ? failureDetails(final.result) : [],
  };
  const written = asCounterexample(final.raw, name, provenance);
  const file = counterexamplePath(options.outDir, name);
  writeAtomically(file, counterexampleText(written, file, options.outDir, provenance));

  options.onProgress?.({ phase: "replay", done: searched, runs: options.runs, shrinkAttempts, failed: true });
  const traceHash = final.kind === "failed" ? final.result.traceHash : "";
  const replay = replayFile(file, final, options.maxEvents);
  return {
    ...base,
    counterexamples: [{ file, seed: written.seed ?? 1, failures, traceHash, replayed: replay.replayed, ...(replay.note === undefined ? {} : { replayNote: replay.note }) }],
    passed: false,
    runsExecuted: details.numRuns,
    shrinks: details.numShrinks,
  };
}

function resolveProfile(name: string | FuzzProfile): FuzzProfile {
  if (typeof name !== "string") return name;
  const profile = findProfile(name);
  if (profile === undefined) throw new FuzzUsageError(`unknown fuzz profile "${name}" (profiles: ${profileNames().join(", ")})`);
  return profile;
}

/** Validate, then run one generated scenario. */
function runOnce(raw: RawScenario, maxEvents: number | undefined): Outcome {
  try {
    normaliseScenario(raw, `${raw.name}.yaml`);
  } catch (error) {
    if (error instanceof ScenarioValidationError) return { kind: "invalid", raw, error };
    throw error;
  }
  try {
    const result = runScenario(raw, maxEvents === undefined ? {} : { maxEvents });
    return result.passed ? { kind: "passed" } : { kind: "failed", raw, result };
  } catch (error) {
    return { kind: "threw", raw, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Run the written file and compare it with the run the fuzzer saw. */
function replayFile(file: string, seen: Exclude<Outcome, { kind: "passed" | "invalid" }>, maxEvents: number | undefined): { replayed: boolean; note?: string } {
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

function sameScenario(a: RawScenario, b: RawScenario): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
