/**
 * One property run of a fuzz campaign: validate the generated scenario, run it through the
 * scenario runner (whose `expect` block is the property), and classify the outcome. A run that
 * throws (an engine error, an exhausted event budget) is a failure too.
 */
import { runScenario } from "../scenario/api.js";
import { formatDurationUs } from "../scenario/durations.js";
import { ScenarioValidationError } from "../scenario/errors.js";
import { normaliseScenario } from "../scenario/normalise.js";
import type { RunResult } from "../scenario/result.js";
import type { RawScenario } from "../scenario/schema.js";

/** What one property run saw. */
export type Outcome =
  | { readonly kind: "passed"; readonly raw: RawScenario; readonly result: RunResult }
  | { readonly kind: "failed"; readonly raw: RawScenario; readonly result: RunResult }
  | { readonly kind: "threw"; readonly raw: RawScenario; readonly message: string }
  | { readonly kind: "invalid"; readonly raw: RawScenario; readonly error: ScenarioValidationError };

/** A failing outcome. */
export type Failure = Extract<Outcome, { kind: "failed" | "threw" }>;

/**
 * Test-only hooks (never set them outside tests): `beforeRun` may replace the scenario of the
 * `execution`-th run of the same generated scenario (1 = first, 2 = the determinism self-check's
 * second run), to prove that the self-check catches a nondeterministic run.
 */
export interface FuzzTestHooks {
  beforeRun?(raw: RawScenario, execution: number): RawScenario;
}

/** What running one scenario gave: its result, or the message of what it threw. */
export type RunAnswer = { readonly result: RunResult; readonly error?: undefined } | { readonly error: string; readonly result?: undefined };

/**
 * Runs scenarios — already validated — and answers in order; the CLI's runner spreads them over
 * worker threads. Each answer must be what `runScenario` gives on this thread.
 */
export type BatchRunner = (scenarios: readonly RawScenario[], maxEvents: number | undefined) => Promise<readonly RunAnswer[]>;

/** The scenario the runner will run for `raw` (test hooks applied), or the invalid outcome. */
export function prepareRun(
  raw: RawScenario,
  hooks: FuzzTestHooks | undefined,
  execution: number,
): { readonly scenario: RawScenario } | Extract<Outcome, { kind: "invalid" }> {
  const scenario = hooks?.beforeRun?.(raw, execution) ?? raw;
  try {
    normaliseScenario(scenario, `${scenario.name}.yaml`);
  } catch (error) {
    if (error instanceof ScenarioValidationError) return { kind: "invalid", raw, error };
    throw error;
  }
  return { scenario };
}

/** Run one validated scenario on this thread. */
export function answer(scenario: RawScenario, maxEvents: number | undefined): RunAnswer {
  try {
    return { result: runScenario(scenario, maxEvents === undefined ? {} : { maxEvents }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The outcome of generated scenario `raw` from the answer of its run. */
export function outcomeOf(raw: RawScenario, reply: RunAnswer): Outcome {
  if (reply.result === undefined) return { kind: "threw", raw, message: reply.error };
  return { kind: reply.result.passed ? "passed" : "failed", raw, result: reply.result };
}

/** Validate, then run one generated scenario on this thread. */
export function runOnce(raw: RawScenario, maxEvents: number | undefined, hooks?: FuzzTestHooks, execution = 1): Outcome {
  const prepared = prepareRun(raw, hooks, execution);
  return "kind" in prepared ? prepared : outcomeOf(raw, answer(prepared.scenario, maxEvents));
}

/** The trace hash of an outcome ("" when it threw or was invalid). */
export function traceHashOf(outcome: Outcome): string {
  return outcome.kind === "passed" || outcome.kind === "failed" ? outcome.result.traceHash : "";
}

/** The same scenario run twice gave two different runs: the trace hashes (or the errors) differ. */
export function sameRun(a: Outcome, b: Outcome): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "threw" && b.kind === "threw") return a.message === b.message;
  return traceHashOf(a) === traceHashOf(b);
}

/**
 * Whether a fault of `kind` firing at `atMs` did nothing in the run: the timeline has an entry
 * for it that says so ("fault-skipped": its target resolved to no node; "fault-noop": nothing to
 * do, e.g. restarting a running broker) and none saying that a fault of that kind took effect at
 * that instant. (The runner's timeline texts start with the fault's kind: "crash broker-2 …",
 * "isolate leader(orders-0) skipped: …", "restart broker-1: nothing to do …".) A `triggered` fault
 * (`after`), armed at `atMs`, did nothing when its event never came: the runner reports it
 * skipped at the end of the duration, "crash leader(orders-0) skipped (armed at 5s): …".
 */
export function faultWasIdle(result: RunResult, atMs: number, kind: string, triggered = false): boolean {
  const atUs = atMs * 1000;
  if (triggered) {
    const armed = `skipped (armed at ${formatDurationUs(atUs)}):`;
    return result.timeline.some((line) => line.kind === "fault-skipped" && line.text.startsWith(`${kind} `) && line.text.includes(armed));
  }
  let idle = false;
  for (const line of result.timeline) {
    if (line.atUs !== atUs || !line.text.startsWith(`${kind} `)) continue;
    if (line.kind === "fault") return false;
    if (line.kind === "fault-skipped" || line.kind === "fault-noop") idle = true;
  }
  return idle;
}
