import { describe, expect, it } from "vitest";
import { formatDurationUs, parseDuration, parseDurationRange, parseRate } from "../../src/scenario/durations.js";

const us = (raw: unknown) => {
  const parsed = parseDuration(raw);
  return parsed.ok ? parsed.value : parsed.message;
};

describe("durations (Reference: docs/scenario-format.md File)", () => {
  it.each([
    ["250ms", 250_000],
    ["2s", 2_000_000],
    ["1.5s", 1_500_000],
    ["2m", 120_000_000],
    ["1h", 3_600_000_000],
    ["500us", 500],
    ["0s", 0],
    ["0.001ms", 1],
    ["1.1s", 1_100_000],
    [250, 250_000],
    ["250", 250_000],
    [0, 0],
    ["1m30s", 90_000_000],
    ["1h5m", 3_900_000_000],
    ["2s500ms", 2_500_000],
    ["1m0.5s", 60_500_000],
    ["1s1ms1us", 1_001_001],
  ])("parses %j as %i µs", (raw, expected) => {
    expect(us(raw)).toBe(expected);
  });

  it.each([
    ["60x", "not a duration"],
    ["-5s", "a duration cannot be negative"],
    [-5, "a duration cannot be negative"],
    [1.5, 'a bare number means milliseconds and must be an integer (write "1.5ms" or "1500us")'],
    ["0.5us", "not a whole number of microseconds, or too large"],
    ["2 s", "not a duration"],
    [true, "not a duration"],
    ["30s1m", 'the parts of a compound duration go from the largest unit down, each unit once (write "1m30s")'],
    ["1s1s", 'the parts of a compound duration go from the largest unit down, each unit once (write "1m30s")'],
    ["1m30", "not a duration"],
    ["1m 30s", "not a duration"],
  ])("rejects %j: %s", (raw, message) => {
    expect(us(raw)).toBe(message);
  });

  it("says what a duration looks like", () => {
    expect(parseDuration("soon")).toMatchObject({ ok: false, found: '"soon"', expected: expect.stringContaining('"250ms"') });
  });
});

describe("latency ranges", () => {
  it("parses a fixed value and a uniform range", () => {
    expect(parseDurationRange("2ms")).toEqual({ ok: true, value: { minUs: 2_000, maxUs: 2_000 } });
    expect(parseDurationRange("1ms..5ms")).toEqual({ ok: true, value: { minUs: 1_000, maxUs: 5_000 } });
    expect(parseDurationRange("500us..1.5ms")).toEqual({ ok: true, value: { minUs: 500, maxUs: 1_500 } });
    expect(parseDurationRange("1s..1m30s")).toEqual({ ok: true, value: { minUs: 1_000_000, maxUs: 90_000_000 } });
  });

  it("rejects reversed and malformed ranges", () => {
    expect(parseDurationRange("5ms..1ms")).toMatchObject({ ok: false, message: "the low end of the range is above the high end" });
    expect(parseDurationRange("1ms..")).toMatchObject({ ok: false, message: "not a duration range" });
    expect(parseDurationRange("1ms..2ms..3ms")).toMatchObject({ ok: false, message: "a range has exactly two ends" });
  });
});

describe("rates", () => {
  it("parses per second, minute and hour into per second", () => {
    expect(parseRate("500/s")).toEqual({ ok: true, value: 500 });
    expect(parseRate("30/m")).toEqual({ ok: true, value: 0.5 });
    expect(parseRate("2.5/s")).toEqual({ ok: true, value: 2.5 });
    expect(parseRate("36/h")).toEqual({ ok: true, value: 0.01 });
  });

  it("rejects zero, a missing unit and nonsense", () => {
    expect(parseRate("0/s")).toMatchObject({ ok: false, message: "a rate must be positive" });
    expect(parseRate(200)).toMatchObject({ ok: false, message: 'a rate needs a unit (write "200/s")' });
    expect(parseRate("fast")).toMatchObject({ ok: false, message: "not a rate", found: '"fast"' });
  });
});

describe("formatting durations for messages", () => {
  it("prefers seconds, then milliseconds, then microseconds", () => {
    expect([0, 60_000_000, 1_500_000, 250_000, 500].map(formatDurationUs)).toEqual(["0s", "60s", "1.5s", "250ms", "500us"]);
  });
});
