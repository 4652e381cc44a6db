/**
 * The scenario library (scenarios/*.yaml) is a course: every file must load without warnings,
 * carry the schema line, and pass: its expectations hold and no invariant failed. Each file is
 * one test case per seed. Every expectation was checked over seeds 1–5 when written; by default
 * this suite runs seed 1 (the file's own seed) so that the library stays cheap in CI;
 * `LESSON_SEEDS=5 npx vitest run test/scenarios/library.test.ts` runs seeds 1–5.
 * The course order is the numbered table of scenarios/README.md (`kafkasim list` follows it).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWithOverrides, runScenario } from "../../src/scenario/run.js";

const DIR = join(import.meta.dirname, "../../scenarios");
const FILES = readdirSync(DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f) && f !== "schema.json")
  .sort();
const README = readFileSync(join(DIR, "README.md"), "utf8");
const SEEDS = Number(process.env.LESSON_SEEDS ?? "1");

/** The course, in teaching order: the rows `| N | `file.yaml` | … |` of scenarios/README.md. */
const COURSE = [...README.matchAll(/^\| (\d+) \| `([^`]+)` \|/gm)].map((m) => ({ number: Number(m[1]), file: m[2]! }));
const CASES = FILES.flatMap((file) => Array.from({ length: SEEDS }, (_, i) => ({ file, seed: i + 1 })));

describe("the scenario library", () => {
  it("the course in scenarios/README.md numbers every scenario file once, 1 … N, and has at least 30 lessons (Reference: docs/cli.md, kafkasim list)", () => {
    expect(COURSE.map((c) => c.number)).toEqual(COURSE.map((_, i) => i + 1));
    expect(COURSE.map((c) => c.file).sort()).toEqual(FILES);
    expect(COURSE.length).toBeGreaterThanOrEqual(30);
  });

  it("every lesson's description names a comparison or run to try, and no description cites a file outside the repository", () => {
    for (const file of FILES) {
      const { scenario } = loadWithOverrides(join(DIR, file));
      expect(scenario.description, file).toMatch(/`kafkasim (compare|run) scenarios\//);
      expect(scenario.description, file).not.toMatch(/kafka-seman[t]ics|(?<!docs\/)anomalies\.md|SCENARIO-FORMA[T]|DESIGN\.md/);
    }
  });

  it("every compare command in the descriptions and in scenarios/README.md names a file and values that load without warnings", () => {
    const texts = [README, ...FILES.map((file) => loadWithOverrides(join(DIR, file)).scenario.description)];
    let checked = 0;
    for (const text of texts) {
      for (const m of text.matchAll(/kafkasim compare scenarios\/(\S+) --vary (\S+?)=(\S+)((?: --set '[^']+')?)/g)) {
        const sets = m[4] ? [m[4].replace(/ --set '|'/g, "")] : [];
        for (const value of m[3]!.split(",")) {
          const loaded = loadWithOverrides(join(DIR, m[1]!), [...sets, `${m[2]}=${value}`]);
          expect(loaded.warnings, `${m[0]} (${value})`).toEqual([]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it.each(FILES)("%s loads without warnings, names itself after its file and points at the schema (Reference: scenarios/README.md)", (file) => {
    const text = readFileSync(join(DIR, file), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./schema.json");
    const loaded = loadWithOverrides(join(DIR, file));
    expect(loaded.warnings).toEqual([]);
    expect(`${loaded.scenario.name}.yaml`).toBe(file);
    expect(loaded.scenario.description.length).toBeGreaterThan(200);
    expect(loaded.scenario.expect.length).toBeGreaterThan(0);
  });

  it.each(CASES)("$file passes with seed $seed: its expectations hold and no invariant failed", ({ file, seed }) => {
    const result = runScenario(join(DIR, file), { seed });
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.expectations.length).toBeGreaterThan(0);
  });
});
