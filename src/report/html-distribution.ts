/**
 * A metric over seeds: its values' minimum, median, mean and maximum, and a strip of dots, one per
 * seed, on a scale from 0 to the largest value, so a learner sees whether a loss is rare or the
 * rule.
 */
import { escape, formatNumber } from "./html-text.js";

export interface Distribution {
  min: number;
  median: number;
  mean: number;
  max: number;
  nonZero: number;
}

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { min: 0, median: 0, mean: 0, max: 0, nonZero: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    min: sorted[0]!,
    median,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    max: sorted[sorted.length - 1]!,
    nonZero: sorted.filter((v) => v !== 0).length,
  };
}

/** One dot per seed (`labels[i]` names the seed of `values[i]`), on 0 … max. */
export function dotStrip(values: readonly number[], labels: readonly string[], bad: boolean): string {
  const W = 200;
  const H = 18;
  const max = Math.max(0, ...values);
  const x = (v: number) => 6 + (max === 0 ? 0 : (v / max) * (W - 12));
  const dots = values
    .map(
      (v, i) =>
        `<circle cx="${x(v).toFixed(1)}" cy="9" r="4" fill="${bad && v > 0 ? "#c0392b" : "#1f6feb"}" fill-opacity="0.45"><title>${escape(`${labels[i] ?? ""}: ${formatNumber(v)}`)}</title></circle>`,
    )
    .join("");
  return `<svg class="strip" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="one dot per seed, from 0 to ${formatNumber(max)}"><line x1="6" x2="${W - 6}" y1="9" y2="9" stroke="#ddd"/>${dots}</svg>`;
}
