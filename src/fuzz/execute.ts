/**
 * One property run of a fuzz campaign: validate the generated scenario, run it through the
 * scenario runner (whose `expect` block is the property), and classify the outcome. A run that
 * throws (an engine error, an exhausted event budget) is a failure too.
 */
import { runScenario } from "../scenario/api.js";
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

/** Validate, then run one generated scenario. */
export function runOnce(raw: RawScenario, maxEvents: number | undefined, hooks?: FuzzTestHooks, execution = 1): Outcome {
  const scenario = hooks?.beforeRun?.(raw, execution) ?? raw;
  try {
    normaliseScenario(scenario, `${scenario.name}.yaml`);
  } catch (error) {
    if (error instanceof ScenarioValidationError) return { kind: "invalid", raw, error };
    throw error;
  }
  try {
    const result = runScenario(scenario, maxEvents === undefined ? {} : { maxEvents });
    return { kind: result.passed ? "passed" : "failed", raw, result };
  } catch (error) {
    return { kind: "threw", raw, message: error instanceof Error ? error.message : String(error) };
  }
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
 * The instants (ms) at which every fault entry of the run's timeline says the fault did nothing
 * ("fault-skipped": its target resolved to no node; "fault-noop": nothing to do), and no fault
 * took effect. A fault firing at such an instant can be dropped without changing what happened.
 */
export function idleFaultInstantsMs(result: RunResult): Set<number> {
  const acted = new Set<number>();
  const idle = new Set<number>();
  for (const line of result.timeline) {
    if (line.kind === "fault" || line.kind === "fault-heal") acted.add(line.atUs);
    else if (line.kind === "fault-skipped" || line.kind === "fault-noop") idle.add(line.atUs);
  }
  const instants = new Set<number>();
  for (const atUs of idle) if (!acted.has(atUs) && atUs % 1000 === 0) instants.add(atUs / 1000);
  return instants;
}
