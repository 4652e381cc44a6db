#!/usr/bin/env node
// `npm run docs`: regenerate every command output and every generated table shown in README.md,
// scenarios/README.md and docs/*.md from a real run of the built kafkasim, so that no documented
// output can be stale. `--check` changes nothing: it reports each block whose text differs from a
// fresh run (exit 1) — test/docs/outputs.test.ts runs it.
//
// Two kinds of marked blocks:
//
//   <!-- output: kafkasim run scenarios/leader-crash-acks1.yaml | from "Anomalies" -->
//   ```text
//   (replaced by "$ <command>" and what it printed on stdout)
//   ```
//   <!-- /output -->
//
//   <!-- generated: config-keys -->     (or: presets)
//   (replaced by a Markdown table built from the registry in src/kafka/config)
//   <!-- /generated -->
//
// The command before the first " | " runs in bash from the repository root with `kafkasim` on the
// PATH (the built CLI), NO_COLOR=1 and 80 columns. Filters after it shape what is shown:
//   from "TEXT"    start at the first line containing TEXT ("…" marks the cut)
//   until "TEXT"   stop after the first line containing TEXT
//   lines A-B      keep lines A to B of the output
//   skip N "TEXT"  keep the first N lines, then continue from the first line containing TEXT
//   contract       a --json result shortened to the contract's fields, one line per field
//   no-prompt      do not print the "$ <command>" line
//   slow           a command that takes long (a fuzz search with shrinking): `npm run docs`
//                  regenerates it, `--check` compares it only with KAFKASIM_DOCS_SLOW=1
// A filter whose TEXT no longer appears in the output (the output changed) keeps every line and
// says so on stderr, so that `npm run docs` always succeeds; then update the marker.
// A marker may be indented (inside a list item): the block is indented the same way.
// Each distinct command runs once per invocation. Values that depend on the machine — wall time,
// runs per second, worker count — are compared loosely by --check (see VOLATILE).
//
// Usage: node scripts/docs.mjs [--check] [--cli PATH/src/cli.js] [FILE.md…]
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Machine-dependent parts of an output, replaced by a placeholder before two outputs are compared. */
const VOLATILE = [
  [/\d+(?:\.\d+)? (?:ms|s) wall/g, "<wall> wall"],
  [/"wallMs": \d+/g, '"wallMs": <wall>'],
  [/\d+(?:\.\d+)? runs\/s/g, "<rate> runs/s"],
  [/on \d+ workers?/g, "on <n> workers"],
];

/** Markdown files whose blocks are kept up to date. */
export function documentedFiles(root = ROOT) {
  const docs = readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => join("docs", name));
  return ["README.md", join("scenarios", "README.md"), ...docs].filter((file) => existsSync(join(root, file)));
}

const MARKER = /^([ \t]*)<!-- (output|generated): (.*?) -->[ \t]*$/;

