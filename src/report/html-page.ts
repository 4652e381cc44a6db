/** The frame of every HTML page: a self-contained document (inline style and script, no network). */
import { PAGE_SCRIPT } from "./html-script.js";
import { PAGE_STYLE } from "./html-style.js";
import { escape } from "./html-text.js";

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${PAGE_STYLE}</style></head><body>
${body}
<script>${PAGE_SCRIPT}</script>
</body></html>
`;
}

/** A table: headers and rows of already-escaped HTML cells. */
export function htmlTable(headers: readonly string[], rows: readonly string[][], options: { numeric?: readonly number[] } = {}): string {
  if (rows.length === 0) return `<p class="muted">none</p>`;
  const numeric = new Set(options.numeric ?? []);
  const cls = (i: number) => (numeric.has(i) ? ` class="num"` : "");
  return `<table><thead><tr>${headers.map((h, i) => `<th${cls(i)}>${escape(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}
