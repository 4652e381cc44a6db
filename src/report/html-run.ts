/**
 * A self-contained HTML report of one run (`report.html` in a report directory): for each
 * partition a chart of its leader's HW and LEO over time, with ISR size, leader changes and fault
 * instants marked and the time without a running leader shaded; then the timeline with the rule
 * that fired, anomalies, invariants, expectations and the reproduce line. No scripts, no network.
 */
import type { PartitionSeries, RunResult, TimelineLine } from "../scenario/result.js";
import { protocolSentence } from "./run-sections.js";
import { runVerdict, verdictSentence } from "./verdict.js";

const WIDTH = 860;
const CHART_HEIGHT = 180;
const ISR_HEIGHT = 36;
const MARGIN_LEFT = 64;
const MARGIN_RIGHT = 16;

const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 3)}s`;

function polyline(points: [number, number][], color: string, width = 1.5): string {
  if (points.length === 0) return "";
  const d = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
  return `<polyline fill="none" stroke="${color}" stroke-width="${width}" points="${d}"/>`;
}

/** One partition's chart as an SVG element. */
export function partitionChart(series: PartitionSeries, endMs: number, faults: readonly TimelineLine[], replicationFactor: number): string {
  const samples = series.samples;
  const plotWidth = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
  const maxOffset = Math.max(1, ...samples.map((s) => Math.max(s[3], s[4])));
  const x = (ms: number) => MARGIN_LEFT + (ms / Math.max(1, endMs)) * plotWidth;
  const y = (offset: number) => 8 + (1 - offset / maxOffset) * (CHART_HEIGHT - 16);
  const isrTop = CHART_HEIGHT + 8;
  const yIsr = (size: number) => isrTop + (1 - size / Math.max(1, replicationFactor)) * (ISR_HEIGHT - 8);
  const parts: string[] = [];
  // Shade the stretches without a running leader.
  let outageStart: number | null = null;
  for (const s of samples) {
    const down = s[1] < 0 || s[3] < 0;
    if (down && outageStart === null) outageStart = s[0];
    if (!down && outageStart !== null) {
      parts.push(`<rect x="${x(outageStart).toFixed(1)}" y="0" width="${Math.max(1, x(s[0]) - x(outageStart)).toFixed(1)}" height="${CHART_HEIGHT + ISR_HEIGHT + 8}" fill="#fde2e2"><title>no running leader ${seconds(outageStart)}–${seconds(s[0])}</title></rect>`);
      outageStart = null;
    }
  }
  if (outageStart !== null) parts.push(`<rect x="${x(outageStart).toFixed(1)}" y="0" width="${Math.max(1, x(endMs) - x(outageStart)).toFixed(1)}" height="${CHART_HEIGHT + ISR_HEIGHT + 8}" fill="#fde2e2"/>`);
  for (const fault of faults) {
    const fx = x(fault.atUs / 1000).toFixed(1);
    parts.push(`<line x1="${fx}" x2="${fx}" y1="0" y2="${CHART_HEIGHT + ISR_HEIGHT + 8}" stroke="#c0392b" stroke-dasharray="3,3"><title>${escape(`${seconds(fault.atUs / 1000)} ${fault.text}`)}</title></line>`);
  }
  // HW and LEO lines break where there was no running leader to read them from.
  const runs: (typeof samples)[] = [];
  for (const s of samples) {
    if (s[3] < 0) continue;
    const last = runs[runs.length - 1];
    const previous = last?.[last.length - 1];
    if (last && previous && samples.indexOf(previous) === samples.indexOf(s) - 1) last.push(s);
    else runs.push([s]);
  }
  for (const run of runs) {
    parts.push(polyline(run.map((s) => [x(s[0]), y(s[4])]), "#999"));
    parts.push(polyline(run.map((s) => [x(s[0]), y(s[3])]), "#1f6feb", 2));
  }
  parts.push(polyline(samples.map((s) => [x(s[0]), yIsr(s[5])]), "#2e7d32"));
  let previousLeader: number | null = null;
  for (const s of samples) {
    if (s[1] !== previousLeader) {
      const label = s[1] < 0 ? "no leader" : `broker-${s[1]} (epoch ${s[2]})`;
      parts.push(`<circle cx="${x(s[0]).toFixed(1)}" cy="${CHART_HEIGHT - 4}" r="3.5" fill="#6f42c1"><title>${escape(`${seconds(s[0])} leader ${label}`)}</title></circle>`);
      previousLeader = s[1];
    }
  }
  parts.push(`<text x="4" y="14" font-size="11">offset ${maxOffset}</text><text x="4" y="${CHART_HEIGHT - 4}" font-size="11">0</text>`);
  parts.push(`<text x="4" y="${isrTop + 12}" font-size="11">ISR ${replicationFactor}</text>`);
  parts.push(`<line x1="${MARGIN_LEFT}" x2="${WIDTH - MARGIN_RIGHT}" y1="${CHART_HEIGHT}" y2="${CHART_HEIGHT}" stroke="#ccc"/>`);
  parts.push(`<text x="${MARGIN_LEFT}" y="${CHART_HEIGHT + ISR_HEIGHT + 22}" font-size="11">0s</text><text x="${WIDTH - MARGIN_RIGHT - 40}" y="${CHART_HEIGHT + ISR_HEIGHT + 22}" font-size="11">${seconds(endMs)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${CHART_HEIGHT + ISR_HEIGHT + 28}" role="img" aria-label="${escape(series.partition)} HW and LEO over time">${parts.join("")}</svg>`;
}

