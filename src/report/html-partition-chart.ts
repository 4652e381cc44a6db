/**
 * One partition's chart: the leader's HW and LEO over time, the ISR size below, time ticks along
 * the bottom, leader changes, the faults as numbered dashed lines (the numbers of the fault list
 * under the charts), the stretches without a running leader shaded, and a ✕ where an example of a
 * lost write was acknowledged (its acknowledgement time and offset: above the HW, the record was
 * acknowledged before it was replicated).
 */
import type { Anomaly } from "../check/history/types.js";
import type { PartitionSeries } from "../scenario/result.js";
import type { PageFault } from "./html-faults.js";
import { escape, faultNumber, seconds, ticks } from "./html-text.js";

const WIDTH = 860;
const TOP = 22;
const CHART_HEIGHT = 170;
const ISR_HEIGHT = 36;
const AXIS_HEIGHT = 26;
const MARGIN_LEFT = 64;
const MARGIN_RIGHT = 16;

function polyline(points: [number, number][], color: string, width = 1.5): string {
  if (points.length === 0) return "";
  const d = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
  return `<polyline fill="none" stroke="${color}" stroke-width="${width}" points="${d}"/>`;
}

/** Lost-write examples of one partition that say when they were acknowledged. */
export function lostWriteMarks(anomalies: readonly Anomaly[], partition: string): { ackUs: number; offset: number; value: string }[] {
  return anomalies.flatMap((a) => {
    const ackUs = a.details?.["ackUs"];
    if (a.type !== "lost-write" || a.partition !== partition || typeof ackUs !== "number" || a.offset === undefined) return [];
    return [{ ackUs, offset: a.offset, value: a.value ?? "" }];
  });
}

