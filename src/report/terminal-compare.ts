/**
 * The terminal report of a comparison (`kafkasim compare --vary k=v1,v2`): one row per value with
 * the seeds that met all of the file's expectations, acknowledged / failed / unknown sends and lost
 * writes (means over seeds), produce latency p50 and p99, throughput, downtime and write-downtime
 * (means over seeds). A value whose metric the file has an expectation on is marked ✓ (held in
 * every seed) or ✗ (not in every seed): a lesson written for acks=1 expects lost writes, and the
 * acks=all row missing that expectation is the point of the comparison, not a failure. The table
 * fits in 100 columns (long values are abbreviated). Under each row: the non-zero anomalies and the
 * expectations that have no column; then the anomalies again as rates in words.
 */
import type { CompareResult, CompareRow } from "../scenario/result.js";
import { PLAIN, type Style } from "./style.js";
import { formatCount, formatMs, formatRate, formatThousands, hang, plural, REPORT_WIDTH, table, visibleWidth, wrap } from "./text.js";
import { rateSentence, troubleMetrics } from "./words.js";

/** Options of {@link renderCompareTerminal}. */
export interface CompareReportOptions {
  style?: Style;
  description?: string;
  /** Width of the prose (default 80). */
  width?: number;
  /** Width the table must fit in (default 100). */
  tableWidth?: number;
}

/** The widest a comparison table may be. */
const COMPARE_TABLE_WIDTH = 100;

/** Column headers after the value column. */
export const COMPARE_HEADERS = ["expect", "acked", "failed", "unknown", "lost", "p50", "p99", "thruput", "down", "w-down"] as const;

/** The metric each column shows, for the expectation marks. */
const COLUMN_METRIC: Readonly<Record<string, string>> = {
  acked: "acked",
  failed: "failed",
  unknown: "unknown",
  lost: "lost-write",
  p50: "latency.p50",
  p99: "latency.p99",
  down: "downtime",
  "w-down": "write-downtime",
};

/** `lost-write 14/20` for each non-zero anomaly or invariant metric of a row, or `none`. */
export function rowAnomalies(row: CompareRow): string {
  const names = troubleMetrics(row.summary);
  if (names.length === 0) return "none";
  return names.map((n) => (row.seeds <= 1 ? `${n} ${row.summary[n]?.max ?? 0}` : `${n} in ${row.summary[n]?.seedsNonZero ?? 0}/${row.seeds}`)).join(", ");
}

/** ✓ when the file's expectation on `metric` held in every seed of the row, ✗ when not, "" without one. */
export function expectationMark(row: CompareRow, metric: string): "" | "✓" | "✗" {
  const e = (row.expectations ?? []).find((x) => x.metric === metric);
  if (e === undefined) return "";
  return e.metSeeds === row.seeds ? "✓" : "✗";
}

/** The expectations of a row that no column shows: `errors.p1.NOT_ENOUGH_REPLICAS >= 1 ✓ 2/2`. */
export function otherExpectations(row: CompareRow): string[] {
  const shown = new Set(Object.values(COLUMN_METRIC));
  return (row.expectations ?? [])
    .filter((e) => !shown.has(e.metric))
    .map((e) => {
      const text = /^[-+]?\d/.test(e.expected.trim()) ? `${e.metric} == ${e.expected.trim()}` : `${e.metric} ${e.expected.trim()}`;
      return `${text} ${e.metSeeds === row.seeds ? "✓" : "✗"}${row.seeds > 1 ? ` ${e.metSeeds}/${row.seeds}` : ""}`;
    });
}

function meanCount(row: CompareRow, metric: string): string {
  const mean = row.summary[metric]?.mean ?? 0;
  return mean >= 1000 ? formatThousands(Math.round(mean)) : formatCount(mean);
}

