/**
 * Markdown reports of several seeds and of a comparison: the same tables and sentences as the
 * terminal versions, as Markdown tables and lists.
 */
import type { CompareResult, MetricSummary, MultiSeedResult } from "../scenario/result.js";
import { mdCell, mdCode } from "./markdown-run.js";
import { COMPARE_HEADERS, otherExpectations, rowAnomalies, rowCells } from "./terminal-compare.js";
import { tableMetrics } from "./terminal-seeds.js";
import { formatCount, plural } from "./text.js";
import { listWords, runVerdict } from "./verdict.js";
import { rateSentence, troubleMetrics } from "./words.js";

/** `summary.md` of a multi-seed run. */
export function renderSeedsMarkdown(multi: MultiSeedResult, options: { description?: string } = {}): string {
  const runs = multi.runs;
  const failed = runs.filter((r) => !r.passed);
  const expected = runs.filter((r) => runVerdict(r).kind === "as-expected").length;
  const headline = !multi.passed ? "FAILED" : expected > 0 ? "as expected" : "PASSED";
  const out: string[] = [`# ${multi.scenario} — ${plural(runs.length, "seed")}: ${headline}`, ""];
  if (options.description !== undefined && options.description.trim() !== "") out.push(options.description.trim().replace(/\s+/g, " "), "");
  out.push(
    !multi.passed
      ? `${failed.length} of ${plural(runs.length, "seed")} failed.`
      : expected > 0
        ? `As expected: ${expected === runs.length ? `all ${plural(runs.length, "seed")}` : `${expected} of ${plural(runs.length, "seed")}`} showed what this lesson predicts, and every expectation held.`
        : `All ${plural(runs.length, "seed")} passed.`,
    "",
  );

  out.push("## Metrics over seeds", "", "| metric | seeds ≠ 0 | mean | max |", "| --- | ---: | ---: | ---: |");
  for (const name of tableMetrics(multi.summary)) {
    const s = multi.summary[name] as MetricSummary;
    out.push(`| ${name} | ${s.seedsNonZero}/${runs.length} | ${formatCount(s.mean)} | ${formatCount(s.max)} |`);
  }
  out.push("");
  const trouble = troubleMetrics(multi.summary);
  out.push("## In words", "");
  if (trouble.length === 0) out.push("No anomaly and no invariant violation in any seed.");
  for (const name of trouble) out.push(`- ${rateSentence(name, multi.summary[name] as MetricSummary, runs.length)}`);
  out.push("");

  out.push("## Seeds", "", "| seed | verdict | why | trace hash |", "| ---: | --- | --- | --- |");
  for (const r of runs) {
    const verdict = runVerdict(r);
    const word = verdict.kind === "failed" ? "✗ FAILED" : verdict.kind === "passed" ? "✓ PASSED" : "✓ as expected";
    const why = verdict.kind === "as-expected" ? listWords(verdict.predicted) : r.failures.join("; ");
    out.push(`| ${r.seed} | ${word} | ${mdCell(why)} | ${mdCode(r.traceHash)} |`);
  }
  out.push("");
  if (failed.length > 0) {
    out.push("Reproduce a failed seed with:", "", ...failed.slice(0, 10).map((r) => `- ${mdCode(r.reproduce)}`), "");
  }
  return out.join("\n");
}

/** The Markdown report of a comparison. */
export function renderCompareMarkdown(compare: CompareResult, options: { description?: string } = {}): string {
  const seeds = compare.rows[0]?.seeds ?? 0;
  const out: string[] = [`# ${compare.scenario} — ${compare.key} compared`, ""];
  if (options.description !== undefined && options.description.trim() !== "") out.push(options.description.trim().replace(/\s+/g, " "), "");
  out.push(
    `${plural(seeds, "seed")} per value; counts are means over seeds; latency of acknowledged sends; lost = acknowledged writes lost.` +
      (compare.rows.some((r) => (r.expectations ?? []).length > 0)
        ? " expect = seeds that met all of the file's expectations; ✓/✗ beside a value: the file's expectation on it held in every seed / not in every seed."
        : ""),
    "",
  );
  out.push(`| ${[compare.key, ...COMPARE_HEADERS, "anomalies"].map(mdCell).join(" | ")} |`);
  out.push(`| --- | ${COMPARE_HEADERS.map(() => "---:").join(" | ")} | --- |`);
  for (const row of compare.rows) out.push(`| ${[...rowCells(row), rowAnomalies(row)].map(mdCell).join(" | ")} |`);
  const others = compare.rows.flatMap((row) => otherExpectations(row).map((e) => `- ${compare.key}=${row.value}: ${mdCell(e)}`));
  if (others.length > 0) out.push("", "Expectations without a column:", "", ...others);
  for (const row of compare.rows) {
    if ((row.invariantSeeds ?? 0) > 0)
      out.push(
        "",
        `**${compare.key}=${mdCell(row.value)}: an invariant was violated in ${plural(row.invariantSeeds ?? 0, "seed")} where the file does not expect it — a bug of kafkasim's model (or a deliberate mutant).**`,
      );
  }
  out.push("", "## In words", "");
  for (const row of compare.rows) {
    const trouble = troubleMetrics(row.summary);
    if (trouble.length === 0) out.push(`- ${compare.key}=${row.value}: no anomaly and no invariant violation`);
    for (const name of trouble) {
      out.push(`- ${compare.key}=${row.value}: ${rateSentence(name, row.summary[name] ?? { seedsNonZero: 0, mean: 0, max: 0 }, row.seeds)}`);
    }
  }
  out.push("");
  return out.join("\n");
}
