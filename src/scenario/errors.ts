/**
 * Validation errors of a scenario file: each names the file, the line and column of the offending
 * node, the path of the key (`producers[0].config.acks`), and what was expected and found, so a
 * user can fix the file without reading code (docs/architecture.md principle 8).
 */

/** One segment of a path into the scenario: a key or a list index. */
export type PathSegment = string | number;

/** One problem in a scenario (an error, or a warning with the same shape). */
export interface ScenarioError {
  /** The file, or the origin of the value (`--set acks=all`) when it did not come from the file. */
  readonly file: string;
  /** 1-based; absent when the scenario did not come from text (e.g. an object built in code). */
  readonly line?: number;
  readonly column?: number;
  /** `producers[0].config.acks`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly found?: string;
  /** A full sentence fragment: `did you mean "acks"?`, `declare it under topics`. */
  readonly hint?: string;
}

/** A warning: accepted, but worth knowing (unmodelled configs, min ISR above the RF, …). */
export type ScenarioWarning = ScenarioError;

/** `a.b[0].c`, with Kafka config names kept whole: `producers[0].config.enable.idempotence`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? segment : `.${segment}`;
  }
  return text;
}

/** `file:line:col: path: message (expected …, found …) — hint` */
export function formatScenarioError(error: ScenarioError): string {
  let where = error.file;
  if (error.line !== undefined) where += `:${error.line}:${error.column ?? 1}`;
  let text = `${where}: ${error.path === "" ? "" : `${error.path}: `}${error.message}`;
  const details = [...(error.expected === undefined ? [] : [`expected ${error.expected}`]), ...(error.found === undefined ? [] : [`found ${error.found}`])];
  if (details.length > 0) text += ` (${details.join(", ")})`;
  if (error.hint !== undefined) text += ` — ${error.hint}`;
  return text;
}

/** Thrown when a scenario is invalid; carries every error found, in file order. */
export class ScenarioValidationError extends Error {
  override readonly name = "ScenarioValidationError";

  constructor(
    readonly errors: readonly ScenarioError[],
    readonly warnings: readonly ScenarioWarning[] = [],
  ) {
    super(
      errors.length === 1
        ? formatScenarioError(errors[0] as ScenarioError)
        : `${errors.length} errors in scenario:\n${errors.map(formatScenarioError).join("\n")}`,
    );
  }

  /** One line per error, as `file:line:col: path: message (expected …, found …) — hint`. */
  format(): string {
    return this.errors.map(formatScenarioError).join("\n");
  }
}

/** Sort errors by file position (unknown positions last), keeping their order otherwise. */
export function sortByPosition<T extends ScenarioError>(errors: readonly T[]): T[] {
  return errors
    .map((error, index) => ({ error, index }))
    .sort((a, b) => (a.error.line ?? Infinity) - (b.error.line ?? Infinity) || (a.error.column ?? 0) - (b.error.column ?? 0) || a.index - b.index)
    .map(({ error }) => error);
}
