/**
 * Writing a shrunk counterexample as a scenario file: the name `fuzz-<profile>-<seed>-<n>`, a
 * description saying what failed and how it was found, header comments with the reproduce
 * commands, and the profile's `expect` block, so `kafkasim run <file>` fails (exit 1) exactly as
 * the fuzzer saw. The file is written under a temporary name and renamed, so a reader never
 * sees half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunResult } from "../scenario/result.js";
import type { RawScenario } from "../scenario/schema.js";
import { scenarioToYaml } from "./to-yaml.js";

/** The name of the n-th counterexample of a fuzz run. */
export function counterexampleName(profile: string, seed: number, n: number): string {
  // A scenario name is lower-case letters, digits and hyphens (kafka-0.10 → kafka-0-10).
  const label = profile
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return `fuzz-${label}-${seed}-${n}`;
}

/** How a counterexample was found, for its description and header. */
export interface Provenance {
  /** What was searched: the profile's name, or `the file <path>`. */
  readonly searched: string;
  /** The property, in one sentence. */
  readonly property: string;
  /** The fuzz command that finds this counterexample again. */
  readonly command: string;
  /** Runs of the property before the first failure (1-based index of the failing run). */
  readonly failingRun: number;
  readonly shrinks: number;
  readonly failures: readonly string[];
  /** First violations and anomalies, with explanations (header comments only). */
  readonly details?: readonly string[];
}

/** What a fuzz command line holds besides profile, seed and runs. */
export interface CommandExtras {
  readonly file?: string;
  readonly bug?: string;
  readonly vary?: readonly { readonly key: string; readonly values: readonly string[] }[];
  readonly shard?: { readonly index: number; readonly count: number };
}

/** The fuzz command that runs this search (and finds the counterexample again). */
export function fuzzCommand(profile: string | undefined, seed: number, runs: number, extras: CommandExtras = {}): string {
  return [
    "kafkasim fuzz",
    ...(extras.file === undefined ? [] : [shellWord(extras.file)]),
    ...(profile === undefined ? [] : [`--profile ${profile}`]),
    ...(extras.bug === undefined ? [] : [`--bug ${extras.bug}`]),
    ...(extras.vary ?? []).map((vary) => `--vary-config ${shellWord(`${vary.key}=${vary.values.join(",")}`)}`),
    `--seed ${seed}`,
    `--runs ${runs}`,
    ...(extras.shard === undefined ? [] : [`--shard ${extras.shard.index}/${extras.shard.count}`]),
  ].join(" ");
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** `raw` renamed and re-described as the counterexample it is. */
export function asCounterexample(raw: RawScenario, name: string, provenance: Provenance): RawScenario {
  const description = [
    `Counterexample found by \`${provenance.command}\``,
    `(generated as run ${provenance.failingRun}, shrunk in ${provenance.shrinks} step(s)).`,
    `Property of ${provenance.searched}: ${provenance.property}.`,
    `It failed: ${provenance.failures.join("; ") || "the run did not pass"}.`,
    "Running this file replays the same run bit for bit (the seed is in the file) and exits 1 while the failure is there.",
  ].join(" ");
  return { ...raw, name, description };
}

/** The text of the counterexample file `fileName` (its schema line points from `outDir`). */
export function counterexampleText(raw: RawScenario, path: string, outDir: string, provenance: Provenance): string {
  return scenarioToYaml(raw, {
    schema: schemaReference(outDir),
    header: [
      `Found by: ${provenance.command}`,
      `Replay:   kafkasim run ${path}`,
      ...labelled("Property:", [provenance.property]),
      ...labelled("Failed:", provenance.failures),
      ...labelled("Details:", provenance.details ?? []),
    ],
  });
}

/** Items under a label, each wrapped to the file's width and indented under the first. */
function labelled(label: string, items: readonly string[]): string[] {
  const lines: string[] = [];
  for (const item of items) {
    for (const line of wrap(item, 86)) lines.push(`${(lines.length === 0 ? label : "").padEnd(9)} ${line}`);
  }
  return lines;
}

/** Write `text` to `path` atomically (temporary name, then rename), creating its directory. */
export function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text, "utf8");
  renameSync(temporary, path);
}

/** The path of the counterexample file `name` in `outDir`. */
export function counterexamplePath(outDir: string, name: string): string {
  return join(outDir, `${name}.yaml`);
}

/** The runner's failure lines of a run (expectations and invariants), never empty. */
export function describeFailures(result: RunResult): string[] {
  return result.failures.length > 0 ? [...result.failures] : ["the run did not pass"];
}

/**
 * What went wrong, beyond the counts: for each failed expectation, the first violation of the
 * invariant or the first anomaly it names, with the checker's explanation. (Invariants that fail
 * without being named already carry their first violation in the runner's failure line.)
 */
export function failureDetails(result: RunResult): string[] {
  const lines: string[] = [];
  for (const expectation of result.expectations) {
    if (expectation.passed) continue;
    // An invariant named in expect: the runner's line gives only the count.
    const invariant = result.invariants.find((item) => item.name === expectation.metric && item.violations > 0);
    if (invariant?.first !== undefined) lines.push(`first ${invariant.name} violation: ${invariant.first.description}`);
    const anomaly = result.anomalies.find((item) => item.type === expectation.metric);
    if (anomaly !== undefined) lines.push(`first ${anomaly.type}: ${anomalyText(anomaly)}`);
  }
  return lines;
}

/** Wrap `text` into lines of at most `width` characters, breaking at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((part) => part !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function anomalyText(anomaly: RunResult["anomalies"][number]): string {
  const fields = anomaly as unknown as Record<string, unknown>;
  const where = [fields["partition"], fields["offset"] === undefined ? undefined : `offset ${String(fields["offset"])}`, fields["value"]]
    .filter((part) => part !== undefined && part !== null)
    .map(String)
    .join(" ");
  const explanation = typeof fields["explanation"] === "string" ? fields["explanation"] : "";
  return [where, explanation].filter((part) => part !== "").join(": ");
}

/**
 * The `$schema` reference from `outDir` to the project's scenarios/schema.json, found by walking
 * up from this module to the kafkasim package root: relative when `outDir` is inside the project,
 * absolute otherwise; `./schema.json` when the root cannot be found.
 */
export function schemaReference(outDir: string): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest) && isKafkasim(manifest)) {
      const schema = join(directory, "scenarios", "schema.json");
      // Inside the project: a relative path; elsewhere (e.g. /tmp): the absolute one.
      if (relative(directory, resolve(outDir)).startsWith("..")) return schema.split(sep).join("/");
      const path = relative(outDir, schema).split(sep).join("/");
      return path.startsWith(".") ? path : `./${path}`;
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  return "./schema.json";
}

function isKafkasim(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "kafkasim";
  } catch {
    return false;
  }
}
