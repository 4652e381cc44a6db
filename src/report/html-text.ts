/**
 * Text helpers of the HTML pages: escaping (every text from a run goes through {@link escape}),
 * times in seconds, and "nice" axis ticks.
 */

/** Escape text for HTML content and attribute values. */
export const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** A time in ms as seconds: `20s`, `20.5s`, `20.000858s` (no trailing zeros beyond what is needed). */
export function seconds(ms: number): string {
  if (Number.isInteger(ms / 1000)) return `${ms / 1000}s`;
  return `${(ms / 1000).toFixed(3).replace(/0+$/, "").replace(/\.$/, "")}s`;
}

/** A time in µs as seconds with millisecond precision: `20.004s`. */
export function secondsUs(us: number): string {
  return `${(us / 1_000_000).toFixed(3)}s`;
}

/** A number for display: integers as they are, others with up to 3 significant decimals. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1000) / 1000);
}

/**
 * Ticks for an axis from 0 to `max`: steps of 1, 2 or 5 × 10^k giving at most `most` ticks
 * (the last tick ≤ max).
 */
export function ticks(max: number, most = 8): number[] {
  if (!(max > 0)) return [0];
  const raw = max / Math.max(1, most);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let t = 0; t <= max + step * 1e-9; t += step) out.push(Math.round(t / step) * step);
  return out;
}

/** Circled numbers for fault labels (①…⑳, then "(21)"). */
export function faultNumber(index: number): string {
  return index < 20 ? String.fromCharCode(0x2460 + index) : `(${index + 1})`;
}
