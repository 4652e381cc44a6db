import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Scheduler, type EventTarget } from "../../src/sim/scheduler.js";
import { BudgetExceededError } from "../../src/sim/budget.js";

class Log implements EventTarget {
  fired: [number, unknown][] = [];
  constructor(private readonly scheduler: Scheduler) {}
  fire(a: unknown): void {
    this.fired.push([this.scheduler.now, a]);
  }
}

describe("Scheduler (docs/architecture.md principle 3: one total order by (time, seq))", () => {
  it("fires events in (time, insertion) order, matching a simple sorted reference", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 200 }), (items) => {
        const scheduler = new Scheduler();
        const log = new Log(scheduler);
        const ids = items.map(([time], i) => scheduler.schedule(time, log, i));
        items.forEach(([, cancel], i) => cancel && scheduler.cancel(ids[i]!));
        scheduler.runUntil(Infinity);
        const expected = items
          .map(([time, cancel], i) => ({ time, i, cancel }))
          .filter((e) => !e.cancel)
          .sort((a, b) => a.time - b.time || a.i - b.i)
          .map((e) => [e.time, e.i]);
        expect(log.fired).toEqual(expected);
        expect(scheduler.pending).toBe(0);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it("lets a fired event schedule more events, including at the same instant after itself", () => {
    const scheduler = new Scheduler();
    const order: string[] = [];
    const b = { fire: () => order.push("b") };
    const a = {
      fire: () => {
        order.push("a");
        scheduler.schedule(5, b);
      },
    };
    scheduler.schedule(5, a);
    scheduler.schedule(5, { fire: () => order.push("c") });
    scheduler.runUntil(10);
    expect(order).toEqual(["a", "c", "b"]);
    expect(scheduler.now).toBe(10);
  });

  it("cancel is a no-op for fired or already cancelled events", () => {
    const scheduler = new Scheduler();
    const log = new Log(scheduler);
    const id = scheduler.schedule(1, log, "x");
    expect(scheduler.cancel(id)).toBe(true);
    expect(scheduler.cancel(id)).toBe(false);
    const id2 = scheduler.schedule(1, log, "y");
    scheduler.runUntil(2);
    expect(scheduler.cancel(id2)).toBe(false);
    expect(log.fired).toEqual([[1, "y"]]);
  });

  it("stops at the event budget with a clear message instead of running away", () => {
    const scheduler = new Scheduler();
    const loop: EventTarget = { fire: () => void scheduler.after(1, loop) };
    scheduler.schedule(0, loop);
    expect(() => scheduler.runUntil(Infinity, { maxEvents: 1000 })).toThrow(BudgetExceededError);
    expect(scheduler.eventsFired).toBe(1000);
  });

  it("keeps order with 100k pending events", () => {
    const scheduler = new Scheduler();
    let last = -1;
    let ok = true;
    const target: EventTarget = {
      fire: () => {
        if (scheduler.now < last) ok = false;
        last = scheduler.now;
      },
    };
    for (let i = 0; i < 100_000; i++) scheduler.schedule((i * 7919) % 100_003, target);
    scheduler.runUntil(Infinity);
    expect(ok).toBe(true);
    expect(scheduler.eventsFired).toBe(100_000);
  });
});

describe("Scheduler livelock guard", () => {
  it("stops with a clear message when events keep firing at one instant without the clock advancing", () => {
    const scheduler = new Scheduler();
    const storm: EventTarget = { fire: () => void scheduler.after(0, storm) };
    scheduler.schedule(5, storm);
    expect(() => scheduler.runUntil(Infinity, { maxEventsPerInstant: 10_000 })).toThrow(/without the clock advancing/);
  });
});
