/**
 * The architecture's rules, as tests (docs/architecture.md "Layers" and "Principles" 1–3):
 * - dependencies point down: sim ← kafka ← check ← scenario ← fuzz | report ← cli ← index;
 * - no import cycles between files (type-only imports excepted: they vanish at run time);
 * - model code (sim, kafka, check) never reads wall time or ambient randomness, never schedules
 *   real timers or awaits real promises;
 * - model code keeps no module-level mutable state (no top-level `let`/`var`, no top-level
 *   Map/Set that is not typed read-only), so two runs in one process cannot influence each other.
 * Each rule fails with the file, the line and what was found.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname, "../../src");

/** Layer of a file under src/, and its rank: a file may import its own layer or a lower rank. */
const RANKS: Record<string, number> = { sim: 0, kafka: 1, check: 2, scenario: 3, fuzz: 4, report: 4, cli: 5, index: 6 };
const MODEL_LAYERS = new Set(["sim", "kafka", "check"]);

interface SourceFile {
  readonly path: string; // relative to src/, with forward slashes
  readonly text: string; // comments blanked, line structure kept
  readonly raw: string;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.name.endsWith(".ts")) out.push(full);
  }
  return out.sort();
}

/** Blank out comments and string contents that are not import specifiers, keeping newlines. */
function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`])\/\/.*$/gm, (m, pre: string) => pre + " ".repeat(m.length - pre.length));
}

function layerOf(path: string): string {
  if (path === "index.ts") return "index";
  if (path === "cli.ts") return "cli";
  return path.split("/")[0]!;
}

const FILES: readonly SourceFile[] = walk(SRC).map((full) => {
  const raw = readFileSync(full, "utf8");
  return { path: relative(SRC, full).split("\\").join("/"), raw, text: stripComments(raw) };
});

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

const EDGES: readonly ImportEdge[] = FILES.flatMap(importsOf);

describe("Architecture rules (DESIGN: Layers, Principles)", () => {
  it("finds the source files and their imports (the rules below are not vacuous)", () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(EDGES.length).toBeGreaterThan(500);
    const known = new Set(FILES.map((f) => f.path));
    const dangling = EDGES.filter((e) => !known.has(e.to)).map((e) => `${e.from}:${e.line} → ${e.to}`);
    expect(dangling, "imports that do not resolve to a file under src/").toEqual([]);
  });

  it("no file imports from a higher layer (sim ← kafka ← check ← scenario ← fuzz | report ← cli ← index)", () => {
    const violations = EDGES.filter((e) => {
      const from = layerOf(e.from);
      const to = layerOf(e.to);
      if (from === to) return false;
      return RANKS[to]! >= RANKS[from]!;
    }).map((e) => `${e.from}:${e.line} imports ${e.to} (${layerOf(e.from)} may not depend on ${layerOf(e.to)})`);
    expect(violations).toEqual([]);
  });

  it("no import cycles between files (type-only imports excepted)", () => {
    const graph = new Map<string, string[]>();
    for (const e of EDGES) if (!e.typeOnly) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
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
    for (const f of FILES) if (!state.has(f.path)) visit(f.path);
    expect(cycles).toEqual([]);
  });

  const FORBIDDEN: readonly [RegExp, string][] = [
    [/\bDate\s*\.\s*now\b|\bnew\s+Date\b/, "wall-clock time (Date)"],
    [/\bMath\s*\.\s*random\b/, "ambient randomness (Math.random)"],
    [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, "a real timer"],
    [/\bperformance\s*\.\s*now\b|\bprocess\s*\.\s*hrtime\b/, "a wall-clock timer"],
    [/\bcrypto\s*\.\s*(random\w*|getRandomValues)\b|from\s+["']node:crypto["']/, "ambient randomness (crypto)"],
    [/\bnew\s+Promise\b|\bawait\s|\basync\s+(function|\(|[A-Za-z_$][\w$]*\s*\()/, "a real promise"],
  ];

  it("model code (sim, kafka, check) never touches wall time, ambient randomness, real timers or promises", () => {
    const violations: string[] = [];
    for (const f of FILES) {
      if (!MODEL_LAYERS.has(layerOf(f.path))) continue;
      f.text.split("\n").forEach((line, i) => {
        for (const [pattern, what] of FORBIDDEN) if (pattern.test(line)) violations.push(`${f.path}:${i + 1}: ${what}: ${line.trim()}`);
      });
    }
    expect(violations).toEqual([]);
  });

  it("model code keeps no module-level mutable state", () => {
    const violations: string[] = [];
    for (const f of FILES) {
      if (!MODEL_LAYERS.has(layerOf(f.path))) continue;
      f.text.split("\n").forEach((line, i) => {
        if (/^(export\s+)?(let|var)\s/.test(line)) violations.push(`${f.path}:${i + 1}: top-level mutable binding: ${line.trim()}`);
        const collection = /^(export\s+)?const\s+[\w$]+\s*(:\s*([^=]+))?=\s*new\s+(Map|Set|WeakMap|Array)\b/.exec(line);
        if (collection && !/^\s*Readonly(Map|Set)\b/.test(collection[3] ?? "")) {
          violations.push(`${f.path}:${i + 1}: top-level ${collection[4]} not typed read-only: ${line.trim()}`);
        }
      });
    }
    expect(violations).toEqual([]);
  });

  it("the rules catch what they are meant to catch (self-test on synthetic sources)", () => {
    const fake: SourceFile = { path: "kafka/x.ts", raw: "", text: 'import { a } from "../report/y.js";\nlet counter = 0;\nconst t = Date.now();\n' };
    const edges = importsOf(fake);
    expect(edges).toEqual([{ from: "kafka/x.ts", to: "report/y.ts", line: 1, typeOnly: false }]);
    expect(RANKS[layerOf(edges[0]!.to)]! > RANKS[layerOf(fake.path)]!).toBe(true);
    expect(FORBIDDEN.some(([p]) => p.test("const t = Date.now();"))).toBe(true);
    expect(stripComments("// Math.random is banned\nx();")).not.toMatch(/Math/);
  });
});
