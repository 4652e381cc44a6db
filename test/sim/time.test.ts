/**
 * Units of time (src/sim/time.ts): virtual time in microseconds, Kafka's configs in milliseconds
 * (Kafka's `*.ms` keys). The `@ts-expect-error` lines are the test of the unit marks: if a
 * milliseconds value ever type-checked where microseconds are expected (or the reverse), `npm
 * test`'s type check would fail on the unused directive.
 */
import { describe, expect, it } from "vitest";
import type { ProducerSettings } from "../../src/kafka/producer/settings.js";
import { TestContext } from "../../src/sim/test-context.js";
import { formatTime, ms, seconds, toMillis, type Micros, type Millis } from "../../src/sim/time.js";

describe("time units", () => {
  it("converts between milliseconds, seconds and virtual microseconds", () => {
    expect(ms(30_000)).toBe(30_000_000);
    expect(ms(0.5)).toBe(500);
    expect(seconds(1.5)).toBe(1_500_000);
    expect(toMillis(2_500)).toBe(2.5);
    expect(formatTime(seconds(5) + ms(2))).toBe("5.002s");
    expect(formatTime(seconds(30))).toBe("30s");
  });

  it("a Millis value (a *.ms setting) is not accepted where Micros are expected without ms()", () => {
    const settings = { requestTimeoutMs: 30_000 } as Pick<ProducerSettings, "requestTimeoutMs">;
    const ctx = new TestContext("producer-1");
    ctx.setTimer(ms(settings.requestTimeoutMs), "request-timeout");
    // @ts-expect-error: request.timeout.ms is in milliseconds; setTimer takes microseconds
    ctx.setTimer(settings.requestTimeoutMs, "request-timeout");
    const at: Micros = ctx.now() + ms(settings.requestTimeoutMs);
    // @ts-expect-error: microseconds are not milliseconds; toMillis converts
    const wrong: Millis = at;
    // @ts-expect-error: ms() takes milliseconds, not a virtual time
    ms(at);
    // Arithmetic and plain literals need no casts.
    const backoff: Millis = settings.requestTimeoutMs / 2;
    // Without the check the second timer would fire a thousand times too early.
    expect(ctx.timers.map((t) => t.atUs)).toEqual([30_000_000, 30_000]);
    expect([wrong, toMillis(at), backoff]).toEqual([30_000_000, 30_000, 15_000]);
  });
});
