import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runScenario } from "kafkasim";
import { findProfile, scenarioArbitrary } from "kafkasim/fuzz";

// Liveness after faults heal (TigerBeetle's liveness phase, docs/scenario-format.md "The drain phase"):
// random clusters and fault schedules of the `invariants` profile must run without error, keep
// every cluster invariant, and converge in the drain. Seeds are fixed; a failure prints the
// scenario so it can be saved as a file and replayed. One test per sample, each with a generous
// limit: the outcome never depends on how fast the machine is.
const SAMPLES = fc.sample(scenarioArbitrary(findProfile("invariants")!.generation([]), { name: "liveness", description: "liveness probe" }), {
  seed: 2026,
  numRuns: 12,
});

describe("Liveness of random fault schedules (fast-check, fixed seeds)", () => {
  it.each(SAMPLES.map((raw, index) => [index + 1, raw] as const))(
    "sample %i runs, keeps every invariant and converges in the drain",
    (_index, raw) => {
      const result = runScenario(raw, { seed: 1 });
      const violated = result.invariants.filter((i) => i.violations > 0).map((i) => `${i.name}: ${i.first?.description}`);
      const context = `scenario: ${JSON.stringify(raw)}\nnot converged: ${result.partitions
        .filter((p) => !p.converged)
        .map((p) => `${p.partition} (${p.why})`)
        .join("; ")}`;
      expect(violated, context).toEqual([]);
      expect(result.converged, context).toBe(true);
    },
    300_000,
  );
});
