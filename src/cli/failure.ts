/**
 * What the command line says when something goes wrong, and with which exit status
 * (docs/scenario-format.md "Command line"): bad input or usage is status 2 with a message that names
 * the file, line and key (a ScenarioValidationError's `format()`), a UsageError or the fuzzer's
 * FuzzUsageError; a run stopped by its event budget is status 2 with the budget's message;
 * anything else is a bug of kafkasim — status 3, a short message asking for a report, and the
 * stack trace only when `KAFKASIM_DEBUG=1`. A stack trace is never the answer to bad input.
 */

/** Exit statuses of `kafkasim`. */
export const EXIT = {
  passed: 0,
  failed: 1,
  badInput: 2,
  internal: 3,
} as const;

/** A problem with the command line itself (an option's value, a missing file argument, …). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A described failure: the text for stderr (ending with a newline) and the exit status. */
export interface DescribedFailure {
  message: string;
  exitCode: number;
}

interface FormattableError {
  name: string;
  message: string;
  format(): string;
}

function isValidationError(error: unknown): error is FormattableError {
  return error instanceof Error && error.name === "ScenarioValidationError" && typeof (error as Partial<FormattableError>).format === "function";
}

/** Map any thrown value to its message and exit status. */
export function describeFailure(error: unknown, env: Readonly<Record<string, string | undefined>>): DescribedFailure {
  const debug = env["KAFKASIM_DEBUG"] === "1";
  const stack = debug && error instanceof Error && error.stack !== undefined ? `${error.stack}\n` : "";
  if (isValidationError(error)) {
    return { message: `${error.format()}\n${stack}`, exitCode: EXIT.badInput };
  }
  if (error instanceof UsageError || (error instanceof Error && error.name === "FuzzUsageError")) {
    return { message: `kafkasim: ${error.message}\n${stack}`, exitCode: EXIT.badInput };
  }
  if (error instanceof Error && error.name === "BudgetExceededError") {
    return { message: `kafkasim: ${error.message}\n${stack}`, exitCode: EXIT.badInput };
  }
  const text = error instanceof Error ? error.message : String(error);
  return {
    message:
      `kafkasim: internal error: ${text}\n` +
      "please report this as a bug, with the command line and the scenario file that caused it" +
      (debug ? "\n" : " (run again with KAFKASIM_DEBUG=1 for the stack trace)\n") +
      stack,
    exitCode: EXIT.internal,
  };
}
