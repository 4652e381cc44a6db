/**
 * The terminal report of a comparison (`kafkasim compare --vary k=v1,v2`): one row per value with
 * the seeds that passed, acknowledged / failed / unknown sends (means over seeds), produce
 * latency p50 and p99, throughput, downtime and write-downtime (means over seeds), the non-zero anomalies under each row,
 * and the anomalies again as rates in words ("lost acknowledged writes in 14 of 20 seeds").
 */
import type { CompareResult, CompareRow } from "../scenario/result.js";
import { PLAIN, type Style } from "./style.js";
import { formatCount, formatMs, formatRate, hang, plural, REPORT_WIDTH, table, visibleWidth, wrap } from "./text.js";
import { rateSentence, troubleMetrics } from "./words.js";

/** Options of {@link renderCompareTerminal}. */
export interface CompareReportOptions {
  style?: Style;
  description?: string;
  width?: number;
}

/** `lost-write 14/20` for each non-zero anomaly or invariant metric of a row, or `none`. */
export function rowAnomalies(row: CompareRow): string {
  const names = troubleMetrics(row.summary);
  if (names.length === 0) return "none";
  return names.map((n) => (row.seeds <= 1 ? `${n} ${row.summary[n]?.max ?? 0}` : `${n} in ${row.summary[n]?.seedsNonZero ?? 0}/${row.seeds}`)).join(", ");
}

/** The cells of one row, in the order of {@link COMPARE_HEADERS}. */
export function rowCells(row: CompareRow): string[] {
  const mean = (metric: string): string => formatCount(row.summary[metric]?.mean ?? 0);
  return [
    row.value,
    `${row.passedSeeds}/${row.seeds}`,
    mean("acked"),
    mean("failed"),
    mean("unknown"),
    formatMs(row.produceLatencyMsP50),
    formatMs(row.produceLatencyMsP99),
    formatRate(row.throughputPerSec),
    formatMs(row.downtimeMs ?? row.unavailableMs),
    formatMs(row.writeDowntimeMs ?? row.unavailableMs),
  ];
}

/** Column headers after the value column. */
export const COMPARE_HEADERS = ["passed", "acked", "failed", "unknown", "p50", "p99", "thruput", "down", "w-down"] as const;

/** The whole comparison report, ending with a newline. */
export function renderCompareTerminal(compare: CompareResult, options: CompareReportOptions = {}): string {
  const style = options.style ?? PLAIN;
  const width = options.width ?? REPORT_WIDTH;
  const seeds = compare.rows[0]?.seeds ?? 0;
  const out: string[] = [];
  const title = ` ${compare.scenario} · ${compare.key} = ${compare.rows.map((r) => r.value).join(" | ")} `;
  out.push(style.bold(`━━${title}${"━".repeat(Math.max(2, width - 2 - visibleWidth(title)))}`));
  if (options.description !== undefined && options.description.trim() !== "") out.push(...wrap(options.description.trim(), width));
  out.push(...wrap(`${plural(seeds, "seed")} per value; means over seeds; latency of acknowledged sends; down = downtime (no running leader), w-down = write-downtime (no acks=all writes)`, width).map((l) => style.dim(l)));
  out.push("");

  const lines = table([compare.key, ...COMPARE_HEADERS], compare.rows.map(rowCells), ["left", "right", "right", "right", "right", "right", "right", "right", "right", "right"]);
  out.push(...lines.slice(0, 2).map((l) => style.bold(l)));
  compare.rows.forEach((row, i) => {
    const allPassed = row.passedSeeds === row.seeds;
    out.push((allPassed ? style.good : style.bad)(lines[i + 2] ?? ""));
    const anomalies = rowAnomalies(row);
    out.push(...hang("    anomalies: ", anomalies, width, anomalies === "none" ? style.dim : style.bad));
  });

  out.push("", style.bold("In words"));
  for (const row of compare.rows) {
    const trouble = troubleMetrics(row.summary);
    const label = `${compare.key}=${row.value}`;
    if (trouble.length === 0) {
      out.push(...hang("  • ", `${label}: no anomaly and no invariant violation${row.seeds > 1 ? ` in any of ${row.seeds} seeds` : ""}`, width));
    }
    for (const name of trouble) {
      out.push(...hang("  • ", `${label}: ${rateSentence(name, row.summary[name] ?? { seedsNonZero: 0, mean: 0, max: 0 }, row.seeds)}`, width));
    }
  }
  return `${out.join("\n")}\n`;
}
