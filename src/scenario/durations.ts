/**
 * Durations, latency ranges and rates as written in scenario files (docs/scenario-format.md "File").
 * Durations become integer microseconds, the simulator's unit of virtual time (docs/architecture.md
 * principle 3): `"250ms"`, `"2s"`, `"1.5s"`, `"2m"`, `"1h"`, `"500us"`, compounds from the largest
 * unit down (`"1m30s"`, `"1h5m"`, `"2s500ms"`), or a bare integer meaning milliseconds. Fractions
 * are computed exactly in decimal, never through floating point.
 */
import { describeValue } from "../kafka/config/values.js";

/** A parse result: the value, or why not. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string; readonly expected: string; readonly found: string };

/** An inclusive range of microseconds; `minUs === maxUs` for a fixed value. */
export interface RangeUs {
  readonly minUs: number;
  readonly maxUs: number;
}

const UNIT_US: Readonly<Record<string, number>> = { us: 1, µs: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 };
const DURATION_TEXT = /^(?:\d+(?:\.\d+)?(?:us|µs|ms|s|m|h))+$/;
const DURATION_PART = /(\d+)(?:\.(\d+))?(us|µs|ms|s|m|h)/g;
const INTEGER_TEXT = /^\d+$/;
const RATE_TEXT = /^(\d+)(?:\.(\d+))?\/(s|m|h)$/;
const RATE_UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600 };

/** What a duration looks like, for messages. */
export const DURATION_EXPECTED = 'a duration such as "250ms", "2s", "1.5s", "2m", "1m30s", "500us", or an integer number of milliseconds';

/** What a rate looks like, for messages. */
const RATE_EXPECTED = 'a rate such as "500/s", "30/m" or "2/h"';

function fail<T>(message: string, expected: string, raw: unknown): Parsed<T> {
  return { ok: false, message, expected, found: describeValue(raw) };
}

/** Exact `whole.fraction × unit` as an integer, or undefined if not a whole number of units. */
function scaleExactly(whole: string, fraction: string, unit: number): number | undefined {
  const denominator = 10 ** fraction.length;
  const fractionScaled = fraction === "" ? 0 : Number(fraction) * unit;
  if (fractionScaled % denominator !== 0) return undefined;
  const value = Number(whole) * unit + fractionScaled / denominator;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Parse a duration into integer microseconds (≥ 0). */
export function parseDuration(raw: unknown): Parsed<number> {
  if (typeof raw === "number") {
    if (!Number.isInteger(raw)) return fail('a bare number means milliseconds and must be an integer (write "1.5ms" or "1500us")', DURATION_EXPECTED, raw);
    if (raw < 0) return fail("a duration cannot be negative", DURATION_EXPECTED, raw);
    const us = raw * 1_000;
    return Number.isSafeInteger(us) ? { ok: true, value: us } : fail("duration too large", DURATION_EXPECTED, raw);
  }
  if (typeof raw !== "string") return fail("not a duration", DURATION_EXPECTED, raw);
  const text = raw.trim();
  if (INTEGER_TEXT.test(text)) return parseDuration(Number(text));
  if (!DURATION_TEXT.test(text)) {
    const message = text.startsWith("-") ? "a duration cannot be negative" : "not a duration";
    return fail(message, DURATION_EXPECTED, raw);
  }
  let value = 0;
  let previousUnitUs = Number.POSITIVE_INFINITY;
  for (const [, whole = "0", fraction = "", unit = "ms"] of text.matchAll(DURATION_PART)) {
    const unitUs = UNIT_US[unit] as number;
    if (unitUs >= previousUnitUs)
      return fail('the parts of a compound duration go from the largest unit down, each unit once (write "1m30s")', DURATION_EXPECTED, raw);
    previousUnitUs = unitUs;
    const part = scaleExactly(whole, fraction, unitUs);
    if (part === undefined || !Number.isSafeInteger(value + part)) return fail("not a whole number of microseconds, or too large", DURATION_EXPECTED, raw);
    value += part;
  }
  return { ok: true, value };
}

/** Parse a fixed duration (`"2ms"`) or a uniform range (`"1ms..5ms"`) into microseconds. */
export function parseDurationRange(raw: unknown): Parsed<RangeUs> {
  const expected = `${DURATION_EXPECTED}, or a range "1ms..5ms"`;
  if (typeof raw === "string" && raw.includes("..")) {
    const parts = raw.split("..");
    if (parts.length !== 2) return fail("a range has exactly two ends", expected, raw);
    const low = parseDuration(parts[0]);
    const high = parseDuration(parts[1]);
    if (!low.ok || !high.ok) return fail("not a duration range", expected, raw);
    if (low.value > high.value) return fail("the low end of the range is above the high end", '"low..high" with low ≤ high', raw);
    return { ok: true, value: { minUs: low.value, maxUs: high.value } };
  }
  const single = parseDuration(raw);
  if (!single.ok) return fail(single.message, expected, raw);
  return { ok: true, value: { minUs: single.value, maxUs: single.value } };
}

/** Parse a rate (`"500/s"`, `"30/m"`, `"2/h"`) into a positive number per second. */
export function parseRate(raw: unknown): Parsed<number> {
  if (typeof raw === "number") return fail(`a rate needs a unit (write "${raw}/s")`, RATE_EXPECTED, raw);
  if (typeof raw !== "string") return fail("not a rate", RATE_EXPECTED, raw);
  const match = RATE_TEXT.exec(raw.trim());
  if (match === null) return fail("not a rate", RATE_EXPECTED, raw);
  const [, whole = "0", fraction = "", unit = "s"] = match;
  const perSecond = Number(fraction === "" ? whole : `${whole}.${fraction}`) / (RATE_UNIT_SECONDS[unit] as number);
  if (!(perSecond > 0)) return fail("a rate must be positive", RATE_EXPECTED, raw);
  return { ok: true, value: perSecond };
}

/** A short human rendering of microseconds for messages: `0s`, `250ms`, `1.5s`, `60s`, `500us`. */
export function formatDurationUs(us: number): string {
  if (us === 0) return "0s";
  if (us >= 1_000_000 && (us * 1000) % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us >= 1_000 && us % 1 === 0 && (us * 1000) % 1_000 === 0) return `${us / 1_000}ms`;
  return `${us}us`;
}
