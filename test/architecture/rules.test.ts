/**
 * The architecture's rules, as tests (docs/architecture.md "Layers" and "Principles" 1–3):
 * - dependencies point down: sim ← kafka ← check ← scenario ← fuzz | report ← cli ← index;
 * - no import cycles between files (type-only imports excepted: they vanish at run time);
 * - model code (sim, kafka, check) never reads wall time or ambient randomness, never schedules
 *   real timers or awaits real promises;
 * - model code keeps no module-level mutable state (no top-level `let`/`var`, no top-level
 *   Map/Set that is not typed read-only), so two runs in one process cannot influence each other.
 * Each rule is a function from source files to violations, run once over src/ (no violation
 * allowed) and once over a small violating sample (it must report exactly that violation), so a
 * rule that stopped matching anything fails here instead of passing vacuously.
 * Each violation names the file, the line and what was found.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { typeScriptFiles, stripComments } from "./source-files.js";

const SRC = resolve(__dirname, "../../src");

/** Layer of a file under src/, and its rank: a file may import its own layer or a lower rank. */
const RANKS: Record<string, number> = { sim: 0, kafka: 1, check: 2, scenario: 3, fuzz: 4, report: 4, cli: 5, index: 6 };
const MODEL_LAYERS = new Set(["sim", "kafka", "check"]);

interface SourceFile {
  readonly path: string; // relative to src/, with forward slashes
  readonly text: string; // comments blanked, line structure kept
}

function source(path: string, raw: string): SourceFile {
  return { path, text: stripComments(raw) };
}

function layerOf(path: string): string {
  if (path === "index.ts") return "index";
  if (path === "cli.ts") return "cli";
  return path.split("/")[0]!;
}

interface ImportEdge {
  readonly from: string;
  readonly to: string;
  readonly line: number;
  readonly typeOnly: boolean;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function importsOf(file: SourceFile): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const pattern = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g;
  for (const m of file.text.matchAll(pattern)) {
    const spec = m[3] ?? m[4]!;
    const target = relative(SRC, resolve(SRC, dirname(file.path), spec))
      .split("\\")
      .join("/")
      .replace(/\.js$/, ".ts");
    edges.push({ from: file.path, to: target, line: lineAt(file.text, m.index! + (m[0].startsWith("\n") ? 1 : 0)), typeOnly: m[2] !== undefined });
  }
  return edges;
}

/** Imports that do not resolve to one of the files. */
function danglingImports(files: readonly SourceFile[]): string[] {
  const known = new Set(files.map((f) => f.path));
  return files
    .flatMap(importsOf)
    .filter((e) => !known.has(e.to))
    .map((e) => `${e.from}:${e.line} → ${e.to}`);
}

/** Imports that point up (or sideways between fuzz and report). */
function upwardImports(files: readonly SourceFile[]): string[] {
  return files
    .flatMap(importsOf)
    .filter((e) => {
      const from = layerOf(e.from);
      const to = layerOf(e.to);
      if (from === to) return false;
      return RANKS[to]! >= RANKS[from]!;
    })
    .map((e) => `${e.from}:${e.line} imports ${e.to} (${layerOf(e.from)} may not depend on ${layerOf(e.to)})`);
}

/** Cycles of value imports between files, each as `a → b → a`. */
function importCycles(files: readonly SourceFile[]): string[] {
  const graph = new Map<string, string[]>();
  for (const e of files.flatMap(importsOf)) if (!e.typeOnly) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  const cycles: string[] = [];
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === 1) cycles.push([...stack.slice(stack.indexOf(next)), next].join(" → "));
      else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const f of files) if (!state.has(f.path)) visit(f.path);
  return cycles;
}

