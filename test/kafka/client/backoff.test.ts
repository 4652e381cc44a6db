import { describe, expect, it } from "vitest";
import { Random } from "../../../src/sim/random.js";
import { ExponentialBackoff } from "../../../src/kafka/client/backoff.js";
import { lifecycleBackoffMs } from "../../../src/kafka/controller/kraft/lifecycle-backoff.js";

describe("one exponential backoff for every client (Reference: KIP-580, Kafka ExponentialBackoff)", () => {
  it("grows by the multiplier within the jitter band and stops at the maximum", () => {
    const backoff = new ExponentialBackoff(100, 2, 30000, 0.02);
    const random = new Random(7, "backoff");
    for (let attempt = 0; attempt < 12; attempt++) {
      const term = Math.min(100 * 2 ** attempt, 30000);
      for (let i = 0; i < 20; i++) {
        const b = backoff.backoffMs(attempt, random);
        expect(b).toBeGreaterThanOrEqual(Math.floor(term * 0.98) - 1);
        expect(b).toBeLessThanOrEqual(30000);
        expect(b).toBeLessThanOrEqual(Math.ceil(term * 1.02));
      }
    }
  });

  it("is the initial interval, with no jitter and no draw, when the maximum is not above it", () => {
    const random = new Random(7, "backoff");
    const before = new Random(7, "backoff");
    expect(new ExponentialBackoff(100, 2, 100, 0.2).backoffMs(6, random)).toBe(100);
    expect(random.next()).toBe(before.next());
  });

  it("BrokerLifecycleManager's backoff is ExponentialBackoff(100, 2, broker.session.timeout.ms, 0.02)", () => {
    const a = new Random(3, "lifecycle");
    const b = new Random(3, "lifecycle");
    const kafka = new ExponentialBackoff(100, 2, 9000, 0.02);
    for (let attempt = 0; attempt < 10; attempt++) expect(lifecycleBackoffMs(attempt, 9000, a)).toBe(kafka.backoffMs(attempt, b));
    expect(lifecycleBackoffMs(4, 80, a)).toBe(80);
  });
});
