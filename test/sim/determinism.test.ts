import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runPing } from "../../bench/ping-model.js";

describe("Determinism (docs/architecture.md principle 1: same seed, same run, bit for bit)", () => {
  it("the same seed gives the same trace hash in one process", () => {
    expect(runPing(3, 5_000_000).traceHash).toBe(runPing(3, 5_000_000).traceHash);
  });

  it("a different seed gives a different trace hash for a randomised workload", () => {
    expect(runPing(3, 5_000_000).traceHash).not.toBe(runPing(4, 5_000_000).traceHash);
  });

  it("the same seed gives the same trace hash in two separate processes", () => {
    const run = () => execFileSync("node_modules/.bin/tsx", ["test/sim/fixtures/print-ping-hash.ts", "3"], { encoding: "utf8" });
    const first = run();
    const second = run();
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(second).toBe(first);
    expect(first).toBe(runPing(3, 5_000_000).traceHash);
  });
});
