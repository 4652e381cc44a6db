#!/usr/bin/env node
/**
 * `kafkasim`: commander wiring only. Parses arguments, calls the commands of src/cli/*-command.ts
 * with the engine of src/scenario/api.ts, and maps the outcome to an exit status: 0 passed,
 * 1 an expectation or invariant failed (or fuzz found a counterexample), 2 bad input or usage,
 * 3 an internal error (docs/scenario-format.md "Command line"; docs/cli.md).
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { integer } from "./cli/arguments.js";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { parseScenarioText, readScenarioFile } from "./scenario/load.js";
import { compareCommand } from "./cli/compare-command.js";
import type { CliIo, Engine } from "./cli/io.js";
import { listCommand } from "./cli/list-command.js";
import { parallelEngine } from "./cli/parallel-engine.js";
import { runCommand } from "./cli/run-command.js";
import { defaultWorkers } from "./cli/seed-pool.js";
import { showcaseCommand } from "./cli/showcase-command.js";
import { describeFailure, EXIT, UsageError } from "./cli/failure.js";
import { SHOWCASE_FILES } from "./report/lesson.js";
import { registerFuzzCommand } from "./cli/fuzz.js";

export type { CliIo, Engine } from "./cli/io.js";

const HERE = dirname(fileURLToPath(import.meta.url));

/** The package root: the nearest directory above this module with kafkasim's package.json. */
function packageRoot(): string | undefined {
  for (let dir = HERE; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "scenarios"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The scenario library installed with kafkasim (the package's scenarios/), else ./scenarios. */
function installedScenarios(io: CliIo): string {
  const root = packageRoot();
  return root === undefined ? join(io.cwd, "scenarios") : join(root, "scenarios");
}

/** kafkasim's version, from its package.json. */
function packageVersion(): string {
  const root = packageRoot();
  if (root === undefined) return "unknown";
  try {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}

function collectSet(text: string, previous: string[] | undefined): string[] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, found ${JSON.stringify(text)}`);
  return [...(previous ?? []), text];
}

/** Split `v1,v2,[a, b]` at commas outside brackets and quotes. */
function splitValues(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = "";
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "{") depth += 1;
    else if (ch === "]" || ch === "}") depth -= 1;
    else if (ch === "," && depth === 0) {
      values.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  values.push(current.trim());
  return values;
}

function parseVary(text: string): { key: string; values: string[] } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected key=v1,v2[,…], found ${JSON.stringify(text)}`);
  const values = splitValues(text.slice(eq + 1));
  if (values.some((v) => v === "")) throw new InvalidArgumentError(`empty value in ${JSON.stringify(text)}`);
  return { key: text.slice(0, eq).trim(), values };
}

/** The description of a scenario file for a report header; undefined when it cannot be read. */
function describe(file: string): string | undefined {
  try {
    const raw = parseScenarioText(readScenarioFile(file), file).raw as { description?: unknown } | null;
    return typeof raw?.description === "string" ? raw.description : undefined;
  } catch {
    return undefined;
  }
}

/** `--report file.yaml` swallowed a scenario file: give it back to the file list. */
function reportOption(value: unknown, files: string[]): string | boolean | undefined {
  if (typeof value === "string" && /\.(ya?ml|json)$/i.test(value) && existsSync(value)) {
    files.push(value);
    return true;
  }
  return value as string | boolean | undefined;
}

const EXAMPLES = {
  run: `
Examples:
  $ kafkasim run scenarios/leader-crash-acks1.yaml
  $ kafkasim run scenarios/leader-crash-acks1.yaml --seed 7 --set acks=all
  $ kafkasim run scenarios/leader-crash-acks1.yaml --seeds 20 --json > result.json
  $ kafkasim run scenarios/leader-crash-acks1.yaml --seeds 20 --workers 2
  $ kafkasim run scenarios/leader-crash-acks1.yaml --report out/ --trace
  $ kafkasim run scenarios/                  (the whole course, then a tally)

--json prints exactly one JSON object on stdout: the result for one file, or
{ "results": [...], "passed": … } for several. --trace implies --report.
Durations (in files and --set) may be compound: 1m30s, 2s500ms.
Exit status: 0 passed, 1 an expectation or invariant failed, 2 bad input (in a
directory: a file that is not a valid scenario; the others still run).`,
  compare: `
Examples:
  $ kafkasim compare scenarios/leader-crash-acks1.yaml --vary acks=1,all --seeds 20
  $ kafkasim compare scenarios/leader-crash-acks1.yaml --vary min.insync.replicas=1,2 --json

The table marks each value the file has an expectation on: ✓ it held in every seed, ✗ not.
Exit status: 0 when the comparison ran (a value that misses the file's expectations is what a
comparison shows); 1 when an invariant was violated that the file does not expect (a bug of the
model), or with --strict when any value missed the file's expectations; 2 bad input.`,
  list: `
Examples:
  $ kafkasim list
  $ kafkasim list test/cli/fixtures --json`,
  showcase: `
Examples:
  $ kafkasim showcase              (what npm start runs: one screen)
  $ kafkasim showcase --verbose    (npm start -- --verbose: both full reports first)`,
};

/** Run the command line `argv` (without `node` and the script); resolves to the exit status. */
export async function main(argv: readonly string[], io: CliIo = processIo(), engineOverride?: Engine): Promise<number> {
  let status: number = EXIT.passed;
  const engine = (workers?: number): Engine => {
    if (engineOverride) return engineOverride;
    return parallelEngine(workers ?? defaultWorkers());
  };
  const program = new Command("kafkasim")
    .description("A deterministic discrete-event simulator of Apache Kafka: run scenario files, compare configurations, search for faults.")
    .version(packageVersion(), "-V, --version", "print kafkasim's version")
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command("run")
    .description("run scenario files and tell what happened")
    .argument("[file...]", "scenario files (.yaml, .yml, .json), or directories: every scenario there, in teaching order, then a tally")
    .option("--seed <n>", "the seed (overrides the file's)", integer(0))
    .option("--seeds <n>", "run seeds seed … seed+N−1 and aggregate", integer(1))
    .option("--set <key=value>", "override a Kafka config or a path in the file (repeatable)", collectSet)
    .option("--json", "print one JSON object on stdout and nothing else")
    .option("--report [dir]", "write summary.md, result.json and report.html (default reports/<scenario>/<seed>/)")
    .option("--trace", "also write the full event trace as trace.jsonl (implies --report)")
    .option("--max-events <n>", "stop a run after N events (default 50 000 000)", integer(1))
    .option("--max-memory <MiB>", "stop a run once its JavaScript heap exceeds this many MiB (default: 80% of Node's heap limit)", integer(1))
    .option("--workers <n>", "with --seeds: run seeds on N worker threads (default: the number of cores)", integer(1))
    .option("--full-series", "keep series and convergence of every partition (default: the ones something happened to, a sample and a summary)")
    .addHelpText("after", EXAMPLES.run)
    .action(
      async (
        files: string[],
        opts: {
          seed?: number;
          seeds?: number;
          set?: string[];
          json?: boolean;
          report?: string | boolean;
          trace?: boolean;
          maxEvents?: number;
          maxMemory?: number;
          workers?: number;
          fullSeries?: boolean;
        },
      ) => {
        const all = [...files];
        const report = reportOption(opts.report, all);
        if (all.length === 0) throw new UsageError("run: name at least one scenario file or directory (kafkasim list shows the library)");
        status = await runCommand(engine(opts.workers), io, all, {
          ...(opts.fullSeries === true ? { fullSeries: true } : {}),
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(opts.seeds === undefined ? {} : { seeds: opts.seeds }),
          ...(report === undefined ? {} : { report }),
          ...(opts.maxEvents === undefined ? {} : { maxEvents: opts.maxEvents }),
          ...(opts.maxMemory === undefined ? {} : { maxMemoryMb: opts.maxMemory }),
          sets: opts.set ?? [],
          json: opts.json === true,
          trace: opts.trace === true,
          describe,
        });
      },
    );

  program
    .command("compare")
    .description("run one scenario under several values of one key, side by side")
    .argument("<file>", "a scenario file")
    .requiredOption("--vary <key=v1,v2,...>", "the key and its values (a Kafka config name or a path in the file)", parseVary)
    .option("--seeds <n>", "seeds per value (default 1)", integer(1))
    .option("--seed <n>", "the first seed (overrides the file's)", integer(0))
    .option("--set <key=value>", "override another key first (repeatable)", collectSet)
    .option("--json", "print one JSON object on stdout and nothing else")
    .option("--report [dir]", "write summary.md, result.json and report.html (default reports/<scenario>/compare-<key>/)")
    .option("--max-events <n>", "stop each run after N events", integer(1))
    .option("--max-memory <MiB>", "stop a run once its JavaScript heap exceeds this many MiB (default: 80% of Node's heap limit)", integer(1))
    .option("--workers <n>", "run the seeds on N worker threads (default: the number of cores)", integer(1))
    .option("--strict", "exit 1 also when a value misses the file's expectations in some seed")
    .addHelpText("after", EXAMPLES.compare)
    .action(
      async (
        file: string,
        opts: {
          vary: { key: string; values: string[] };
          seeds?: number;
          seed?: number;
          set?: string[];
          json?: boolean;
          report?: string | boolean;
          maxEvents?: number;
          maxMemory?: number;
          workers?: number;
          strict?: boolean;
        },
      ) => {
        status = await compareCommand(engine(opts.workers), io, file, {
          key: opts.vary.key,
          values: opts.vary.values,
          seeds: opts.seeds ?? 1,
          sets: opts.set ?? [],
          json: opts.json === true,
          describe,
          ...(opts.strict === true ? { strict: true } : {}),
          ...(opts.seed === undefined ? {} : { seed: opts.seed }),
          ...(opts.report === undefined ? {} : { report: opts.report }),
          ...(opts.maxEvents === undefined ? {} : { maxEvents: opts.maxEvents }),
          ...(opts.maxMemory === undefined ? {} : { maxMemoryMb: opts.maxMemory }),
        });
      },
    );

  registerFuzzCommand(program, io, (code) => {
    status = code;
  });

  program
    .command("list")
    .description("the scenarios of a directory with their one-line descriptions")
    .argument("[dir]", "a directory of scenario files (default: the scenarios installed with kafkasim)")
    .option("--json", "print one JSON object on stdout")
    .addHelpText("after", EXAMPLES.list)
    .action((dir: string | undefined, opts: { json?: boolean }) => {
      status = listCommand(io, dir ?? installedScenarios(io), opts.json === true);
    });

  program
    .command("showcase")
    .description("the same leader crash under acks=1 and acks=all: the lesson in one screen")
    .option("--seed <n>", "the seed of both runs", integer(0))
    .option("--verbose", "print both full reports (timeline, anomalies, partitions) before the lesson")
    .addHelpText("after", EXAMPLES.showcase)
    .action(async (opts: { seed?: number; verbose?: boolean }) => {
      const dir = existsSync(join(io.cwd, "scenarios", SHOWCASE_FILES[0])) ? join(io.cwd, "scenarios") : installedScenarios(io);
      const files: [string, string] = [join(dir, SHOWCASE_FILES[0]), join(dir, SHOWCASE_FILES[1])];
      status = await showcaseCommand(engine(), io, files, {
        describe,
        ...(opts.seed === undefined ? {} : { seed: opts.seed }),
        ...(opts.verbose === true ? { verbose: true } : {}),
      });
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" ? EXIT.passed : EXIT.badInput;
    }
    const failure = describeFailure(error, io.env);
    io.stderr.write(failure.message);
    return failure.exitCode;
  }
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const failure = describeFailure(error, process.env);
      process.stderr.write(failure.message);
      process.exitCode = failure.exitCode;
    },
  );
}
