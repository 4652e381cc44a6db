/**
 * The tally after `kafkasim run DIR` (or several files): one line per scenario with its verdict in
 * words — as expected, passed, failed (with the first reason) or invalid (with the problem) — and
 * the counts. Read after the reports, it is the course's roll call.
 */
import type { MultiSeedResult, RunResult } from "../scenario/result.js";
import { PLAIN, type Style } from "./style.js";
import { hang, padEnd, plural, REPORT_WIDTH, visibleWidth } from "./text.js";
import { listWords, runVerdict } from "./verdict.js";

/** One scenario of the tally: its result, or why it could not run. */
export type TallyEntry =
  | { name: string; kind: "run"; result: RunResult }
  | { name: string; kind: "seeds"; result: MultiSeedResult }
  | { name: string; kind: "invalid"; problem: string };

/** Counts of a tally. */
export interface TallyCounts {
  passed: number;
  asExpected: number;
  failed: number;
  invalid: number;
}

/** What each entry counts as. */
export function tallyCounts(entries: readonly TallyEntry[]): TallyCounts {
  const counts: TallyCounts = { passed: 0, asExpected: 0, failed: 0, invalid: 0 };
  for (const e of entries) {
    if (e.kind === "invalid") counts.invalid += 1;
    else if (!e.result.passed) counts.failed += 1;
    else {
      counts.passed += 1;
      const runs = e.kind === "run" ? [e.result] : e.result.runs;
      if (runs.some((r) => runVerdict(r).kind === "as-expected")) counts.asExpected += 1;
    }
  }
  return counts;
}

function entryText(e: TallyEntry, style: Style): { mark: string; text: string } {
  if (e.kind === "invalid") return { mark: style.bad("!"), text: `${style.bad("invalid")} — ${e.problem}` };
  if (e.kind === "run") {
    const verdict = runVerdict(e.result);
    if (verdict.kind === "failed")
      return {
        mark: style.bad("✗"),
        text: `${style.bad("FAILED")} — ${e.result.failures[0] ?? ""}${e.result.failures.length > 1 ? ` (+${e.result.failures.length - 1} more)` : ""}`,
      };
    if (verdict.kind === "as-expected") return { mark: style.good("✓"), text: `${style.warn("as expected")} — ${listWords(verdict.predicted)}` };
    return { mark: style.good("✓"), text: style.good("passed") };
  }
  const runs = e.result.runs;
  const failed = runs.filter((r) => !r.passed).length;
  if (failed > 0) return { mark: style.bad("✗"), text: `${style.bad("FAILED")} in ${failed} of ${plural(runs.length, "seed")}` };
  const expected = runs.filter((r) => runVerdict(r).kind === "as-expected").length;
  return expected > 0
    ? { mark: style.good("✓"), text: `${style.warn("as expected")} in ${expected} of ${plural(runs.length, "seed")}, every expectation held` }
    : { mark: style.good("✓"), text: `${style.good("passed")} in all ${plural(runs.length, "seed")}` };
}

/** The tally, ending with a newline; `where` names the directory or "files". */
export function renderTally(entries: readonly TallyEntry[], where: string, style: Style = PLAIN, width = REPORT_WIDTH): string {
  const title = ` ${plural(entries.length, "scenario")} ${where} `;
  const out = [style.bold(`━━${title}${"━".repeat(Math.max(2, width - 2 - visibleWidth(title)))}`)];
  const nameWidth = Math.min(26, Math.max(0, ...entries.map((e) => e.name.length)));
  for (const e of entries) {
    const { mark, text } = entryText(e, style);
    const head = `  ${mark} ${padEnd(e.name, nameWidth)}  `;
    if (e.name.length > nameWidth) {
      out.push(`  ${mark} ${e.name}`);
      out.push(...hang(" ".repeat(nameWidth + 6), text, width));
    } else {
      out.push(...hang(head, text, width));
    }
  }
  const c = tallyCounts(entries);
  const parts = [
    `${c.passed} passed${c.asExpected > 0 ? ` (${c.asExpected} as expected)` : ""}`,
    ...(c.failed > 0 ? [style.bad(`${c.failed} failed`)] : []),
    ...(c.invalid > 0 ? [style.bad(`${c.invalid} invalid`)] : []),
  ];
  out.push(parts.join(", "));
  return `${out.join("\n")}\n`;
}
