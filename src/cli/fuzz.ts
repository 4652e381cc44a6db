/**
 * `kafkasim fuzz [FILE] [options]` and `kafkasim fuzz merge A.json B.json …`: commander wiring of
 * the fault search (src/fuzz/), its progress lines on stderr, the terminal report, `--json`,
 * `--junit` and the exit status (0 no counterexample, 1 a counterexample, 2 bad input).
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { integer } from "./arguments.js";
import { Command, InvalidArgumentError } from "commander";
import type { CliIo } from "./io.js";
import { EXIT, UsageError } from "./failure.js";
import { renderFuzzTerminal } from "../report/fuzz.js";
import { jsonText } from "../report/json.js";
import { styleFor } from "../report/style.js";
import type { ProgressStream } from "./progress.js";
import { writeAtomically } from "../fuzz/counterexample-file.js";
import { FUZZ_FAULT_KINDS, type FuzzFaultKind } from "../fuzz/fault-arbitraries.js";
import { fuzzJunit } from "../fuzz/junit.js";
import { mergeFuzzResults } from "../fuzz/merge.js";
import { bugLines, profileLines } from "../fuzz/profiles.js";
import { runFuzz, runFuzzWith, type FuzzOptions, type FuzzProgress, type FuzzResult, type Shard, type VaryConfig } from "../fuzz/run-fuzz.js";
import { pooledRunner } from "./fuzz-pool.js";
import { defaultWorkers } from "./seed-pool.js";

/** Parsed options of `kafkasim fuzz`. */
interface FuzzCliOptions {
  runs?: number;
  timeBudget?: number;
  seed?: number;
  profile?: string;
  bug?: string;
  varyConfig?: VaryConfig[];
  faults?: FuzzFaultKind[];
  shard?: Shard;
  merge?: boolean;
  selfCheck?: number;
  swarm?: boolean;
  maxShrinks?: number;
  out?: string;
  json?: boolean;
  junit?: string;
  maxEvents?: number;
  listProfiles?: boolean;
  listBugs?: boolean;
  workers?: number;
}

/** `5m`, `90s`, `1h`, `1500ms`, `2m30s` or a plain number of seconds → milliseconds. */
export function parseTimeBudget(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = trimmed;
  while (rest !== "") {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (match === null) throw new InvalidArgumentError(`expected a duration such as 5m, 90s, 1h or 1500ms, found ${JSON.stringify(text)}`);
    total += Number(match[1]) * (units[match[2] as string] as number);
    rest = rest.slice(match[0].length);
  }
  if (!(total > 0)) throw new InvalidArgumentError(`expected a positive duration, found ${JSON.stringify(text)}`);
  return total;
}

