/**
 * The campaign's contract: run i is a pure function of (profile, seed, i), so shards cover the run
 * sequence exactly once and merge back into the whole; the determinism self-check catches a run
 * that differs when repeated; JUnit output is well-formed XML with one test case per property.
 * The runs here are replaced by a tiny scenario through the test-only hook, so that the tests
 * check the campaign, not the model, and stay fast.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fuzzJunit, mergeFuzzResults, runFuzz, type FuzzResult, type FuzzTestHooks, type RawScenario } from "kafkasim/fuzz";

const out = mkdtempSync(join(tmpdir(), "kafkasim-campaign-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A one-second scenario that passes: what every run executes instead of the generated one. */
const TINY: RawScenario = {
  name: "tiny",
  description: "a tiny passing run",
  seed: 1,
  duration: "1s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 } },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 3 }],
  producers: [{ name: "p1", topic: "orders", rate: "20/s" }],
} as RawScenario;

/** Hooks that record every generated scenario (by its name, which holds the run number) and run TINY instead. */
function recorder(seen: string[], perturb?: (execution: number) => number): FuzzTestHooks {
  return {
    beforeRun(raw, execution) {
      if (execution === 1) seen.push(`${raw.name} ${JSON.stringify({ ...raw, name: "", description: "" })}`);
      return { ...TINY, seed: perturb?.(execution) ?? 1 };
    },
  };
}

describe("shards: run i depends only on (profile, seed, i) (Reference: TigerBeetle VOPR seeds, fast-check replay paths)", () => {
  const runs = 7;
  const whole: string[] = [];
  const wholeResult = runFuzz({ runs, seed: 5, outDir: out, selfCheck: 0, testHooks: recorder(whole) });
  const shards = [1, 2, 3].map((index) => {
    const seen: string[] = [];
    const result = runFuzz({ runs, seed: 5, outDir: out, selfCheck: 0, shard: { index, count: 3 }, testHooks: recorder(seen) });
    return { seen, result };
  });

  it("the three shards of 7 runs generate runs 1,4,7 / 2,5 / 3,6: together every run exactly once", () => {
    expect(shards.map((s) => s.seen.map((line) => Number(line.split(" ")[0]?.split("-").pop())))).toEqual([
      [1, 4, 7],
      [2, 5],
      [3, 6],
    ]);
    const union = shards.flatMap((s) => s.seen).sort();
    expect(union).toEqual([...whole].sort());
    expect(new Set(union).size).toBe(runs);
  });

  it("merging the shards' results gives the whole campaign's runs and statistics", () => {
    const merged = mergeFuzzResults(
      shards.map((s) => JSON.parse(JSON.stringify(s.result)) as FuzzResult),
      ["a.json", "b.json", "c.json"],
    );
    expect(merged.runsExecuted).toBe(wholeResult.runsExecuted);
    expect(merged.stats.faultKinds).toEqual(wholeResult.stats.faultKinds);
    expect(merged.stats.configs).toEqual(wholeResult.stats.configs);
    expect(merged.merged).toEqual({ shards: [1, 2, 3], of: 3, missing: [] });
    expect(merged.reproduce).toBe(wholeResult.reproduce);
    expect(merged.passed).toBe(true);
  });

  it("merge refuses a shard of another campaign and a shard given twice, and reports missing shards", () => {
    const [a, b] = shards.map((s) => s.result) as [FuzzResult, FuzzResult];
    expect(() => mergeFuzzResults([a, { ...b, seed: 6 }], ["a.json", "b.json"])).toThrow(/b\.json is another campaign/);
    expect(() => mergeFuzzResults([a, a], ["a.json", "a2.json"])).toThrow(/shard 1\/3 appears twice/);
    expect(mergeFuzzResults([a, b]).merged.missing).toEqual([3]);
  });
});

describe("determinism self-check (Reference: FoundationDB's simulation, run twice and compare)", () => {
  it("catches a run whose second execution differs (a test-only hook changes the seed): a failure of its own kind, with its seed", () => {
    const dir = join(out, "nondeterminism");
    const result = runFuzz({ runs: 3, seed: 2, outDir: dir, selfCheck: 1, testHooks: recorder([], (execution) => execution) });
    expect(result.passed).toBe(false);
    const [found] = result.counterexamples;
    expect(found?.kind).toBe("nondeterminism");
    expect(found?.run).toBe(1);
    expect(found?.properties).toEqual(["determinism"]);
    expect(found?.failures[0]).toMatch(
      /nondeterministic: the same scenario ran twice and differed — first trace hash \w+ \(passed\), then trace hash \w+ \(passed\)/,
    );
    expect(found?.file).toBe(join(dir, "fuzz-acks-all-durability-2-1-nondeterministic.yaml"));
    expect(result.stats.selfChecks).toBe(1);
  });

  it("passes when both executions agree, and samples about the requested share of runs", () => {
    const result = runFuzz({ runs: 40, seed: 2, outDir: out, selfCheck: 0.25, testHooks: recorder([]) });
    expect(result.passed).toBe(true);
    expect(result.stats.selfChecks).toBeGreaterThan(3);
    expect(result.stats.selfChecks).toBeLessThan(20);
  });
});

