/**
 * docs/architecture.md, "Where each Kafka concept lives", stays true (issue 14 item 7): every path
 * its tables name exists, and every file of src/kafka/ is named by some row, so a contributor
 * can find any Kafka concept by its Kafka name and no table row points at a file that moved.
 * Paths are under src/kafka/ unless they start with src/; a bare file name in a cell is in the
 * folder of the path before it in that cell; `*` matches any characters.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const KAFKA = join(ROOT, "src/kafka");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The file patterns (relative to src/kafka/, or `src/…`) each table cell names. */
function cellPaths(section: string): string[] {
  const out: string[] = [];
  for (const row of section.split("\n")) {
    if (!row.startsWith("|")) continue;
    const cell = row.split("|")[2] ?? "";
    let folder = "";
    for (const m of cell.matchAll(/`([^`]+\.ts)`/g)) {
      const name = m[1]!;
      if (name.includes("/")) {
        out.push(name);
        folder = name.slice(0, name.lastIndexOf("/") + 1);
      } else out.push(folder + name);
    }
  }
  return out;
}

function matcher(pattern: string): RegExp {
  const path = pattern.startsWith("src/") ? pattern : `src/kafka/${pattern}`;
  return new RegExp(`^${path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
}

describe("docs/architecture.md: where each Kafka concept lives", () => {
  const doc = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");
  const start = doc.indexOf("## Where each Kafka concept lives");
  const section = doc.slice(start, doc.indexOf("\n## ", start + 1));
  const files = walk(KAFKA).map((f) => relative(ROOT, f).split("\\").join("/"));
  const patterns = cellPaths(section);

  it("every path the tables name is a file", () => {
    expect(patterns.length).toBeGreaterThan(100);
    expect(patterns.filter((p) => !files.some((f) => matcher(p).test(f)))).toEqual([]);
  });

  it("every file of src/kafka/ (but the folders' index.ts) is named by a row", () => {
    const named = (f: string): boolean => patterns.some((p) => matcher(p).test(f));
    expect(files.filter((f) => !f.endsWith("/index.ts") && !named(f))).toEqual([]);
  });

  it("resolves bare names against the path before them in the cell, and globs", () => {
    const rows = "| `A` | `assignors/range.ts`, `roundrobin.ts`, `sticky*.ts` |\n| `B` | `src/sim/time.ts` |";
    expect(cellPaths(rows)).toEqual(["assignors/range.ts", "assignors/roundrobin.ts", "assignors/sticky*.ts", "src/sim/time.ts"]);
    expect(matcher("assignors/sticky*.ts").test("src/kafka/assignors/sticky-core.ts")).toBe(true);
    expect(matcher("assignors/sticky*.ts").test("src/kafka/assignors/range.ts")).toBe(false);
  });
});