/** The marked blocks of a Markdown text: kind, spec, the line range of their body, and the body. */
export function findBlocks(text) {
  const lines = text.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const match = MARKER.exec(lines[i]);
    if (match === null) continue;
    const [, indent, kind, spec] = match;
    const close = `${indent}<!-- /${kind} -->`;
    let end = i + 1;
    while (end < lines.length && lines[end].trimEnd() !== close) end++;
    if (end >= lines.length) throw new Error(`line ${i + 1}: <!-- ${kind}: ${spec} --> has no ${close.trim()}`);
    blocks.push({ kind, spec, indent, line: i + 1, start: i + 1, end, body: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** Split `command | filter | filter` (filters are known words; a quoted " | " stays in place). */
export function parseSpec(spec) {
  const parts = [];
  let current = "";
  let quote = null;
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (spec.startsWith(" | ", i)) {
      parts.push(current.trim());
      current = "";
      i += 2;
      continue;
    }
    current += c;
  }
  parts.push(current.trim());
  const [command = "", ...filters] = parts;
  return { command, filters };
}

function applyFilter(lines, filter) {
  const quoted = (text) => {
    const match = /^"(.*)"$|^'(.*)'$/.exec(text.trim());
    return match === null ? text.trim() : (match[1] ?? match[2]);
  };
  const [word, ...rest] = filter.split(" ");
  const argument = rest.join(" ");
  const find = (needle) => {
    const index = lines.findIndex((line) => line.includes(needle));
    if (index < 0) throw new MissingText(`filter ${filter}: no line contains "${needle}"; the whole output is shown`);
    return index;
  };
  switch (word) {
    case "from": {
      const index = find(quoted(argument));
      return index === 0 ? lines : ["…", ...lines.slice(index)];
    }
    case "until": {
      const index = find(quoted(argument));
      return index === lines.length - 1 ? lines : [...lines.slice(0, index + 1), "…"];
    }
    case "lines": {
      const range = /^(\d+)-(\d+)$/.exec(argument);
      if (range === null) throw new Error(`filter ${filter}: write lines A-B`);
      const from = Number(range[1]);
      const to = Number(range[2]);
      return [...(from > 1 ? ["…"] : []), ...lines.slice(from - 1, to), ...(to < lines.length ? ["…"] : [])];
    }
    case "skip": {
      const match = /^(\d+) (.+)$/.exec(argument);
      if (match === null) throw new Error(`filter ${filter}: write skip N "TEXT"`);
      const head = Number(match[1]);
      const index = find(quoted(match[2]));
      return index <= head ? lines : [...lines.slice(0, head), "…", ...lines.slice(index)];
    }
    case "contract":
      return contract(lines.join("\n")).split("\n");
    default:
      throw new Error(`unknown filter "${filter}" (from, until, lines, skip, contract, no-prompt, slow)`);
  }
}

/** A filter's text is missing from the output: the block shows the whole output instead. */
class MissingText extends Error {}

/** A --json run result shortened to the contract's fields, each on one line (long ones wrapped). */
function contract(json) {
  const result = JSON.parse(json);
  const fields = [
    "scenario",
    "seed",
    "passed",
    "traceHash",
    "simulatedMs",
    "wallMs",
    "events",
    "converged",
    "metrics",
    "anomalies",
    "invariants",
    "expectations",
    "reproduce",
  ];
  const short = (value, depth) => {
    if (Array.isArray(value)) {
      if (value.length === 0) return "[]";
      return `[ ${short(value[0], depth + 1)}${value.length > 1 ? ", …" : ""} ]`;
    }
    if (value !== null && typeof value === "object") {
      const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${short(item, depth + 1)}`);
      return `{ ${entries.join(", ")} }`;
    }
    return JSON.stringify(value);
  };
  const out = ["{"];
  for (const field of fields) {
    if (!(field in result)) continue;
    out.push(...wrap(`  ${JSON.stringify(field)}: ${short(result[field], 0)},`, "    "));
  }
  out.push("  …", "}");
  return out.join("\n");
}

function wrap(line, indent, width = 100) {
  if (line.length <= width) return [line];
  const out = [];
  let current = "";
  for (const piece of line.split(/(?<=, )/)) {
    if (current !== "" && (current + piece).trimEnd().length > width) {
      out.push(current.trimEnd());
      current = indent + piece;
    } else current += piece;
  }
  if (current.trim() !== "") out.push(current.trimEnd());
  return out;
}

/** Runs documented commands against one build of the CLI, each distinct command once. */
export class Runner {
  constructor(cli) {
    this.cli = resolve(cli);
    this.cache = new Map();
    this.bin = mkdtempSync(join(tmpdir(), "kafkasim-docs-"));
    const shim = join(this.bin, "kafkasim");
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${this.cli}" "$@"\n`);
    chmodSync(shim, 0o755);
  }

  close() {
    rmSync(this.bin, { recursive: true, force: true });
  }

  run(command) {
    const cached = this.cache.get(command);
    if (cached !== undefined) return cached;
    const run = spawnSync("bash", ["-c", command], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      env: {
        ...process.env,
        PATH: `${this.bin}:${process.env.PATH ?? ""}`,
        NO_COLOR: "1",
        FORCE_COLOR: "",
        COLUMNS: "80",
        KAFKASIM_NO_PROGRESS: "1",
        KAFKASIM_DEBUG: "",
        TZ: "UTC",
      },
    });
    if (run.error !== undefined) throw run.error;
    if (run.status !== 0 && run.status !== 1) {
      throw new Error(`"${command}" exited with status ${run.status}:\n${run.stderr}`);
    }
    // The run header wraps its wall time onto a line of its own when it is long: keep it on the
    // header line, so that the line count (and every "skip N" after it) does not depend on speed.
    const output = run.stdout.replace(/\s+$/, "").replace(/\n(\d+(?:\.\d+)? (?:ms|s) wall)$/gm, " · $1");
    this.cache.set(command, output);
    return output;
  }

  /** The body of an output block: "$ command", then the filtered output, indented like its marker. */
  output(spec, indent) {
    const { command, filters } = parseSpec(spec);
    const prompt = !filters.includes("no-prompt");
    let lines = this.run(command).split("\n");
    try {
      for (const filter of filters) if (filter !== "no-prompt" && filter !== "slow") lines = applyFilter(lines, filter);
    } catch (error) {
      if (!(error instanceof MissingText)) throw error;
      console.error(`${command}: ${error.message}`);
      lines = this.run(command).split("\n");
    }
    const body = [...(prompt ? [`$ ${command}`] : []), ...lines].map((line) => line.trimEnd());
    return [`${indent}\`\`\`text`, ...body.map((line) => (line === "" ? "" : indent + line)), `${indent}\`\`\``].join("\n");
  }

  async generated(name, indent) {
    const build = dirname(dirname(this.cli));
    const load = (path) => import(pathToFileURL(join(build, path)).href);
    let table;
    switch (name) {
      case "config-keys":
        table = configKeysTable((await load("src/kafka/config/registry.js")).ALL_KEYS);
        break;
      case "presets":
        table = presetsTable(await load("src/kafka/config/protocol.js"), await load("src/kafka/config/version-defaults.js"));
        break;
      default:
        throw new Error(`unknown generated block "${name}" (config-keys, presets)`);
    }
    return ["", ...table.split("\n"), ""].map((line) => (line === "" ? "" : indent + line)).join("\n");
  }
}

const cell = (text) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");

function configKeysTable(keys) {
  const scopes = [
    ["broker", "Broker (`cluster.broker-config`)"],
    ["controller", "Controller (`cluster.broker-config`)"],
    ["topic", "Topic (`topics[].config`)"],
    ["producer", "Producer (`producers[].config`)"],
    ["consumer", "Consumer (`consumers[].config`)"],
  ];
  const value = (v) => (v === null ? "null" : Array.isArray(v) ? v.join(", ") : String(v));
  const out = [];
  for (const [scope, title] of scopes) {
    const ofScope = keys.filter((key) => key.scope === scope).sort((a, b) => a.name.localeCompare(b.name));
    if (ofScope.length === 0) continue;
    out.push(`**${title}**`, "", "| key | default | modelled | meaning |", "| --- | --- | --- | --- |");
    for (const key of ofScope) {
      out.push(`| \`${key.name}\` | \`${cell(value(key.default))}\` | ${key.modelled ? "yes" : "no"} | ${cell(key.doc)} |`);
    }
    out.push("");
  }
  return out.join("\n").trimEnd();
}

function presetsTable(protocol, versions) {
  const toggles = Object.entries(protocol.PROTOCOL_TOGGLES);
  const mark = (on) => (on ? "on" : "off");
  const out = [
    `| preset | Kafka | modes | ${toggles.map(([toggle]) => `\`${toggle}\``).join(" | ")} |`,
    `| --- | --- | --- | ${toggles.map(() => "---").join(" | ")} |`,
  ];
  for (const preset of protocol.PROTOCOL_PRESETS) {
    const kraft = protocol.presetFeatures(preset, "kraft");
    const zk = protocol.presetFeatures(preset, "zookeeper");
    const modes = [kraft.features.kraft ? "KRaft" : null, zk.features.zookeeper ? "ZooKeeper" : null].filter((m) => m !== null);
    const version = kraft.version === zk.version ? kraft.version : `${kraft.version} (KRaft), ${zk.version} (ZooKeeper)`;
    const cells = toggles.map(([, feature]) => {
      const k = kraft.features[feature];
      const z = zk.features[feature];
      if (kraft.features.kraft && zk.features.zookeeper && k !== z) return `${mark(k)} (KRaft), ${mark(z)} (ZooKeeper)`;
      return mark(kraft.features.kraft ? k : z);
    });
    out.push(`| \`${preset}\` | ${version} | ${modes.join(", ")} | ${cells.join(" | ")} |`);
  }
  out.push("", "| preset | defaults it applies where the file sets none (Kafka 4.x otherwise) |", "| --- | --- |");
  for (const preset of protocol.PROTOCOL_PRESETS) {
    const defaults = versions.presetDefaults(preset);
    const text = defaults.length === 0 ? "none: Kafka 4.x defaults" : defaults.map((d) => `${d.scope} \`${versions.formatVersionDefault(d)}\``).join(", ");
    out.push(`| \`${preset}\` | ${cell(text)} |`);
  }
  return out.join("\n");
}

