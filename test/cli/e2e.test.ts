/**
 * End to end: the built `kafkasim` (node dist/src/cli.js) against the real engine, asserting the
 * contract of docs/scenario-format.md "Command line" and "The result": exit statuses 0/1/2, `--json` is one
 * object with every contract field and metric, the same trace hash in two processes, bad input
 * named by file:line without a stack trace, `--set`/`--vary` effects, `compare` rows, `list`.
 * The project is compiled once, in beforeAll; a failed compilation fails this file.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CLI = "dist/src/cli.js";
const FIX = "test/cli/fixtures";
const SMALL = `${FIX}/small-crash.yaml`;
const ANOMALIES = [
  "lost-write",
  "duplicate",
  "inconsistent-offsets",
  "nonmonotonic-send",
  "poll-skip",
  "nonmonotonic-poll",
  "unseen",
  "unreadable",
  "unavailable",
  "lost-processing",
  "duplicate-processing",
];
const OUTCOMES = ["produced", "acked", "failed", "unknown", "consumed", "processed"];
const CONTRACT = [
  "scenario",
  "seed",
  "passed",
  "traceHash",
  "simulatedMs",
  "wallMs",
  "events",
  "converged",
  "metrics",
  "anomalies",
  "invariants",
  "expectations",
  "reproduce",
];

let scratch = "";

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

function kafkasim(...args: string[]): Outcome {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", KAFKASIM_DEBUG: "", KAFKASIM_NO_PROGRESS: "1" },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function json<T = Record<string, unknown>>(outcome: Outcome): T {
  return JSON.parse(outcome.stdout) as T;
}

beforeAll(() => {
  const build = spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { encoding: "utf8", timeout: 280_000 });
  if (build.status !== 0) throw new Error(`the build failed (npx tsc -p tsconfig.json):\n${build.stdout}${build.stderr}`);
  scratch = mkdtempSync(join(tmpdir(), "kafkasim-e2e-"));
}, 300_000);

afterAll(() => {
  if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
});

describe("kafkasim run, end to end (Reference: docs/scenario-format.md 'Command line', exit status)", () => {
  it("a scenario whose expectations hold prints its report and exits 0", () => {
    const out = kafkasim("run", SMALL);
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("small-crash · seed 1");
    expect(out.stdout).toContain("What happened");
    expect(out.stdout).toContain("PASSED");
    expect(out.stdout).toContain(`Reproduce with: kafkasim run ${SMALL} --seed 1`);
  });

  it("a failed expectation exits 1 and says which", () => {
    const out = kafkasim("run", `${FIX}/failing-expectation.yaml`);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("FAILED");
    expect(out.stdout).toMatch(/✗ produced == 0\s+actual [1-9]/);
  });

  it("--json prints one JSON object with every contract field, anomaly metric and client outcome", () => {
    const out = kafkasim("run", SMALL, "--json");
    expect(out.status).toBe(0);
    const result = json(out);
    for (const key of CONTRACT) expect(result, key).toHaveProperty([key]);
    const metrics = result["metrics"] as Record<string, number>;
    for (const name of [...ANOMALIES, ...OUTCOMES]) expect(typeof metrics[name], name).toBe("number");
    expect((result["invariants"] as unknown[]).length).toBeGreaterThan(0);
    expect(result["reproduce"]).toBe(`kafkasim run ${SMALL} --seed 1`);
  });

  it("the same file and seed give the same trace hash in two processes; another seed another hash", () => {
    const a = json<{ traceHash: string }>(kafkasim("run", SMALL, "--json", "--seed", "3"));
    const b = json<{ traceHash: string }>(kafkasim("run", SMALL, "--json", "--seed", "3"));
    const c = json<{ traceHash: string }>(kafkasim("run", SMALL, "--json", "--seed", "4"));
    expect(a.traceHash).toMatch(/^[0-9a-f]+$/);
    expect(b.traceHash).toBe(a.traceHash);
    expect(c.traceHash).not.toBe(a.traceHash);
  });

  it("--set changes the run: producers.p1.count=10 produces exactly 10 records, and the reproduce line keeps it", () => {
    const result = json<{ metrics: Record<string, number>; reproduce: string }>(kafkasim("run", SMALL, "--json", "--set", "producers.p1.count=10"));
    expect(result.metrics["produced"]).toBe(10);
    expect(result.reproduce).toContain("--set producers.p1.count=10");
  });

  it("--seeds 2 runs seeds 1 and 2 and aggregates them", () => {
    const result = json<{ runs: { seed: number }[]; summary: Record<string, { seedsNonZero: number }>; passed: boolean }>(
      kafkasim("run", SMALL, "--seeds", "2", "--json"),
    );
    expect(result.runs.map((r) => r.seed)).toEqual([1, 2]);
    expect(result.summary["produced"]?.seedsNonZero).toBe(2);
  });

  it("--workers 2 gives the JSON and trace hashes of --workers 1 (only wallMs may differ)", () => {
    const strip = (outcome: Outcome) => {
      const result = json<{ runs: Record<string, unknown>[] }>(outcome);
      for (const run of result.runs) delete run.wallMs;
      return result;
    };
    const one = kafkasim("run", SMALL, "--seeds", "3", "--workers", "1", "--json");
    const two = kafkasim("run", SMALL, "--seeds", "3", "--workers", "2", "--json");
    expect(two.status).toBe(one.status);
    expect(strip(two)).toEqual(strip(one));
    expect(new Set(strip(one).runs.map((r) => r.traceHash)).size).toBe(3);
    const compareOne = kafkasim("compare", SMALL, "--vary", "acks=1,all", "--seeds", "2", "--workers", "1", "--json");
    const compareTwo = kafkasim("compare", SMALL, "--vary", "acks=1,all", "--seeds", "2", "--workers", "2", "--json");
    expect(compareTwo.stdout).toBe(compareOne.stdout);
  });

  it("fuzz --workers 2 gives the JSON and the counterexample file of --workers 1 (only workers, wallMs, runsPerSec differ)", () => {
    const out = join(scratch, "fuzz-workers");
    // no-idempotence seed 8 fails at run 2 of 3: with two workers run 3 runs too and is discarded.
    const args = ["fuzz", "--profile", "no-idempotence", "--seed", "8", "--runs", "3", "--max-shrinks", "6", "--self-check", "0.5", "--json", "--out", out];
    const one = kafkasim(...args, "--workers", "1");
    const file = (JSON.parse(one.stdout) as { counterexamples: { file: string }[] }).counterexamples[0]?.file as string;
    const fileOne = readFileSync(file, "utf8");
    const two = kafkasim(...args, "--workers", "2");
    expect(one.status, one.stderr).toBe(1);
    expect(two.status, two.stderr).toBe(1);
    const strip = (text: string) => {
      const { workers: _w, wallMs: _m, runsPerSec: _r, ...rest } = JSON.parse(text) as Record<string, unknown>;
      return rest;
    };
    expect(JSON.parse(two.stdout).workers).toBe(2);
    expect(strip(two.stdout)).toEqual(strip(one.stdout));
    expect(readFileSync(file, "utf8")).toBe(fileOne);
  });

  it("--workers 2: a run stopped by its event budget is still reported plainly with exit 2", () => {
    const out = kafkasim("run", SMALL, "--seeds", "2", "--workers", "2", "--max-events", "100");
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("event budget");
    expect(out.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it("--report DIR --trace writes summary.md, result.json, report.html and a trace of JSON lines", () => {
    const dir = join(scratch, "report");
    const out = kafkasim("run", SMALL, "--report", dir, "--trace");
    expect(out.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["report.html", "result.json", "summary.md", "trace.jsonl"]);
    const lines = readFileSync(join(dir, "trace.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines.slice(0, 50)) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("# small-crash — seed 1: PASSED");
  });

  it("a run that grows past its memory budget stops with a clear message and exit 2 (--max-memory)", () => {
    // Far more than the 10,000 events between two measurements of the heap.
    const out = kafkasim("run", SMALL, "--set", "producers.p1.rate=2000/s", "--set", "duration=15s", "--max-memory", "1");
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(
      /^kafkasim: run stopped: memory budget of 1 MiB exceeded at \d+\.\d{3}s of simulated time \(\d+ MiB of JavaScript heap in use\)/,
    );
    expect(out.stderr).toContain("--max-memory");
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it("producers whose rate does not fit the event budget are bad input: file:line, exit 2", () => {
    const out = kafkasim("run", SMALL, "--set", "producers.p1.rate=5000000/s");
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(
      /^--set producers\.p1\.rate=5000000\/s: producers\[0\]\.rate: the producers would send about 25,000,000 records, more than the event budget allows \(10,000,000 records/,
    );
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it("an exhausted event budget is reported plainly with exit 2", () => {
    const out = kafkasim("run", SMALL, "--max-events", "100");
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("event budget of 100 events");
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("bad input exits 2 with file:line and no stack trace (Reference: docs/architecture.md principle 8)", () => {
  const cases: [string, RegExp][] = [
    ["syntax-error.yaml", /syntax-error\.yaml:\d+:\d+: YAML syntax error/],
    ["unknown-key.yaml", /unknown-key\.yaml:14:7: producers\[0\]\.config\.acsk/],
    ["missing-required.yaml", /missing-required\.yaml:\d+:\d+: duration: missing required key/],
    ["bad-duration.yaml", /bad-duration\.yaml:3:\d+: duration: /],
    ["unknown-topic.yaml", /unknown-topic\.yaml:12:\d+: producers\[0\]\.topic: topic payments is not declared/],
    ["trailing-comma.json", /trailing-comma\.json:\d+:\d+: JSON syntax error/],
    // Sizes beyond the limits of docs/limits.md, found before anything is built from them.
    ["too-many-brokers.yaml", /too-many-brokers\.yaml:5:12: cluster\.brokers: 99,999,999 brokers: kafkasim simulates at most 1,000/],
    ["too-many-partitions.yaml", /too-many-partitions\.yaml:8:17: topics\[0\]\.partitions: the topics have 299,999,997 partition replicas/],
    ["too-many-voters.yaml", /too-many-voters\.yaml:7:12: cluster\.controller\.nodes: 999,999 controller nodes: kafkasim simulates at most 9/],
  ];
  for (const [file, message] of cases) {
    it(`${file}`, () => {
      const out = kafkasim("run", `${FIX}/${file}`, "--json");
      expect(out.status).toBe(2);
      expect(out.stdout).toBe("");
      expect(out.stderr).toMatch(message);
      expect(out.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("a missing file, a bad --set key and a usage error exit 2", () => {
    const missing = kafkasim("run", `${FIX}/no-such-file.yaml`);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no such file");
    const badSet = kafkasim("run", SMALL, "--set", "acsk=all");
    expect(badSet.status).toBe(2);
    expect(badSet.stderr).toContain("--set acsk=all");
    expect(kafkasim("run", SMALL, "--seeds", "zero").status).toBe(2);
    expect(kafkasim("fuzz", "--profile", "no-such-profile", "--runs", "1", "--out", join(scratch, "fuzz")).status).toBe(2);
  });
});

describe("compare, list and showcase, end to end", () => {
  it("compare --vary acks=1,all prints one row per value", () => {
    const out = kafkasim("compare", SMALL, "--vary", "acks=1,all");
    expect(out.status, "the comparison ran: 0 whatever the values did (issue 13)").toBe(0);
    const rows = out.stdout.split("\n").filter((l) => /^(1|all)\s+[✓✗] \d+\/1\s/.test(l));
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(["1", "all"]);
  });

  it("compare --json gives one row per value with the comparison's fields", () => {
    const result = json<{ key: string; rows: { value: string; seeds: number; summary: Record<string, unknown> }[] }>(
      kafkasim("compare", SMALL, "--vary", "acks=1,all", "--seeds", "2", "--json"),
    );
    expect(result.key).toBe("acks");
    expect(result.rows.map((r) => [r.value, r.seeds])).toEqual([
      ["1", 2],
      ["all", 2],
    ]);
    expect(result.rows[0]?.summary).toHaveProperty(["lost-write"]);
  });

  it("list shows the scenario library with descriptions", () => {
    const out = kafkasim("list");
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/^ 1 {2}leader-crash-acks1\s+The leader of orders-0/m);
    expect(out.stdout).toMatch(/^ 2 {2}leader-crash-acks-all\s+/m);
  });

  it("showcase tells the lesson in one screen (at most 40 lines) from the real runs, and exits 0", () => {
    const out = kafkasim("showcase");
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    const lines = out.stdout.trimEnd().split("\n");
    expect(lines.length, out.stdout).toBeLessThanOrEqual(40);
    expect(out.stdout).toMatch(/acknowledged writes lost +[1-9][\d,]* of [\d,]+ +0 of [\d,]+/);
    expect(out.stdout).toMatch(/produce latency p99 +\S+ \S+ +\S+ \S+/);
    expect(out.stdout).toMatch(/downtime \(no leader\) +\d/);
    expect(out.stdout).toMatch(/verdict +as expected +(as expected|passed)/);
    expect(out.stdout).toContain("Explore further");
  });
});