/** One partition's chart as an SVG element (scales to the page width). */
export function partitionChart(
  series: PartitionSeries,
  endMs: number,
  faults: readonly PageFault[],
  replicationFactor: number,
  anomalies: readonly Anomaly[] = [],
): string {
  const samples = series.samples;
  const plotWidth = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
  const lost = lostWriteMarks(anomalies, series.partition);
  const maxOffset = Math.max(1, ...samples.map((s) => Math.max(s[3], s[4])), ...lost.map((l) => l.offset + 1));
  const x = (ms: number) => MARGIN_LEFT + (Math.min(ms, endMs) / Math.max(1, endMs)) * plotWidth;
  const y = (offset: number) => TOP + 6 + (1 - offset / maxOffset) * (CHART_HEIGHT - 12);
  const isrTop = TOP + CHART_HEIGHT + 6;
  const yIsr = (size: number) => isrTop + (1 - size / Math.max(1, replicationFactor)) * (ISR_HEIGHT - 8);
  const bottom = isrTop + ISR_HEIGHT;
  const height = bottom + AXIS_HEIGHT;
  const parts: string[] = [];
  // Shade the stretches without a running leader.
  const shade = (from: number, to: number) =>
    `<rect class="outage" x="${x(from).toFixed(1)}" y="${TOP}" width="${Math.max(1, x(to) - x(from)).toFixed(1)}" height="${bottom - TOP}" fill="#fde2e2"><title>no running leader ${seconds(from)}–${seconds(to)}</title></rect>`;
  let outageStart: number | null = null;
  for (const s of samples) {
    const down = s[1] < 0 || s[3] < 0;
    if (down && outageStart === null) outageStart = s[0];
    if (!down && outageStart !== null) {
      parts.push(shade(outageStart, s[0]));
      outageStart = null;
    }
  }
  if (outageStart !== null) parts.push(shade(outageStart, endMs));
  // Time ticks and grid.
  for (const t of ticks(endMs / 1000, 10)) {
    const tx = x(t * 1000).toFixed(1);
    parts.push(
      `<line x1="${tx}" x2="${tx}" y1="${TOP}" y2="${bottom}" stroke="#eee"/><text class="tick" x="${tx}" y="${bottom + 16}" text-anchor="middle" font-size="12">${t}s</text>`,
    );
  }
  // Offset ticks.
  for (const o of ticks(maxOffset, 4)) {
    parts.push(`<text class="tick" x="${MARGIN_LEFT - 6}" y="${(y(o) + 4).toFixed(1)}" text-anchor="end" font-size="11">${o}</text>`);
  }
  parts.push(`<text x="4" y="${TOP + 12}" font-size="11">offset</text>`);
  parts.push(`<text x="4" y="${isrTop + 12}" font-size="11">ISR ${replicationFactor}</text>`);
  parts.push(`<line x1="${MARGIN_LEFT}" x2="${WIDTH - MARGIN_RIGHT}" y1="${TOP + CHART_HEIGHT}" y2="${TOP + CHART_HEIGHT}" stroke="#ccc"/>`);
  // Faults: a dashed line each, numbered at the top (the list under the charts says what they were).
  // Each number is followed by as much of the fault's own words as fits before the next fault.
  faults.forEach((fault, i) => {
    const at = x(fault.atUs / 1000);
    const fx = at.toFixed(1);
    const label = `${faultNumber(fault.index)} ${seconds(fault.atUs / 1000)} ${fault.text}`;
    const next = faults.slice(i + 1).find((f) => x(f.atUs / 1000) > at + 1);
    const room = Math.floor(((next === undefined ? WIDTH - MARGIN_RIGHT + 40 : x(next.atUs / 1000)) - at - 8) / 6.6) - 2;
    const words = room >= 4 ? (fault.text.length > room ? `${fault.text.slice(0, room - 1)}…` : fault.text) : "";
    parts.push(
      `<g class="fault-mark"><line x1="${fx}" x2="${fx}" y1="${TOP - 4}" y2="${bottom}" stroke="${fault.kind === "fault" ? "#c0392b" : "#e67e22"}" stroke-dasharray="3,3"/><text class="fault-label" x="${(at - 6).toFixed(1)}" y="${TOP - 7}" font-size="12" fill="#c0392b"><tspan font-weight="bold">${faultNumber(fault.index)}</tspan> ${escape(words)}</text><title>${escape(label)}</title></g>`,
    );
  });
  // HW and LEO lines break where there was no running leader to read them from.
  const runs: (typeof samples)[] = [];
  let previousIndex = -2;
  samples.forEach((s, i) => {
    if (s[3] < 0) return;
    if (i === previousIndex + 1 && runs.length > 0) runs[runs.length - 1]!.push(s);
    else runs.push([s]);
    previousIndex = i;
  });
  for (const run of runs) {
    parts.push(
      polyline(
        run.map((s) => [x(s[0]), y(s[4])]),
        "#999",
      ),
    );
    parts.push(
      polyline(
        run.map((s) => [x(s[0]), y(s[3])]),
        "#1f6feb",
        2,
      ),
    );
  }
  parts.push(
    polyline(
      samples.map((s) => [x(s[0]), yIsr(s[5])]),
      "#2e7d32",
    ),
  );
  let previousLeader: number | null = null;
  for (const s of samples) {
    if (s[1] !== previousLeader) {
      const label = s[1] < 0 ? "no leader" : `broker-${s[1]} (epoch ${s[2]})`;
      parts.push(
        `<circle class="leader-mark" cx="${x(s[0]).toFixed(1)}" cy="${TOP + CHART_HEIGHT - 4}" r="3.5" fill="#6f42c1"><title>${escape(`${seconds(s[0])} leader ${label}`)}</title></circle>`,
      );
      previousLeader = s[1];
    }
  }
  for (const mark of lost) {
    const mx = x(mark.ackUs / 1000);
    const my = y(mark.offset);
    parts.push(
      `<path class="lost-mark" d="M${(mx - 4).toFixed(1)},${(my - 4).toFixed(1)}l8,8m0,-8l-8,8" stroke="#d00" stroke-width="2"><title>${escape(`lost write ${mark.value} at offset ${mark.offset}, acknowledged at ${seconds(mark.ackUs / 1000)}`)}</title></path>`,
    );
  }
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escape(series.partition)}: HW, LEO and ISR size over time">${parts.join("")}</svg>`;
}