const FORBIDDEN: readonly [RegExp, string][] = [
  [/\bDate\s*\.\s*now\b|\bnew\s+Date\b/, "wall-clock time (Date)"],
  [/\bMath\s*\.\s*random\b/, "ambient randomness (Math.random)"],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, "a real timer"],
  [/\bperformance\s*\.\s*now\b|\bprocess\s*\.\s*hrtime\b/, "a wall-clock timer"],
  [/\bcrypto\s*\.\s*(random\w*|getRandomValues)\b|from\s+["']node:crypto["']/, "ambient randomness (crypto)"],
  [/\bnew\s+Promise\b|\bawait\s|\basync\s+(function|\(|[A-Za-z_$][\w$]*\s*\()/, "a real promise"],
];

/** Wall time, ambient randomness, real timers and promises in model code. */
function ambientEffects(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const f of files) {
    if (!MODEL_LAYERS.has(layerOf(f.path))) continue;
    f.text.split("\n").forEach((line, i) => {
      for (const [pattern, what] of FORBIDDEN) if (pattern.test(line)) violations.push(`${f.path}:${i + 1}: ${what}: ${line.trim()}`);
    });
  }
  return violations;
}

/**
 * Module-level mutable state in model code: top-level `let`/`var`, top-level collections and
 * empty literals not typed read-only, and static fields that are not `readonly`.
 */
function moduleState(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const f of files) {
    if (!MODEL_LAYERS.has(layerOf(f.path))) continue;
    f.text.split("\n").forEach((line, i) => {
      if (/^(export\s+)?(let|var)\s/.test(line)) violations.push(`${f.path}:${i + 1}: top-level mutable binding: ${line.trim()}`);
      const collection = /^(export\s+)?const\s+[\w$]+\s*(:\s*([^=]+))?=\s*new\s+(Map|Set|WeakMap|Array)\b/.exec(line);
      if (collection && !/^\s*Readonly(Map|Set)\b/.test(collection[3] ?? "")) {
        violations.push(`${f.path}:${i + 1}: top-level ${collection[4]} not typed read-only: ${line.trim()}`);
      }
      const empty = /^(export\s+)?const\s+[\w$]+\s*(:\s*([^=]+))?=\s*(\[\s*\]|\{\s*\})/.exec(line);
      if (empty && !/^\s*(readonly\b|Readonly\w*<)/.test(empty[3] ?? "")) {
        violations.push(`${f.path}:${i + 1}: top-level empty ${empty[4]!.startsWith("[") ? "array" : "object"} not typed read-only: ${line.trim()}`);
      }
      if (/^\s+(private\s+|public\s+|protected\s+)?static\s+(?!readonly\b)[\w$]+\s*[:=!?]/.test(line)) {
        violations.push(`${f.path}:${i + 1}: mutable static field (state shared by every run): ${line.trim()}`);
      }
    });
  }
  return violations;
}

const FILES: readonly SourceFile[] = typeScriptFiles(SRC).map((full) => source(relative(SRC, full).split("\\").join("/"), readFileSync(full, "utf8")));

describe("Architecture rules (docs/architecture.md: Layers, Principles)", () => {
  it("finds the source files and their imports (the rules below are not vacuous)", () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.flatMap(importsOf).length).toBeGreaterThan(500);
    expect(danglingImports(FILES), "imports that do not resolve to a file under src/").toEqual([]);
  });

  it("no file imports from a higher layer (sim ← kafka ← check ← scenario ← fuzz | report ← cli ← index)", () => {
    expect(upwardImports(FILES)).toEqual([]);
  });

  it("no import cycles between files (type-only imports excepted)", () => {
    expect(importCycles(FILES)).toEqual([]);
  });

  it("model code (sim, kafka, check) never touches wall time, ambient randomness, real timers or promises", () => {
    expect(ambientEffects(FILES)).toEqual([]);
  });

  it("model code keeps no module-level mutable state", () => {
    expect(moduleState(FILES)).toEqual([]);
  });
});

