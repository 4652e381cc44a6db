/**
 * Units of time. Virtual time is an integer count of microseconds (docs/architecture.md principle
 * 3); Kafka's configs are in milliseconds. Both are numbers carrying an optional unit mark, so
 * arithmetic and plain literals need no casts, but a value typed `Millis` (a `*_MS` setting) cannot
 * be passed where `Micros` are expected, nor the other way round, without a conversion: `ms(n)`
 * turns milliseconds into microseconds, `toMillis(us)` the reverse.
 */
declare const UNIT: unique symbol;

/** A duration or instant of virtual time, in microseconds. */
export type Micros = number & { readonly [UNIT]?: "µs" };
/** A duration in milliseconds, Kafka's unit for configs (`request.timeout.ms`). */
export type Millis = number & { readonly [UNIT]?: "ms" };

const US_PER_MS = 1000;
export const US_PER_S = 1_000_000;

/** Milliseconds (a Kafka config value) as virtual microseconds. */
export const ms = (n: Millis): Micros => Math.round(n * US_PER_MS);
export const seconds = (n: number): Micros => Math.round(n * US_PER_S);
/** Virtual microseconds as milliseconds (Kafka's `time.milliseconds()`). */
export const toMillis = (us: Micros): Millis => us / US_PER_MS;

/** "5.002s" — how times are printed in timelines and explanations. */
export function formatTime(us: Micros): string {
  const s = us / US_PER_S;
  return `${Number.isInteger(s) ? s.toFixed(0) : s.toFixed(3).replace(/0+$/, "")}s`;
}