/** Replace `VOLATILE` parts so that two outputs compare equal when only they differ. */
export function normalise(text) {
  let out = text;
  for (const [pattern, replacement] of VOLATILE) out = out.replace(pattern, replacement);
  // A long wall time wraps onto a line of its own in the run header; a short one does not.
  out = out.replace(/(?: ·)?\s*<wall> wall/g, " · <wall> wall");
  return out
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}

/** Regenerate (or, with check, compare) the blocks of `files`; returns the drifted blocks. */
export async function updateDocs({ cli, files, check, slow = process.env.KAFKASIM_DOCS_SLOW === "1" }) {
  const runner = new Runner(cli);
  const drifted = [];
  try {
    for (const file of files) {
      const path = join(ROOT, file);
      const text = readFileSync(path, "utf8");
      const lines = text.split("\n");
      const blocks = findBlocks(text);
      if (blocks.length === 0) continue;
      let changed = false;
      for (const block of [...blocks].reverse()) {
        if (check && !slow && block.kind === "output" && parseSpec(block.spec).filters.includes("slow")) continue;
        const fresh = block.kind === "output" ? runner.output(block.spec, block.indent) : await runner.generated(block.spec, block.indent);
        // Only a real change rewrites a block: wall times alone would churn the docs on every run.
        if (normalise(fresh) === normalise(block.body)) continue;
        drifted.push({ file, line: block.line, spec: block.spec, expected: block.body, actual: fresh });
        lines.splice(block.start, block.end - block.start, ...fresh.split("\n"));
        changed = true;
      }
      if (changed && !check) writeFileSync(path, lines.join("\n"));
    }
  } finally {
    runner.close();
  }
  return drifted.reverse();
}

