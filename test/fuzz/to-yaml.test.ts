import fc from "fast-check";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioText, normaliseScenario } from "kafkasim";
import {
  PROFILES,
  counterexampleName,
  findProfile,
  fuzzCommand,
  scenarioArbitrary,
  scenarioToYaml,
  schemaReference,
  type FuzzProfile,
  type RawScenario,
} from "kafkasim/fuzz";
// Internal helpers of the counterexample writer (not part of the public API).
import { asCounterexample, counterexampleText, writeAtomically, type Provenance } from "../../src/fuzz/counterexample-file.js";

const durability = findProfile("acks-all-durability") as FuzzProfile;

const example: RawScenario = {
  name: "fuzz-acks-all-durability-42-1",
  description: "A generated scenario whose description is long enough that the writer has to fold it over more than one line of text.",
  seed: 17,
  duration: "12s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 }, protocol: "modern" },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 3, config: { "min.insync.replicas": 2 } }],
  producers: [{ name: "p1", topic: "orders", config: { acks: "all" }, rate: "50/s" }],
  consumers: [{ group: "g1", topics: ["orders"], config: { "auto.offset.reset": "earliest" }, commit: "after-processing" }],
  faults: [
    { at: "2.5s", partition: [["leader(orders-0)"], ["rest"]], "heal-after": "4s" },
    { at: "3s", cut: { from: ["broker-1"], to: ["controller"] } },
  ],
  expect: { "lost-write": 0 },
};

describe("to-yaml writes a readable scenario file that loads back to the same scenario (docs/scenario-format.md File)", () => {
  it("round-trips every generated scenario of every profile: object → YAML → loader gives the normalised scenario of the object", () => {
    for (const profile of PROFILES) {
      fc.assert(
        fc.property(
          scenarioArbitrary(profile.generation(["acks-all-early-ack"]), { name: "fuzz-rt-1-1", description: "round trip", expect: profile.expect }),
          (raw) => {
            const direct = normaliseScenario(raw, "rt.yaml").scenario;
            const viaYaml = loadScenarioText(scenarioToYaml(raw), "rt.yaml").scenario;
            expect(viaYaml).toEqual(direct);
          },
        ),
        { seed: 4242, numRuns: 50 },
      );
    }
  });

  it("starts with the yaml-language-server schema line, then the header comments, then name", () => {
    const text = scenarioToYaml(example, { schema: "../scenarios/schema.json", header: ["Found by: kafkasim fuzz", "", "Replay: kafkasim run x.yaml"] });
    expect(text.split("\n").slice(0, 5)).toEqual([
      "# yaml-language-server: $schema=../scenarios/schema.json",
      "# Found by: kafkasim fuzz",
      "#",
      "# Replay: kafkasim run x.yaml",
      "name: fuzz-acks-all-durability-42-1",
    ]);
  });

  it("writes the description folded, short target lists in flow style, and a blank line before each section", () => {
    const text = scenarioToYaml(example);
    expect(text).toMatch(/^description: >-?\n {2}A generated scenario/m);
    expect(text).toContain("partition: [[leader(orders-0)], [rest]]");
    expect(text).toContain("cut: {from: [broker-1], to: [controller]}");
    expect(text).toContain("topics: [orders]");
    for (const section of ["cluster", "topics", "producers", "consumers", "faults", "expect"]) expect(text).toContain(`\n\n${section}:`);
    expect(text).not.toContain("$schema:");
  });

  it("writes a chained fault's id before its time and its after on one line, and loads back the chain (docs/scenario-format.md Chained faults)", () => {
    const chained: RawScenario = {
      ...example,
      faults: [
        { id: "cut-voter", at: "3s", isolate: "controller-2", "heal-after": "5s" },
        { at: "0s", after: { fault: "cut-voter", on: "end", delay: "500ms" }, crash: "controller" },
      ],
    };
    const text = scenarioToYaml(chained);
    expect(text).toContain(
      [
        "faults:",
        "  - id: cut-voter",
        "    at: 3s",
        "    isolate: controller-2",
        "    heal-after: 5s",
        "  - at: 0s",
        "    after: {fault: cut-voter, on: end, delay: 500ms}",
        "    crash: controller",
      ].join("\n"),
    );
    const loaded = loadScenarioText(text, "chain.yaml").scenario;
    expect(loaded).toEqual(normaliseScenario(chained, "chain.yaml").scenario);
    expect(loaded.faults[1]?.after).toEqual({ fault: "cut-voter", faultIndex: 0, on: "end", delayUs: 500_000 });
  });

  it("keeps Kafka config names whole and values as scalars Kafka accepts (acks: all, min.insync.replicas: 2)", () => {
    const text = scenarioToYaml(example);
    expect(text).toContain("      min.insync.replicas: 2\n");
    expect(text).toContain("      acks: all\n");
  });
});

describe("a counterexample file says what failed, how it was found and how to replay it", () => {
  const out = mkdtempSync(join(tmpdir(), "kafkasim-fuzz-yaml-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const provenance: Provenance = {
    searched: `profile ${durability.name}`,
    property: durability.property,
    command: fuzzCommand(durability.name, 42, 100),
    failingRun: 7,
    shrinks: 12,
    failures: ["expected lost-write 0, got 3"],
  };

  it("is named fuzz-<profile>-<seed>-<n> and its description states the property and the failure", () => {
    const name = counterexampleName("acks-all-durability", 42, 1);
    expect(name).toBe("fuzz-acks-all-durability-42-1");
    const raw = asCounterexample(example, name, provenance);
    expect(raw.name).toBe(name);
    expect(raw.description).toContain("kafkasim fuzz --profile acks-all-durability --seed 42 --runs 100");
    expect(raw.description).toContain("no acknowledged write is lost");
    expect(raw.description).toContain("expected lost-write 0, got 3");
    expect(raw.expect).toEqual({ "lost-write": 0 });
  });

  it("is written atomically: the final file exists, no temporary file is left, and it loads as a valid scenario", () => {
    const path = join(out, "nested", "fuzz-acks-all-durability-42-1.yaml");
    const raw = asCounterexample(example, "fuzz-acks-all-durability-42-1", provenance);
    writeAtomically(path, counterexampleText(raw, path, join(out, "nested"), provenance));
    expect(readdirSync(join(out, "nested"))).toEqual(["fuzz-acks-all-durability-42-1.yaml"]);
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+scenarios\/schema\.json\n/);
    expect(text).toContain(`# Replay:   kafkasim run ${path}`);
    expect(text).toContain("# Failed:   expected lost-write 0, got 3");
    expect(loadScenarioText(text, path).scenario.seed).toBe(17);
  });

  it("points its schema line at the project's scenarios/schema.json, relative to the output directory", () => {
    expect(schemaReference(join(process.cwd(), "scenarios"))).toBe("./schema.json");
    expect(schemaReference(join(process.cwd(), "reports", "fuzz"))).toBe("../../scenarios/schema.json");
    expect(schemaReference("reports/fuzz")).toBe("../../scenarios/schema.json");
    expect(schemaReference(tmpdir())).toBe(join(process.cwd(), "scenarios", "schema.json"));
  });
});
