/**
 * The HTML page of a comparison (`compare FILE --vary k=v1,v2 --report`): the values side by side,
 * one column per value, one row per metric (mean over the seeds, in how many seeds it was not 0,
 * and a bar against the largest mean of the row; latency and downtime are metrics too), then
 * throughput.
 */
import type { CompareResult, CompareRow } from "../scenario/result.js";
import { htmlPage, htmlTable } from "./html-page.js";
import { escape, formatNumber } from "./html-text.js";
import { metricKind, metricPhrase, orderMetrics } from "./words.js";

function bars(values: readonly (number | null)[], bad: boolean, unit = ""): string[] {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  return values.map((v) => {
    if (v === null) return `<span class="muted">—</span>`;
    const width = max === 0 || v === 0 ? 0 : Math.max(2, Math.round((v / max) * 100));
    return `${escape(`${formatNumber(v)}${unit}`)}<span class="bar${bad && v > 0 ? " bad" : ""}" style="width:${width}%"></span>`;
  });
}

export function renderCompareHtml(compare: CompareResult, description?: string): string {
  const rows = compare.rows;
  const headers = ["", ...rows.map((r) => `${compare.key}=${r.value}`)];
  const names = orderMetrics(rows.flatMap((r) => Object.keys(r.summary)));
  const varying = names.filter((n) => rows.some((r) => (r.summary[n]?.max ?? 0) !== 0));
  const quiet = names.filter((n) => !varying.includes(n));
  const metricRows = varying.map((n) => {
    const kind = metricKind(n);
    const means = rows.map((r) => r.summary[n]?.mean ?? 0);
    const cells = bars(means, kind === "anomaly" || kind === "invariant", kind === "time" ? " ms" : "");
    return [
      `<b>${escape(n)}</b><br><span class="muted">${escape(metricPhrase(n))}</span>`,
      ...cells.map((c, i) => `${c}<span class="muted">${rows[i]!.summary[n]?.seedsNonZero ?? 0} of ${rows[i]!.seeds} seeds</span>`),
    ];
  });
  // Latency and downtime are metrics (rows above); throughput is not.
  const figures: [string, (r: CompareRow) => number | null, string][] = [["throughput (mean)", (r) => r.throughputPerSec, "/s"]];
  const figureRows = figures.map(([name, of, unit]) => [`<b>${escape(name)}</b>`, ...bars(rows.map(of), false, unit)]);
  const verdictRow = [
    `<b>seeds passed</b>`,
    ...rows.map((r) => `<span class="${r.passedSeeds === r.seeds ? "pass" : "fail"}">${r.passedSeeds} of ${r.seeds}</span>`),
  ];
  const body = `<h1>${escape(compare.scenario)} <small>${escape(compare.key)}: ${escape(rows.map((r) => r.value).join(" vs "))}</small></h1>
${description === undefined ? "" : `<p>${escape(description)}</p>`}
<p class="muted">Each column is the scenario run with <code>--set ${escape(compare.key)}=…</code> over the same seeds; each cell is the mean over the seeds.</p>
<div class="scroll-x">${htmlTable(headers, [verdictRow, ...metricRows, ...figureRows])}</div>
${quiet.length === 0 ? "" : `<p class="muted">0 for every value: ${escape(quiet.join(", "))}.</p>`}`;
  return htmlPage(`${compare.scenario} · ${compare.key}`, body);
}
