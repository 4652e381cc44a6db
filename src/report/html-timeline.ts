/**
 * The timeline as a table a learner can filter by node (a moment belongs to its node and to every
 * node its text names: a fault `crash broker-2` shows under broker-2) and by kind, with the Kafka
 * rule that fired under each moment.
 */
import type { TimelineLine } from "../scenario/result.js";
import { nodesMentioned } from "./html-faults.js";
import { escape, secondsUs } from "./html-text.js";

export function timelineSection(timeline: readonly TimelineLine[], nodes: readonly string[]): string {
  if (timeline.length === 0) return `<p class="muted">No moments recorded.</p>`;
  const rows = timeline.map((l) => {
    const mine = [...new Set([...(l.node === undefined ? [] : [l.node]), ...nodesMentioned(l.text, nodes)])];
    return { line: l, nodes: mine };
  });
  const nodeNames = [...new Set(rows.flatMap((r) => r.nodes))].sort(byNodeName);
  const kinds = new Map<string, number>();
  for (const l of timeline) kinds.set(l.kind, (kinds.get(l.kind) ?? 0) + 1);
  const nodeOptions = nodeNames.map((n) => `<option value="${escape(n)}">${escape(n)}</option>`).join("");
  const kindOptions = [...kinds]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, n]) => `<option value="${escape(k)}">${escape(k)} (${n})</option>`)
    .join("");
  const body = rows
    .map(
      ({ line: l, nodes: mine }) =>
        `<tr data-kind="${escape(l.kind)}" data-nodes=" ${escape(mine.join(" "))} "><td>${escape(secondsUs(l.atUs))}</td><td>${escape(l.partition ?? l.node ?? "")}</td><td>${escape(l.text)}${l.rule ? `<br><span class="rule">${escape(l.rule)}</span>` : ""}</td></tr>`,
    )
    .join("");
  return `<div class="filters"><label>Node <select id="tl-node"><option value="">all nodes</option>${nodeOptions}</select></label><label>Kind <select id="tl-kind"><option value="">all kinds</option>${kindOptions}</select></label><span id="tl-count">${timeline.length} of ${timeline.length} moments</span></div>
<table id="timeline" class="wrap"><colgroup><col class="time"><col class="where"><col></colgroup><thead><tr><th>time</th><th>where</th><th>what (and the rule)</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** broker-2 before broker-10. */
function byNodeName(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}
