/**
 * The Markdown report of one run (`summary.md`): the same story as the terminal report, in the
 * same order, as headings, a timeline table and lists, for a pull request or a wiki page.
 */
import { runVerdict, verdictSentence } from "./verdict.js";
import type { RunResult } from "../scenario/result.js";
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
import { formatMs, formatTime, plural } from "./text.js";

/** Escape text for a Markdown table cell or list item (pipes, backticks stay readable). */
export function mdCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Inline code that survives backticks in the text. */
export function mdCode(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${fence.length > 1 ? " " : ""}${text}${fence.length > 1 ? " " : ""}${fence}`;
}

/** Options of {@link renderRunMarkdown}. */
export interface RunMarkdownOptions {
  description?: string;
  /** Examples per anomaly type (default 10). */
  anomaliesPerType?: number;
  omitWallTime?: boolean;
}

/** `summary.md` of one run. */
export function renderRunMarkdown(result: RunResult, options: RunMarkdownOptions = {}): string {
  const out: string[] = [];
  const verdict = runVerdict(result);
  out.push(`# ${result.scenario} — seed ${result.seed}: ${verdict.kind === "as-expected" ? "as expected" : verdict.headline}`, "");
  const description = options.description ?? (result as { description?: string }).description;
  if (description !== undefined && description.trim() !== "") out.push(description.trim().replace(/\s+/g, " "), "");
  const facts = [
    ...(result.file === "" ? [] : [`file ${mdCode(result.file)}`]),
    `${formatTime(result.simulatedMs * 1000)} simulated`,
    plural(result.events, "event"),
    ...(options.omitWallTime === true ? [] : [`${formatMs(result.wallMs)} wall`]),
    `trace hash ${mdCode(result.traceHash)}`,
  ];
  out.push(facts.join(" · "), "");
  const protocol = protocolSentence(result);
  if (protocol !== null) out.push(`${capitalise(mdCell(protocol))}.`, "");
  out.push(`Reproduce with: ${mdCode(result.reproduce)}`, "");

  out.push("## What happened", "");
  if (result.timeline.length === 0) out.push("No notable moments were recorded.", "");
  else {
    out.push("| time | where | what | rule |", "| ---: | --- | --- | --- |");
    for (const t of result.timeline) {
      const where = [t.partition, t.node].filter((x) => x !== undefined).join(" ");
      out.push(`| ${formatTime(t.atUs)} | ${mdCell(where)} | ${mdCell(t.text)} | ${mdCell(t.rule ?? "")} |`);
    }
    out.push("");
  }

  const groups = anomalyGroups(result, options.anomaliesPerType ?? 10);
  out.push("## Anomalies", "", groups.length === 0 ? "None found in the client history." : `Found: ${anomalyCountSentence(groups)}.`, "");
  for (const group of groups) {
    for (const a of group.shown) out.push(`- **${a.type}** ${mdCell(anomalyWhere(a))}: ${mdCell(a.explanation)}`);
    if (group.hidden > 0) out.push(`- … and ${group.hidden} more ${group.type} (see \`result.json\`)`);
  }
  if (groups.length > 0) out.push("");

  out.push("## Invariants", "", `${capitalise(invariantSentence(result))}.`, "");
  const violated = violatedInvariants(result);
  for (const inv of violated) {
    const first = inv.first === undefined ? "" : `; first at ${formatTime(inv.first.atUs)}: ${mdCell(inv.first.description)}`;
    out.push(`- ✗ **${inv.name}**: ${plural(inv.violations, "violation")}${first}`);
  }
  if (violated.length > 0) out.push("");

  out.push("## Expectations", "");
  if (result.expectations.length === 0) out.push("None: the run passes when no anomaly and no invariant violation occurs.", "");
  else {
    out.push("| | expectation | actual |", "| --- | --- | ---: |");
    for (const e of result.expectations) out.push(`| ${e.passed ? "✓" : "✗"} | ${mdCode(expectationText(e))} | ${e.actual} |`);
    out.push("");
  }

  out.push("## Clients", "", `- ${outcomeSentence(result)}`);
  const latest = latestStartSentence(result);
  if (latest !== null) out.push(`- ${mdCell(latest.charAt(0).toUpperCase() + latest.slice(1))}`);
  const errors = errorList(result);
  if (errors.length > 0) out.push(`- Kafka errors: ${errors.join(", ")}`);
  out.push(`- ${performanceSentence(result)}`);
  const down = unavailability(result);
  if (down.length > 0) out.push(`- downtime (no running leader): ${down.join(", ")}`);
  const writeDown = unavailability(result, true);
  if (writeDown.join() !== down.join()) out.push(`- write-downtime (no acks=all writes): ${writeDown.join(", ")}`);
  out.push("");

  out.push("## Partitions", "", `${capitalise(convergenceSentence(result))}.`, "");
  for (const p of result.partitions) out.push(`- ${p.converged ? "✓" : "✗"} \`${p.partition}\`: ${mdCell(partitionLine(p))}`);
  if (result.partitions.length > 0) out.push("");

  if (result.warnings.length > 0) {
    out.push("## Warnings", "", ...result.warnings.map((w) => `- ${mdCell(w)}`), "");
  }

  const sentence = verdictSentence(result);
  const dash = sentence.indexOf(" — ");
  out.push("## Verdict", "", verdict.kind === "failed" ? "**FAILED**" : `**${sentence.slice(0, dash)}**${mdCell(sentence.slice(dash))}`, "");
  for (const f of result.failures) out.push(`- ${mdCell(f)}`);
  if (result.failures.length > 0) out.push("");
  return out.join("\n");
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
