/**
 * Every catalogue mutant is found by the generic search — `kafkasim fuzz --profile mutants --bug
 * NAME`: the durable configuration with every promise it makes checked, no hand-built scenario —
 * from a fixed seed within a bounded number of runs, and the run it finds fails because of the
 * mutant: the same scenario without it passes. The search stops at its first failing run, so a
 * case costs only the runs up to it; each bound is several times the run that finds it today
 * (docs/fuzz.md, "Mutants: does the search find each bug?"), so that a change of the model, which
 * moves every run, leaves room, while a search that stops finding the bug fails here.
 *
 * The mutants the search needs a hundred runs or more for cost a minute of CPU each: they run
 * with KAFKASIM_FUZZ_SLOW=1 (bounded by the budget, 60 s of one core ≈ 600 runs), not in
 * every `npm test`.
 *
 * Reference: src/check/mutants.ts (the catalogue) and docs/mutants.md (what each breaks).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScenario } from "kafkasim";
import { mutantNames, runFuzz } from "kafkasim/fuzz";

const out = mkdtempSync(join(tmpdir(), "kafkasim-mutants-found-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Mutant → the seed of the search and the bound on its runs (found today at the run in the comment). */
const FOUND: Readonly<Record<string, { seed: number; within: number }>> = {
  "hw-ignores-isr": { seed: 1, within: 10 }, // run 1 (a zombie controller, docs/fuzz.md)
  "consumer-commit-before-return": { seed: 1, within: 10 }, // run 2
  "no-idempotent-dedup": { seed: 1, within: 10 }, // run 1 (a zombie controller, docs/fuzz.md)
  "producer-resequence-on-retry": { seed: 1, within: 10 }, // run 1 (a zombie controller, docs/fuzz.md)
  "local-isr-shrink": { seed: 1, within: 40 }, // run 10
  "acks-all-early-ack": { seed: 1, within: 40 }, // run 7
  "no-follower-truncation": { seed: 1, within: 40 }, // run 7
  "coordinator-forgets-generations": { seed: 1, within: 60 }, // run 15
  "consumer-reads-above-hw": { seed: 2, within: 150 }, // run 39 (seed 1: run 254, 39.5 CPU s, docs/fuzz.md)
  "unclean-election-always": { seed: 1, within: 40 }, // run 10
  "raft-vote-any-log": { seed: 1, within: 250 }, // run 78 (a rolling restart of the KRaft controllers, docs/fuzz.md)
  "no-controller-epoch-check": { seed: 1, within: 40 }, // run 9 (a zombie controller's write leaves a partition that never converges, docs/fuzz.md)
};

/** The same, for the mutants that need many runs (KAFKASIM_FUZZ_SLOW=1). */
const SLOW: Readonly<Record<string, { seed: number; within: number }>> = {
  "no-alter-partition-epoch-check": { seed: 1, within: 600 }, // run 137
  "zk-unclean-election-always": { seed: 1, within: 600 }, // run 232 (a rolling schedule, docs/fuzz.md)
};
const slow = process.env["KAFKASIM_FUZZ_SLOW"] === "1";

/** Mutants the generic search does not reach yet, and why (docs/fuzz.md); none today. */
const NOT_FOUND_YET: Readonly<Record<string, string>> = {};

describe("the generic search finds every catalogue mutant (kafkasim fuzz --profile mutants --bug NAME)", () => {
  it("covers the whole catalogue", () => {
    expect([...Object.keys(FOUND), ...Object.keys(SLOW), ...Object.keys(NOT_FOUND_YET)].sort()).toEqual([...mutantNames()]);
  });

  const cases = [
    ...Object.entries(FOUND).map(([bug, c]) => ({ bug, ...c, slow: false })),
    ...Object.entries(SLOW).map(([bug, c]) => ({ bug, ...c, slow: true })),
  ];
  for (const { bug, seed, within, slow: isSlow } of cases) {
    const title = `${bug}: seed ${seed} finds it within ${within} runs, and the run passes without it`;
    (isSlow && !slow ? it.skip : it)(isSlow ? `${title} (KAFKASIM_FUZZ_SLOW=1)` : title, () => {
      const result = runFuzz({ profile: "mutants", bug, seed, runs: within, outDir: join(out, bug), selfCheck: 0, maxShrinkAttempts: 0 });
      expect(result.passed, `not found within ${within} runs: ${result.reproduce}`).toBe(false);
      const [found] = result.counterexamples;
      expect(found?.kind).toBe("property");
      expect(found?.run).toBeLessThanOrEqual(within);
      // The file without the mutant: the same cluster, workload, faults and seed pass.
      const clean = readFileSync(found?.file as string, "utf8").replace(/^ {2}bugs: \[.*\]\n/m, "");
      expect(clean).not.toMatch(/^\s*bugs:/m);
      const file = join(out, `${bug}-clean.yaml`);
      writeFileSync(file, clean);
      const withoutMutant = runScenario(file);
      expect(withoutMutant.failures, `Reproduce with: kafkasim run ${file}`).toEqual([]);
      expect(withoutMutant.passed).toBe(true);
    });
  }

  for (const [bug, why] of Object.entries(NOT_FOUND_YET)) it.todo(`${bug}: not found by the generic search yet — ${why}`);
});
