/** `--report` asks the runs for the message sample behind report.html's space-time diagram, and only then. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCommand } from "../../src/cli/run-command.js";
import type { CliIo, Engine } from "../../src/cli/io.js";
import type { RunOptions } from "../../src/scenario/api.js";
import { summarise } from "../../src/scenario/result.js";
import { passingRun } from "../report/fixtures.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function recording(): { engine: Engine; options: (RunOptions | undefined)[] } {
  const options: (RunOptions | undefined)[] = [];
  const engine: Engine = {
    runScenario(_input, o) {
      options.push(o);
      return passingRun();
    },
    runSeeds(_input, o) {
      options.push(o);
      const runs = [passingRun({ seed: 1 }), passingRun({ seed: 2 })];
      return { scenario: "s", runs, summary: summarise(runs), passed: true };
    },
    compareScenario() {
      throw new Error("not used");
    },
  };
  return { engine, options };
}

function io(): CliIo {
  const cwd = mkdtempSync(join(tmpdir(), "kafkasim-html-wiring-"));
  dirs.push(cwd);
  const quiet = { isTTY: false, write: () => undefined };
  return { stdout: quiet, stderr: quiet, env: {}, cwd };
}

describe("report.html's message sample is asked for with --report only", () => {
  const base = { sets: [], json: false, trace: false, describe: () => undefined };

  it("a run with --report keeps the sample; without, it does not", async () => {
    const { engine, options } = recording();
    await runCommand(engine, io(), ["x.yaml"], { ...base, report: true });
    await runCommand(engine, io(), ["x.yaml"], { ...base });
    expect(options.map((o) => o?.messageSample)).toEqual([true, undefined]);
  });

  it("so does every seed of --seeds N --report", async () => {
    const { engine, options } = recording();
    await runCommand(engine, io(), ["x.yaml"], { ...base, seeds: 2, report: "out" });
    expect(options.map((o) => o?.messageSample)).toEqual([true]);
  });
});
