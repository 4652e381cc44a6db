/**
 * `kafkasim run <file>…` once its arguments are parsed: call the engine, render each result,
 * write report directories, and return the exit status (0 passed, 1 failed). Errors are thrown
 * to the caller (src/cli.ts), which maps them to messages and statuses (failure.ts).
 */
import { isAbsolute, resolve } from "node:path";
import type { MultiSeedResult, RunResult } from "../scenario/result.js";
import { summarise } from "../scenario/result.js";
import { jsonText, runCommandJson, type RunOutput } from "../report/json.js";
import { DEFAULT_REPORT_ROOT, runReportDir, runReportFiles, seedsReportDir, seedsReportFiles } from "../report/output.js";
import { styleFor } from "../report/style.js";
import { renderRunTerminal } from "../report/terminal-run.js";
import { renderSeedsTerminal } from "../report/terminal-seeds.js";
import { TraceFile, writeReportFiles } from "../report/write.js";
import { EXIT } from "./failure.js";
import { runOptions, shortName, type CliIo, type Engine } from "./io.js";
import { progressBar } from "./progress.js";

/** Options of `kafkasim run`. */
export interface RunCommandOptions {
  seed?: number;
  seeds?: number;
  sets: string[];
  json: boolean;
  /** `true` for `--report` without a directory. */
  report?: string | boolean;
  trace: boolean;
  maxEvents?: number;
  /** `--max-memory`: the memory budget of each run, in MiB. */
  maxMemoryMb?: number;
  /** Keep series and convergence of every partition (`--full-series`). */
  fullSeries?: boolean;
  /** Looks up the description of a scenario file (for the report header). */
  describe: (file: string) => string | undefined;
}


/** `kafkasim run <file>…`. */
export async function runCommand(engine: Engine, io: CliIo, files: readonly string[], options: RunCommandOptions): Promise<number> {
  const style = styleFor(io.stdout, io.env);
  const reporting = options.report !== undefined && options.report !== false || options.trace;
  const root = typeof options.report === "string" ? options.report : undefined;
  const onlyRun = files.length === 1 && options.seeds === undefined;
  const notes: string[] = [];
  const at = (dir: string): string => (isAbsolute(dir) ? dir : resolve(io.cwd, dir));
  const note = (text: string): void => { (options.json ? io.stderr : io.stdout).write(`${text}\n`); };

  /** One seed, its trace streamed into the report directory when asked. */
  const one = async (file: string, seed: number | undefined, single: boolean): Promise<RunResult> => {
    if (!options.trace) return await engine.runScenario(file, runOptions({ ...options, ...(seed === undefined ? {} : { seed }) }));
    const trace = new TraceFile(at(root ?? DEFAULT_REPORT_ROOT));
    try {
      const result = await engine.runScenario(file, { ...runOptions({ ...options, ...(seed === undefined ? {} : { seed }) }), traceSink: trace.sink });
      trace.commit(at(runReportDir(root, result.scenario, result.seed, single)));
      return result;
    } catch (error) {
      trace.abort();
      throw error;
    }
  };

  const outputs: RunOutput[] = [];
  for (const [index, file] of files.entries()) {
    const description = options.describe(file);
    let output: RunOutput;
    if (options.seeds === undefined) {
      output = { kind: "run", result: await one(file, options.seed, onlyRun) };
    } else {
      const bar = progressBar(io.stderr, `${shortName(file)} seeds`, io.env);
      try {
        output = { kind: "seeds", result: await manySeeds(engine, file, options, bar.update.bind(bar), one) };
      } finally {
        bar.finish();
      }
    }
    outputs.push(output);
    if (!options.json) {
      if (index > 0) io.stdout.write("\n");
      io.stdout.write(output.kind === "run"
        ? renderRunTerminal(output.result, { style, ...(description === undefined ? {} : { description }) })
        : renderSeedsTerminal(output.result, { style, ...(description === undefined ? {} : { description }) }));
    }
    if (reporting) {
      const runs = output.kind === "run" ? [output.result] : output.result.runs;
      for (const run of runs) {
        const dir = runReportDir(root, run.scenario, run.seed, onlyRun);
        writeReportFiles(at(dir), runReportFiles(run, description));
        notes.push(dir);
      }
      if (output.kind === "seeds") {
        const dir = seedsReportDir(root, output.result.scenario);
        writeReportFiles(at(dir), seedsReportFiles(output.result, description));
        notes.push(dir);
      }
    }
  }
  if (options.json) io.stdout.write(jsonText(runCommandJson(outputs)));
  if (notes.length > 0) {
    const shown = notes.length <= 3 ? notes.join(", ") : `${notes.slice(0, 2).join(", ")} … (${notes.length} directories)`;
    note(`Report written to ${shown}`);
  }
  return outputs.every((o) => o.result.passed) ? EXIT.passed : EXIT.failed;
}

/** Several seeds: the engine's `runSeeds`, or one run per seed when each needs its own trace file. */
async function manySeeds(
  engine: Engine, file: string, options: RunCommandOptions, onProgress: (done: number, total: number) => void,
  one: (file: string, seed: number | undefined, single: boolean) => Promise<RunResult>,
): Promise<MultiSeedResult> {
  const seeds = options.seeds ?? 1;
  if (!options.trace) {
    return await engine.runSeeds(file, { ...runOptions(options), seeds, onProgress });
  }
  const runs: RunResult[] = [];
  const first = await one(file, options.seed, false);
  runs.push(first);
  onProgress(1, seeds);
  for (let i = 1; i < seeds; i++) {
    runs.push(await one(file, first.seed + i, false));
    onProgress(i + 1, seeds);
  }
  return { scenario: first.scenario, runs, summary: summarise(runs), passed: runs.every((r) => r.passed) };
}

