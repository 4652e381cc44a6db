import { describe, expect, it } from "vitest";
import { BudgetExceededError } from "../../src/sim/budget.js";
import { Scheduler, type EventTarget } from "../../src/sim/scheduler.js";

/** Reschedules itself 1 µs later, forever, and grows a list: a run whose memory keeps growing. */
class Grower implements EventTarget {
  readonly kept: number[][] = [];
  constructor(private readonly scheduler: Scheduler) {}
  fire(): void {
    this.kept.push(new Array<number>(16).fill(0));
    this.scheduler.after(1, this);
  }
}

describe("the memory budget (Reference: DESIGN Learned, 'a memory budget belongs beside them')", () => {
  it("stops the run with BudgetExceededError('memory') once the probe reports more than the limit, asking only every N events", () => {
    const scheduler = new Scheduler();
    const grower = new Grower(scheduler);
    scheduler.schedule(0, grower);
    const asked: number[] = [];
    const probe = {
      limitBytes: 1_000,
      everyEvents: 100,
      heapUsedBytes: () => {
        asked.push(scheduler.eventsFired);
        return grower.kept.length * 2;
      },
    };
    let error: unknown;
    try {
      scheduler.runUntil(Infinity, { memory: probe });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BudgetExceededError);
    // At the 600th event 599 lists are kept: 1,198 "bytes" > 1,000.
    expect(error).toMatchObject({ kind: "memory", limit: 1_000, used: 1_198, atUs: 599 });
    expect((error as Error).message).toMatch(
      /^run stopped: memory budget of 0 MiB exceeded at 0\.001s of simulated time \(0 MiB of JavaScript heap in use\); .*--max-memory$/,
    );
    expect(asked).toEqual([100, 200, 300, 400, 500, 600]);
  });

  it("a run within its budget is the same run: the probe changes nothing it does", () => {
    const fired = (memory?: { limitBytes: number; everyEvents: number; heapUsedBytes(): number }) => {
      const scheduler = new Scheduler();
      const grower = new Grower(scheduler);
      scheduler.schedule(0, grower);
      scheduler.runUntil(5_000, memory === undefined ? {} : { memory });
      return [scheduler.eventsFired, scheduler.now, grower.kept.length];
    };
    expect(fired({ limitBytes: Number.MAX_SAFE_INTEGER, everyEvents: 7, heapUsedBytes: () => 1 })).toEqual(fired());
  });
});