function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return "<p>none</p>";
  return `<table><thead><tr>${headers.map((h) => `<th>${escape(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

export function renderRunHtml(result: RunResult): string {
  const faults = result.timeline.filter((l) => l.kind === "fault" || l.kind === "fault-heal");
  const maxIsr = (s: PartitionSeries) => Math.max(1, ...s.samples.map((x) => x[5]));
  const charts = result.series.partitions
    .map((s) => `<h3>${escape(s.partition)}</h3>${partitionChart(s, result.simulatedMs, faults, maxIsr(s))}`)
    .join("");
  const timeline = table(
    ["time", "where", "what", "rule"],
    result.timeline.map((l) => [escape(seconds(l.atUs / 1000)), escape(l.partition ?? l.node ?? ""), escape(l.text), `<span class="rule">${escape(l.rule ?? "")}</span>`]),
  );
  const anomalies = table(
    ["type", "partition", "offset", "explanation"],
    result.anomalies.slice(0, 60).map((a) => [escape(a.type), escape(a.partition), escape(a.offset === undefined ? "" : String(a.offset)), escape(a.explanation)]),
  );
  const protocol = protocolSentence(result);
  const invariants = table(["invariant", "violations", "first"], result.invariants.map((i) => [escape(i.name), String(i.violations), escape(i.first?.description ?? "")]));
  const expectations = table(
    ["metric", "expected", "actual", ""],
    result.expectations.map((e) => [escape(e.metric), escape(e.expected), String(e.actual), e.passed ? "✓" : "✗"]),
  );
  const metrics = table(["metric", "value"], Object.entries(result.metrics).map(([k, v]) => [escape(k), String(v)]));
  const verdict = result.passed ? `<p class="${runVerdict(result).kind === "as-expected" ? "expected" : "pass"}">${escape(verdictSentence(result))}</p>` : `<p class="fail">FAILED</p><ul>${result.failures.map((f) => `<li>${escape(f)}</li>`).join("")}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(result.scenario)} · seed ${result.seed}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:920px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:13px;width:100%}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
.rule{color:#777}.pass{color:#2e7d32;font-weight:bold}.expected{color:#b26a00;font-weight:bold}.fail{color:#c0392b;font-weight:bold}.legend span{margin-right:1.2em}
code{background:#f4f4f4;padding:2px 4px}
</style></head><body>
<h1>${escape(result.scenario)} <small>seed ${result.seed}</small></h1>
<p>${escape(result.description)}</p>
${verdict}
<p>${escape(seconds(result.simulatedMs))} simulated · ${result.events} events · trace hash <code>${escape(result.traceHash)}</code></p>
${protocol === null ? "" : `<p class="rule">${escape(protocol)}</p>`}
<h2>Partitions</h2>
<p class="legend"><span style="color:#1f6feb">━ HW</span><span style="color:#999">━ LEO</span><span style="color:#2e7d32">━ ISR size</span><span style="color:#6f42c1">● leader change</span><span style="color:#c0392b">┆ fault</span><span style="background:#fde2e2">no running leader</span></p>
${charts || "<p>no samples</p>"}
<h2>Expectations</h2>${expectations}
<h2>Anomalies</h2>${anomalies}
<h2>Invariants</h2>${invariants}
<h2>Metrics</h2>${metrics}
<h2>Timeline</h2>${timeline}
<p>Reproduce with: <code>${escape(result.reproduce)}</code></p>
</body></html>
`;
}
