/**
 * The verdict in words: a lesson whose expectations predict trouble says that the trouble came as
 * predicted, instead of a bare PASSED under lost writes (issue 13 "Verdict words").
 */
import { describe, expect, it } from "vitest";
import { renderRunMarkdown } from "../../src/report/markdown-run.js";
import { renderRunTerminal } from "../../src/report/terminal-run.js";
import { happenedPhrase, predictsTrouble, runVerdict, verdictSentence } from "../../src/report/verdict.js";
import { failingRun, passingRun } from "./fixtures.js";

const acks1 = () =>
  passingRun({
    metrics: { ...passingRun().metrics, "lost-write": 1942, "inconsistent-offsets": 1942 },
    expectations: [{ metric: "lost-write", expected: ">= 1", actual: 1942, passed: true }],
  });

describe("Verdict words (Reference: issue 13 — a lesson that predicts loss does not end in a bare PASSED)", () => {
  it("a passed run whose expectation predicted loss reads 'as expected', with the count in words", () => {
    expect(runVerdict(acks1())).toEqual({ kind: "as-expected", headline: "As expected", predicted: ["1,942 acknowledged writes lost"] });
    expect(verdictSentence(acks1())).toBe("As expected — 1,942 acknowledged writes lost, as this lesson predicts");
    const text = renderRunTerminal(acks1(), { omitWallTime: true });
    expect(text).toContain("As expected — 1,942 acknowledged writes lost, as this lesson predicts");
    expect(text).not.toMatch(/^PASSED/m);
    const md = renderRunMarkdown(acks1(), { omitWallTime: true });
    expect(md).toMatch(/^# [a-z0-9-]+ — seed \d+: as expected$/m);
    expect(md).toContain("**As expected** — 1,942 acknowledged writes lost, as this lesson predicts");
  });

  it("a run that expected no trouble and had none still reads PASSED; a failed run FAILED with its reason", () => {
    expect(runVerdict(passingRun()).kind).toBe("passed");
    expect(renderRunTerminal(passingRun(), { omitWallTime: true })).toMatch(/^PASSED — every expectation held$/m);
    expect(runVerdict(failingRun()).kind).toBe("failed");
    expect(verdictSentence(failingRun())).toMatch(/^FAILED — /);
  });

  it("only expectations that allow trouble and saw it count as predictions", () => {
    const e = (metric: string, expected: string, actual: number, passed = true) => ({ metric, expected, actual, passed });
    expect(predictsTrouble(e("lost-write", ">= 1", 3))).toBe(true);
    expect(predictsTrouble(e("duplicate", "!= 0", 2))).toBe(true);
    expect(predictsTrouble(e("errors.p1.NOT_ENOUGH_REPLICAS", "> 0", 12))).toBe(true);
    expect(predictsTrouble(e("failed", "5", 5))).toBe(true);
    expect(predictsTrouble(e("lost-write", "<= 10", 3)), "an upper bound is a tolerance, not a prediction").toBe(false);
    expect(predictsTrouble(e("lost-write", ">= 1", 0, false))).toBe(false);
    expect(predictsTrouble(e("acked", ">= 100", 900)), "work done is not trouble").toBe(false);
    expect(predictsTrouble(e("downtime", "> 5s", 8310))).toBe(true);
    expect(predictsTrouble(e("latency.p99", "< 2s", 800))).toBe(false);
  });

  it("says what happened in plain words, singular and plural", () => {
    expect(happenedPhrase("lost-write", 1)).toBe("1 acknowledged write lost");
    expect(happenedPhrase("duplicate", 11009)).toBe("11,009 records duplicated");
    expect(happenedPhrase("errors.NOT_ENOUGH_REPLICAS", 12)).toBe("12 NOT_ENOUGH_REPLICAS errors");
    expect(happenedPhrase("errors.p1.REQUEST_TIMED_OUT", 1)).toBe("1 REQUEST_TIMED_OUT error at p1");
    expect(happenedPhrase("committed-prefix-agreement", 2)).toBe("2 committed-prefix-agreement violations");
    expect(happenedPhrase("downtime", 8310)).toBe("downtime 8.31 s");
  });
});