/** `k/N` with 1 ≤ k ≤ N. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError(`expected k/N with 1 ≤ k ≤ N (e.g. 2/4), found ${JSON.stringify(text)}`);
  }
  return { index, count };
}

function share(text: string): number {
  const value = text.trim().endsWith("%") ? Number(text.trim().slice(0, -1)) / 100 : Number(text);
  if (!(value >= 0 && value <= 1)) throw new InvalidArgumentError(`expected a share between 0 and 1 (or 0%–100%), found ${JSON.stringify(text)}`);
  return value;
}

function collectVary(text: string, previous: VaryConfig[] | undefined): VaryConfig[] {
  const eq = text.indexOf("=");
  const values = text
    .slice(eq + 1)
    .split(",")
    .map((value) => value.trim());
  if (eq <= 0 || values.some((value) => value === "")) throw new InvalidArgumentError(`expected key=v1,v2[,…], found ${JSON.stringify(text)}`);
  return [...(previous ?? []), { key: text.slice(0, eq).trim(), values }];
}

function faultKinds(text: string): FuzzFaultKind[] {
  const kinds = text.split(",").map((kind) => kind.trim());
  const unknown = kinds.filter((kind) => !(FUZZ_FAULT_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0 || kinds.length === 0) {
    throw new InvalidArgumentError(`unknown fault kind ${unknown.join(", ")} (kinds: ${FUZZ_FAULT_KINDS.join(", ")})`);
  }
  return kinds as FuzzFaultKind[];
}

const EXAMPLES = `
Examples:
  $ kafkasim fuzz --runs 200 --seed 1 --out reports/fuzz
  $ kafkasim fuzz my-cluster.yaml --time-budget 5m --vary-config acks=1,all
  $ kafkasim fuzz --profile acks1 --runs 20                       (a counterexample is expected)
  $ kafkasim fuzz --profile mutants --bug hw-ignores-isr --time-budget 60s
  $ kafkasim fuzz --runs 1000 --shard 2/4 --json > shard-2.json   (one of four CI jobs)
  $ kafkasim fuzz --time-budget 10m --workers 8
  $ kafkasim fuzz merge shard-*.json --junit fuzz.xml

Profiles (--profile; see --list-profiles):
${profileLines()
  .map((line) => `  ${line}`)
  .join("\n")}

Progress goes to stderr every few seconds (also when it is not a terminal;
KAFKASIM_NO_PROGRESS=1 turns it off). --json prints one JSON object on stdout.
Exit status: 0 no counterexample, 1 a counterexample was found (written to --out), 2 bad input.`;

/** Add `fuzz` to the program; `done` receives the exit status. */
export function registerFuzzCommand(program: Command, io: CliIo, done: (status: number) => void): void {
  program
    .command("fuzz")
    .description("search fault schedules for a counterexample (around a scenario FILE or in a profile); writes the shrunk one as a scenario file")
    .argument("[file...]", "a scenario file to search around (its cluster, workloads and expect stay); or: merge A.json B.json …")
    .option("--runs <n>", "how many runs the campaign has (default 100)", integer(1))
    .option("--time-budget <duration>", "generate runs until this much wall time has passed (5m, 90s, 1h), instead of --runs", parseTimeBudget)
    .option("--seed <n>", "the campaign's seed (default 1): run i is a pure function of profile, seed and i", integer(0))
    .option("--profile <name>", "what to generate and what must hold (default acks-all-durability; --list-profiles)")
    .option("--bug <name>", "switch a catalogue mutant on in every run (--list-bugs); none: the mutants profile with no mutant, the false-alarm guard")
    .option("--vary-config <key=v1,v2>", "with a FILE: each run takes one of the values (repeatable)", collectVary)
    .option("--faults <kinds>", `with a FILE: the fault kinds to draw (comma-separated; default all but power-loss)`, faultKinds)
    .option("--shard <k/N>", "run only the k-th of N disjoint slices of the run sequence (CI matrices)", parseShard)
    .option("--merge", "treat the arguments as --json results of shards and merge them")
    .option("--self-check <share>", "share of runs that run twice to check determinism (default 0.05)", share)
    .option("--no-swarm", "every run may use every fault kind (no swarm testing)")
    .option("--max-shrinks <n>", "most shrink candidates to try (default 2000)", integer(0))
    .option("--out <dir>", "where counterexamples are written (default reports/fuzz)")
    .option("--json", "print one JSON object on stdout and nothing else")
    .option("--junit <file>", "also write JUnit XML (one test case per property) to FILE")
    .option("--max-events <n>", "stop each run after N events", integer(1))
    .option("--workers <n>", "run the generated scenarios on N worker threads (default: the number of cores); the result is that of one worker", integer(1))
    .option("--list-profiles", "print the profiles, one a line, and exit")
    .option("--list-bugs", "print the catalogue mutants (--bug), one a line, and exit")
    .addHelpText("after", EXAMPLES)
    .action(async (files: string[], opts: FuzzCliOptions) => {
      done(await fuzzAction(io, files, opts));
    });
}

async function fuzzAction(io: CliIo, files: string[], opts: FuzzCliOptions): Promise<number> {
  if (opts.listProfiles === true) {
    io.stdout.write(`${profileLines().join("\n")}\n`);
    return EXIT.passed;
  }
  if (opts.listBugs === true) {
    io.stdout.write(`${bugLines().join("\n")}\n`);
    return EXIT.passed;
  }
  const merging = opts.merge === true || files[0] === "merge";
  const result = merging ? merge(opts.merge === true ? files : files.slice(1)) : await search(io, files, opts);
  if (opts.junit !== undefined) writeAtomically(opts.junit, fuzzJunit(result));
  if (opts.json === true) io.stdout.write(jsonText(result));
  else io.stdout.write(renderFuzzTerminal(result, styleFor(io.stdout, io.env)));
  return result.passed ? EXIT.passed : EXIT.failed;
}

