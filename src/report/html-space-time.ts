/**
 * The space-time diagram of the messages around each fault: a lane per node (controllers or
 * ZooKeeper, brokers, producers, consumers), time going down, an arrow per message from its
 * sender at its send time to its receiver at its arrival (dashed and ending in ✕ when lost), the
 * faults as numbered lines across the lanes, and on the lanes the moments that matter (a host
 * crashing or starting, a broker becoming leader, the controller moving a leader or the ISR).
 *
 * The vertical axis is the order of events, not a linear clock: every distinct moment gets a row,
 * so a burst of messages 1 ms apart stays readable next to a quiet second; the time is written on
 * the left and a jump of time is marked. The run keeps a bounded sample of the messages
 * (src/scenario/runner/message-sample.ts); a selector picks the fault and the width of the window,
 * and each view is also given as a plain list.
 */
import type { MessageSample, MessageView, SampledMessage, TimelineLine } from "../scenario/result.js";
import { nodesMentioned, type PageFault } from "./html-faults.js";
import { messageKind, MESSAGE_KINDS } from "./html-message-kinds.js";
import { escape, faultNumber, secondsUs } from "./html-text.js";

const LEFT = 70;
const LANE_WIDTH = 112;
const PITCH = 9;
const PAD = 10;
const HEAD_HEIGHT = 40;
/** An arrow's label is cut to about two lanes' width. */
const LABEL_CHARS = 40;
/** With more nodes than this, a view shows only the lanes something happens on. */
const ALL_LANES_UP_TO = 10;
const ROLE_ORDER = ["controller", "zookeeper", "broker", "producer", "consumer", "admin"];

/** Timeline kinds marked on a lane, and how (down = the lane is drawn dashed from then on). */
const LANE_MARKS: Readonly<Record<string, { color: string; down?: boolean }>> = {
  "host-crash": { color: "#c0392b", down: true },
  "host-power-loss": { color: "#c0392b", down: true },
  "host-disk-loss": { color: "#c0392b", down: true },
  "host-stop": { color: "#c0392b", down: true },
  "host-pause": { color: "#e67e22", down: true },
  "host-start": { color: "#2e7d32", down: false },
  "host-resume": { color: "#2e7d32", down: false },
  "become-leader": { color: "#6f42c1" },
  "leader-change": { color: "#6f42c1" },
  "isr-change": { color: "#6f42c1" },
  "unclean-election": { color: "#c0392b" },
  "broker-fenced": { color: "#6f42c1" },
  "controller-elected": { color: "#b35c00" },
  "controller-active": { color: "#b35c00" },
  "log-truncated": { color: "#c0392b" },
};

interface LaneMark {
  atUs: number;
  node: string;
  kind: string;
  text: string;
}

/** Lane marks of the whole run (their lanes must exist among `nodes`). */
function laneMarks(timeline: readonly TimelineLine[], nodes: readonly string[]): LaneMark[] {
  const known = new Set(nodes);
  return timeline.flatMap((l) =>
    LANE_MARKS[l.kind] !== undefined && l.node !== undefined && known.has(l.node) ? [{ atUs: l.atUs, node: l.node, kind: l.kind, text: shortText(l) }] : [],
  );
}

function shortText(line: TimelineLine): string {
  let text = line.text.startsWith(`${line.node} `) ? line.text.slice(line.node!.length + 1) : line.text;
  if (line.kind.startsWith("host-")) text = line.kind.slice("host-".length).replace("-", " ");
  const cut = text.search(/ \(|, ISR/);
  return cut > 0 && line.kind !== "isr-change" ? text.slice(0, cut) : text;
}

/** The lanes of one view: nodes in role order, all of them in small clusters, else the busy ones. */
export function viewLanes(sample: MessageSample, messages: readonly SampledMessage[], marks: readonly LaneMark[], faults: readonly PageFault[]): string[] {
  const used = new Set<string>();
  for (const m of messages) used.add(m.from).add(m.to);
  for (const m of marks) used.add(m.node);
  const names = sample.nodes.map((n) => n.name);
  for (const f of faults) for (const n of nodesMentioned(f.text, names)) used.add(n);
  const small = sample.nodes.filter((n) => n.role !== "admin").length <= ALL_LANES_UP_TO;
  const rank = (role: string) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);
  return sample.nodes
    .map((n, i) => ({ ...n, i }))
    .filter((n) => used.has(n.name) || (small && n.role !== "admin"))
    .sort((a, b) => rank(a.role) - rank(b.role) || a.i - b.i)
    .map((n) => n.name);
}