/** A small well-formedness check: tags nest and close, attributes are quoted, no raw < or stray & in text. */
function assertWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, "");
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(body)) !== null) {
    consumed = token.lastIndex;
    const [, closing, name, , selfClosing, text] = match;
    if (text !== undefined) {
      expect(text.replace(/&(amp|lt|gt|quot|apos);/g, "")).not.toMatch(/[&<]/);
      continue;
    }
    if (closing === "/") expect(stack.pop()).toBe(name);
    else if (selfClosing !== "/") stack.push(name as string);
  }
  expect(consumed, `unparsed XML at ${body.slice(consumed, consumed + 40)}`).toBe(body.length);
  expect(stack).toEqual([]);
}

describe("JUnit XML (--junit): one test case per property, the counterexample in the failure message", () => {
  const passing = runFuzz({ runs: 2, seed: 3, outDir: out, selfCheck: 0, testHooks: recorder([]) });

  it("a passing campaign is a well-formed suite of passing test cases: lost-write, invariants, determinism, errors", () => {
    const xml = fuzzJunit(passing);
    assertWellFormedXml(xml);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('tests="4" failures="0"');
    expect(xml).toContain('name="lost-write holds (expect lost-write)"');
  });

  it("a counterexample fails the test cases of the properties it breaks, with its file, seed and the reproduce command", () => {
    const failing: FuzzResult = {
      ...passing,
      passed: false,
      counterexamples: [
        {
          file: "reports/fuzz/fuzz-x-3-2.yaml",
          kind: "property",
          run: 2,
          seed: 77,
          failures: ['expected lost-write 0, got 3 <&> "quoted"'],
          traceHash: "abc",
          replayed: true,
          idleFaultsDropped: 1,
          properties: ["lost-write"],
          reproduce: "kafkasim fuzz --seed 3 --runs 2",
        },
      ],
    };
    const xml = fuzzJunit(failing);
    assertWellFormedXml(xml);
    expect(xml).toContain('tests="4" failures="1"');
    expect(xml).toMatch(
      /<failure message="expected lost-write 0, got 3 &lt;&amp;&gt; &quot;quoted&quot; — counterexample reports\/fuzz\/fuzz-x-3-2\.yaml \(seed 77, run 2\)" type="property">/,
    );
    expect(xml).toContain("Reproduce with: kafkasim run reports/fuzz/fuzz-x-3-2.yaml");
  });
});

describe("idle faults (Reference: the runner's fault-skipped and fault-noop timeline entries)", () => {
  it("a fault is idle when its kind's entries at its instant all say skipped or no-op, not when another kind acted then", async () => {
    const { faultWasIdle } = await import("../../src/fuzz/execute.js");
    const timeline = [
      { atUs: 500_000, kind: "fault-skipped", text: "crash leader(orders-0) skipped: no leader for orders-0" },
      { atUs: 500_000, kind: "fault", text: "restart broker-2" },
      { atUs: 900_000, kind: "fault-noop", text: "restart broker-1: nothing to do (broker-1 is already running)" },
      { atUs: 1_200_000, kind: "fault", text: "isolate [broker-3]" },
    ];
    const result = { timeline } as unknown as Parameters<typeof faultWasIdle>[0];
    expect(faultWasIdle(result, 500, "crash")).toBe(true);
    expect(faultWasIdle(result, 500, "restart")).toBe(false);
    expect(faultWasIdle(result, 900, "restart")).toBe(true);
    expect(faultWasIdle(result, 1200, "isolate")).toBe(false);
    expect(faultWasIdle(result, 1300, "isolate")).toBe(false);
  });

  it("a fault triggered by an event (after) is idle when the runner reports it skipped because its event never came", async () => {
    const { faultWasIdle } = await import("../../src/fuzz/execute.js");
    const timeline = [
      { atUs: 7_300_000, kind: "trigger", text: "leader-change of orders-0 (broker-1 → broker-2): crash leader(orders-0) fires in 200ms" },
      { atUs: 7_500_000, kind: "fault", text: "crash broker-2 (leader(orders-0))" },
      { atUs: 20_000_000, kind: "fault-skipped", text: "pause g1-1 skipped (armed at 2.5s): no rebalance of g1 before the end at 20s" },
    ];
    const result = { timeline } as unknown as Parameters<typeof faultWasIdle>[0];
    expect(faultWasIdle(result, 2500, "pause", true)).toBe(true);
    expect(faultWasIdle(result, 3000, "pause", true)).toBe(false);
    expect(faultWasIdle(result, 5000, "crash", true)).toBe(false);
  });
});
