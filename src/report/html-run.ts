/**
 * The HTML report of one run (`report.html` in a report directory), self-contained and offline:
 * the verdict, the numbered faults, the anomalies grouped by type, for each partition a chart of
 * its leader's HW and LEO over time (time ticks, faults, leader changes, outages, where lost
 * writes were acknowledged), the messages between nodes around each fault (space-time diagram),
 * expectations, invariants, metrics, a filterable timeline and the reproduce line.
 */
import type { PartitionSeries, RunResult } from "../scenario/result.js";
import { anomalyGroups } from "./html-anomalies.js";
import { faultList, pageFaults, runNodes } from "./html-faults.js";
import { htmlPage, htmlTable } from "./html-page.js";
import { lostWriteMarks, partitionChart } from "./html-partition-chart.js";
import { spaceTimeSection, viewIdAt } from "./html-space-time.js";
import { escape, formatNumber, seconds } from "./html-text.js";
import { timelineSection } from "./html-timeline.js";
import { protocolSentence } from "./run-sections.js";
import { formatMs } from "./text.js";
import { runVerdict, verdictSentence } from "./verdict.js";

export { partitionChart } from "./html-partition-chart.js";

function charts(result: RunResult): string {
  const faults = pageFaults(result.timeline);
  const maxIsr = (s: PartitionSeries) => Math.max(1, ...s.samples.map((x) => x[5]));
  const lostTotal = result.metrics["lost-write"] ?? 0;
  const out = result.series.partitions.map((s) => {
    const marks = lostWriteMarks(result.anomalies, s.partition).length;
    const note =
      marks === 0
        ? ""
        : `<p class="lost-note">✕ marks where ${marks} example${marks === 1 ? "" : "s"} of lost writes ${marks === 1 ? "was" : "were"} acknowledged${lostTotal > marks ? ` (${lostTotal} lost writes in the run; the result keeps ${marks === 1 ? "this example" : "these examples"})` : ""}.</p>`;
    return `<h3>${escape(s.partition)}</h3>${partitionChart(s, result.simulatedMs, faults, maxIsr(s), result.anomalies)}${note}`;
  });
  const omitted =
    result.series.summary === undefined
      ? ""
      : `<p class="muted">${result.series.summary.shown} of ${result.series.summary.total} partitions shown (the ones something happened to, and a sample).</p>`;
  return out.length === 0 ? `<p class="muted">no samples</p>` : out.join("") + omitted;
}

function statsBlock(result: RunResult): string {
  const latency = (ms: number | null) => (ms === null ? "—" : `${formatNumber(ms)} ms`);
  const down = (per: Record<string, number> | undefined) => {
    const entries = Object.entries(per ?? {}).filter(([, ms]) => ms > 0);
    return entries.length === 0 ? "never" : entries.map(([p, ms]) => `${p} ${formatMs(ms)}`).join(", ");
  };
  const items: [string, string][] = [
    ["produce latency p50 / p99", `${latency(result.stats.produceLatencyMsP50)} / ${latency(result.stats.produceLatencyMsP99)}`],
    ["throughput", `${result.stats.throughputPerSec}/s acknowledged`],
    ["without a running leader (downtime)", down(result.stats.downtimeMs ?? result.stats.unavailableMs)],
    ["without acks=all writes (write-downtime)", down(result.stats.writeDowntimeMs)],
  ];
  return `<div class="kv">${items.map(([k, v]) => `<span class="muted">${escape(k)}</span><span>${escape(v)}</span>`).join("")}</div>`;
}

export function renderRunHtml(result: RunResult): string {
  const faults = pageFaults(result.timeline);
  const protocol = protocolSentence(result);
  const verdict = result.passed
    ? `<p class="${runVerdict(result).kind === "as-expected" ? "expected" : "pass"}">${escape(verdictSentence(result))}</p>`
    : `<p class="fail">FAILED</p><ul>${result.failures.map((f) => `<li>${escape(f)}</li>`).join("")}</ul>`;
  const expectations = htmlTable(
    ["metric", "expected", "actual", ""],
    result.expectations.map((e) => [
      escape(e.metric),
      escape(e.expected),
      escape(e.actual === null ? "—" : e.unit === "ms" ? formatMs(e.actual) : formatNumber(e.actual)),
      e.passed ? `<span class="pass">✓</span>` : `<span class="fail">✗</span>`,
    ]),
  );
  const invariants = htmlTable(
    ["invariant", "violations", "first"],
    result.invariants.map((i) => [escape(i.name), String(i.violations), escape(i.first?.description ?? "")]),
    { numeric: [1] },
  );
  const metrics = htmlTable(
    ["metric", "value"],
    Object.entries(result.metrics).map(([k, v]) => [escape(k), escape(formatNumber(v))]),
    { numeric: [1] },
  );
  const body = `<h1>${escape(result.scenario)} <small>seed ${result.seed}</small></h1>
<p>${escape(result.description)}</p>
${verdict}
<p class="muted">${escape(seconds(result.simulatedMs))} simulated · ${result.events} events · trace hash <code>${escape(result.traceHash)}</code></p>
${protocol === null ? "" : `<p class="rule">${escape(protocol)}</p>`}
${statsBlock(result)}
<h2 id="faults">Faults</h2>${faultList(faults, (f) => viewIdAt(result.messages, f.atUs))}
<h2 id="anomalies">Anomalies</h2>${anomalyGroups(result)}
<h2 id="partitions">Partitions</h2>
<p class="legend"><span style="color:#1f6feb">━ HW</span><span style="color:#999">━ LEO</span><span style="color:#2e7d32">━ ISR size</span><span style="color:#6f42c1">● leader change</span><span style="color:#c0392b">┆ ① fault</span><span style="color:#d00">✕ lost write acknowledged</span><span style="background:#fde2e2">no running leader</span></p>
${charts(result)}
<h2 id="messages">Messages around the faults</h2>
<p class="muted">Each lane is a node, time goes down (one row per moment, the time on the left), each arrow a message from its sending to its arrival.</p>
${spaceTimeSection(result.messages, result.timeline, faults)}
<h2 id="expectations">Expectations</h2>${expectations}
<h2 id="invariants">Invariants</h2>${invariants}
<h2 id="metrics">Metrics</h2><details><summary>${Object.keys(result.metrics).length} metrics</summary>${metrics}</details>
<h2 id="timeline-title">Timeline</h2>${timelineSection(result.timeline, runNodes(result))}
<p>Reproduce with: <code>${escape(result.reproduce)}</code></p>`;
  return htmlPage(`${result.scenario} · seed ${result.seed}`, body);
}
