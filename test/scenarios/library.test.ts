/**
 * The scenario library (scenarios/*.yaml) is a course: every file must load without warnings,
 * carry the schema line, and pass with its own seed — its expectations hold and no invariant
 * failed. Each expectation was checked over seeds 1–5 when written; this suite runs seed 1 (the
 * file's own seed) so that the whole library stays well under a minute.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWithOverrides, runScenario } from "../../src/scenario/run.js";

const DIR = join(import.meta.dirname, "../../scenarios");
const FILES = readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f) && f !== "schema.json").sort();

/** The course, in teaching order (scenarios/README.md lists the same files). */
const COURSE = [
  "leader-crash-acks1.yaml",
  "leader-crash-acks-all.yaml",
  "not-enough-replicas.yaml",
  "unclean-election.yaml",
  "unclean-election-disabled.yaml",
  "last-replica-standing.yaml",
  "last-replica-standing-elr.yaml",
  "correlated-power-loss.yaml",
  "kip101-scenario1.yaml",
  "kip101-scenario2.yaml",
  "kip279-fast-leader-changes.yaml",
  "kip279-fast-leader-changes-fixed.yaml",
  "zombie-leader-pause.yaml",
  "rolling-restart-controlled-shutdown.yaml",
  "zookeeper-controller-failover.yaml",
  "idempotence-lossy-link.yaml",
  "idempotence-on-lossy-link.yaml",
  "consumer-commit-before-processing.yaml",
  "consumer-commit-after-processing.yaml",
];

describe("the scenario library", () => {
  it("every scenario file in scenarios/ is part of the course, and every course entry exists (Reference: SCENARIO-FORMAT File)", () => {
    expect([...COURSE].sort()).toEqual(FILES);
    const readme = readFileSync(join(DIR, "README.md"), "utf8");
    for (const file of COURSE) expect(readme, `README.md mentions ${file}`).toContain(file);
  });

  it.each(FILES)("%s loads without warnings, names itself after its file and points at the schema (Reference: SCENARIO-FORMAT File)", (file) => {
    const text = readFileSync(join(DIR, file), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./schema.json");
    const loaded = loadWithOverrides(join(DIR, file));
    expect(loaded.warnings).toEqual([]);
    expect(`${loaded.scenario.name}.yaml`).toBe(file);
    expect(loaded.scenario.description.length).toBeGreaterThan(200);
    expect(loaded.scenario.expect.length).toBeGreaterThan(0);
  });

  it.each(FILES)("%s passes with its own seed: its expectations hold and no invariant failed (Reference: anomalies.md Expected outcomes)", (file) => {
    const result = runScenario(join(DIR, file));
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.expectations.length).toBeGreaterThan(0);
  });
});
