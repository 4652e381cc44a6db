import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderLesson, showcaseLesson } from "../../src/report/lesson.js";
import { renderListing } from "../../src/report/listing.js";
import { colourWanted } from "../../src/report/style.js";
import { TraceFile, writeReportFiles } from "../../src/report/write.js";
import { failingRun, passingRun } from "./fixtures.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "kafkasim-report-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("Report files are written whole or not at all (Reference: docs/architecture.md principle 8 — nothing half-written)", () => {
  it("writeReportFiles leaves exactly the named files, no temporary ones", () => {
    const dir = join(tempDir(), "a", "b");
    writeReportFiles(dir, [{ name: "summary.md", content: "# hi\n" }, { name: "result.json", content: "{}\n" }]);
    expect(readdirSync(dir).sort()).toEqual(["result.json", "summary.md"]);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toBe("# hi\n");
  });

  it("a committed trace lands as trace.jsonl with every line; an aborted one leaves nothing", () => {
    const root = tempDir();
    const trace = new TraceFile(root);
    for (let i = 0; i < 5000; i++) trace.sink(JSON.stringify({ i }));
    const path = trace.commit(join(root, "s", "1"));
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(5000);
    expect(JSON.parse(lines[4999] ?? "")).toEqual({ i: 4999 });
    const aborted = new TraceFile(root);
    aborted.sink("{}");
    aborted.abort();
    expect(readdirSync(root)).toEqual(["s"]);
    expect(existsSync(join(root, "s", "1", "trace.jsonl"))).toBe(true);
  });
});

describe("Colour goes only where a person is watching (Reference: no-color.org; docs/scenario-format.md --json keeps stdout clean)", () => {
  it("colour is on for a terminal, off for a pipe, off with NO_COLOR, forced with FORCE_COLOR", () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colourWanted({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colourWanted({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
  });

});

describe("The showcase lesson and the scenario list", () => {
  it("the lesson is drawn from the two runs' own numbers", () => {
    const lesson = showcaseLesson(failingRun(), passingRun());
    expect(lesson).toContain("5 acknowledged writes were lost");
    expect(lesson).toContain("lost nothing");
    expect(lesson).toContain("p99 was 4.8 ms with acks=1 and 31.5 ms with acks=all");
    const honest = showcaseLesson(passingRun({ metrics: { ...passingRun().metrics, "lost-write": 0 } }), failingRun());
    expect(honest).toContain("this seed lost no acknowledged write");
    expect(honest).toContain("5 acknowledged writes were still lost");
    expect(renderLesson(failingRun(), passingRun()).split("\n").every((l) => [...l].length <= 80)).toBe(true);
  });

  it("the listing aligns names and marks invalid files", () => {
    const text = renderListing([
      { file: "a.yaml", name: "a", description: "Short." },
      { file: "long.yaml", name: "leader-crash-acks1", description: "Long description." },
      { file: "bad.yaml", name: "bad", description: "", problem: "bad.yaml:1:1: YAML syntax error" },
    ]);
    expect(text).toContain("a                   Short.");
    expect(text).toContain("leader-crash-acks1  Long description.");
    expect(text).toContain("invalid: bad.yaml:1:1: YAML syntax error");
  });
});
