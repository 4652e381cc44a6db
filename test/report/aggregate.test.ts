import { describe, expect, it } from "vitest";
import { renderCompareMarkdown, renderSeedsMarkdown } from "../../src/report/markdown-aggregate.js";
import { compareTable, expectationMark, renderCompareTerminal } from "../../src/report/terminal-compare.js";
import { renderSeedsTerminal } from "../../src/report/terminal-seeds.js";
import { stripAnsi } from "../../src/report/text.js";
import { makeStyle } from "../../src/report/style.js";
import { compareResult, passingRun, seedsResult } from "./fixtures.js";
import { summarise } from "../../src/scenario/result.js";

describe("Several seeds (Reference: docs/scenario-format.md 'Command line' --seeds; docs/architecture.md Reports — rates over seeds)", () => {
  it("the aggregate table gives, per metric, the seeds where it was non-zero, its mean and its max", () => {
    const text = renderSeedsTerminal(seedsResult());
    expect(text).toMatch(/lost-write\s+2\/3\s+4\.7\s+9/);
    expect(text).toMatch(/produced\s+3\/3\s+2000\s+2000/);
    expect(text).toContain("other metric");
  });

  it("anomalies read as rates in words", () => {
    expect(renderSeedsTerminal(seedsResult())).toContain("lost acknowledged writes in 2 of 3 seeds (mean 4.7, max 9)");
  });

  it("each seed has its verdict, and each failed seed the command that reproduces it", () => {
    const text = renderSeedsTerminal(seedsResult());
    expect(text).toMatch(/✗ seed 1\s+FAILED — duplicate: expected == 0, actual 2/);
    expect(text).toMatch(/✓ seed 2\s+PASSED/);
    expect(text).toContain("reproduce: kafkasim run scenarios/leader-crash-acks1.yaml --seed 3");
    expect(text).toContain("FAILED — 2 of 3 seeds failed");
  });

  it("with many seeds only the failed ones are listed", () => {
    const runs = Array.from({ length: 30 }, (_, i) =>
      passingRun({ seed: i + 1, passed: i !== 4, failures: i === 4 ? ["lost-write: expected == 0, actual 1"] : [] }),
    );
    const text = renderSeedsTerminal({ scenario: "s", runs, summary: summarise(runs), passed: false });
    expect(text).toContain("failed seeds only; 29 passed");
    expect(text).toMatch(/✗ seed\s+5/);
    expect(text).not.toMatch(/✓ seed/);
  });

  it("a passing multi-seed run says so, and the Markdown version has the same table", () => {
    const runs = [passingRun({ seed: 1 }), passingRun({ seed: 2 })];
    const multi = { scenario: "s", runs, summary: summarise(runs), passed: true };
    expect(renderSeedsTerminal(multi)).toContain("PASSED — all 2 seeds passed");
    const md = renderSeedsMarkdown(seedsResult());
    expect(md).toContain("| lost-write | 2/3 | 4.7 | 9 |");
    expect(md).toContain("`kafkasim run scenarios/leader-crash-acks1.yaml --seed 1`");
  });
});

describe("A comparison (Reference: docs/scenario-format.md 'Command line' compare; docs/architecture.md Reports — compare runs side by side)", () => {
  it("prints one row per value with the seeds that met the expectations, outcomes, lost writes, latency, throughput, downtime and write-downtime", () => {
    const text = renderCompareTerminal(compareResult());
    const rows = text.split("\n").filter((l) => /^(1|all)\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^1\s+1\/3\s+1,992\s+1\.7\s+0\s+4\.7\s+1\.5 ms\s+4\.8 ms\s+33\/s\s+4\.2 s\s+6 s$/);
    expect(rows[1]).toMatch(/^all\s+3\/3\s+1,995\s+5\s+0\s+0\s+4\.2 ms\s+31\.5 ms\s+33\/s\s+0 ms\s+0 ms$/);
  });

  it("marks each value the file has an expectation on: ✓ held in every seed, ✗ not; the others under the row", () => {
    const base = compareResult();
    const rows = base.rows.map((r, i) => ({
      ...r,
      expectations: [
        { metric: "lost-write", expected: ">= 1", metSeeds: i === 0 ? 3 : 0 },
        { metric: "errors.p1.NOT_ENOUGH_REPLICAS", expected: "0", metSeeds: i === 0 ? 3 : 1 },
      ],
    }));
    const text = renderCompareTerminal({ ...base, rows });
    expect(text).toMatch(/^1\s+✗ 1\/3\s.*\s4\.7 ✓\s/m);
    expect(text).toMatch(/^all\s.*\s0 ✗\s/m);
    expect(text).toContain("expect: errors.p1.NOT_ENOUGH_REPLICAS == 0 ✓ 3/3");
    expect(text).toContain("expect: errors.p1.NOT_ENOUGH_REPLICAS == 0 ✗ 1/3");
    expect(expectationMark(rows[0]!, "downtime"), "no expectation, no mark").toBe("");
  });

  it("says so when an invariant was violated that the file does not expect (a model bug)", () => {
    const base = compareResult();
    const text = renderCompareTerminal({ ...base, rows: [{ ...base.rows[0]!, invariantSeeds: 2 }, base.rows[1]!] }).replace(/\s+/g, " ");
    expect(text).toContain("an invariant was violated in 2 seeds where the file does not expect it: a bug of kafkasim's model");
  });

  it("shows the non-zero anomalies under each row and as rates in words", () => {
    const text = renderCompareTerminal(compareResult());
    expect(text).toContain("anomalies: lost-write in 2/3, duplicate in 1/3");
    expect(text).toContain("acks=1: lost acknowledged writes in 2 of 3 seeds");
    expect(text).toContain("acks=all: no anomaly and no invariant violation in any of 3 seeds");
  });

  it("prose fits in 80 columns, the table in 100: long values are abbreviated", () => {
    for (const line of renderCompareTerminal(compareResult(), { style: makeStyle(true) }).split("\n")) {
      expect([...stripAnsi(line)].length, line).toBeLessThanOrEqual(/^(acks|1|all|─)/.test(stripAnsi(line)) ? 100 : 80);
    }
    const base = compareResult();
    const long = {
      ...base,
      key: "consumers.g1.topics",
      rows: base.rows.map((r, i) => ({ ...r, value: `[orders, audit, payments, refunds, shipments-${i}]` })),
    };
    const table = compareTable(long);
    expect(Math.max(...table.map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(table[2]).toMatch(/^\[orders, audit, pa\S*…/);
  });

  it("the Markdown table has one row per value and an anomalies column", () => {
    const md = renderCompareMarkdown(compareResult());
    expect(md).toContain("| acks | expect | acked | failed | unknown | lost | p50 | p99 | thruput | down | w-down | anomalies |");
    expect(md).toContain("| 1 | 1/3 | 1,992 | 1.7 | 0 | 4.7 | 1.5 ms | 4.8 ms | 33/s | 4.2 s | 6 s | lost-write in 2/3, duplicate in 1/3 |");
    expect(md).toContain("| all | 3/3 |");
  });
});
