/**
 * The terminal report of one scenario over several seeds: per metric, in how many seeds it was
 * non-zero, its mean and its maximum; the anomalies as rates in words; one verdict per seed with
 * the command that reproduces each failed one.
 */
import { isScopedMetric } from "../check/metrics/names.js";
import { listWords, runVerdict } from "./verdict.js";
import type { MetricSummary, MultiSeedResult } from "../scenario/result.js";
import { PLAIN, type Style } from "./style.js";
import { formatCount, hang, plural, REPORT_WIDTH, table, visibleWidth, wrap } from "./text.js";
import { metricKind, orderMetrics, rateSentence, troubleMetrics } from "./words.js";

/** Options of {@link renderSeedsTerminal}. */
export interface SeedsReportOptions {
  style?: Style;
  description?: string;
  width?: number;
  /** Seeds listed one per line when there are at most this many (default 20); else failed ones only. */
  listAllUpTo?: number;
}

/**
 * Which metrics go in the aggregate table: every outcome, and the others where any seed was
 * non-zero, except the per-partition and per-client splits (`downtime.orders-0`, `latency.p1.p99`).
 */
export function tableMetrics(summary: Readonly<Record<string, MetricSummary>>): string[] {
  return orderMetrics(Object.keys(summary)).filter(
    (name) => !isScopedMetric(name) && (metricKind(name) === "outcome" || (summary[name]?.seedsNonZero ?? 0) > 0),
  );
}

/** The whole multi-seed report, ending with a newline. */
export function renderSeedsTerminal(multi: MultiSeedResult, options: SeedsReportOptions = {}): string {
  const style = options.style ?? PLAIN;
  const width = options.width ?? REPORT_WIDTH;
  const runs = multi.runs;
  const seeds = runs.map((r) => r.seed);
  const out: string[] = [];
  const range = seeds.length === 0 ? "" : seeds.length === 1 ? ` (seed ${seeds[0]})` : ` (seeds ${seeds[0]} … ${seeds[seeds.length - 1]})`;
  const title = ` ${multi.scenario} · ${plural(runs.length, "seed")}${range} `;
  out.push(style.bold(`━━${title}${"━".repeat(Math.max(2, width - 2 - visibleWidth(title)))}`));
  if (options.description !== undefined && options.description.trim() !== "") out.push(...wrap(options.description.trim(), width));

  out.push("", style.bold("Metrics over seeds"));
  const names = tableMetrics(multi.summary);
  const rows = names.map((name) => {
    const s = multi.summary[name] as MetricSummary;
    const cells = [name, `${s.seedsNonZero}/${runs.length}`, formatCount(s.mean), formatCount(s.max)];
    return metricKind(name) === "outcome" || metricKind(name) === "time" || s.seedsNonZero === 0 ? cells : cells.map((c) => style.bad(c));
  });
  out.push(...table(["metric", "seeds ≠ 0", "mean", "max"], rows, ["left", "right", "right", "right"]).map((l) => `  ${l}`));
  const zero = Object.keys(multi.summary).filter((n) => !names.includes(n) && !isScopedMetric(n)).length;
  if (zero > 0) out.push(style.dim(`  (${plural(zero, "other metric")} 0 in every seed)`));

  const trouble = troubleMetrics(multi.summary);
  out.push("", style.bold("In words"));
  if (trouble.length === 0) out.push(style.good("  no anomaly and no invariant violation in any seed"));
  for (const name of trouble) out.push(...hang("  • ", rateSentence(name, multi.summary[name] as MetricSummary, runs.length), width));

  const failed = runs.filter((r) => !r.passed);
  const listed = runs.length <= (options.listAllUpTo ?? 20) ? runs : failed.slice(0, options.listAllUpTo ?? 20);
  out.push("", style.bold("Seeds") + (listed.length < runs.length ? style.dim(`  (failed seeds only; ${runs.length - failed.length} passed)`) : ""));
  const sw = Math.max(...runs.map((r) => String(r.seed).length), 1);
  for (const run of listed) {
    const head = `  ${run.passed ? style.good("✓") : style.bad("✗")} seed ${String(run.seed).padStart(sw)}  `;
    const verdict = runVerdict(run);
    const word = verdict.kind === "failed" ? style.bad("FAILED") : verdict.kind === "passed" ? style.good("PASSED") : style.warn("as expected");
    const why =
      verdict.kind === "failed"
        ? ` — ${run.failures[0] ?? ""}${run.failures.length > 1 ? ` (+${run.failures.length - 1} more)` : ""}`
        : verdict.kind === "as-expected"
          ? ` — ${listWords(verdict.predicted)}`
          : "";
    out.push(...hang(head, `${word}${why}`, width));
    if (!run.passed) out.push(...hang(" ".repeat(visibleWidth(head)), `reproduce: ${run.reproduce}`, width, style.dim));
  }
  if (failed.length > listed.filter((r) => !r.passed).length)
    out.push(style.dim(`  … and ${failed.length - listed.filter((r) => !r.passed).length} more failed seeds`));

  out.push("");
  const expected = runs.filter((r) => runVerdict(r).kind === "as-expected").length;
  out.push(
    !multi.passed
      ? style.bad(style.bold("FAILED")) + ` — ${failed.length} of ${plural(runs.length, "seed")} failed`
      : expected > 0
        ? `${style.warn(style.bold("As expected"))} — ${expected === runs.length ? `all ${plural(runs.length, "seed")}` : `${expected} of ${plural(runs.length, "seed")}`} showed what this lesson predicts, and every expectation held`
        : style.good(style.bold("PASSED")) + style.dim(` — all ${plural(runs.length, "seed")} passed`),
  );
  return `${out.join("\n")}\n`;
}
