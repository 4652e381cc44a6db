import { describe, expect, it } from "vitest";
import { completeMetrics, jsonText, RUN_CONTRACT_FIELDS, runCommandJson, runToJson, seedsToJson } from "../../src/report/json.js";
import { renderRunMarkdown } from "../../src/report/markdown-run.js";
import { ANOMALY_NAMES, OUTCOME_NAMES } from "../../src/report/words.js";
import { failingRun, passingRun, seedsResult } from "./fixtures.js";

describe("The JSON result (Reference: docs/scenario-format.md 'The result')", () => {
  it("a one-seed result starts with the contract's fields in the contract's order, extensions after", () => {
    const keys = Object.keys(runToJson(failingRun()));
    expect(keys.slice(0, RUN_CONTRACT_FIELDS.length)).toEqual([...RUN_CONTRACT_FIELDS]);
    expect(keys).toContain("timeline");
    expect(keys).toContain("failures");
  });

  it("metrics always contain every anomaly metric and every client outcome, 0 when the engine left one out", () => {
    const metrics = completeMetrics({ acked: 3, "errors.NOT_LEADER_OR_FOLLOWER": 2 });
    for (const name of [...ANOMALY_NAMES, ...OUTCOME_NAMES]) expect(metrics).toHaveProperty([name]);
    expect(metrics["acked"]).toBe(3);
    expect(metrics["lost-write"]).toBe(0);
    expect(metrics["errors.NOT_LEADER_OR_FOLLOWER"]).toBe(2);
  });

  it("round-trips through JSON.parse unchanged", () => {
    const result = failingRun();
    const parsed = JSON.parse(jsonText(runToJson(result))) as typeof result;
    expect(parsed.traceHash).toBe(result.traceHash);
    expect(parsed.anomalies).toEqual(result.anomalies);
    expect(parsed.expectations).toEqual(result.expectations);
  });

  it("several seeds give { scenario, runs, summary, passed }", () => {
    const json = seedsToJson(seedsResult());
    expect(Object.keys(json).slice(0, 4)).toEqual(["scenario", "runs", "summary", "passed"]);
    expect((json["runs"] as unknown[]).length).toBe(3);
  });

  it("one file prints the result itself; several files print one object { results: [...] }", () => {
    const one = runCommandJson([{ kind: "run", result: passingRun() }]);
    expect(one["scenario"]).toBe("leader-crash-acks-all");
    const two = runCommandJson([
      { kind: "run", result: passingRun() },
      { kind: "seeds", result: seedsResult() },
    ]);
    expect(Object.keys(two)).toEqual(["results", "passed"]);
    expect((two["results"] as unknown[]).length).toBe(2);
    expect(two["passed"]).toBe(false);
  });
});

describe("summary.md (Reference: docs/architecture.md Reports — one trace drives every view)", () => {
  it("tells the same story as the terminal report, in Markdown", () => {
    const md = renderRunMarkdown(failingRun(), { description: "A leader crash under acks=1." });
    expect(md.startsWith("# leader-crash-acks1 — seed 7: FAILED\n")).toBe(true);
    expect(md).toContain("A leader crash under acks=1.");
    expect(md).toContain("Reproduce with: `kafkasim run scenarios/leader-crash-acks1.yaml --seed 7`");
    expect(md).toContain("| 5.031s | orders-0 broker-2 | broker-2 becomes leader in epoch 1 | the controller picks the first live replica of the ISR |");
    expect(md).toContain('- **lost-write** orders-0 offset 812 "p1-812": acknowledged by broker-1');
    expect(md).toContain("- ✗ **leader-hw-monotonic**: 2 violations");
    expect(md).toContain("| ✗ | `duplicate == 0` | 2 |");
    expect(md).toContain("## Verdict\n\n**FAILED**");
  });

  it("escapes pipes inside table cells", () => {
    const md = renderRunMarkdown(passingRun({ timeline: [{ atUs: 0, kind: "note", text: "a | b", rule: "c|d" }] }));
    expect(md).toContain("| 0.000s |  | a \\| b | c\\|d |");
  });
});