/** Arrows worth a label: lost, carrying an error, of a rare type in the view, or the first of their kind of exchange. */
function labelled(messages: readonly SampledMessage[]): Set<SampledMessage> {
  const perType = new Map<string, number>();
  for (const m of messages) perType.set(m.type, (perType.get(m.type) ?? 0) + 1);
  const first = new Set<string>();
  const out = new Set<SampledMessage>();
  for (const m of messages) {
    const key = `${m.type}|${m.from}|${m.to}`;
    if (m.lost !== undefined || /[A-Z]{3,}_[A-Z_]+/.test(m.detail ?? "") || (perType.get(m.type) ?? 0) <= 6 || !first.has(key)) out.add(m);
    first.add(key);
  }
  return out;
}

function arrowTitle(m: SampledMessage): string {
  const end = m.lost === undefined ? `arrived ${secondsUs(m.endUs)}` : `lost ${secondsUs(m.endUs)} (${m.lost})`;
  return `${m.type} ${m.from} → ${m.to}${m.detail ? `: ${m.detail}` : ""}; sent ${secondsUs(m.sentUs)}, ${end}`;
}

/** One view as a header SVG (lane names) and a body SVG (the arrows), plus the list. */
export function renderView(sample: MessageSample, view: MessageView, timeline: readonly TimelineLine[], faults: readonly PageFault[]): string {
  const names = sample.nodes.map((n) => n.name);
  const allMarks = laneMarks(timeline, names);
  const inView = (t: number) => t >= view.fromUs && t <= view.toUs;
  const marks = allMarks.filter((m) => inView(m.atUs));
  const viewFaults = faults.filter((f) => inView(f.atUs));
  const messages = view.messages.filter((m) => m.from !== m.to);
  const lanes = viewLanes(sample, messages, marks, viewFaults);
  const laneX = new Map(lanes.map((name, i) => [name, LEFT + (i + 0.5) * LANE_WIDTH]));
  const width = LEFT + lanes.length * LANE_WIDTH;
  const clamp = (t: number) => Math.min(view.toUs, Math.max(view.fromUs, t));
  const times = [
    ...new Set([...messages.flatMap((m) => [clamp(m.sentUs), clamp(m.endUs)]), ...marks.map((m) => m.atUs), ...viewFaults.map((f) => f.atUs)]),
  ].sort((a, b) => a - b);
  const row = new Map(times.map((t, i) => [t, i]));
  const y = (t: number) => PAD + 14 + (row.get(clamp(t)) ?? 0) * PITCH;
  const height = PAD + 14 + Math.max(1, times.length) * PITCH + PAD;
  const roleOf = new Map(sample.nodes.map((n) => [n.name, n.role]));

  const head: string[] = lanes.map((name) => {
    const x = laneX.get(name)!;
    return `<text class="lane-name" x="${x}" y="17" text-anchor="middle" font-size="13" font-weight="bold">${escape(name)}</text><text x="${x}" y="32" text-anchor="middle" font-size="10" fill="#777">${escape(roleOf.get(name) ?? "")}</text>`;
  });

  const body: string[] = [];
  // Time on the left: at the first row, then every few rows once time moved on; a jump of time is marked.
  const span = Math.max(1, view.toUs - view.fromUs);
  let lastLabelRow = -10;
  times.forEach((t, i) => {
    const ty = PAD + 14 + i * PITCH;
    const gap = i > 0 ? t - times[i - 1]! : 0;
    if (i > 0 && gap > Math.max(50_000, span / 15)) {
      body.push(
        `<line x1="0" x2="${width}" y1="${(ty - PITCH / 2).toFixed(1)}" y2="${(ty - PITCH / 2).toFixed(1)}" stroke="#bbb" stroke-dasharray="1,3"/><text x="${LEFT - 6}" y="${(ty - PITCH / 2 - 2).toFixed(1)}" text-anchor="end" font-size="9" fill="#999">+${(gap / 1e6).toFixed(2)}s</text>`,
      );
    }
    if (i - lastLabelRow >= 6 || (gap > 50_000 && i - lastLabelRow >= 2)) {
      body.push(`<text class="time" x="4" y="${(ty + 3).toFixed(1)}" font-size="10" fill="#555">${secondsUs(t)}</text>`);
      lastLabelRow = i;
    }
  });
  // Lanes: solid while the node runs, dashed and grey while it is down.
  for (const name of lanes) {
    const x = laneX.get(name)!;
    const transitions = allMarks.filter((m) => m.node === name && LANE_MARKS[m.kind]!.down !== undefined);
    let down = false;
    for (const m of transitions) if (m.atUs < view.fromUs) down = LANE_MARKS[m.kind]!.down!;
    let from = view.fromUs;
    const segment = (to: number) => {
      body.push(
        `<line class="lane" x1="${x}" x2="${x}" y1="${from === view.fromUs ? PAD : y(from).toFixed(1)}" y2="${to === view.toUs ? height - PAD : y(to).toFixed(1)}" stroke="${down ? "#bbb" : "#444"}" stroke-width="${down ? 1 : 1.5}"${down ? ` stroke-dasharray="4,4"` : ""}/>`,
      );
    };
    for (const m of transitions.filter((t) => inView(t.atUs))) {
      segment(m.atUs);
      from = m.atUs;
      down = LANE_MARKS[m.kind]!.down!;
    }
    segment(view.toUs);
  }
  // Faults across every lane.
  for (const f of viewFaults) {
    const fy = y(f.atUs).toFixed(1);
    body.push(
      `<g class="st-fault"><line x1="${LEFT - 4}" x2="${width}" y1="${fy}" y2="${fy}" stroke="#c0392b" stroke-width="1.5" stroke-dasharray="6,3"/><text x="${LEFT}" y="${(Number(fy) - 3).toFixed(1)}" font-size="12" font-weight="bold" fill="#c0392b">${escape(`${faultNumber(f.index)} ${f.text}`)}</text></g>`,
    );
  }
  // Arrows. A label is written only where no other label sits on that side of the lane within two rows.
  const withLabel = labelled(messages);
  const taken = new Map<string, number[]>();
  const room = (lane: string, side: string, at: number): boolean => {
    const key = `${lane}|${side}`;
    const rows = taken.get(key) ?? [];
    if (rows.some((r) => Math.abs(r - at) < 2 * PITCH)) return false;
    rows.push(at);
    taken.set(key, rows);
    return true;
  };
  for (const m of messages) {
    const x1 = laneX.get(m.from);
    const x2full = laneX.get(m.to);
    if (x1 === undefined || x2full === undefined) continue;
    const kind = messageKind(m.type);
    const y1 = y(m.sentUs);
    const y2 = y(m.endUs);
    const x2 = m.lost === undefined ? x2full : x1 + (x2full - x1) * 0.6;
    const lost = m.lost !== undefined;
    const end = lost ? `<path d="M${(x2 - 4).toFixed(1)},${(y2 - 4).toFixed(1)}l8,8m0,-8l-8,8" stroke="#d00" stroke-width="2"/>` : "";
    const text = `${m.type}${m.detail ? ` ${m.detail}` : ""}`;
    const label =
      withLabel.has(m) && room(m.from, x2 > x1 ? "right" : "left", y1)
        ? `<text x="${(x1 + (x2 > x1 ? 4 : -4)).toFixed(1)}" y="${(y1 - 2).toFixed(1)}" text-anchor="${x2 > x1 ? "start" : "end"}" font-size="9" fill="${kind.color}">${escape(text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text)}</text>`
        : "";
    body.push(
      `<g class="arrow${lost ? " lost" : ""}" data-kind="${kind.name}"><line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${kind.color}" stroke-width="1.2"${lost ? ` stroke-dasharray="3,2"` : ` marker-end="url(#head-${kind.name})"`}/>${end}${label}<title>${escape(arrowTitle(m))}</title></g>`,
    );
  }
  // Lane marks.
  for (const m of marks) {
    const x = laneX.get(m.node);
    if (x === undefined) continue;
    const my = y(m.atUs);
    const color = LANE_MARKS[m.kind]!.color;
    body.push(
      `<g class="lane-mark" data-kind="${escape(m.kind)}"><rect x="${(x - 5).toFixed(1)}" y="${(my - 5).toFixed(1)}" width="10" height="10" fill="${color}" transform="rotate(45 ${x.toFixed(1)} ${my.toFixed(1)})"/><text x="${(x + 9).toFixed(1)}" y="${(my + 4).toFixed(1)}" font-size="10" font-weight="bold" fill="${color}" paint-order="stroke" stroke="#fff" stroke-width="3">${escape(m.text.length > 40 ? `${m.text.slice(0, 39)}…` : m.text)}</text><title>${escape(`${secondsUs(m.atUs)} ${m.node}: ${m.text}`)}</title></g>`,
    );
  }
  const defs = `<defs>${MESSAGE_KINDS.map((k) => `<marker id="head-${k.name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${k.color}"/></marker>`).join("")}</defs>`;
  const headSvg = `<svg class="st-head" viewBox="0 0 ${width} ${HEAD_HEIGHT}" width="${width}" height="${HEAD_HEIGHT}" role="img" aria-label="lanes">${head.join("")}</svg>`;
  const bodySvg = `<svg class="st-body" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="messages between nodes">${defs}${body.join("")}</svg>`;
  return `<div class="st-scroll">${headSvg}${bodySvg}</div>${messageList(messages)}`;
}

