/**
 * `kafkasim fuzz FILE` and the vitest helper: a user's own scenario is the base (its cluster,
 * topics, configs, workloads and expect stay); the search draws fault schedules over its duration.
 * The helper turns that into a property test whose failure says where the counterexample is, its
 * seed, and `Reproduce with:`. These tests use the public exports only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioFile, runScenario } from "kafkasim";
import { runFuzz } from "kafkasim/fuzz";
import { checkScenarioProperty, scenarioProperty, ScenarioPropertyError } from "kafkasim/vitest";

const out = mkdtempSync(join(tmpdir(), "kafkasim-fuzz-file-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ACKS1 = "test/fuzz/fixtures/orders-acks1.yaml";
const DURABLE = "test/fuzz/fixtures/orders-durable.yaml";

describe("fuzz around a scenario file: the file is the base, the faults are drawn", () => {
  const dir = join(out, "acks1");
  const result = runFuzz({ scenario: ACKS1, faultKinds: ["crash", "shutdown"], runs: 10, seed: 5, outDir: dir, selfCheck: 0, maxShrinkAttempts: 15 });

  it("finds a lost write around the acks=1 file (Reference: docs/anomalies.md, acks=1 promises nothing on leader failure)", () => {
    expect(result.passed, result.reproduce).toBe(false);
    expect(result.profile).toBe("file");
    expect(result.counterexamples[0]?.failures.join("\n")).toMatch(/expected lost-write 0, got \d+/);
    expect(result.reproduce).toBe("kafkasim fuzz test/fuzz/fixtures/orders-acks1.yaml --seed 5 --runs 10");
  });

  it("keeps the file's cluster, topics, producer configs and expect; only seed and faults change; the file replays", () => {
    const [found] = result.counterexamples;
    const { scenario } = loadScenarioFile(found?.file as string);
    const { scenario: base } = loadScenarioFile(ACKS1);
    expect(scenario.cluster.brokerNames).toEqual(base.cluster.brokerNames);
    expect(scenario.topics).toEqual(base.topics);
    expect(scenario.producers.map((p) => p.explicitConfig)).toEqual(base.producers.map((p) => p.explicitConfig));
    expect(scenario.expect).toEqual(base.expect);
    expect(scenario.faults.length).toBeGreaterThan(0);
    expect(scenario.faults.every((fault) => fault.kind === "crash" || fault.kind === "shutdown")).toBe(true);
    expect(found?.replayed).toBe(true);
    expect(runScenario(found?.file as string).traceHash).toBe(found?.traceHash);
    expect(readFileSync(found?.file as string, "utf8")).toContain("# Found by: kafkasim fuzz test/fuzz/fixtures/orders-acks1.yaml --seed 5 --runs ");
  });

  it("--vary-config acks=1,all: each run takes one value, and the statistics count both", () => {
    const varied = runFuzz({
      scenario: DURABLE,
      varyConfig: [{ key: "acks", values: ["1", "all"] }],
      runs: 6,
      seed: 1,
      outDir: join(out, "vary"),
      selfCheck: 0,
      maxShrinkAttempts: 0,
    });
    expect((varied.stats.configs["acks=1"] ?? 0) + (varied.stats.configs["acks=all"] ?? 0)).toBe(varied.runsExecuted);
    expect(varied.stats.configs["acks=1"]).toBeGreaterThan(0);
    expect(varied.stats.configs["acks=all"]).toBeGreaterThan(0);
    expect(varied.reproduce).toContain("--vary-config acks=1,all");
  });

  it("without an expect block the property is: no anomaly and no invariant violation", () => {
    const raw = {
      name: "no-expect",
      description: "a scenario object without expect",
      seed: 1,
      duration: "5s",
      cluster: { brokers: 3 },
      topics: [{ name: "orders", "replication-factor": 3 }],
      producers: [{ name: "p1", topic: "orders", rate: "20/s" }],
    };
    const searched = runFuzz({ scenario: raw, runs: 1, seed: 1, outDir: join(out, "no-expect"), selfCheck: 0 });
    expect(searched.properties).toContain("lost-processing");
    expect(searched.properties).toContain("duplicate");
    expect(searched.property).toBe("no anomaly at all and no cluster invariant is violated");
  });
});

describe("kafkasim/vitest: a scenario as a property test", () => {
  scenarioProperty("the durable file loses no acknowledged write under drawn crashes (registered by scenarioProperty)", DURABLE, {
    runs: 2,
    seed: 1,
    outDir: join(out, "property"),
    selfCheck: 0,
  });

  it("a failing property throws with the counterexample file, its seed and `Reproduce with:`", () => {
    let error: unknown;
    try {
      checkScenarioProperty(ACKS1, { faultKinds: ["crash", "shutdown"], runs: 10, seed: 5, outDir: join(out, "helper"), selfCheck: 0, maxShrinkAttempts: 5 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioPropertyError);
    const message = (error as Error).message;
    const file = (error as ScenarioPropertyError).result.counterexamples[0]?.file as string;
    expect(file).toMatch(/fuzz-orders-acks1-5-\d+\.yaml$/);
    expect(message).toContain(`Counterexample: ${file}`);
    expect(message).toMatch(/Seed: \d+ \(run \d+ of the search with seed 5\)/);
    expect(message).toContain(`Reproduce with: kafkasim run ${file}`);
    expect(message).toMatch(/Failed: expected lost-write 0, got \d+/);
  });
});

describe("the README's paste-able property test", () => {
  it("its orders.yaml loads and its scenarioProperty options run (2 runs here)", () => {
    const readme = readFileSync("README.md", "utf8");
    const yaml = /with `test\/orders\.yaml`:\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(yaml).toBeDefined();
    const options = /scenarioProperty\("[^"]+", "test\/orders\.yaml", \{([\s\S]*?)\}\);/.exec(readme)?.[1] ?? "";
    expect(options).toContain("runs: 20");
    const kinds = JSON.parse(/faultKinds: (\[[^\]]*\])/.exec(options)?.[1] ?? "[]") as string[];
    const dir = mkdtempSync(join(out, "readme-"));
    const file = join(dir, "orders.yaml");
    writeFileSync(file, yaml as string);
    const result = checkScenarioProperty(file, { runs: 2, seed: 1, faultKinds: kinds as never, outDir: join(dir, "fuzz"), selfCheck: 0 });
    expect(result.runsExecuted).toBe(2);
  });
});
