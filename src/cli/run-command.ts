/**
 * `kafkasim run <file|dir>…` once its arguments are parsed: call the engine, render each result,
 * write report directories, end several runs with a tally, and return the exit status (0 passed,
 * 1 failed, 2 a file of a directory was not a valid scenario). Other errors are thrown to the
 * caller (src/cli.ts), which maps them to messages and statuses (failure.ts).
 */
import { statSync } from "node:fs";
import { basename, isAbsolute, join, resolve } from "node:path";
import { listScenarios } from "../scenario/list.js";
import type { MultiSeedResult, RunResult } from "../scenario/result.js";
import { summarise } from "../scenario/result.js";
import { jsonText, runCommandJson, type RunOutput } from "../report/json.js";
import { DEFAULT_REPORT_ROOT, runReportDir, runReportFiles, seedsReportDir, seedsReportFiles } from "../report/output.js";
import { styleFor } from "../report/style.js";
import { renderRunTerminal } from "../report/terminal-run.js";
import { renderSeedsTerminal } from "../report/terminal-seeds.js";
import { TraceFile, writeReportFiles } from "../report/write.js";
import { renderTally, tallyCounts, type TallyEntry } from "../report/terminal-tally.js";
import { describeFailure, EXIT, UsageError } from "./failure.js";
import type { RunOptions } from "../scenario/api.js";
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
  /** Keep the message sample of each run (set when a report is written: report.html uses it). */
  messageSample?: boolean;
  /** Looks up the description of a scenario file (for the report header). */
  describe: (file: string) => string | undefined;
}

/** One argument of `run`: a file, or a directory whose scenarios are run in teaching order. */
interface Target {
  file: string;
  /** The directory the file came from (`run DIR`), as the user named it. */
  dir?: string;
}

/** The files to run: each directory replaced by its scenarios in teaching order (src/scenario/list.ts). */
function expandTargets(cwd: string, args: readonly string[]): Target[] {
  const targets: Target[] = [];
  for (const arg of args) {
    const full = isAbsolute(arg) ? arg : resolve(cwd, arg);
    let directory = false;
    try {
      directory = statSync(full).isDirectory();
    } catch {
      directory = false; // a missing file is reported by the engine, with its name
    }
    if (!directory) {
      targets.push({ file: arg });
      continue;
    }
    const listed = listScenarios(full);
    if (listed.length === 0) throw new UsageError(`run: ${arg} holds no scenario file (.yaml, .yml, .json)`);
    for (const l of listed) targets.push({ file: join(arg, basename(l.file)), dir: arg });
  }
  return targets;
}