describe("Each architecture rule fails on a violating sample", () => {
  it("import parsing: value, type-only, re-export and dynamic imports, with their lines", () => {
    const f = source(
      "scenario/x.ts",
      'import { a } from "../kafka/a.js";\nimport type { B } from "./b.js";\nexport { c } from "../check/c.js";\nconst d = await import("../sim/d.js");\n',
    );
    expect(importsOf(f)).toEqual([
      { from: "scenario/x.ts", to: "kafka/a.ts", line: 1, typeOnly: false },
      { from: "scenario/x.ts", to: "scenario/b.ts", line: 2, typeOnly: true },
      { from: "scenario/x.ts", to: "check/c.ts", line: 3, typeOnly: false },
      { from: "scenario/x.ts", to: "sim/d.ts", line: 4, typeOnly: false },
    ]);
    expect(danglingImports([f, source("kafka/a.ts", ""), source("scenario/b.ts", ""), source("check/c.ts", "")])).toEqual(["scenario/x.ts:4 → sim/d.ts"]);
  });

  it("an import from a lower layer to a higher one is reported; a downward one is not", () => {
    const files = [
      source("kafka/x.ts", '\nimport { y } from "../report/y.js";\nimport { t } from "../sim/time.js";\n'),
      source("sim/a.ts", 'import type { P } from "../kafka/p.js";\n'),
      source("fuzz/f.ts", 'import { r } from "../report/r.js";\n'),
      source("cli/c.ts", 'import { r } from "../report/r.js";\nimport { i } from "../index.js";\n'),
      source("index.ts", 'import { c } from "./cli/c.js";\n'),
    ];
    expect(upwardImports(files)).toEqual([
      "kafka/x.ts:2 imports report/y.ts (kafka may not depend on report)",
      "sim/a.ts:1 imports kafka/p.ts (sim may not depend on kafka)",
      "fuzz/f.ts:1 imports report/r.ts (fuzz may not depend on report)",
      "cli/c.ts:2 imports index.ts (cli may not depend on index)",
    ]);
  });

  it("a cycle of value imports is reported; a cycle closed by a type-only import is not", () => {
    const cyclic = [
      source("kafka/a.ts", 'import { b } from "./b.js";\n'),
      source("kafka/b.ts", 'import { c } from "./c.js";\n'),
      source("kafka/c.ts", 'import { a } from "./a.js";\n'),
    ];
    expect(importCycles(cyclic)).toEqual(["kafka/a.ts → kafka/b.ts → kafka/c.ts → kafka/a.ts"]);
    const typeOnly = [source("kafka/a.ts", 'import { b } from "./b.js";\n'), source("kafka/b.ts", 'import type { A } from "./a.js";\n')];
    expect(importCycles(typeOnly)).toEqual([]);
  });

  it("Date, Math.random, real timers, performance.now, crypto and promises are reported in sim, kafka and check only", () => {
    const samples = [
      "const t = Date.now();",
      "const d = new Date();",
      "const r = Math.random();",
      "setTimeout(() => tick(), 10);",
      "setInterval(tick, 10);",
      "const w = performance.now();",
      "const h = process.hrtime();",
      "const b = crypto.randomUUID();",
      'import { randomBytes } from "node:crypto";',
      "const p = new Promise((resolve) => resolve(1));",
      "async function load() {}",
      "const v = await load();",
    ];
    for (const layer of ["sim", "kafka", "check"]) {
      const found = ambientEffects([source(`${layer}/x.ts`, samples.join("\n"))]);
      expect(found.map((v) => v.split(":")[1])).toEqual(samples.map((_, i) => String(i + 1)));
    }
    expect(ambientEffects([source("kafka/x.ts", "const t = Date.now();")])).toEqual(["kafka/x.ts:1: wall-clock time (Date): const t = Date.now();"]);
    // Outside the model (the CLI measures wall time for progress), and in comments, they are allowed.
    expect(ambientEffects([source("cli/x.ts", samples.join("\n")), source("report/y.ts", "const t = Date.now();")])).toEqual([]);
    expect(ambientEffects([source("sim/x.ts", "// Math.random is banned\n/* Date.now() */ x();")])).toEqual([]);
  });

  it("top-level let/var and top-level collections not typed read-only are reported in model code", () => {
    const sample = [
      "let counter = 0;",
      "export var total = 1;",
      "const cache = new Map<string, number>();",
      "export const seen = new Set();",
      "const ok: ReadonlyMap<string, number> = new Map([['a', 1]]);",
      "const fine: ReadonlySet<string> = new Set(['a']);",
      "const pending: string[] = [];",
      "export const registry = {};",
      "const NONE: readonly string[] = [];",
      "const EMPTY: Readonly<Record<string, number>> = {};",
      "class Group {",
      "  private static nextId = 1;",
      "  static instances: Group[];",
      "  static readonly MAX = 3;",
      "  static create() {}",
      "}",
      "function f() {",
      "  let local = 0;",
      "  const inner = new Map();",
      "}",
    ].join("\n");
    expect(moduleState([source("kafka/group/group.ts", sample)])).toEqual([
      "kafka/group/group.ts:1: top-level mutable binding: let counter = 0;",
      "kafka/group/group.ts:2: top-level mutable binding: export var total = 1;",
      "kafka/group/group.ts:3: top-level Map not typed read-only: const cache = new Map<string, number>();",
      "kafka/group/group.ts:4: top-level Set not typed read-only: export const seen = new Set();",
      "kafka/group/group.ts:7: top-level empty array not typed read-only: const pending: string[] = [];",
      "kafka/group/group.ts:8: top-level empty object not typed read-only: export const registry = {};",
      "kafka/group/group.ts:12: mutable static field (state shared by every run): private static nextId = 1;",
      "kafka/group/group.ts:13: mutable static field (state shared by every run): static instances: Group[];",
    ]);
    expect(moduleState([source("report/x.ts", "let counter = 0;")])).toEqual([]);
  });
});
