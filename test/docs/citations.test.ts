/**
 * The repository stands alone: no document, comment or test cites a file that is not in it (the
 * design notes and references the project was started from, or a path of the machine it was
 * written on). A citation names a Kafka source (KIP, Kafka class) or a file of the repository —
 * docs/kafka-rules.md, docs/anomalies.md, docs/scenario-format.md, docs/architecture.md.
 * Reference: issue 13 ("no doc or comment cites a file outside the repository").
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const SCANNED = ["src", "test", "docs", "scenarios", "bench", "scripts", "README.md", "package.json", ".ci"];

/** Names of files that are not in the repository, and machine paths. */
const FORBIDDEN: readonly [RegExp, string][] = [
  [
    /\bDESIGN(?:\.md)?\s*(?:"|principle|§|\b(?=\s*"?(?:Layers|Principles|Connections|Performance)))/,
    "the design notes (DESIGN.md) — cite docs/architecture.md",
  ],
  [/DESIGN\.md/, "DESIGN.md — cite docs/architecture.md"],
  [/SCENARIO-FORMAT/, "SCENARIO-FORMAT.md — cite docs/scenario-format.md"],
  [/kafka-semantics/, "kafka-semantics.md — cite docs/kafka-rules.md"],
  [/(?<!docs\/)\banomalies\.md/, "anomalies.md outside docs/ — cite docs/anomalies.md"],
  [/\breference\/[a-z-]+\.md/, "a reference/*.md file — cite the docs/ file that holds the fact"],
  [/teaching-ux|style-anchors|toolchain\.md/, "a reference note — cite the docs/ file that holds the fact"],
  [/\.\.\/shared\b|\/work\/(?:shared|main|wt|briefs|notes)\b/, "a path of the machine the project was written on"],
];

function files(path: string): string[] {
  const full = join(ROOT, path);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    return [];
  }
  if (stat.isFile()) return [path];
  return readdirSync(full).flatMap((name) => (name === "node_modules" || name === "fixtures-out" ? [] : files(join(path, name))));
}

describe("citations stay inside the repository (Reference: issue 13)", () => {
  it("no file cites DESIGN.md, SCENARIO-FORMAT.md, reference/*.md or a machine path", () => {
    const self = relative(ROOT, __filename);
    const found: string[] = [];
    for (const file of SCANNED.flatMap(files)) {
      if (file === self || !/\.(ts|mts|mjs|js|md|yaml|yml|json)$|^\.ci\//.test(file)) continue;
      readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .forEach((line, index) => {
          for (const [pattern, what] of FORBIDDEN) {
            // Inside docs/, "anomalies.md" is the relative link to docs/anomalies.md.
            if (file.startsWith("docs/") && what.startsWith("anomalies.md")) continue;
            if (pattern.test(line)) {
              found.push(`${file}:${index + 1}: cites ${what}\n    ${line.trim()}`);
              break;
            }
          }
        });
    }
    expect(found, `citations of files outside the repository:\n${found.join("\n")}`).toEqual([]);
  });

  it("the docs it points to exist", () => {
    for (const doc of ["docs/kafka-rules.md", "docs/anomalies.md", "docs/scenario-format.md", "docs/architecture.md"]) {
      expect(statSync(join(ROOT, doc)).isFile(), doc).toBe(true);
    }
  });
});
