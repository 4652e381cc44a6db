/**
 * What `kafkasim run`, `compare`, `list` and `showcase` do once their arguments are parsed: call
 * the engine (passed in, so the commands can be tested with hand-built results), render the
 * results, write report directories, and return the exit status (0 passed, 1 failed). Errors are
 * thrown to the caller (src/cli.ts), which maps them to messages and statuses (failure.ts).
 */
import { isAbsolute, resolve } from "node:path";
import type { CompareOptions, RunOptions, ScenarioInput, SeedsOptions } from "../scenario/api.js";
import { listScenarios } from "../scenario/list.js";
import type { CompareResult, MultiSeedResult, RunResult } from "../scenario/result.js";
import { summarise } from "../scenario/result.js";
import { EXIT } from "./failure.js";
import { jsonText, runCommandJson, type RunOutput } from "./json.js";
import { renderLesson, renderListing } from "./lesson.js";
import { compareReportDir, DEFAULT_REPORT_ROOT, compareReportFiles, runReportDir, runReportFiles, seedsReportDir, seedsReportFiles } from "./output.js";
import { progressBar, type ProgressStream } from "./progress.js";
import { styleFor } from "./style.js";
import { renderCompareTerminal } from "./terminal-compare.js";
import { renderRunTerminal } from "./terminal-run.js";
import { renderSeedsTerminal } from "./terminal-seeds.js";
import { TraceFile, writeReportFiles } from "./write.js";

type MaybePromise<T> = T | Promise<T>;

/** The engine entry points (src/scenario/api.ts), injectable for tests. */
export interface Engine {
  runScenario(input: ScenarioInput, options?: RunOptions): MaybePromise<RunResult>;
  runSeeds(input: ScenarioInput, options: SeedsOptions): MaybePromise<MultiSeedResult>;
  compareScenario(input: ScenarioInput, options: CompareOptions): MaybePromise<CompareResult>;
}

/** Where the command line writes, and what it reads from its environment. */
export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

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

function runOptions(options: { seed?: number; sets: string[]; maxEvents?: number; maxMemoryMb?: number; fullSeries?: boolean }): RunOptions {
  return {
    ...(options.maxMemoryMb === undefined ? {} : { maxMemoryMb: options.maxMemoryMb }),
    ...(options.fullSeries === true ? { fullSeries: true } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.sets.length === 0 ? {} : { sets: options.sets }),
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
  };
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

/** Options of `kafkasim compare`. */
export interface CompareCommandOptions {
  key: string;
  values: string[];
  seed?: number;
  seeds: number;
  sets: string[];
  json: boolean;
  report?: string | boolean;
  maxEvents?: number;
  maxMemoryMb?: number;
  describe: (file: string) => string | undefined;
}

/** `kafkasim compare <file> --vary k=v1,v2`: 0 when every seed of every value passed, else 1. */
export async function compareCommand(engine: Engine, io: CliIo, file: string, options: CompareCommandOptions): Promise<number> {
  const bar = progressBar(io.stderr, `${shortName(file)} runs`, io.env);
  let compare: CompareResult;
  try {
    compare = await engine.compareScenario(file, {
      ...runOptions(options), seeds: options.seeds, key: options.key, values: options.values, onProgress: bar.update.bind(bar),
    });
  } finally {
    bar.finish();
  }
  const description = options.describe(file);
  if (options.json) io.stdout.write(jsonText(compare));
  else io.stdout.write(renderCompareTerminal(compare, { style: styleFor(io.stdout, io.env), ...(description === undefined ? {} : { description }) }));
  if (options.report !== undefined && options.report !== false) {
    const dir = compareReportDir(typeof options.report === "string" ? options.report : undefined, compare.scenario, compare.key);
    writeReportFiles(isAbsolute(dir) ? dir : resolve(io.cwd, dir), compareReportFiles(compare, description));
    (options.json ? io.stderr : io.stdout).write(`Report written to ${dir}\n`);
  }
  return compare.rows.every((r) => r.passedSeeds === r.seeds) ? EXIT.passed : EXIT.failed;
}

/** `kafkasim list [DIR]`. */
export function listCommand(io: CliIo, dir: string, json: boolean): number {
  const listings = listScenarios(isAbsolute(dir) ? dir : resolve(io.cwd, dir))
    .map((l) => ({ ...l, file: relativeTo(io.cwd, l.file), ...(l.problem === undefined ? {} : { problem: l.problem.split(withSlash(io.cwd)).join("") }) }));
  io.stdout.write(json ? jsonText({ scenarios: listings }) : renderListing(listings, styleFor(io.stdout, io.env)));
  return EXIT.passed;
}

/** `kafkasim showcase`: the acks=1 and acks=all stories, then the lesson; 0 when both behaved as expected. */
export async function showcaseCommand(engine: Engine, io: CliIo, files: readonly [string, string], describe: (file: string) => string | undefined, seed?: number): Promise<number> {
  const style = styleFor(io.stdout, io.env);
  const results: RunResult[] = [];
  for (const file of files) {
    const result = await engine.runScenario(file, seed === undefined ? {} : { seed });
    const description = describe(file);
    if (results.length > 0) io.stdout.write("\n");
    io.stdout.write(renderRunTerminal(result, { style, ...(description === undefined ? {} : { description }) }));
    results.push(result);
  }
  const [weak, strong] = results as [RunResult, RunResult];
  io.stdout.write(`\n${renderLesson(weak, strong, style)}`);
  return results.every((r) => r.passed) ? EXIT.passed : EXIT.failed;
}

function shortName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.(ya?ml|json)$/i, "");
}

function withSlash(dir: string): string {
  return dir.endsWith("/") ? dir : `${dir}/`;
}

function relativeTo(cwd: string, file: string): string {
  const prefix = withSlash(cwd);
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}
