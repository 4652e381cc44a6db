/**
 * The HTML page of several seeds of one scenario (`run --seeds N --report`): how many seeds
 * passed, the distribution of every metric over the seeds (a dot per seed; latency and downtime
 * are metrics too), throughput per seed, and a table of the seeds linking to each seed's own page.
 */
import type { MultiSeedResult, RunResult } from "../scenario/result.js";
import { distribution, dotStrip } from "./html-distribution.js";
import { htmlPage, htmlTable } from "./html-page.js";
import { escape, formatNumber } from "./html-text.js";
import { metricKind, metricPhrase, orderMetrics } from "./words.js";

/** Per-seed figures beside the metrics (latency and downtime are metrics themselves). */
const RUN_FIGURES: readonly { name: string; unit: string; of: (r: RunResult) => number | null }[] = [
  { name: "throughput", unit: "/s", of: (r) => r.stats.throughputPerSec },
];

function distributionRow(name: string, phrase: string, values: number[], labels: string[], bad: boolean, unit = ""): string[] {
  const d = distribution(values);
  const n = (v: number) => escape(`${formatNumber(v)}${unit === "" ? "" : ` ${unit}`}`);
  return [
    `<b>${escape(name)}</b>${phrase === name ? "" : `<br><span class="muted">${escape(phrase)}</span>`}`,
    `${d.nonZero} of ${values.length}`,
    n(d.min),
    n(d.median),
    n(Math.round(d.mean * 1000) / 1000),
    n(d.max),
    dotStrip(values, labels, bad),
  ];
}

export function renderSeedsHtml(multi: MultiSeedResult, description?: string): string {
  const runs = multi.runs;
  const labels = runs.map((r) => `seed ${r.seed}`);
  const names = orderMetrics(runs.flatMap((r) => Object.keys(r.metrics)));
  const varying = names.filter((n) => runs.some((r) => (r.metrics[n] ?? 0) !== 0));
  const quiet = names.filter((n) => !varying.includes(n));
  const headers = ["metric", "seeds ≠ 0", "min", "median", "mean", "max", "one dot per seed"];
  const metricRows = varying.map((n) => {
    const kind = metricKind(n);
    return distributionRow(
      n,
      metricPhrase(n),
      runs.map((r) => r.metrics[n] ?? 0),
      labels,
      kind === "anomaly" || kind === "invariant",
      kind === "time" ? "ms" : "",
    );
  });
  const figureRows = RUN_FIGURES.flatMap((f) => {
    const values = runs.map(f.of).filter((v): v is number => v !== null);
    return values.length === 0
      ? []
      : [
          distributionRow(
            f.name,
            f.name,
            values,
            runs.filter((r) => f.of(r) !== null).map((r) => `seed ${r.seed}`),
            false,
            f.unit,
          ),
        ];
  });
  const passed = runs.filter((r) => r.passed).length;
  const seedRows = runs.map((r) => [
    `<a href="${r.seed}/report.html">${r.seed}</a>`,
    r.passed ? `<span class="pass">passed</span>` : `<span class="fail">failed</span>`,
    escape(r.failures.join("; ")),
    `<code>${escape(r.traceHash)}</code>`,
  ]);
  const body = `<h1>${escape(multi.scenario)} <small>${runs.length} seeds</small></h1>
${description === undefined ? "" : `<p>${escape(description)}</p>`}
<p class="${passed === runs.length ? "pass" : "fail"}">${passed} of ${runs.length} seeds passed</p>
<h2 id="distribution">Metrics over the seeds</h2>
<div class="scroll-x">${htmlTable(headers, [...metricRows, ...figureRows], { numeric: [1, 2, 3, 4, 5] })}</div>
${quiet.length === 0 ? "" : `<p class="muted">0 in every seed: ${escape(quiet.join(", "))}.</p>`}
<h2 id="seeds">The seeds</h2>
<div class="scroll-x">${htmlTable(["seed", "verdict", "why", "trace hash"], seedRows)}</div>
<p class="muted">Each seed's own page (faults, charts, messages, timeline) is in its directory beside this page.</p>`;
  return htmlPage(`${multi.scenario} · ${runs.length} seeds`, body);
}
