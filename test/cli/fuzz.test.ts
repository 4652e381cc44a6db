/**
 * `kafkasim fuzz` on the command line, in-process: listing profiles and bugs, option parsing
 * (--time-budget, --shard), progress lines on a non-terminal stderr, merging shard results and
 * JUnit output, exit statuses. The searches here are tiny (1–2 runs).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { parseShard, parseTimeBudget, progressLine, progressLines } from "../../src/cli/fuzz.js";
import type { CliIo } from "../../src/cli/io.js";

const scratch = mkdtempSync(join(tmpdir(), "kafkasim-cli-fuzz-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function io(isTTY = false): CliIo & { out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: {
      isTTY,
      write: (text: string) => {
        out += text;
        return true;
      },
    },
    stderr: {
      isTTY,
      write: (text: string) => {
        err += text;
        return true;
      },
    },
    env: { KAFKASIM_NO_PROGRESS: "1" },
    cwd: process.cwd(),
    out: () => out,
    err: () => err,
  };
}

describe("kafkasim fuzz --list-profiles / --list-bugs / --help", () => {
  it("--list-profiles prints one line per profile, the unsafe ones marked", async () => {
    const cli = io();
    expect(await main(["fuzz", "--list-profiles"], cli)).toBe(0);
    const lines = cli.out().trimEnd().split("\n");
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual([
      "acks-all-durability",
      "idempotence",
      "invariants",
      "mutants",
      "acks1",
      "unclean",
      "no-idempotence",
      "kafka-0.10",
      "commit-before-processing",
    ]);
    expect(lines.find((line) => line.startsWith("acks1"))).toMatch(/\(counterexample expected\) lost-write = 0/);
  });

  it("--list-bugs prints the catalogue mutants, one a line", async () => {
    const cli = io();
    expect(await main(["fuzz", "--list-bugs"], cli)).toBe(0);
    const names = cli
      .out()
      .trimEnd()
      .split("\n")
      .map((line) => line.split(/\s+/)[0]);
    expect(names).toContain("hw-ignores-isr");
    expect(names).toEqual([...names].sort());
  });

  it("--help lists the profiles and the options", async () => {
    const cli = io();
    expect(await main(["fuzz", "--help"], cli)).toBe(0);
    for (const text of ["--time-budget", "--shard", "--bug", "--vary-config", "--junit", "commit-before-processing", "fuzz merge"])
      expect(cli.out()).toContain(text);
  });

  it("bad options exit 2: an unknown bug, a shard outside 1…N, a bad budget, --runs with --time-budget", async () => {
    expect(await main(["fuzz", "--bug", "nope", "--runs", "1", "--workers", "1"], io())).toBe(2);
    expect(await main(["fuzz", "--bug", "nope", "--runs", "1", "--workers", "2"], io())).toBe(2);
    expect(await main(["fuzz", "--shard", "3/2"], io())).toBe(2);
    expect(await main(["fuzz", "--time-budget", "soon"], io())).toBe(2);
    expect(await main(["fuzz", "--runs", "2", "--time-budget", "5m"], io())).toBe(2);
  });
});

describe("option parsing", () => {
  it("--time-budget reads 5m, 90s, 1h, 1500ms, 2m30s and plain seconds", () => {
    expect(parseTimeBudget("5m")).toBe(300_000);
    expect(parseTimeBudget("90s")).toBe(90_000);
    expect(parseTimeBudget("1h")).toBe(3_600_000);
    expect(parseTimeBudget("1500ms")).toBe(1500);
    expect(parseTimeBudget("2m30s")).toBe(150_000);
    expect(parseTimeBudget("12")).toBe(12_000);
    expect(() => parseTimeBudget("0s")).toThrow(/positive/);
  });

  it("--shard reads k/N with 1 ≤ k ≤ N", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(() => parseShard("0/4")).toThrow(/1 ≤ k ≤ N/);
    expect(() => parseShard("5/4")).toThrow(/1 ≤ k ≤ N/);
  });
});

describe("progress on stderr, also when it is not a terminal", () => {
  it("writes a line every 3 seconds with runs, runs/s, failures and the phase", () => {
    let now = 0;
    let written = "";
    const lines = progressLines(
      {
        isTTY: false,
        write: (text: string) => {
          written += text;
        },
      },
      {},
      () => now,
    );
    const at = (ms: number, done: number, phase: "generating" | "shrinking" = "generating") => {
      now = ms;
      lines.update({ phase, done, runs: 100, failures: phase === "shrinking" ? 1 : 0, shrinkAttempts: 7, shrinks: 2, elapsedMs: ms, failed: false });
    };
    at(1000, 3);
    at(3500, 10);
    at(4000, 11);
    at(7000, 20, "shrinking");
    lines.finish();
    expect(written).toBe(
      [
        "fuzz: 10/100 runs · 2.9 runs/s · 0 failures · generating · 4s\n",
        "fuzz: 20/100 runs · 2.9 runs/s · 1 failure · shrinking (2 steps, 7 tried) · 7s\n",
      ].join(""),
    );
  });

  it("is silent with KAFKASIM_NO_PROGRESS", () => {
    let written = "";
    let now = 0;
    const lines = progressLines(
      {
        write: (text: string) => {
          written += text;
        },
      },
      { KAFKASIM_NO_PROGRESS: "1" },
      () => (now += 5000),
    );
    lines.update({ phase: "generating", done: 1, runs: undefined, failures: 0, shrinkAttempts: 0, shrinks: 0, elapsedMs: 5000, failed: false });
    expect(written).toBe("");
    expect(progressLine({ phase: "generating", done: 4, runs: undefined, failures: 0, shrinkAttempts: 0, shrinks: 0, elapsedMs: 2000, failed: false })).toBe(
      "fuzz: 4 runs · 2.0 runs/s · 0 failures · generating · 2s",
    );
  });
});

describe("shards on the command line: --shard, --json, fuzz merge, --junit", () => {
  it("two shards of a 2-run campaign merge into the whole; the JUnit file is written", async () => {
    const files = [1, 2].map((index) => join(scratch, `shard-${index}.json`));
    for (const [i, file] of files.entries()) {
      const cli = io();
      const status = await main(
        ["fuzz", "--runs", "2", "--seed", "4", "--shard", `${i + 1}/2`, "--self-check", "0", "--workers", "1", "--json", "--out", join(scratch, "out")],
        cli,
      );
      expect(status, cli.err()).toBe(0);
      writeFileSync(file, cli.out());
      expect(JSON.parse(cli.out())).toMatchObject({ runsExecuted: 1, shard: { index: i + 1, count: 2 }, workers: 1 });
    }
    const junit = join(scratch, "fuzz.xml");
    const cli = io();
    expect(await main(["fuzz", "merge", ...files, "--junit", junit], cli)).toBe(0);
    expect(cli.out()).toContain("merged shards 1, 2 of 2");
    expect(cli.out()).toContain("2 scenarios run of 2");
    expect(cli.out()).toContain("Reproduce with: kafkasim fuzz --profile acks-all-durability --seed 4 --runs 2\n");
    expect(existsSync(junit)).toBe(true);
    expect(readFileSync(junit, "utf8")).toMatch(/<testsuite name="kafkasim fuzz acks-all-durability" tests="4" failures="0"/);
    const again = io();
    expect(await main(["fuzz", "--merge", files[0] as string, "--json"], again)).toBe(0);
    expect(JSON.parse(again.out()).merged).toEqual({ shards: [1], of: 2, missing: [2] });
    expect(await main(["fuzz", "merge", join(scratch, "missing.json")], io())).toBe(2);
  });
});
