/**
 * The command line in-process, with a fake engine returning hand-built results: argument parsing,
 * which engine call each command makes, what goes to stdout and stderr, report files, exit codes.
 * The end-to-end tests (e2e.test.ts) run the built CLI against the real engine.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main, type Engine } from "../../src/cli.js";
import type { CompareOptions, RunOptions, ScenarioInput, SeedsOptions } from "../../src/scenario/api.js";
import { ScenarioValidationError } from "../../src/scenario/errors.js";
import { summarise, type RunResult } from "../../src/scenario/result.js";
import { BudgetExceededError } from "../../src/sim/budget.js";
import { compareResult, failingRun, passingRun } from "../report/fixtures.js";

const FIXTURES = resolve("test/cli/fixtures");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Call {
  fn: string;
  input: ScenarioInput;
  options: RunOptions | SeedsOptions | CompareOptions | undefined;
}

function fakeEngine(result: (input: ScenarioInput, seed: number | undefined) => RunResult, error?: unknown): { engine: Engine; calls: Call[] } {
  const calls: Call[] = [];
  const engine: Engine = {
    runScenario(input, options) {
      calls.push({ fn: "runScenario", input, options });
      if (error !== undefined) throw error;
      options?.traceSink?.(JSON.stringify({ type: "start" }));
      options?.traceSink?.(JSON.stringify({ type: "end" }));
      return result(input, options?.seed);
    },
    runSeeds(input, options) {
      calls.push({ fn: "runSeeds", input, options });
      if (error !== undefined) throw error;
      const first = options.seed ?? 1;
      const runs = Array.from({ length: options.seeds }, (_, i) => result(input, first + i));
      runs.forEach((_, i) => options.onProgress?.(i + 1, options.seeds));
      return { scenario: runs[0]?.scenario ?? "x", runs, summary: summarise(runs), passed: runs.every((r) => r.passed) };
    },
    compareScenario(input, options) {
      calls.push({ fn: "compareScenario", input, options });
      if (error !== undefined) throw error;
      const base = compareResult();
      return { ...base, key: options.key, rows: options.values.map((value, i) => ({ ...(base.rows[i % 2] ?? base.rows[0]!), key: options.key, value })) };
    },
  };
  return { engine, calls };
}

async function cli(argv: string[], engine: Engine, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string; cwd: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "kafkasim-cli-"));
  dirs.push(cwd);
  let stdout = "";
  let stderr = "";
  const code = await main(
    argv,
    {
      stdout: {
        isTTY: false,
        write: (s: string) => {
          stdout += s;
        },
      },
      stderr: {
        isTTY: false,
        write: (s: string) => {
          stderr += s;
        },
      },
      env,
      cwd,
    },
    engine,
  );
  return { code, stdout, stderr, cwd };
}

const passing = () => fakeEngine((_, seed) => passingRun(seed === undefined ? {} : { seed }));
const failing = () => fakeEngine((_, seed) => failingRun(seed === undefined ? {} : { seed }));
const SMALL = join(FIXTURES, "small-crash.yaml");

describe("kafkasim run DIR (Reference: issue 13 'CLI habits' — run every scenario of a directory, then a tally)", () => {
  function course(): string {
    const dir = mkdtempSync(join(tmpdir(), "kafkasim-course-"));
    dirs.push(dir);
    const file = (name: string) => `name: ${name}\ndescription: ${name}.\nduration: 1s\ncluster: { brokers: 1 }\n`;
    for (const name of ["acks1", "acks-all", "bad", "extra"]) writeFileSync(join(dir, `${name}.yaml`), file(name));
    writeFileSync(join(dir, "README.md"), "| 1 | `acks1.yaml` | … |\n| 2 | `acks-all.yaml` | … |\n| 3 | `bad.yaml` | … |\n");
    return dir;
  }
  const lessonEngine = () =>
    fakeEngine((input) => {
      const name = String(input).split("/").pop()?.replace(".yaml", "") ?? "";
      if (name === "bad") throw new ScenarioValidationError([{ file: String(input), line: 2, column: 1, path: "duration", message: "not a duration" }]);
      if (name === "acks1")
        return passingRun({
          scenario: name,
          metrics: { ...passingRun().metrics, "lost-write": 1942 },
          expectations: [{ metric: "lost-write", expected: ">= 1", actual: 1942, passed: true }],
        });
      return name === "extra" ? failingRun({ scenario: name }) : passingRun({ scenario: name });
    });

  it("runs every scenario in teaching order, keeps going past an invalid file, and ends with a tally", async () => {
    const dir = course();
    const { engine, calls } = lessonEngine();
    const { code, stdout, stderr } = await cli(["run", dir], engine);
    expect(calls.map((c) => String(c.input).split("/").pop())).toEqual(["acks1.yaml", "acks-all.yaml", "bad.yaml", "extra.yaml"]);
    expect(stderr).toContain("bad.yaml:2:1: duration: not a duration");
    const tally = stdout.slice(stdout.lastIndexOf(`━━ 4 scenarios in ${dir}`));
    expect(tally).toMatch(/✓ acks1 +as expected — 1,942 acknowledged writes lost/);
    expect(tally).toMatch(/✓ acks-all +passed/);
    expect(tally).toMatch(/! bad +invalid — /);
    expect(tally).toMatch(/✗ extra +FAILED — /);
    expect(tally).toContain("2 passed (1 as expected), 1 failed, 1 invalid");
    expect(code, "an invalid file is bad input").toBe(2);
  });

  it("exits 1 when a scenario failed and none was invalid, 0 when all passed; --json has no tally", async () => {
    const dir = course();
    rmSync(join(dir, "bad.yaml"));
    expect((await cli(["run", dir], lessonEngine().engine)).code).toBe(1);
    rmSync(join(dir, "extra.yaml"));
    const ok = await cli(["run", dir, "--json"], lessonEngine().engine);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { results: unknown[] }).results).toHaveLength(2);
  });

  it("a directory without scenarios is a usage error", async () => {
    const empty = mkdtempSync(join(tmpdir(), "kafkasim-empty-"));
    dirs.push(empty);
    const { code, stderr } = await cli(["run", empty], passing().engine);
    expect(code).toBe(2);
    expect(stderr).toContain("holds no scenario file");
  });
});

describe("kafkasim run (Reference: docs/scenario-format.md 'Command line' and exit status)", () => {
  it("a passing run prints its report with the file's description and exits 0", async () => {
    const { code, stdout, stderr } = await cli(["run", SMALL], passing().engine);
    expect(code).toBe(0);
    expect(stdout).toContain("PASSED");
    expect(stdout).toContain("A small, fast scenario for the command-line tests");
    expect(stdout).toContain("Reproduce with:");
    expect(stderr).toBe("");
  });

  it("a failed expectation exits 1", async () => {
    expect((await cli(["run", SMALL], failing().engine)).code).toBe(1);
  });

  it("--seed, --set (in order) and --max-events reach the engine", async () => {
    const { engine, calls } = passing();
    await cli(["run", SMALL, "--seed", "7", "--set", "acks=1", "--set", "producers.p1.rate=10/s", "--max-events", "1000"], engine);
    expect(calls).toEqual([
      {
        fn: "runScenario",
        input: SMALL,
        options: { seed: 7, sets: ["acks=1", "producers.p1.rate=10/s"], maxEvents: 1000, onSimulatedTime: expect.any(Function) },
      },
    ]);
  });

  it("one run asks for its simulated time to show progress on stderr (also when not a terminal), not with KAFKASIM_NO_PROGRESS", async () => {
    const { engine, calls } = passing();
    const ticking: Engine = {
      ...engine,
      runScenario(input, options) {
        for (let s = 1; s <= 70; s++) options?.onSimulatedTime?.(s * 1_000_000, 60_000_000);
        return engine.runScenario(input, options);
      },
    };
    const { code, stdout } = await cli(["run", SMALL], ticking);
    expect(code).toBe(0);
    expect(typeof calls[0]?.options?.onSimulatedTime).toBe("function");
    expect(stdout).not.toMatch(/simulated \d+s of 60s|draining/);
    await cli(["run", SMALL], engine, { KAFKASIM_NO_PROGRESS: "1" });
    expect(calls[1]?.options?.onSimulatedTime).toBeUndefined();
  });

  it("--json prints exactly one JSON object on stdout, with every contract field", async () => {
    const { code, stdout } = await cli(["run", SMALL, "--json"], failing().engine);
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    for (const key of [
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
    ]) {
      expect(parsed).toHaveProperty([key]);
    }
  });

  it("several files with --json print one object { results: [...] }; the exit status is 1 if any failed", async () => {
    const engine = fakeEngine((input) => (String(input).includes("small") ? passingRun() : failingRun())).engine;
    const { code, stdout } = await cli(["run", SMALL, join(FIXTURES, "failing-expectation.yaml"), "--json"], engine);
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout) as { results: { passed: boolean }[] };
    expect(parsed.results.map((r) => r.passed)).toEqual([true, false]);
  });

  it("--seeds N runs seeds seed … seed+N−1 through runSeeds and prints the aggregate", async () => {
    const { engine, calls } = failing();
    const { code, stdout } = await cli(["run", SMALL, "--seeds", "3", "--seed", "5"], engine);
    expect(code).toBe(1);
    expect(calls[0]?.fn).toBe("runSeeds");
    expect(calls[0]?.options).toMatchObject({ seeds: 3, seed: 5 });
    expect(stdout).toContain("3 seeds (seeds 5 … 7)");
    expect(stdout).toContain("lost acknowledged writes in 3 of 3 seeds");
  });

  it("--seeds with --json prints { scenario, runs, summary, passed }", async () => {
    const { stdout } = await cli(["run", SMALL, "--seeds", "2", "--json"], passing().engine);
    const parsed = JSON.parse(stdout) as { runs: unknown[]; summary: Record<string, unknown>; passed: boolean };
    expect(parsed.runs).toHaveLength(2);
    expect(parsed.summary).toHaveProperty(["lost-write"]);
    expect(parsed.passed).toBe(true);
  });

  it("--report DIR --trace writes summary.md, result.json, report.html and trace.jsonl, and no temporary file", async () => {
    const { code, cwd, stdout } = await cli(["run", SMALL, "--report", "out", "--trace"], passing().engine);
    expect(code).toBe(0);
    expect(readdirSync(join(cwd, "out")).sort()).toEqual(["report.html", "result.json", "summary.md", "trace.jsonl"]);
    expect(readFileSync(join(cwd, "out", "trace.jsonl"), "utf8")).toBe('{"type":"start"}\n{"type":"end"}\n');
    expect(JSON.parse(readFileSync(join(cwd, "out", "result.json"), "utf8"))).toMatchObject({ scenario: "leader-crash-acks-all", passed: true });
    expect(readFileSync(join(cwd, "out", "summary.md"), "utf8")).toContain("# leader-crash-acks-all — seed 1: PASSED");
    expect(stdout).toContain("Report written to out");
  });

  it("--report without a directory writes reports/<scenario>/<seed>/; --seeds adds the aggregate", async () => {
    const { cwd } = await cli(["run", "--report", SMALL, "--seeds", "2"], passing().engine);
    expect(readdirSync(join(cwd, "reports", "leader-crash-acks-all")).sort()).toEqual(["1", "2", "report.html", "result.json", "summary.md"]);
    expect(existsSync(join(cwd, "reports", "leader-crash-acks-all", "2", "summary.md"))).toBe(true);
  });

  it("a run that throws leaves no report and no trace behind", async () => {
    const { engine } = fakeEngine(() => passingRun(), new BudgetExceededError("events", 10, 1_000_000));
    const { code, cwd, stdout, stderr } = await cli(["run", SMALL, "--report", "out", "--trace"], engine);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("event budget of 10 events exhausted");
    expect(existsSync(join(cwd, "out")) ? readdirSync(join(cwd, "out")) : []).toEqual([]);
  });
});

describe("bad input and internal errors (Reference: docs/architecture.md principle 8 — never a stack trace for bad input)", () => {
  it("a ScenarioValidationError prints its file:line messages on stderr, nothing on stdout, and exits 2", async () => {
    const error = new ScenarioValidationError([{ file: "x.yaml", line: 4, column: 3, path: "duration", message: "not a duration" }]);
    const { code, stdout, stderr } = await cli(["run", "x.yaml", "--json"], fakeEngine(() => passingRun(), error).engine);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("x.yaml:4:3: duration: not a duration\n");
  });

  it("an unexpected error is an internal error with exit 3 and no stack trace", async () => {
    const { code, stderr } = await cli(["run", SMALL], fakeEngine(() => passingRun(), new TypeError("boom")).engine);
    expect(code).toBe(3);
    expect(stderr).toContain("kafkasim: internal error: boom");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("usage errors exit 2: a bad integer, a missing argument, an unknown option, an unknown command, no command", async () => {
    const { engine } = passing();
    for (const argv of [
      ["run", SMALL, "--seed", "x"],
      ["run"],
      ["run", SMALL, "--bogus"],
      ["frobnicate"],
      [],
      ["run", SMALL, "--set", "novalue"],
      ["compare", SMALL],
    ]) {
      const { code, stderr } = await cli(argv, engine);
      expect(code, argv.join(" ")).toBe(2);
      expect(stderr.length, argv.join(" ")).toBeGreaterThan(0);
    }
  });

  it("--help on every command exits 0 and shows examples", async () => {
    for (const command of ["run", "compare", "fuzz", "list", "showcase"]) {
      const { code, stdout } = await cli([command, "--help"], passing().engine);
      expect(code, command).toBe(0);
      expect(stdout, command).toContain(`kafkasim ${command}`);
      expect(stdout, command).toMatch(/Examples?:/);
    }
  });
});

describe("kafkasim compare (Reference: docs/scenario-format.md 'Command line' compare)", () => {
  it("passes the key, every value and the seeds to the engine and prints one row per value", async () => {
    const { engine, calls } = passing();
    const { stdout } = await cli(["compare", SMALL, "--vary", "acks=1,all,-1", "--seeds", "4"], engine);
    expect(calls[0]).toMatchObject({ fn: "compareScenario", options: { key: "acks", values: ["1", "all", "-1"], seeds: 4 } });
    for (const value of ["1", "all", "-1"]) expect(stdout.split("\n").filter((l) => l.startsWith(`${value} `))).toHaveLength(1);
  });

  it("values may be YAML flow lists containing commas", async () => {
    const { engine, calls } = passing();
    await cli(["compare", SMALL, "--vary", "consumers.g1.topics=[orders],[orders, audit]"], engine);
    expect(calls[0]?.options).toMatchObject({ key: "consumers.g1.topics", values: ["[orders]", "[orders, audit]"] });
  });

  it("exits 0 when the comparison ran, though a value missed the file's expectations; 1 with --strict (Reference: issue 13 'compare')", async () => {
    const ran = await cli(["compare", SMALL, "--vary", "acks=1,all"], passing().engine);
    expect(ran.code, "the acks=1 row of the fixture passes 1 of 3 seeds").toBe(0);
    expect((await cli(["compare", SMALL, "--vary", "acks=1,all", "--strict"], passing().engine)).code).toBe(1);
  });

  it("exits 1 when an invariant was violated that the file does not expect (a bug of the model)", async () => {
    const { engine } = passing();
    const buggy: Engine = {
      ...engine,
      async compareScenario(input, options) {
        const result = await engine.compareScenario(input, options);
        return { ...result, rows: result.rows.map((r, i) => ({ ...r, passedSeeds: r.seeds, invariantSeeds: i === 0 ? 1 : 0 })) };
      },
    };
    const { code, stdout } = await cli(["compare", SMALL, "--vary", "acks=1,all"], buggy);
    expect(code).toBe(1);
    expect(stdout.replace(/\s+/g, " ")).toContain("an invariant was violated in 1 seed where the file does not expect it");
  });

  it("--json prints the comparison as one object", async () => {
    const { stdout } = await cli(["compare", SMALL, "--vary", "acks=1,all", "--json"], passing().engine);
    const parsed = JSON.parse(stdout) as { key: string; rows: { value: string }[] };
    expect(parsed.key).toBe("acks");
    expect(parsed.rows.map((r) => r.value)).toEqual(["1", "all"]);
  });
});

describe("kafkasim list and showcase", () => {
  it("list shows every scenario file of a directory sorted by name, marking invalid ones", async () => {
    const { code, stdout } = await cli(["list", FIXTURES], passing().engine);
    expect(code).toBe(0);
    const names = stdout
      .split("\n")
      .filter((l) => /^[a-z]/.test(l))
      .map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual([...names].sort());
    expect(names).toContain("small-crash");
    expect(names).toContain("unknown-topic");
    expect(stdout).toContain("invalid:");
  });

  it("list --json gives name, file, description and problem", async () => {
    const { stdout } = await cli(["list", FIXTURES, "--json"], passing().engine);
    const parsed = JSON.parse(stdout) as { scenarios: { name: string; problem?: string }[] };
    expect(parsed.scenarios.find((s) => s.name === "small-crash")?.problem).toBeUndefined();
    expect(parsed.scenarios.find((s) => s.name === "bad-duration")?.problem).toContain("bad-duration.yaml:3:11");
  });

  it("list without a directory lists the installed library in the course's order, from any directory", async () => {
    const { code, stdout, cwd } = await cli(["list"], passing().engine);
    expect(cwd).not.toBe(process.cwd());
    expect(code).toBe(0);
    const course = [...readFileSync("scenarios/README.md", "utf8").matchAll(/^\|\s*(\d+)\s*\|\s*`([^`]+)\.ya?ml`/gm)].map((m) => m[2]);
    expect(course.length, "the course table of scenarios/README.md").toBeGreaterThan(10);
    const listed = stdout
      .split("\n")
      .map((l) => /^\s*\d+\s+([a-z0-9-]+)/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined);
    expect(listed).toEqual(course);
    expect(stdout).toMatch(/^ 1 {2}leader-crash-acks1 /m);
    expect(stdout).toContain(`Run one with: kafkasim run ${resolve("scenarios/leader-crash-acks1.yaml")}`);
  });

  it("--version prints the package's version and exits 0", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const { code, stdout } = await cli([flag], passing().engine);
      expect(code).toBe(0);
      expect(stdout.trim()).toBe(version);
    }
  });

  it("list of a missing directory exits 2", async () => {
    expect((await cli(["list", join(FIXTURES, "nope")], passing().engine)).code).toBe(2);
  });

  it("showcase runs acks=1 then acks=all and prints the lesson in one screen; --verbose adds both full reports first", async () => {
    const fake = () => fakeEngine((input) => (String(input).includes("acks1") ? failingRun({ passed: true }) : passingRun()));
    const { engine, calls } = fake();
    const { code, stdout } = await cli(["showcase"], engine);
    expect(code).toBe(0);
    expect(calls.map((c) => String(c.input).split("/").pop())).toEqual(["leader-crash-acks1.yaml", "leader-crash-acks-all.yaml"]);
    expect(stdout.trimEnd().split("\n").length).toBeLessThanOrEqual(40);
    expect(stdout).toContain("What each setting lost and what it cost");
    expect(stdout).not.toContain("Reproduce with:");
    const verbose = await cli(["showcase", "--verbose"], fake().engine);
    expect(verbose.stdout.indexOf("leader-crash-acks1 · seed 7")).toBeLessThan(verbose.stdout.indexOf("leader-crash-acks-all · seed 1"));
    expect(verbose.stdout.indexOf("leader-crash-acks-all · seed 1")).toBeLessThan(verbose.stdout.indexOf("What each setting lost"));
  });
});
