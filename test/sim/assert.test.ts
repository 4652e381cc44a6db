/**
 * Assertions of the model: a broken precondition stops the run with an AssertionFailure instead of
 * being clamped away (TigerBeetle's TIGER_STYLE "assertions"; the kernel's rule that virtual time
 * never goes back).
 */
import { describe, expect, it } from "vitest";
import { AssertionFailure, assert } from "../../src/sim/assert.js";
import { Scheduler } from "../../src/sim/scheduler.js";
import { Disk } from "../../src/sim/disk.js";
import { PartitionLog } from "../../src/kafka/replication/partition-log.js";
import { readLogSettings } from "../../src/kafka/replication/settings.js";
import { ConfigView } from "../../src/kafka/config-view.js";
import { withRunContext } from "../../src/scenario/runner/run-context.js";
import { describeFailure } from "../../src/cli/failure.js";

describe("assert", () => {
  it("passes silently and builds a lazy message only on failure", () => {
    let built = 0;
    assert(true, () => `never ${++built}`);
    expect(built).toBe(0);
    expect(() => assert(false, () => `broken ${++built}`)).toThrow(new AssertionFailure("broken 1"));
    expect(() => assert(false, "plain")).toThrow("assertion failed: plain");
  });

  it("the scheduler refuses an event in the past instead of moving it to now", () => {
    const scheduler = new Scheduler();
    scheduler.runUntil(1_000);
    expect(() => scheduler.schedule(999, { fire() {} })).toThrow(/an event at 999 µs is in the past \(now 1000 µs\)/);
    expect(() => scheduler.schedule(1_000, { fire() {} })).not.toThrow();
  });

  it("the partition log asserts HW ≤ LEO and contiguous offsets; below the log start the HW is raised, as UnifiedLog.updateHighWatermark does", () => {
    const log = new PartitionLog(new Disk(), "orders", 0, () => readLogSettings(new ConfigView({})), undefined, 0);
    expect(() => log.setHighWatermark(1)).toThrow(/high watermark 1 above the log end offset 0/);
    expect(log.setHighWatermark(-5)).toBe(false);
    expect(log.highWatermark).toBe(0);
  });

  it("an error inside a run names the scenario, seed and simulated time, and is an internal error (exit 3)", () => {
    const error = withRunContext(new AssertionFailure("x"), "scenarios/a.yaml", 7, 2_500_000) as Error;
    expect(error.message).toBe(
      "assertion failed: x (in scenarios/a.yaml with seed 7, at 2.5s of simulated time; replay: kafkasim run scenarios/a.yaml --seed 7)",
    );
    expect(describeFailure(error, {}).exitCode).toBe(3);
    const budget = Object.assign(new Error("budget"), { name: "BudgetExceededError" });
    expect(withRunContext(budget, "a.yaml", 1, 0)).toBe(budget);
    expect((budget as Error).message).toBe("budget");
  });
});
