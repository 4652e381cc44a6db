/**
 * Proof that the checker catches bugs: every deliberate protocol mutant of the catalogue
 * (src/check/mutants.ts) is run in a scenario built to expose it (test/check/mutants/scenarios.ts).
 * With `cluster.bugs: [name]` the run must report the anomaly or invariant violation the catalogue
 * names; the same scenario and seed without the mutant must pass with none of them.
 */
import { describe, expect, it } from "vitest";
import { MUTANTS } from "../../src/check/mutants.js";
import { MUTANT_NAMES, mutantSet } from "../../src/kafka/mutant-names.js";
import { runScenario } from "../../src/scenario/run.js";
import type { RunResult } from "../../src/scenario/result.js";
import { MUTANT_CASES, type MutantCase, type RawScenario } from "./mutants/scenarios.js";

function run(c: MutantCase, seed: number, withBug: boolean): RunResult {
  const scenario = structuredClone(c.scenario) as RawScenario & { cluster: Record<string, unknown> };
  if (withBug) scenario.cluster = { ...scenario.cluster, bugs: [c.mutant] };
  return runScenario(scenario, { seed });
}

/** The count of a metric or of an invariant's violations. */
function count(result: RunResult, name: string): number {
  return result.metrics[name] ?? result.invariants.find((i) => i.name === name)?.violations ?? 0;
}

function violations(result: RunResult): string[] {
  return result.invariants.filter((i) => i.violations > 0).map((i) => `${i.name}: ${i.first?.description ?? ""}`);
}

describe("every mutant of the catalogue has a scenario", () => {
  it("the catalogue describes exactly the mutants the model can switch on (src/kafka/mutant-names.ts), each once", () => {
    expect(MUTANTS.map((m) => m.name)).toEqual([...MUTANT_NAMES]);
    expect(() => mutantSet(["hw-ignores-isr", "hw-ignore-isr"])).toThrow(/unknown protocol mutant "hw-ignore-isr"/);
  });

  it("lists each catalogue mutant exactly once, and only those", () => {
    expect(MUTANT_CASES.map((c) => c.mutant).sort()).toEqual(MUTANTS.map((m) => m.name).sort());
  });

  it("names, for each mutant, the checks the catalogue says catch it", () => {
    for (const c of MUTANT_CASES) {
      const entry = MUTANTS.find((m) => m.name === c.mutant)!;
      for (const check of c.caughtBy) expect(entry.caughtBy, c.mutant).toContain(check);
    }
  });
});

describe("mutants are caught, and the same run without them is clean", () => {
  for (const c of MUTANT_CASES) {
    const title = `${c.mutant}: ${c.caughtBy.join(" or ")} (Reference: ${c.reference})`;
    if (c.notCaughtYet) {
      it(`${c.mutant}: without the mutant the scenario passes clean (Reference: ${c.reference})`, () => {
        const clean = run(c, c.seeds[0]!, false);
        expect(violations(clean)).toEqual([]);
        expect(clean.failures).toEqual([]);
        expect(clean.passed).toBe(true);
      });
      it.todo(`${title} — not caught yet: ${c.notCaughtYet}`);
      continue;
    }
    it(title, () => {
      let caughtSeed: number | null = null;
      let buggy: RunResult | null = null;
      for (const seed of c.seeds) {
        buggy = run(c, seed, true);
        if (c.caughtBy.some((name) => count(buggy!, name) > 0)) {
          caughtSeed = seed;
          break;
        }
      }
      expect(caughtSeed, `${c.mutant} not caught by ${c.caughtBy.join("/")} with seeds ${c.seeds.join(",")}`).not.toBeNull();
      expect(buggy!.passed).toBe(false);

      const clean = run(c, caughtSeed!, false);
      expect(violations(clean)).toEqual([]);
      for (const name of c.caughtBy) expect(count(clean, name), `${name} without the mutant`).toBe(0);
      expect(clean.failures).toEqual([]);
      expect(clean.passed).toBe(true);
    });
  }
});