/** The cells of one row, in the order of {@link COMPARE_HEADERS}, with the expectation marks. */
export function rowCells(row: CompareRow): string[] {
  const marked = (column: string, text: string): string => {
    const mark = expectationMark(row, COLUMN_METRIC[column] ?? "");
    return mark === "" ? text : `${text} ${mark}`;
  };
  const anyExpectation = (row.expectations ?? []).length > 0;
  return [
    row.value,
    anyExpectation ? `${row.passedSeeds === row.seeds ? "✓" : "✗"} ${row.passedSeeds}/${row.seeds}` : `${row.passedSeeds}/${row.seeds}`,
    marked("acked", meanCount(row, "acked")),
    marked("failed", meanCount(row, "failed")),
    marked("unknown", meanCount(row, "unknown")),
    marked("lost", meanCount(row, "lost-write")),
    marked("p50", formatMs(row.produceLatencyMsP50)),
    marked("p99", formatMs(row.produceLatencyMsP99)),
    formatRate(row.throughputPerSec),
    marked("down", formatMs(row.downtimeMs ?? row.unavailableMs)),
    marked("w-down", formatMs(row.writeDowntimeMs ?? row.unavailableMs)),
  ];
}

/** `text` cut to `width` columns with a final `…`. */
function abbreviate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(1, width - 1)).join("")}…`;
}

/** The table's lines (header, rule, one per row), the value column abbreviated to fit `maxWidth`. */
export function compareTable(compare: CompareResult, maxWidth = COMPARE_TABLE_WIDTH): string[] {
  const aligns = ["left", ...COMPARE_HEADERS.map(() => "right" as const)] as const;
  const rows = compare.rows.map(rowCells);
  let lines = table([compare.key, ...COMPARE_HEADERS], rows, aligns);
  const widest = Math.max(...lines.map(visibleWidth));
  if (widest > maxWidth) {
    const valueWidth = Math.max(...rows.map((r) => [...(r[0] ?? "")].length), [...compare.key].length);
    const room = Math.max(6, valueWidth - (widest - maxWidth));
    lines = table(
      [abbreviate(compare.key, room), ...COMPARE_HEADERS],
      rows.map((r) => [abbreviate(r[0] ?? "", room), ...r.slice(1)]),
      aligns,
    );
  }
  return lines;
}

/** The whole comparison report, ending with a newline. */
export function renderCompareTerminal(compare: CompareResult, options: CompareReportOptions = {}): string {
  const style = options.style ?? PLAIN;
  const width = options.width ?? REPORT_WIDTH;
  const seeds = compare.rows[0]?.seeds ?? 0;
  const out: string[] = [];
  const title = ` ${compare.scenario} · ${compare.key} = ${compare.rows.map((r) => r.value).join(" | ")} `;
  const shownTitle = visibleWidth(title) > width - 4 ? `${abbreviate(title, width - 5)} ` : title;
  out.push(style.bold(`━━${shownTitle}${"━".repeat(Math.max(2, width - 2 - visibleWidth(shownTitle)))}`));
  if (options.description !== undefined && options.description.trim() !== "") out.push(...wrap(options.description.trim(), width));
  const expects = compare.rows.some((r) => (r.expectations ?? []).length > 0);
  out.push(
    ...wrap(
      `${plural(seeds, "seed")} per value; means over seeds; latency of acknowledged sends; lost = acknowledged writes lost; ` +
        "down = downtime (no running leader), w-down = write-downtime (no acks=all writes)" +
        (expects
          ? "; expect = seeds that met all of the file's expectations, ✓/✗ beside a value: the file's expectation on it held in every seed / not in every seed"
          : ""),
      width,
    ).map((l) => style.dim(l)),
  );
  out.push("");

  const paint = (line: string): string => line.replace(/✓/g, style.good("✓")).replace(/✗/g, style.warn("✗"));
  const lines = compareTable(compare, options.tableWidth ?? COMPARE_TABLE_WIDTH);
  out.push(...lines.slice(0, 2).map((l) => style.bold(l)));
  compare.rows.forEach((row, i) => {
    out.push(paint(lines[i + 2] ?? ""));
    const anomalies = rowAnomalies(row);
    out.push(...hang("    anomalies: ", anomalies, width, anomalies === "none" ? style.dim : style.bad));
    const others = otherExpectations(row);
    if (others.length > 0) out.push(...hang("    expect: ", others.join(", "), width).map(paint));
    if ((row.invariantSeeds ?? 0) > 0) {
      out.push(
        ...hang(
          `    ${style.bad("✗")} `,
          `an invariant was violated in ${plural(row.invariantSeeds ?? 0, "seed")} where the file does not expect it: a bug of kafkasim's model (or a deliberate mutant)`,
          width,
          style.bad,
        ),
      );
    }
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
