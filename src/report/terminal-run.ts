/**
 * The terminal report of one run (docs/architecture.md "Reports"): read top to bottom in 80 columns,
 * it tells the story — the scenario and its seed, the moments that mattered with the Kafka rule
 * that fired, what the checker found, which invariants and expectations held, how the cluster
 * ended, the verdict, and the command that reproduces the run.
 */
import type { RunResult, TimelineLine } from "../scenario/result.js";
import {
  anomalyCountSentence,
  anomalyGroups,
  anomalyWhere,
  convergenceSentence,
  errorList,
  expectationText,
  invariantSentence,
  latestStartSentence,
  outcomeSentence,
  partitionLine,
  performanceSentence,
  protocolSentence,
  unavailability,
  violatedInvariants,
} from "./run-sections.js";
import { PLAIN, type Style } from "./style.js";
import { chooseMoments, type ShownMoment } from "./timeline.js";
import { listWords, runVerdict } from "./verdict.js";
import { formatMs, formatTime, hang, joinWrapped, padEnd, padStart, plural, REPORT_WIDTH, visibleWidth, wrap } from "./text.js";

/** Options of {@link renderRunTerminal}. */
export interface RunReportOptions {
  style?: Style;
  /** The scenario's description (not part of the result); shown under the title. */
  description?: string;
  /** Width to lay out for (default 80). */
  width?: number;
  /** Timeline lines shown before eliding the middle (default 40). */
  maxTimeline?: number;
  /** Examples shown per anomaly type (default 3); the first with its explanation. */
  anomaliesPerType?: number;
  /** Lines of an anomaly's explanation shown before cutting it (default 6). */
  explanationLines?: number;
  /** Leave out the wall-clock time (for byte-stable output in tests and docs). */
  omitWallTime?: boolean;
}

/** The whole report, one string ending with a newline. */
export function renderRunTerminal(result: RunResult, options: RunReportOptions = {}): string {
  const style = options.style ?? PLAIN;
  const width = options.width ?? REPORT_WIDTH;
  const out: string[] = [];
  const section = (title: string, summary?: string): void => {
    out.push("", style.bold(title) + (summary === undefined ? "" : `  ${summary}`));
  };

  const title = ` ${result.scenario} · seed ${result.seed} `;
  out.push(style.bold(`━━${title}${"━".repeat(Math.max(2, width - 2 - visibleWidth(title)))}`));
  const description = options.description ?? (result as { description?: string }).description;
  if (description !== undefined && description.trim() !== "") out.push(...wrap(description.trim(), width));
  const facts = [
    ...(result.file === "" ? [] : [result.file]),
    `${formatTime(result.simulatedMs * 1000)} simulated`,
    plural(result.events, "event"),
    ...(options.omitWallTime === true ? [] : [`${formatMs(result.wallMs)} wall`]),
  ];
  out.push(...joinWrapped(facts, " · ", width).map(style.dim));
  const protocol = protocolSentence(result);
  if (protocol !== null) out.push(...wrap(protocol, width).map(style.dim));

  const chosen = chooseMoments(result.timeline, 2, options.maxTimeline ?? 40);
  const folded = chosen.some((m) => m.kind !== "moment");
  const moments = timelineLines(chosen, result.timeline, style, width);
  section(
    "What happened",
    result.timeline.length === 0
      ? style.dim("(no notable moments recorded)")
      : folded
        ? style.dim("(client chatter folded; every moment: --report, in summary.md)")
        : undefined,
  );
  out.push(...moments);

  const groups = anomalyGroups(result, options.anomaliesPerType ?? 3);
  section("Anomalies", groups.length === 0 ? style.good("none found in the client history") : style.bad(anomalyCountSentence(groups)));
  for (const group of groups) {
    group.shown.forEach((anomaly, i) => {
      out.push(...hang(`  ${style.bad("✗")} `, `${style.bold(anomaly.type)} ${anomalyWhere(anomaly)}`, width));
      if (i > 0) return;
      const explanation = hang("      ", anomaly.explanation, width);
      const cap = options.explanationLines ?? 6;
      out.push(...(explanation.length <= cap ? explanation : [...explanation.slice(0, cap - 1), ellipsis(explanation[cap - 1] ?? "", width)]));
    });
    if (group.hidden > 0) out.push(style.dim(`    … and ${group.hidden} more ${group.type} (all of them are in result.json)`));
  }

  const violated = violatedInvariants(result);
  section("Invariants", violated.length === 0 ? style.good(invariantSentence(result)) : style.bad(invariantSentence(result)));
  for (const inv of violated) {
    out.push(...hang(`  ${style.bad("✗")} `, `${inv.name}: ${plural(inv.violations, "violation")}`, width));
    if (inv.first !== undefined) out.push(...hang("      ", `first at ${formatTime(inv.first.atUs)}: ${inv.first.description}`, width));
  }

  if (result.expectations.length === 0) {
    section("Expectations", style.dim("none: the run passes when no anomaly and no invariant violation occurs"));
  } else {
    section("Expectations");
    const texts = result.expectations.map(expectationText);
    const w = Math.max(...texts.map((t) => t.length));
    result.expectations.forEach((e, i) => {
      const mark = e.passed ? style.good("✓") : style.bad("✗");
      out.push(`  ${mark} ${padEnd(texts[i] ?? "", w)}  actual ${e.passed ? e.actual : style.bad(String(e.actual))}`);
    });
  }

  section("Clients");
  out.push(...hang("  ", outcomeSentence(result), width));
  const latest = latestStartSentence(result);
  if (latest !== null) out.push(...hang("  ", latest, width));
  const errors = errorList(result);
  if (errors.length > 0) out.push(...hang("  Kafka errors: ", errors.join(", "), width));
  out.push(...hang("  ", performanceSentence(result), width));
  const down = unavailability(result);
  if (down.length > 0) out.push(...hang("  downtime (no running leader): ", down.join(", "), width));
  const writeDown = unavailability(result, true);
  if (writeDown.join() !== down.join()) out.push(...hang("  write-downtime (no acks=all writes): ", writeDown.join(", "), width));

  section("Partitions", result.converged ? style.good(convergenceSentence(result)) : style.warn(convergenceSentence(result)));
  const user = result.partitions.filter((p) => !p.partition.startsWith("__"));
  const partitions =
    user.length <= 8
      ? [...user, ...result.partitions.filter((p) => p.partition.startsWith("__") && !p.converged)]
      : result.partitions.filter((p) => !p.converged);
  const pw = Math.max(0, ...partitions.map((p) => p.partition.length));
  for (const p of partitions) {
    out.push(...hang(`  ${p.converged ? style.good("✓") : style.warn("✗")} ${padEnd(p.partition, pw)}  `, partitionLine(p), width));
  }

  if (result.warnings.length > 0) {
    section("Warnings");
    for (const w of result.warnings) out.push(...hang(`  ${style.warn("!")} `, w, width, style.dim));
  }

  out.push("");
  const verdict = runVerdict(result);
  if (verdict.kind === "as-expected") {
    out.push(...hang("", `${style.warn(style.bold(verdict.headline))} — ${listWords(verdict.predicted)}, as this lesson predicts`, width));
  } else if (verdict.kind === "passed") {
    out.push(
      style.good(style.bold("PASSED")) + style.dim(result.expectations.length > 0 ? " — every expectation held" : " — no anomaly, no invariant violated"),
    );
  } else {
    out.push(style.bad(style.bold("FAILED")));
    for (const failure of result.failures) out.push(...hang(`  ${style.bad("•")} `, failure, width));
  }
  out.push(`Reproduce with: ${style.accent(result.reproduce)}`);
  return `${out.join("\n")}\n`;
}

