/**
 * Anomalies grouped by type: one expandable block per type with its count in the whole run (the
 * `metrics` count, which the kept examples may fall short of) and its examples, each with the
 * checker's explanation.
 */
import type { RunResult } from "../scenario/result.js";
import { escape } from "./html-text.js";
import { ANOMALY_NAMES, metricPhrase } from "./words.js";

export function anomalyGroups(result: Pick<RunResult, "anomalies" | "metrics">): string {
  const types = [...new Set([...ANOMALY_NAMES.filter((t) => (result.metrics[t] ?? 0) > 0), ...result.anomalies.map((a) => a.type)])];
  types.sort((a, b) => rank(a) - rank(b));
  if (types.length === 0) return `<p class="pass">No anomalies: every acknowledged write was read back, in order, once.</p>`;
  return types
    .map((type) => {
      const examples = result.anomalies.filter((a) => a.type === type);
      const count = Math.max(result.metrics[type] ?? 0, examples.length);
      const shown = examples.length === count ? "" : ` · ${examples.length} example${examples.length === 1 ? "" : "s"} kept`;
      const items = examples
        .map(
          (a) =>
            `<li><b>${escape(a.partition)}${a.offset === undefined ? "" : ` offset ${a.offset}`}</b>${a.value === undefined ? "" : ` <code>${escape(a.value)}</code>`}<br>${escape(a.explanation)}</li>`,
        )
        .join("");
      return `<details class="anomaly-group" data-type="${escape(type)}"><summary><b>${escape(type)}</b> <span class="count">${count}</span> ${escape(metricPhrase(type))}${shown}</summary>${items === "" ? `<p class="muted">no example kept</p>` : `<ol>${items}</ol>`}</details>`;
    })
    .join("");
}

function rank(type: string): number {
  const i = ANOMALY_NAMES.indexOf(type);
  return i < 0 ? ANOMALY_NAMES.length : i;
}
