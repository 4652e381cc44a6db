/**
 * `kafkasim compare <file> --vary k=v1,v2` once its arguments are parsed: run every value, render
 * the table, write the report directory, and return the exit status.
 */
import { isAbsolute, resolve } from "node:path";
import type { CompareResult } from "../scenario/result.js";
import { jsonText } from "../report/json.js";
import { compareReportDir, compareReportFiles } from "../report/output.js";
import { styleFor } from "../report/style.js";
import { renderCompareTerminal } from "../report/terminal-compare.js";
import { writeReportFiles } from "../report/write.js";
import { EXIT } from "./failure.js";
import { runOptions, shortName, type CliIo, type Engine } from "./io.js";
import { progressBar } from "./progress.js";

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
  /** `--strict`: exit 1 also when a value missed the file's expectations in some seed. */
  strict?: boolean;
}

/**
 * The exit status of a comparison that ran: 1 when an invariant was violated that the file does
 * not expect (a bug of the model), or, with `strict`, when any value missed the file's
 * expectations in some seed; else 0 — a value that misses a lesson's expectations is what a
 * comparison is run to show.
 */
function compareStatus(compare: CompareResult, strict: boolean): number {
  if (compare.rows.some((r) => (r.invariantSeeds ?? 0) > 0)) return EXIT.failed;
  if (strict && compare.rows.some((r) => r.passedSeeds < r.seeds)) return EXIT.failed;
  return EXIT.passed;
}

/** `kafkasim compare <file> --vary k=v1,v2`: see {@link compareStatus}. */
export async function compareCommand(engine: Engine, io: CliIo, file: string, options: CompareCommandOptions): Promise<number> {
  const bar = progressBar(io.stderr, `${shortName(file)} runs`, io.env);
  let compare: CompareResult;
  try {
    compare = await engine.compareScenario(file, {
      ...runOptions(options),
      seeds: options.seeds,
      key: options.key,
      values: options.values,
      onProgress: bar.update.bind(bar),
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
  return compareStatus(compare, options.strict === true);
}