/** The chosen moments (timeline.ts) laid out: time, where, what, and the rule under it. */
function timelineLines(shown: readonly ShownMoment[], timeline: readonly TimelineLine[], style: Style, width: number): string[] {
  const timeWidth = Math.max(8, ...timeline.map((t) => formatTime(t.atUs).length));
  const whereWidth = Math.min(14, Math.max(0, ...timeline.map((t) => where(t).length)));
  const indent = " ".repeat(2 + timeWidth + 2 + whereWidth + 2);
  const textWidth = width - visibleWidth(indent);
  const lines: string[] = [];
  const note = (atUs: number | null, text: string): void => {
    const time = atUs === null ? "…" : formatTime(atUs);
    wrap(text, textWidth).forEach((line, i) =>
      lines.push(style.dim(i === 0 ? `  ${padStart(time, timeWidth)}  ${" ".repeat(whereWidth)}  ${line}` : `${indent}${line}`)),
    );
  };
  for (const item of shown) {
    if (item.kind === "folded") {
      note(null, `${plural(item.count, "more moment")}${item.what.length === 0 ? "" : ` (${item.what.join(", ")})`}`);
      continue;
    }
    if (item.kind === "startup") {
      note(
        item.fromUs,
        `start-up until ${formatTime(item.toUs)}: ${item.what.length === 0 ? "" : `${item.what.join(", ")} `}(${plural(item.count, "moment")})`,
      );
      continue;
    }
    if (item.kind === "repeats") {
      note(null, `and ${item.count} more ${item.of} until ${formatTime(item.untilUs)}`);
      continue;
    }
    const line = item.line;
    const prefix = `  ${padStart(formatTime(line.atUs), timeWidth)}  ${padEnd(where(line), whereWidth)}  `;
    const paint = line.kind.startsWith("fault") ? style.warn : line.kind === "client-error" || line.kind === "delivery-timeout" ? style.bad : (s: string) => s;
    wrap(line.text, textWidth).forEach((text, i) => lines.push((i === 0 ? prefix : indent) + paint(text)));
    if (line.rule !== undefined && line.rule !== "") {
      for (const text of wrap(line.rule, textWidth)) lines.push(indent + style.dim(text));
    }
  }
  return lines;
}

/** The line with ` …` appended, shortened at a space so that it fits in `width`. */
function ellipsis(line: string, width: number): string {
  let text = line;
  while (visibleWidth(text) + 2 > width && text.includes(" ")) text = text.slice(0, text.lastIndexOf(" "));
  return `${text} …`;
}

function where(line: TimelineLine): string {
  const text = line.partition ?? line.node ?? "";
  return text.length > 14 ? `${text.slice(0, 13)}…` : text;
}
