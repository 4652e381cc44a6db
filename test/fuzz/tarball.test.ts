/**
 * The installed package, as a user gets it: `npm pack`, install the tarball into a fresh project
 * (no TypeScript, no sources: `prepare` must not try to build there), then run
 * `npx --no-install kafkasim fuzz --runs 3` and a vitest property through `kafkasim/vitest`.
 * Slow by nature (a build, an install and a vitest run): it has its own file and a generous timeout.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "kafkasim-tarball-"));
const project = join(work, "project");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The environment of a user's shell: no npm_* variables inherited from `npm test`. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!key.toLowerCase().startsWith("npm_") && key !== "VITEST" && !key.startsWith("VITEST_")) env[key] = value;
  return { ...env, KAFKASIM_NO_PROGRESS: "1", NODE_ENV: "test" };
}

function run(command: string, args: readonly string[], cwd: string) {
  return spawnSync(command, args, { cwd, env: userEnv(), encoding: "utf8", timeout: 300_000 });
}

let tarball = "";
let files: string[] = [];

beforeAll(() => {
  // A copy of the checkout (so that building it does not rewrite this worktree's dist/ under the
  // feet of other tests), with the checkout's node_modules. npm pack runs `prepare` there (a
  // checkout with TypeScript): it builds dist/ first.
  const checkout = join(work, "checkout");
  for (const entry of ["package.json", "package-lock.json", "tsconfig.json", "README.md", "src", "scenarios", "docs", "scripts"]) {
    cpSync(join(ROOT, entry), join(checkout, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(checkout, "node_modules"));
  const packed = run("npm", ["pack", "--json", "--pack-destination", work], checkout);
  expect(packed.status, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info?.filename as string);
  files = (info?.files ?? []).map((file) => file.path);
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-project", version: "1.0.0", private: true, type: "module" }));
  const vitestVersion = (JSON.parse(readFileSync(join(ROOT, "node_modules/vitest/package.json"), "utf8")) as { version: string }).version;
  const installed = run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, `vitest@${vitestVersion}`], project);
  expect(installed.status, `${installed.stdout}\n${installed.stderr}`).toBe(0);
}, 600_000);

describe("the npm package (npm pack, installed into a fresh project)", () => {
  it("ships dist, scenarios, the schema, docs and README — not tests, bench or TypeScript sources", () => {
    expect(files).toContain("dist/src/cli.js");
    expect(files).toContain("dist/src/fuzz/index.js");
    expect(files).toContain("dist/src/fuzz/index.d.ts");
    expect(files).toContain("dist/src/fuzz/vitest.js");
    expect(files).toContain("scenarios/schema.json");
    expect(files).toContain("docs/fuzz.md");
    expect(files).toContain("README.md");
    expect(files.filter((file) => /^(test|bench|src)\//.test(file) || file.startsWith("dist/bench/"))).toEqual([]);
  });

  it("installs fast-check as a dependency and no TypeScript (the tarball needs no build)", () => {
    const modules = readdirSync(join(project, "node_modules"));
    expect(modules).toContain("fast-check");
    expect(modules).not.toContain("typescript");
  });

  it("`npx --no-install kafkasim fuzz --runs 3` runs three scenarios and passes", () => {
    const fuzz = run("npx", ["--no-install", "kafkasim", "fuzz", "--runs", "3", "--out", "fuzz-out", "--json"], project);
    expect(fuzz.status, fuzz.stderr).toBe(0);
    const result = JSON.parse(fuzz.stdout) as { runsExecuted: number; passed: boolean; workers: number };
    expect(result.runsExecuted).toBe(3);
    expect(result.passed).toBe(true);
    // Default: one worker thread per core (the installed package's worker pool ran them).
    expect(result.workers).toBe(availableParallelism());
  });

  it("a vitest property through `kafkasim/vitest` and a search through `kafkasim/fuzz` run in the user's project", () => {
    writeFileSync(join(project, "orders.yaml"), readFileSync(join(ROOT, "test/fuzz/fixtures/orders-acks1.yaml"), "utf8"));
    writeFileSync(
      join(project, "orders.test.js"),
      `
import { expect, it } from "vitest";
import { scenarioProperty, checkScenarioProperty } from "kafkasim/vitest";
import { PROFILES, fuzz } from "kafkasim/fuzz";
import { runScenario } from "kafkasim";

scenarioProperty("orders.yaml holds under drawn network faults", "orders.yaml", { runs: 2, seed: 1, faultKinds: ["delay"], outDir: "fuzz-out", timeout: 120_000 });

it("finds the acks=1 lost write and says how to reproduce it", () => {
  expect(PROFILES.map((p) => p.name)).toContain("acks1");
  expect(() => checkScenarioProperty("orders.yaml", { runs: 10, seed: 5, faultKinds: ["crash", "shutdown"], maxShrinkAttempts: 3, outDir: "fuzz-out" }))
    .toThrow(/Reproduce with: kafkasim run fuzz-out\\/fuzz-orders-acks1-5-\\d+\\.yaml/);
  expect(typeof fuzz).toBe("function");
  expect(runScenario("orders.yaml").scenario).toBe("orders-acks1");
}, 120_000);
`,
    );
    const tests = run("npx", ["--no-install", "vitest", "run", "orders.test.js"], project);
    expect(tests.status, `${tests.stdout}\n${tests.stderr}`).toBe(0);
    expect(tests.stdout).toMatch(/2 passed/);
  });
});
