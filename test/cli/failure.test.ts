import { describe, expect, it } from "vitest";
import { describeFailure, UsageError } from "../../src/cli/failure.js";
import { ScenarioValidationError } from "../../src/scenario/errors.js";
import { BudgetExceededError } from "../../src/sim/budget.js";

describe("Errors map to exit statuses (Reference: docs/scenario-format.md exit status; docs/architecture.md Reports — a crash of the tool is a bug)", () => {
  it("a validation error is its file:line message and status 2, without a stack trace", () => {
    const error = new ScenarioValidationError([
      { file: "x.yaml", line: 3, column: 5, path: "producers[0].config.acks", message: "invalid value", expected: "all, 0, 1, -1", found: '"2"' },
    ]);
    const failure = describeFailure(error, {});
    expect(failure.exitCode).toBe(2);
    expect(failure.message).toBe('x.yaml:3:5: producers[0].config.acks: invalid value (expected all, 0, 1, -1, found "2")\n');
  });

  it("a usage error and an exhausted event budget are status 2", () => {
    expect(describeFailure(new UsageError("bad --vary"), {})).toEqual({ message: "kafkasim: bad --vary\n", exitCode: 2 });
    const budget = describeFailure(new BudgetExceededError("events", 10, 5_000_000), {});
    expect(budget.exitCode).toBe(2);
    expect(budget.message).toContain("event budget of 10 events exhausted");
  });

  it("anything else is an internal error, status 3, with the stack only under KAFKASIM_DEBUG=1", () => {
    const quiet = describeFailure(new TypeError("x is undefined"), {});
    expect(quiet.exitCode).toBe(3);
    expect(quiet.message).toContain("kafkasim: internal error: x is undefined");
    expect(quiet.message).toContain("please report");
    expect(quiet.message).not.toContain("    at ");
    expect(describeFailure(new TypeError("x"), { KAFKASIM_DEBUG: "1" }).message).toContain("    at ");
  });
});
