/**
 * The showcase (`npm start`, `kafkasim showcase`): the same leader crash under acks=1 and under
 * acks=all, told lesson first in one screen — what was done (the scenario's own faults), what each
 * setting lost and what it cost (lost writes, p99 latency, downtime, failed sends), the Kafka rule
 * behind the difference in one sentence, and where to go next. Every figure is drawn from the two
 * results, never from what they were supposed to show, so the screen stays honest if the model
 * changes: a seed where acks=1 lost nothing says so.
 */
import type { RunResult } from "../scenario/result.js";
import { PLAIN, type Style } from "./style.js";
import { formatMs, formatThousands, formatTime, hang, padEnd, REPORT_WIDTH, visibleWidth, wrap } from "./text.js";
import { runVerdict } from "./verdict.js";

/** The scenario files of the showcase, in the order they are told. */
export const SHOWCASE_FILES = ["leader-crash-acks1.yaml", "leader-crash-acks-all.yaml"] as const;

/** The most lines the default showcase may take (one screen). */
export const SHOWCASE_MAX_LINES = 40;

/** Options of {@link renderShowcase}. */
export interface ShowcaseOptions {
  style?: Style;
  width?: number;
  /** The two files as the user would type them (for the commands under "Explore further"). */
  files?: readonly [string, string];
}

function lost(result: RunResult): number {
  return result.metrics["lost-write"] ?? 0;
}

/** Time without a running leader: the `downtime` metric, else the longest per-partition figure. */
export function downtimeMs(result: RunResult): number {
  const metric = result.metrics["downtime"];
  if (metric !== undefined) return metric;
  const perPartition = Object.values(result.stats.downtimeMs ?? {});
  return perPartition.length === 0 ? 0 : Math.max(...perPartition);
}

/** The p99 of acknowledged sends: the `latency.p99` metric, else the run's statistics. */
function p99(result: RunResult): number | null {
  return result.metrics["latency.p99"] ?? result.stats.produceLatencyMsP99;
}

function verdictWord(result: RunResult): string {
  const kind = runVerdict(result).kind;
  return kind === "as-expected" ? "as expected" : kind === "passed" ? "passed" : "FAILED";
}

/** The rule behind the difference, in one sentence, with what this seed showed. */
export function showcaseRule(weak: RunResult, strong: RunResult): string {
  const weakP99 = p99(weak);
  const strongP99 = p99(strong);
  const price = strongP99 !== null && weakP99 !== null && strongP99 > weakP99 ? " — and the price is waiting for the followers" : "";
  const rule =
    "acks=1 acknowledges a write as soon as the leader has appended it, so records its followers had not yet fetched die with it; " +
    `acks=all acknowledges only once every replica in the ISR has the record, so whichever replica is elected next already holds it${price}.`;
  const notes: string[] = [
    isrShrankBeforeCrash(strong)
      ? "Here the ISR shrank before the crash: acks=all then waited only for the replicas left in it, as few as min.insync.replicas allows."
      : "Here the ISR stayed whole until the crash, so min.insync.replicas played no part.",
  ];
  if (lost(weak) === 0)
    notes.push("In this seed acks=1 happened to lose nothing: its followers were caught up when the leader failed, which acks=1 does not promise.");
  if (lost(strong) > 0) notes.push("Here acks=all still lost writes: the full report (--verbose) tells which rule allowed it.");
  return [rule, ...notes].join(" ");
}

/** Whether the run's timeline shows a replica removed from an ISR before its first crash or power loss. */
export function isrShrankBeforeCrash(result: RunResult): boolean {
  const crash = result.timeline.find((t) => t.kind === "host-crash" || t.kind === "host-power-loss")?.atUs ?? Infinity;
  return result.timeline.some((t) => t.kind === "isr-change" && t.atUs < crash && t.text.includes(", removed "));
}

/** The showcase screen, ending with a newline. */
export function renderShowcase(weak: RunResult, strong: RunResult, options: ShowcaseOptions = {}): string {
  const style = options.style ?? PLAIN;
  const width = options.width ?? REPORT_WIDTH;
  const files = options.files ?? [`scenarios/${SHOWCASE_FILES[0]}`, `scenarios/${SHOWCASE_FILES[1]}`];
  const out: string[] = [];
  const title = ` kafkasim showcase · acks=1 against acks=all · seed ${weak.seed} `;
  out.push(style.bold(`━━${title}${"━".repeat(Math.max(2, width - 2 - visibleWidth(title)))}`));

  out.push("", style.bold("What was done"));
  out.push(...hang("  ", "The same cluster, producer and faults, run twice on the same seed: once with acks=1, once with acks=all.", width));
  const faults = weak.timeline.filter((t) => t.kind.startsWith("fault"));
  const timeWidth = Math.max(0, ...faults.map((f) => formatTime(f.atUs).length));
  for (const f of faults.slice(0, 8)) out.push(...hang(`  ${formatTime(f.atUs).padStart(timeWidth)}  `, f.text, width, style.warn));
  if (faults.length > 8) out.push(style.dim(`  … and ${faults.length - 8} more faults`));

  out.push("", style.bold("What each setting lost and what it cost"));
  const rows: [string, string, string][] = [
    ["", "acks=1", "acks=all"],
    [
      "acknowledged writes lost",
      `${formatThousands(lost(weak))} of ${formatThousands(weak.metrics["acked"] ?? 0)}`,
      `${formatThousands(lost(strong))} of ${formatThousands(strong.metrics["acked"] ?? 0)}`,
    ],
    ["produce latency p99", formatMs(p99(weak)), formatMs(p99(strong))],
    ["downtime (no leader)", formatMs(downtimeMs(weak)), formatMs(downtimeMs(strong))],
    ["sends that failed", formatThousands(weak.metrics["failed"] ?? 0), formatThousands(strong.metrics["failed"] ?? 0)],
    ["verdict", verdictWord(weak), verdictWord(strong)],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  rows.forEach(([label, a, b], i) => {
    const line = `  ${padEnd(label, w0)}  ${padEnd(a, w1)}  ${b}`.trimEnd();
    const paint = i === 0 ? style.bold : i === 1 ? (lost(weak) > 0 || lost(strong) > 0 ? style.bad : style.good) : (s: string) => s;
    out.push(paint(line));
  });

  out.push("", style.bold("Why"));
  out.push(...hang("  ", showcaseRule(weak, strong), width));
  for (const [name, result] of [
    ["acks=1", weak],
    ["acks=all", strong],
  ] as const) {
    if (result.passed) continue;
    out.push(...hang(`  ${style.bad("✗")} `, `${name} did not behave as its lesson expects: ${result.failures[0] ?? "FAILED"}`, width, style.bad));
  }

  out.push("", style.bold("Explore further"));
  const explore: [string, string][] = [
    ["npm start -- --verbose", "both full reports: timeline, anomalies explained"],
    [`kafkasim run ${files[0]} --report`, "an HTML page of the acks=1 run"],
    [`kafkasim compare ${files[0]} --vary acks=1,all --seeds 5`, "side by side over seeds"],
    ["kafkasim list", "the course: every lesson, in teaching order"],
  ];
  for (const [command, what] of explore) {
    out.push(...hang("  ", style.accent(command), width));
    out.push(...hang("      ", what, width, style.dim));
  }
  out.push(...wrap("(kafkasim is on your PATH after npm link; or type npm run kafkasim -- …)", width).map(style.dim));
  return `${out.join("\n")}\n`;
}
