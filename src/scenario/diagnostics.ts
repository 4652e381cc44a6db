/**
 * Collects the errors and warnings of one scenario, placing each at the source position of the
 * node it is about, so that validation can report every problem at once rather than the first.
 */
import type { ConfigIssue } from "../kafka/config/config-map.js";
import { keysOfScope, type ConfigScope } from "../kafka/config/registry.js";
import { formatPath, ScenarioValidationError, sortByPosition, type PathSegment, type ScenarioError } from "./errors.js";
import type { SourcePositions } from "./positions.js";
import { didYouMean } from "./suggest.js";

/** Optional parts of a diagnostic; `at: "key"` places it at the key rather than its value. */
export interface DiagnosticDetails {
  readonly expected?: string;
  readonly found?: string;
  readonly hint?: string;
  readonly at?: "key" | "value";
}

/** Errors and warnings of one scenario, with positions. */
export class Diagnostics {
  readonly errors: ScenarioError[] = [];
  readonly warnings: ScenarioError[] = [];

  constructor(
    readonly file: string,
    readonly positions?: SourcePositions,
  ) {}

  private make(path: readonly PathSegment[], message: string, details: DiagnosticDetails): ScenarioError {
    const location = this.positions?.locate(path, details.at ?? "value") ?? {};
    const { at: _at, ...rest } = details;
    const defined = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
    return {
      file: location.origin ?? this.file,
      ...(location.line === undefined ? {} : { line: location.line, column: location.column ?? 1 }),
      path: formatPath(path),
      message,
      ...defined,
    };
  }

  /** Record an error about the node at `path`. */
  error(path: readonly PathSegment[], message: string, details: DiagnosticDetails = {}): void {
    this.errors.push(this.make(path, message, details));
  }

  /** Record a warning about the node at `path`. */
  warn(path: readonly PathSegment[], message: string, details: DiagnosticDetails = {}): void {
    this.warnings.push(this.make(path, message, details));
  }

  /** Record the issues of one config map at `mapPath` (e.g. `producers[0].config`). */
  addConfigIssues(mapPath: readonly PathSegment[], scopes: readonly ConfigScope[], issues: readonly ConfigIssue[]): void {
    for (const issue of issues) {
      const candidates = scopes.flatMap((scope) => keysOfScope(scope).map((key) => key.name));
      const hint = issue.hint ?? (issue.unknownKey ? didYouMean(issue.key, candidates) : undefined);
      const details: DiagnosticDetails = {
        expected: issue.expected,
        found: issue.found,
        hint,
        // An unknown name or a warning about a key (not modelled, wrong mode) points at the key.
        at: issue.unknownKey || issue.severity === "warning" ? "key" : "value",
      };
      if (issue.severity === "error") this.error([...mapPath, issue.key], issue.message, details);
      else this.warn([...mapPath, issue.key], issue.message, details);
    }
  }

  /** True if any error was recorded. */
  hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** Throw a {@link ScenarioValidationError} with every error (sorted by position) if there is any. */
  throwIfErrors(): void {
    if (this.hasErrors()) throw new ScenarioValidationError(sortByPosition(this.errors), sortByPosition(this.warnings));
  }
}