function messageList(messages: readonly SampledMessage[]): string {
  const rows = messages
    .map(
      (m) =>
        `<tr${m.lost === undefined ? "" : ` class="lost"`}><td>${secondsUs(m.sentUs)}</td><td>${escape(m.from)} → ${escape(m.to)}</td><td>${escape(m.type)}${m.detail ? ` <span class="muted">${escape(m.detail)}</span>` : ""}</td><td>${m.lost === undefined ? `+${((m.endUs - m.sentUs) / 1000).toFixed(1)} ms` : `lost: ${escape(m.lost)}`}</td></tr>`,
    )
    .join("");
  return `<details class="st-list"><summary>These ${messages.length} messages as a list</summary><table class="wrap"><thead><tr><th>sent</th><th>from → to</th><th>message</th><th>arrived</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

/** The id of the close-up view of the window at `atUs` (what a fault in the list links to). */
export function viewIdAt(sample: MessageSample | undefined, atUs: number): string | undefined {
  const index = sample?.windows.findIndex((w) => w.atUs === atUs) ?? -1;
  return index < 0 ? undefined : `st-${index}-0`;
}

/** Which fault a window is centred on: the first fault at its moment, if any. */
function windowTitle(atUs: number, faults: readonly PageFault[]): string {
  const fault = faults.find((f) => f.atUs === atUs);
  return fault === undefined ? `${secondsUs(atUs)}` : `${faultNumber(fault.index)} ${secondsUs(atUs)} ${fault.text}`;
}

/** The whole section: a selector of windows and one figure per view (the first shown). */
export function spaceTimeSection(sample: MessageSample | undefined, timeline: readonly TimelineLine[], faults: readonly PageFault[]): string {
  if (sample === undefined) return `<p class="muted">No message sample in this result (it is kept when the run writes an HTML report).</p>`;
  if (sample.windows.length === 0) return `<p class="muted">No faults, so no window of messages to show.</p>`;
  const options: string[] = [];
  const figures: string[] = [];
  sample.windows.forEach((w, wi) => {
    w.views.forEach((v, vi) => {
      const id = `st-${wi}-${vi}`;
      const title = `${windowTitle(w.atUs, faults)} — ${v.name} ${secondsUs(v.fromUs)}–${secondsUs(v.toUs)}`;
      options.push(`<option value="${id}"${figures.length === 0 ? " selected" : ""}>${escape(title)}</option>`);
      const note = `${v.messages.length} of the ${v.seen} messages in this window${v.messages.length < v.seen ? " (an even sample of each kind of exchange, so rare ones stay)" : ""}`;
      figures.push(
        `<figure class="st-view" id="${id}"${figures.length === 0 ? "" : " hidden"}><figcaption>${escape(title)} · ${escape(note)}</figcaption>${renderView(sample, v, timeline, faults)}</figure>`,
      );
    });
  });
  const legend = `<p class="legend">${MESSAGE_KINDS.map((k) => `<span><span style="color:${k.color}">→</span> ${escape(k.label)}</span>`).join("")}<span><span style="color:#d00">- - ✕</span> lost</span><span><span style="color:#6f42c1">◆</span> leader / ISR</span><span><span style="color:#c0392b">◆</span> crash, stop</span><span><span style="color:#2e7d32">◆</span> start</span></p>`;
  return `<label class="picker">Window <select id="st-window">${options.join("")}</select></label>${legend}${figures.join("")}`;
}
