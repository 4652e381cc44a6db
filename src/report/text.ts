/**
 * Plain-text layout helpers shared by the terminal and Markdown renderers: word wrapping that
 * ignores colour codes, column padding, small tables, and how times, durations and counts read.
 * Everything here is pure and deterministic (no terminal queries).
 */

/** The width every terminal report is laid out for. */
export const REPORT_WIDTH = 80;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The text without ANSI colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** The number of columns the text takes on a terminal (colour codes take none). */
export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}

/** Pad on the right to `width` visible columns. */
export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - visibleWidth(text)));
}

/** Pad on the left to `width` visible columns. */
export function padStart(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - visibleWidth(text))) + text;
}

/**
 * Break plain text into lines of at most `width` columns at spaces; a word longer than the
 * width is cut. Existing newlines are kept. Never returns an empty array.
 */
export function wrap(text: string, width: number): string[] {
  const limit = Math.max(8, width);
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (let word of paragraph.split(/\s+/).filter((w) => w !== "")) {
      while (visibleWidth(word) > limit) {
        if (line !== "") {
          lines.push(line);
          line = "";
        }
        lines.push(word.slice(0, limit));
        word = word.slice(limit);
      }
      if (line === "") line = word;
      else if (visibleWidth(line) + 1 + visibleWidth(word) <= limit) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * `prefix` followed by `text` wrapped to `width`, continuation lines indented by the prefix's
 * width (a hanging indent). `paint` colours each wrapped piece of text (not the prefix).
 */
export function hang(prefix: string, text: string, width: number, paint: (s: string) => string = (s) => s): string[] {
  const indent = visibleWidth(prefix);
  return wrap(text, width - indent).map((line, i) => (i === 0 ? prefix : " ".repeat(indent)) + paint(line));
}

/** Join `parts` with `separator`, breaking lines only between parts (a part longer than a line is wrapped). */
export function joinWrapped(parts: readonly string[], separator: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const part of parts) {
    const candidate = line === "" ? part : `${line}${separator}${part}`;
    if (visibleWidth(candidate) <= width || line === "") line = candidate;
    else {
      lines.push(line);
      line = part;
    }
  }
  lines.push(line);
  return lines.flatMap((l) => (visibleWidth(l) > width ? wrap(l, width) : [l]));
}

/** Virtual time in seconds, millisecond precision: `5.002s` (µs precision when needed). */
export function formatTime(us: number): string {
  return us % 1000 === 0 ? `${(us / 1e6).toFixed(3)}s` : `${(us / 1e6).toFixed(6)}s`;
}

/** A duration given in milliseconds, in the unit that reads best: `850 µs`, `4.2 ms`, `12.5 s`; `—` for null. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms === 0) return "0 ms";
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${trimZeros(ms.toFixed(2))} ms`;
  if (ms < 1000) return `${trimZeros(ms.toFixed(1))} ms`;
  if (ms < 120_000) return `${trimZeros((ms / 1000).toFixed(2))} s`;
  return `${trimZeros((ms / 60_000).toFixed(1))} min`;
}

/** A count or a mean: integers as they are, other numbers with at most one decimal. */
export function formatCount(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return trimZeros(n.toFixed(1));
}

/** A rate per second: `198/s`, `2.5/s`. */
export function formatRate(perSec: number): string {
  return `${perSec >= 100 ? Math.round(perSec) : formatCount(Math.round(perSec * 10) / 10)}/s`;
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** `1 seed`, `3 seeds`; `plural(2, "anomaly", "anomalies")`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}

/** Column alignment of {@link table}. */
export type Align = "left" | "right";

/**
 * A table without borders: columns separated by two spaces, each as wide as its widest cell.
 * Returns the header line, a rule of `─`, and one line per row (trailing spaces removed).
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], aligns: readonly Align[] = []): string[] {
  const widths = headers.map((h, c) => Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[c] ?? ""))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (aligns[c] === "right" ? padStart(cell, widths[c] ?? 0) : padEnd(cell, widths[c] ?? 0)))
      .join("  ")
      .replace(/\s+$/, "");
  const total = widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, widths.length - 1);
  return [line(headers), "─".repeat(total), ...rows.map(line)];
}

/** An integer with thousands separators: `1,942`, `11,009` (other numbers as {@link formatCount}). */
export function formatThousands(n: number): string {
  if (!Number.isInteger(n)) return formatCount(n);
  const sign = n < 0 ? "-" : "";
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