function merge(files: string[]): FuzzResult {
  if (files.length === 0) throw new UsageError("fuzz merge: name the --json results of the shards (kafkasim fuzz merge shard-1.json shard-2.json …)");
  const results = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`fuzz merge: cannot read ${file}: ${(error as Error).message}`);
    }
    try {
      return JSON.parse(text) as FuzzResult;
    } catch (error) {
      throw new UsageError(`fuzz merge: ${file} is not JSON: ${(error as Error).message}`);
    }
  });
  return mergeFuzzResults(results, files);
}

async function search(io: CliIo, files: string[], opts: FuzzCliOptions): Promise<FuzzResult> {
  if (files.length > 1)
    throw new UsageError(`fuzz: name at most one scenario file (found ${files.length}); to merge shard results: kafkasim fuzz merge A.json B.json`);
  if (opts.runs !== undefined && opts.timeBudget !== undefined) throw new UsageError("fuzz: give --runs or --time-budget, not both");
  const file = files[0];
  const progress = progressLines(io.stderr, io.env);
  const workers = opts.workers ?? defaultWorkers();
  try {
    const options: FuzzOptions = {
      seed: opts.seed ?? 1,
      outDir: opts.out ?? "reports/fuzz",
      ...(opts.runs === undefined ? {} : { runs: opts.runs }),
      ...(opts.timeBudget === undefined ? {} : { timeBudgetMs: opts.timeBudget }),
      ...(file === undefined ? {} : { scenario: file }),
      ...(opts.profile === undefined ? {} : { profile: opts.profile }),
      ...(opts.bug === undefined ? {} : opts.bug === "none" ? { mutants: [] } : { bug: opts.bug }),
      ...(opts.varyConfig === undefined ? {} : { varyConfig: opts.varyConfig }),
      ...(opts.faults === undefined ? {} : { faultKinds: opts.faults }),
      ...(opts.shard === undefined ? {} : { shard: opts.shard }),
      ...(opts.selfCheck === undefined ? {} : { selfCheck: opts.selfCheck }),
      ...(opts.swarm === false ? { swarm: false } : {}),
      ...(opts.maxShrinks === undefined ? {} : { maxShrinkAttempts: opts.maxShrinks }),
      ...(opts.maxEvents === undefined ? {} : { maxEvents: opts.maxEvents }),
      onProgress: progress.update,
    };
    // Validate the options and the file on this thread first: bad input fails as with one worker.
    return workers <= 1 ? runFuzz(options) : await runFuzzWith(pooledRunner(workers), workers, options);
  } finally {
    progress.finish();
  }
}

/** How often a progress line is written. */
const PROGRESS_INTERVAL_MS = 3000;

/**
 * Progress on stderr: a line every few seconds — runs, runs/s, failures, phase — also when stderr
 * is not a terminal (CI logs); on a terminal the line is redrawn in place.
 */
export function progressLines(stream: ProgressStream, env: Readonly<Record<string, string | undefined>>, now: () => number = () => performance.now()) {
  const off = env["KAFKASIM_NO_PROGRESS"] !== undefined && env["KAFKASIM_NO_PROGRESS"] !== "";
  const tty = stream.isTTY === true;
  let last = now();
  let drawn = false;
  return {
    update: (p: FuzzProgress) => {
      if (off || now() - last < PROGRESS_INTERVAL_MS) return;
      last = now();
      const line = progressLine(p);
      stream.write(tty ? `\r\u001b[2K${line}` : `${line}\n`);
      drawn = tty;
    },
    finish: () => {
      if (drawn) stream.write("\r\u001b[2K");
      drawn = false;
    },
  };
}

/** `fuzz: 120/500 runs · 35.2 runs/s · 0 failures · generating`. */
export function progressLine(p: FuzzProgress): string {
  const seconds = p.elapsedMs / 1000;
  const rate = seconds > 0 ? (p.done / seconds).toFixed(1) : "0.0";
  const phase = p.phase === "shrinking" ? `shrinking (${p.shrinks} steps, ${p.shrinkAttempts} tried)` : p.phase;
  return `fuzz: ${p.done}${p.runs === undefined ? "" : `/${p.runs}`} runs · ${rate} runs/s · ${p.failures} failure${p.failures === 1 ? "" : "s"} · ${phase} · ${Math.round(seconds)}s`;
}