/** The first line where two block bodies differ (after normalising), for a short report. */
export function firstDifference(expected, actual) {
  const a = normalise(expected).split("\n");
  const b = normalise(actual).split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { index: i + 1, documented: a[i] ?? "(nothing)", actual: b[i] ?? "(nothing)" };
  }
  return undefined;
}

async function main(argv) {
  const check = argv.includes("--check");
  const cliIndex = argv.indexOf("--cli");
  const cli = cliIndex >= 0 ? argv[cliIndex + 1] : join(ROOT, "dist", "src", "cli.js");
  const named = argv.filter((arg, i) => !arg.startsWith("--") && argv[i - 1] !== "--cli");
  if (!existsSync(cli)) {
    console.error(`${relative(ROOT, cli)} does not exist: run npm run build first`);
    return 2;
  }
  const files = named.length > 0 ? named : documentedFiles();
  const drifted = await updateDocs({ cli, files, check });
  for (const block of drifted) {
    const diff = firstDifference(block.expected, block.actual);
    const where = diff === undefined ? "" : `\n    block line ${diff.index}\n    documented: ${diff.documented}\n    actual:     ${diff.actual}`;
    console.log(`${check ? "drifted" : "updated"}: ${block.file}:${block.line} <!-- ${block.spec} -->${where}`);
  }
  if (check && drifted.length > 0) {
    console.log(`\n${drifted.length} documented output(s) no longer match a real run: run npm run docs and commit the result.`);
    return 1;
  }
  if (!check) console.log(`${drifted.length} block(s) updated in ${files.length} file(s).`);
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
