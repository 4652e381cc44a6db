/** Virtual time is an integer count of microseconds (docs/architecture.md principle 3). */
export type Micros = number;

const US_PER_MS = 1000;
export const US_PER_S = 1_000_000;

export const ms = (n: number): Micros => Math.round(n * US_PER_MS);
export const seconds = (n: number): Micros => Math.round(n * US_PER_S);

/** "5.002s" — how times are printed in timelines and explanations. */
export function formatTime(us: Micros): string {
  const s = us / US_PER_S;
  return `${Number.isInteger(s) ? s.toFixed(0) : s.toFixed(3).replace(/0+$/, "")}s`;
}
