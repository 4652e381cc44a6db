/**
 * The faults of a run as the HTML page numbers them (①, ②, …): every `fault`, `fault-heal` and
 * `fault-skipped` line of the timeline, in time order. The same numbers label the fault lines of
 * the partition charts, the windows of the space-time diagram and the list under the charts.
 */
import type { RunResult, TimelineLine } from "../scenario/result.js";
import { escape, faultNumber, secondsUs } from "./html-text.js";

export interface PageFault {
  /** Position in the list (0-based); {@link faultNumber} gives its label. */
  index: number;
  atUs: number;
  kind: string;
  text: string;
}

const FAULT_KINDS = new Set(["fault", "fault-heal", "fault-skipped"]);

export function pageFaults(timeline: readonly TimelineLine[]): PageFault[] {
  return timeline
    .filter((l) => FAULT_KINDS.has(l.kind))
    .map((l, i) => ({ i, l }))
    .sort((a, b) => a.l.atUs - b.l.atUs || a.i - b.i)
    .map(({ l }, index) => ({ index, atUs: l.atUs, kind: l.kind, text: l.text }));
}

/**
 * The numbered list of faults (plain HTML, readable at any width). `windowOf` names the
 * space-time view of a fault's moment, if there is one: the fault then links to it.
 */
export function faultList(faults: readonly PageFault[], windowOf: (fault: PageFault) => string | undefined = () => undefined): string {
  if (faults.length === 0) return `<p class="muted">No faults in this run.</p>`;
  return `<ol class="faults">${faults
    .map((f) => {
      const view = windowOf(f);
      const link = view === undefined ? "" : ` <a class="to-window" href="#messages" data-window="${escape(view)}">messages around it</a>`;
      return `<li><span class="fault-no">${faultNumber(f.index)}</span> <b>${escape(secondsUs(f.atUs))}</b> ${escape(f.text)}${link}</li>`;
    })
    .join("")}</ol>`;
}

/** Node names of the run that a text mentions as whole words (`crash broker-2` → broker-2). */
export function nodesMentioned(text: string, nodes: readonly string[]): string[] {
  return nodes.filter((node) => new RegExp(`(^|[^A-Za-z0-9_-])${node.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9_-])`).test(text));
}

/** The node names a result knows: from its message sample, else from its timeline. */
export function runNodes(result: RunResult): string[] {
  if (result.messages) return result.messages.nodes.map((n) => n.name);
  return [...new Set(result.timeline.flatMap((l) => (l.node === undefined ? [] : [l.node])))].sort();
}
