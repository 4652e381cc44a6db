import { describe, expect, it } from "vitest";
import { formatPath, formatScenarioError, ScenarioValidationError, sortByPosition } from "../../src/scenario/errors.js";

describe("scenario error formatting (Reference: docs/architecture.md principle 8)", () => {
  it("prints file:line:col: path: message (expected …, found …) — hint", () => {
    expect(
      formatScenarioError({
        file: "s.yaml",
        line: 12,
        column: 13,
        path: "producers[0].config.acks",
        message: "invalid value for acks",
        expected: "all, -1, 1 or 0",
        found: "2",
        hint: 'did you mean "1"?',
      }),
    ).toBe('s.yaml:12:13: producers[0].config.acks: invalid value for acks (expected all, -1, 1 or 0, found 2) — did you mean "1"?');
  });

  it("omits what is unknown", () => {
    expect(formatScenarioError({ file: "s.yaml", path: "", message: "no such file" })).toBe("s.yaml: no such file");
    expect(formatScenarioError({ file: "--set acks=2", path: "acks", message: "bad", found: "2" })).toBe("--set acks=2: acks: bad (found 2)");
  });

  it("formats paths with indices and whole Kafka names", () => {
    expect(formatPath(["producers", 0, "config", "enable.idempotence"])).toBe("producers[0].config.enable.idempotence");
    expect(formatPath([])).toBe("");
  });

  it("carries every error and formats one per line", () => {
    const error = new ScenarioValidationError([
      { file: "a.yaml", line: 1, column: 1, path: "name", message: "x" },
      { file: "a.yaml", line: 2, column: 3, path: "duration", message: "y" },
    ]);
    expect(error.format()).toBe("a.yaml:1:1: name: x\na.yaml:2:3: duration: y");
    expect(error.message).toBe("2 errors in scenario:\na.yaml:1:1: name: x\na.yaml:2:3: duration: y");
    expect(error).toBeInstanceOf(Error);
  });

  it("sorts errors by position, unknown positions last", () => {
    const sorted = sortByPosition([
      { file: "f", path: "c", message: "" },
      { file: "f", line: 3, column: 1, path: "b", message: "" },
      { file: "f", line: 1, column: 9, path: "a", message: "" },
    ]);
    expect(sorted.map((error) => error.path)).toEqual(["a", "b", "c"]);
  });
});
