/**
 * No dead exports (issue 14 item 7): every exported name of a file under src/ is mentioned by
 * some other file of the project (src, test, bench, scripts), or, for a type, at least used in its
 * own file (a type in an exported signature stays exported so callers can name it). An exported
 * value that only its own file uses should lose its `export`; one nobody uses should go.
 * The check is textual (a whole-word mention counts as a use), so it can miss a dead export whose
 * name is also an unrelated identifier elsewhere, but it never reports a used one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

function walk(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, pattern));
    else if (pattern.test(entry.name)) out.push(full);
  }
  return out.sort();
}

interface Exported {
  readonly name: string;
  readonly kind: "value" | "type";
}

/** The names a file exports by declaration or by a local `export { … }` list (not re-exports). */
function exportsOf(text: string): Exported[] {
  const out: Exported[] = [];
  const declaration = /^export\s+(?:declare\s+)?(?:abstract\s+)?(?:async\s+)?(function\*?|const|let|var|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/gm;
  for (const m of text.matchAll(declaration)) out.push({ name: m[2]!, kind: m[1] === "type" || m[1] === "interface" ? "type" : "value" });
  for (const m of text.matchAll(/^export\s+(type\s+)?\{([^}]*)\}(?!\s*from)/gm)) {
    for (const part of m[2]!.split(",")) {
      const item = part.trim();
      if (item === "") continue;
      const name = item
        .split(/\s+as\s+/)
        .pop()!
        .replace(/^type\s+/, "");
      out.push({ name, kind: m[1] !== undefined || item.startsWith("type ") ? "type" : "value" });
    }
  }
  return out;
}

const mentions = (text: string, name: string): number => text.match(new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`, "g"))?.length ?? 0;

/** Exports that no other file mentions: `unused` when the file itself does not use them either. */
function deadExports(files: ReadonlyMap<string, string>, sources: readonly string[]): string[] {
  const found: string[] = [];
  for (const path of sources) {
    const text = files.get(path)!;
    for (const e of exportsOf(text)) {
      let elsewhere = false;
      for (const [other, otherText] of files) if (other !== path && mentions(otherText, e.name) > 0) elsewhere = true;
      if (elsewhere) continue;
      const usedHere = mentions(text, e.name) > 1;
      if (!usedHere) found.push(`${path}: ${e.name} is exported but used nowhere`);
      else if (e.kind === "value") found.push(`${path}: ${e.name} is only used in its own file: drop the export`);
    }
  }
  return found;
}

describe("No dead exports (issue 14 item 7)", () => {
  it("every export of src/ is used by another file (a type: or in its own file)", () => {
    const paths = ["src", "test", "bench", "scripts"].flatMap((d) => walk(join(ROOT, d), /\.(ts|mjs)$/));
    const files = new Map(paths.map((p) => [relative(ROOT, p).split("\\").join("/"), readFileSync(p, "utf8")]));
    const sources = [...files.keys()].filter((p) => p.startsWith("src/"));
    expect(sources.length).toBeGreaterThan(100);
    expect(deadExports(files, sources)).toEqual([]);
  });

  it("reports an export nobody uses, and a value export only its own file uses; not a used one", () => {
    const files = new Map([
      [
        "src/a.ts",
        "export const unused = 1;\nexport function helper() {}\nexport const used = 2;\nexport interface Shape {}\nexport function make(): Shape { return helper(); }\n",
      ],
      ["src/b.ts", 'import { used, make } from "./a.js";\nexport { used as again };\nconsole.log(used, make);\n'],
      ["test/b.test.ts", 'import { again } from "../src/b.js";\n'],
    ]);
    expect(deadExports(files, ["src/a.ts", "src/b.ts"])).toEqual([
      "src/a.ts: unused is exported but used nowhere",
      "src/a.ts: helper is only used in its own file: drop the export",
    ]);
  });
});
