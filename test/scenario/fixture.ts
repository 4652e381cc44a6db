/**
 * Scenario texts for the loader tests. `BASE` is valid; tests replace or append lines so that the
 * line and column of the node under test are known.
 */
import { ScenarioValidationError, type ScenarioError } from "../../src/scenario/errors.js";
import { loadScenarioText, type LoadedScenario } from "../../src/scenario/load.js";

/** A valid scenario, one line per entry (line N of the file is BASE[N - 1]). */
export const BASE: readonly string[] = [
  "name: t", // 1
  "description: a test", // 2
  "duration: 60s", // 3
  "cluster:", // 4
  "  brokers: 3", // 5
  "topics:", // 6
  "  - name: orders", // 7
  "    partitions: 2", // 8
  "    replication-factor: 3", // 9
  "producers:", // 10
  "  - name: p1", // 11
  "    topic: orders", // 12
  "    rate: 100/s", // 13
  "consumers:", // 14
  "  - group: g1", // 15
  "    topics: [orders]", // 16
  "    instances: 2", // 17
];

/** BASE with line `line` (1-based) replaced by `replacement` (one or more lines, or none). */
export function withLine(line: number, ...replacement: string[]): string[] {
  return [...BASE.slice(0, line - 1), ...replacement, ...BASE.slice(line)];
}

/** BASE with lines inserted after line `line`. */
export function insertAfter(line: number, ...lines: string[]): string[] {
  return [...BASE.slice(0, line), ...lines, ...BASE.slice(line)];
}

/** Load lines as `test.yaml`. */
export function load(lines: readonly string[], fileName = "test.yaml"): LoadedScenario {
  return loadScenarioText(`${lines.join("\n")}\n`, fileName);
}

/** The errors of loading `text`; fails the test if it loads. */
export function errorsOf(run: () => unknown): readonly ScenarioError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioValidationError) return error.errors;
    throw error;
  }
  throw new Error("expected a ScenarioValidationError");
}

/** The errors of loading `lines` as YAML. */
export function yamlErrors(lines: readonly string[]): readonly ScenarioError[] {
  return errorsOf(() => load(lines));
}

/** The only error of loading `lines`; fails if there is not exactly one. */
export function onlyError(lines: readonly string[]): ScenarioError {
  const errors = yamlErrors(lines);
  if (errors.length !== 1) throw new Error(`expected one error, got:\n${errors.map((error) => JSON.stringify(error)).join("\n")}`);
  return errors[0] as ScenarioError;
}
