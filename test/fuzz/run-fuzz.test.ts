import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioFile, runScenario } from "kafkasim";
import { FuzzArbitraryError, FuzzUsageError, findProfile, runFuzz, type FuzzProfile, type FuzzResult } from "kafkasim/fuzz";

const out = mkdtempSync(join(tmpdir(), "kafkasim-fuzz-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A mutant whose leader HW follows its own LEO, ignoring the ISR (src/check/mutants.ts): bad in every run. */
const MUTANT = "hw-ignores-isr";

/** Print how to repeat a search when an assertion about it fails. */
function why(result: FuzzResult): string {
  return `reproduce: ${result.reproduce}\n${JSON.stringify(result.counterexamples, null, 2)}`;
}

describe("kafkasim fuzz options (docs/scenario-format.md Command line: fuzz)", () => {
  it("rejects an unknown profile with a usage error that lists the profiles", () => {
    expect(() => runFuzz({ runs: 1, seed: 1, profile: "nope", outDir: out })).toThrow(FuzzUsageError);
    expect(() => runFuzz({ runs: 1, seed: 1, profile: "nope", outDir: out })).toThrow(
      /acks-all-durability, idempotence, invariants, mutants, acks1, unclean, no-idempotence, kafka-0.10, commit-before-processing/,
    );
  });

  it("rejects a non-positive number of runs, a shard outside 1…N, an unknown bug and --vary-config without a file", () => {
    expect(() => runFuzz({ runs: 0, seed: 1, outDir: out })).toThrow(FuzzUsageError);
    expect(() => runFuzz({ runs: 3, seed: 1, outDir: out, shard: { index: 3, count: 2 } })).toThrow(/--shard must be k\/N/);
    expect(() => runFuzz({ runs: 3, seed: 1, outDir: out, bug: "no-such-bug" })).toThrow(/unknown bug "no-such-bug".*hw-ignores-isr/);
    expect(() => runFuzz({ runs: 3, seed: 1, outDir: out, varyConfig: [{ key: "acks", values: ["1", "all"] }] })).toThrow(/needs a scenario FILE/);
  });

  it("runs the mutants profile with no mutant as the false-alarm guard when the mutant list is empty (--bug none): Kafka's own promises, nothing expected to fail", () => {
    const result = runFuzz({ runs: 3, seed: 1, profile: "mutants", outDir: join(out, "guard"), mutants: [], selfCheck: 0 });
    expect(result.skipped).toBeUndefined();
    expect(result.runsExecuted).toBe(3);
    expect(result.stats.bugs).toEqual({});
    expect(result.stats.runs).toBe(3);
    expect(result.counterexamples).toEqual([]);
    expect(result.passed).toBe(true);
  });
});

describe("kafkasim fuzz finds nothing where Kafka promises durability (Reference: docs/anomalies.md Expected outcomes)", () => {
  it("5 runs of acks-all-durability (acks=all, RF 3, min.insync.replicas=2, clean elections) lose no acknowledged write", () => {
    const dir = join(out, "durable");
    const result = runFuzz({ runs: 5, seed: 20_251_125, profile: "acks-all-durability", outDir: dir });
    expect(result.counterexamples, why(result)).toEqual([]);
    expect(result.passed).toBe(true);
    expect(result.runsExecuted).toBe(5);
    expect(() => readdirSync(dir)).toThrow();
  });
});

describe("kafkasim fuzz finds, shrinks and writes a counterexample for a protocol mutant", () => {
  const dir = join(out, "mutants");
  let result: FuzzResult | undefined;
  const search = (): FuzzResult => (result ??= runFuzz({ runs: 30, seed: 1, profile: "mutants", outDir: dir, bug: MUTANT, maxShrinkAttempts: 60 }));
  const name = () => `fuzz-mutants-1-${search().counterexamples[0]?.run ?? 0}`;

  it("hw-ignores-isr (the HW passes records the ISR does not hold) breaks committed-prefix agreement, and the search finds it", () => {
    const found = search();
    expect(found.passed, why(found)).toBe(false);
    expect(found.counterexamples).toHaveLength(1);
    const [counterexample] = found.counterexamples;
    expect(counterexample?.file).toBe(join(dir, `${name()}.yaml`));
    expect(counterexample?.kind).toBe("property");
    expect(counterexample?.failures.join("\n")).toMatch(/committed-prefix-agreement|lost-write/);
    expect(readdirSync(dir)).toEqual([`${name()}.yaml`]);
    // The run number names the file, and the reproduce command's --runs ends at that run.
    expect(counterexample?.reproduce).toBe(`kafkasim fuzz --profile mutants --bug ${MUTANT} --seed 1 --runs ${counterexample?.run}`);
  });

  it("the written file is a valid scenario with the mutant, the property as expect, and the fuzz seed in its name", () => {
    search();
    const file = join(dir, `${name()}.yaml`);
    const { scenario } = loadScenarioFile(file);
    expect(scenario.name).toBe(name());
    expect(scenario.cluster.bugs).toEqual([MUTANT]);
    expect(scenario.expect.map((e) => `${e.metric}: ${e.text}`)).toEqual([
      "lost-write: 0",
      "duplicate: 0",
      "nonmonotonic-send: 0",
      "lost-processing: 0",
      "stale-commit: 0",
      "unconverged: 0",
    ]);
    expect(readFileSync(file, "utf8")).toMatch(/^# yaml-language-server: \$schema=/);
  });

  it("running the written file replays the failure bit for bit: it fails (exit 1) with the fuzzer's trace hash", () => {
    const found = search();
    const [counterexample] = found.counterexamples;
    expect(counterexample?.replayed, why(found)).toBe(true);
    const replay = runScenario(counterexample?.file as string);
    expect(replay.passed).toBe(false);
    expect(replay.traceHash).toBe(counterexample?.traceHash);
    expect(replay.seed).toBe(counterexample?.seed);
  });

  it("leaves no fault that did nothing in the counterexample: each fault took effect when it fired", () => {
    const replay = runScenario(search().counterexamples[0]?.file as string);
    const { scenario } = loadScenarioFile(search().counterexamples[0]?.file as string);
    for (const fault of scenario.faults) {
      // A fault triggered by an event (after) fires later than its at: it acted unless the runner reports it skipped.
      const acted =
        fault.after === null
          ? replay.timeline.some((line) => line.kind === "fault" && line.atUs === fault.atUs && line.text.startsWith(`${fault.kind} `))
          : !replay.timeline.some((line) => line.kind === "fault-skipped" && line.text.startsWith(`${fault.kind} `) && line.text.includes("(armed at "));
      expect(acted, `${fault.kind} at ${fault.atUs} µs did nothing`).toBe(true);
    }
  });
});

describe("a generated scenario that fails validation is reported as a bug in the arbitraries", () => {
  it("throws FuzzArbitraryError with the loader's error and the scenario when a profile asks for an impossible replication factor", () => {
    const broken: FuzzProfile = {
      ...(findProfile("acks-all-durability") as FuzzProfile),
      name: "broken",
      generation: () => ({ ...(findProfile("acks-all-durability") as FuzzProfile).generation([]), replicationFactors: [6] }),
    };
    let error: unknown;
    try {
      runFuzz({ runs: 3, seed: 1, profile: broken, outDir: join(out, "broken") });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FuzzArbitraryError);
    expect((error as FuzzArbitraryError).message).toMatch(/replication factor 6 is larger than the number of brokers/);
    expect((error as FuzzArbitraryError).message).toMatch(/bug in src\/fuzz\/arbitraries\.ts/);
    expect(() => readdirSync(join(out, "broken"))).toThrow();
  });
});
