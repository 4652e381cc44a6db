/**
 * `kafkasim/vitest` — a scenario as a property test. `scenarioProperty(name, scenario, options)`
 * registers a vitest test that searches fault schedules around the scenario (a file path or a
 * scenario object: its cluster, topics, configs, workloads and `expect` stay) and fails with the
 * shrunk counterexample: the file it was written to, its seed, what failed, and `Reproduce with:`
 * the command that replays it. This is the only module of kafkasim that imports vitest (an
 * optional peer dependency).
 *
 * @example
 * ```ts
 * import { scenarioProperty } from "kafkasim/vitest";
 * scenarioProperty("orders survive broker failures", "test/orders.yaml", { runs: 20, seed: 1 });
 * ```
 */
import { it } from "vitest";
import { runFuzz, type FuzzOptions, type FuzzResult } from "./run-fuzz.js";

/** Options of {@link scenarioProperty} and {@link checkScenarioProperty}. */
export interface ScenarioPropertyOptions extends Partial<Omit<FuzzOptions, "scenario" | "profile" | "outDir" | "seed" | "onProgress" | "testHooks">> {
  /** The campaign's seed (default 1; the environment variable KAFKASIM_FUZZ_SEED overrides it). */
  readonly seed?: number;
  /** Where a counterexample is written (default reports/fuzz). */
  readonly outDir?: string;
  /** vitest's timeout for the test in ms (default 120 000). */
  readonly timeout?: number;
}

/** The assertion error of a failed scenario property: its message says how to replay it. */
export class ScenarioPropertyError extends Error {
  override readonly name = "ScenarioPropertyError";

  constructor(readonly result: FuzzResult) {
    super(describe(result));
  }
}

function describe(result: FuzzResult): string {
  const lines = [`kafkasim fuzz found a counterexample (${result.property})`];
  for (const c of result.counterexamples) {
    lines.push(
      `  Counterexample: ${c.file}`,
      `  Seed: ${c.seed} (run ${c.run} of the search with seed ${result.seed})`,
      ...c.failures.map((failure) => `  Failed: ${failure}`),
      `  Replays from the file: ${c.replayed ? "yes, same trace hash" : `no (${c.replayNote ?? "different outcome"})`}`,
    );
  }
  const file = result.counterexamples[0]?.file;
  lines.push(`Reproduce with: ${file === undefined ? result.reproduce : `kafkasim run ${file}`}`);
  if (file !== undefined) lines.push(`Search again with: ${result.counterexamples[0]?.reproduce ?? result.reproduce}`);
  return lines.join("\n");
}

/** Search around `scenario`; throws a {@link ScenarioPropertyError} with the counterexample when one is found. */
export function checkScenarioProperty(scenario: string | Readonly<Record<string, unknown>>, options: ScenarioPropertyOptions = {}): FuzzResult {
  const { timeout: _timeout, seed, outDir, ...rest } = options;
  const envSeed = typeof process !== "undefined" ? process.env["KAFKASIM_FUZZ_SEED"] : undefined;
  const result = runFuzz({
    ...rest,
    runs: rest.runs ?? (rest.timeBudgetMs === undefined ? 20 : undefined),
    scenario,
    seed: envSeed !== undefined && envSeed !== "" ? Number(envSeed) : (seed ?? 1),
    outDir: outDir ?? "reports/fuzz",
  } as FuzzOptions);
  if (!result.passed) throw new ScenarioPropertyError(result);
  return result;
}

/** Register a vitest test named `name` that holds when no counterexample is found around `scenario`. */
export function scenarioProperty(name: string, scenario: string | Readonly<Record<string, unknown>>, options: ScenarioPropertyOptions = {}): void {
  it(
    name,
    () => {
      checkScenarioProperty(scenario, options);
    },
    options.timeout ?? 120_000,
  );
}