/** `kafkasim run <file|dir>…`: 0 all passed, 1 one failed, 2 a file of a directory was invalid. */
export async function runCommand(engine: Engine, io: CliIo, args: readonly string[], options: RunCommandOptions): Promise<number> {
  const style = styleFor(io.stdout, io.env);
  const reporting = (options.report !== undefined && options.report !== false) || options.trace;
  const root = typeof options.report === "string" ? options.report : undefined;
  const targets = expandTargets(io.cwd, args);
  const fromDirectory = targets.some((t) => t.dir !== undefined);
  const onlyRun = targets.length === 1 && options.seeds === undefined && !fromDirectory;
  // report.html draws the messages around each fault: ask the runs for their bounded sample.
  if (reporting) options = { ...options, messageSample: true };
  const notes: string[] = [];
  const at = (dir: string): string => (isAbsolute(dir) ? dir : resolve(io.cwd, dir));
  const note = (text: string): void => {
    (options.json ? io.stderr : io.stdout).write(`${text}\n`);
  };

  /** One seed, its trace streamed into the report directory when asked. */
  const one = async (file: string, seed: number | undefined, single: boolean, onSimulatedTime?: RunOptions["onSimulatedTime"]): Promise<RunResult> => {
    const base = { ...runOptions({ ...options, ...(seed === undefined ? {} : { seed }) }), ...(onSimulatedTime === undefined ? {} : { onSimulatedTime }) };
    if (!options.trace) return await engine.runScenario(file, base);
    const trace = new TraceFile(at(root ?? DEFAULT_REPORT_ROOT));
    try {
      const result = await engine.runScenario(file, { ...base, traceSink: trace.sink });
      trace.commit(at(runReportDir(root, result.scenario, result.seed, single)));
      return result;
    } catch (error) {
      trace.abort();
      throw error;
    }
  };

  const outputs: RunOutput[] = [];
  const tally: TallyEntry[] = [];
  const overall = targets.length > 1 && options.seeds === undefined ? progressBar(io.stderr, "run", io.env) : undefined;
  let printed = 0;
  for (const [index, { file, dir }] of targets.entries()) {
    const description = options.describe(file);
    let output: RunOutput;
    try {
      if (options.seeds === undefined) {
        // One run's own progress, by simulated time: in the overall bar of several files, else its own.
        const name = shortName(file);
        const single = overall === undefined ? progressBar(io.stderr, `run ${name}`, io.env) : undefined;
        overall?.update(index, targets.length, name);
        const onTime = (nowUs: number, durationUs: number): void => {
          if (single !== undefined) single.simulated(nowUs, durationUs);
          else
            overall?.update(
              index,
              targets.length,
              `${name} · ${nowUs <= durationUs ? `simulated ${Math.floor(nowUs / 1e6)}s of ${Math.floor(durationUs / 1e6)}s` : "draining"}`,
            );
        };
        try {
          output = { kind: "run", result: await one(file, options.seed, onlyRun, (overall ?? single)?.enabled === true ? onTime : undefined) };
        } finally {
          single?.finish();
          overall?.finish();
        }
      } else {
        const bar = progressBar(io.stderr, `${shortName(file)} seeds`, io.env);
        try {
          output = { kind: "seeds", result: await manySeeds(engine, file, options, bar.update.bind(bar), one) };
        } finally {
          bar.finish();
        }
      }
    } catch (error) {
      // In a directory, a file that is not a valid scenario is told and counted; the others still run.
      const failure = describeFailure(error, io.env);
      if (dir === undefined || failure.exitCode !== EXIT.badInput) throw error;
      io.stderr.write(failure.message);
      tally.push({ name: shortName(file), kind: "invalid", problem: failure.message.trim().split("\n")[0] ?? "" });
      continue;
    }
    outputs.push(output);
    tally.push(
      output.kind === "run"
        ? { name: output.result.scenario, kind: "run", result: output.result }
        : { name: output.result.scenario, kind: "seeds", result: output.result },
    );
    if (!options.json) {
      if (printed > 0) io.stdout.write("\n");
      printed += 1;
      io.stdout.write(
        output.kind === "run"
          ? renderRunTerminal(output.result, { style, ...(description === undefined ? {} : { description }) })
          : renderSeedsTerminal(output.result, { style, ...(description === undefined ? {} : { description }) }),
      );
    }
    if (reporting) {
      const runs = output.kind === "run" ? [output.result] : output.result.runs;
      for (const run of runs) {
        const reportDir = runReportDir(root, run.scenario, run.seed, onlyRun);
        writeReportFiles(at(reportDir), runReportFiles(run, description));
        notes.push(reportDir);
      }
      if (output.kind === "seeds") {
        const reportDir = seedsReportDir(root, output.result.scenario);
        writeReportFiles(at(reportDir), seedsReportFiles(output.result, description));
        notes.push(reportDir);
      }
    }
  }
  if (options.json) io.stdout.write(jsonText(runCommandJson(outputs)));
  else if (targets.length > 1 || fromDirectory) {
    const dirs = [...new Set(targets.map((t) => t.dir).filter((d): d is string => d !== undefined))];
    const where = dirs.length === 1 && targets.every((t) => t.dir !== undefined) ? `in ${dirs[0]}` : "run";
    io.stdout.write(`\n${renderTally(tally, where, style)}`);
  }
  if (notes.length > 0) {
    const shown = notes.length <= 3 ? notes.join(", ") : `${notes.slice(0, 2).join(", ")} … (${notes.length} directories)`;
    note(`Report written to ${shown}`);
  }
  const counts = tallyCounts(tally);
  if (counts.invalid > 0) return EXIT.badInput;
  return counts.failed === 0 ? EXIT.passed : EXIT.failed;
}

/** Several seeds: the engine's `runSeeds`, or one run per seed when each needs its own trace file. */
async function manySeeds(
  engine: Engine,
  file: string,
  options: RunCommandOptions,
  onProgress: (done: number, total: number) => void,
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
