/**
 * Every command output and generated table shown in README.md, scenarios/README.md and docs/*.md
 * is what a real run prints today (issue 13: "every command output shown in the docs is
 * regenerated from a real run by a script, and a test fails when a documented output has
 * drifted"). The project is compiled once into a scratch directory (not dist/, which other test
 * files rebuild concurrently), then `scripts/docs.mjs --check` runs each documented command once
 * and compares, ignoring only machine-dependent figures (wall time, runs/s, worker count).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
let build = "";

beforeAll(() => {
  build = mkdtempSync(join(tmpdir(), "kafkasim-docs-build-"));
  const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.json"), "--outDir", build], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 280_000,
  });
  if (tsc.status !== 0) throw new Error(`the build failed (tsc -p tsconfig.json --outDir ${build}):\n${tsc.stdout}${tsc.stderr}`);
  // The CLI finds its package root (package.json next to scenarios/) and its dependencies upwards.
  for (const entry of ["node_modules", "package.json", "scenarios"]) symlinkSync(join(ROOT, entry), join(build, entry));
}, 300_000);

afterAll(() => {
  if (build !== "") rmSync(build, { recursive: true, force: true });
});

describe("documented outputs are real (Reference: issue 13, docs in the repository and true)", () => {
  it("every marked block of README.md and docs/*.md matches a fresh run — if not, run npm run docs", () => {
    const check = spawnSync(process.execPath, [join(ROOT, "scripts/docs.mjs"), "--check", "--cli", join(build, "src/cli.js")], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(check.stderr.includes("Error") ? check.stderr : "", "scripts/docs.mjs --check crashed").toBe("");
    expect(check.status, `${check.stdout}\nThe documented outputs above have drifted: run npm run docs and commit the result.`).toBe(0);
  }, 600_000);
});
