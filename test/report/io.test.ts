import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isrShrankBeforeCrash, renderShowcase, SHOWCASE_MAX_LINES, showcaseRule } from "../../src/report/lesson.js";
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
    writeReportFiles(dir, [
      { name: "summary.md", content: "# hi\n" },
      { name: "result.json", content: "{}\n" },
    ]);
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

describe("The showcase and the scenario list", () => {
  it("the showcase is one screen drawn from the two runs' own numbers (Reference: issue 13 'Showcase')", () => {
    const weak = failingRun({
      passed: true,
      timeline: [
        { atUs: 10_000_000, kind: "fault", text: "crash broker-2" },
        { atUs: 11_000_000, kind: "leader-change", text: "broker-3 leads" },
        { atUs: 20_000_000, kind: "fault-heal", text: "healed: crash" },
      ],
    });
    const text = renderShowcase(weak, passingRun());
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(SHOWCASE_MAX_LINES);
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
    expect(text).toContain("crash broker-2");
    expect(text).toContain("healed: crash");
    expect(text, "only the scenario's own faults, not the cluster's reaction").not.toContain("broker-3 leads");
    expect(text).toMatch(/acknowledged writes lost +5 of 1,990 +0 of 1,995/);
    expect(text).toMatch(/produce latency p99 +4\.8 ms +31\.5 ms/);
    expect(text).toMatch(/verdict +as expected +passed/);
    expect(text.replace(/\s+/g, " ")).toContain("acks=all acknowledges only once every replica in the ISR has the record");
    expect(text).toContain("npm start -- --verbose");
    const honest = renderShowcase(passingRun({ metrics: { ...passingRun().metrics, "lost-write": 0 } }), failingRun());
    const flat = honest.replace(/\s+/g, " ");
    expect(flat).toContain("In this seed acks=1 happened to lose nothing");
    expect(flat).toContain("Here acks=all still lost writes");
    expect(flat).toContain("acks=all did not behave as its lesson expects");
  });

  it("the showcase's rule says what this run's ISR did: min.insync.replicas is credited only when the ISR shrank before the crash", () => {
    const crash = { atUs: 20_000_000, kind: "host-crash", text: "broker-2 crashed" };
    const after = { atUs: 28_000_000, kind: "isr-change", text: "orders-0: ISR {3,1}, removed {2}" };
    const before = { atUs: 12_000_000, kind: "isr-change", text: "orders-0: ISR {2}, removed {3,1}" };
    const whole = passingRun({ timeline: [crash, after] });
    const shrunk = passingRun({ timeline: [before, crash, after] });
    expect(isrShrankBeforeCrash(whole)).toBe(false);
    expect(isrShrankBeforeCrash(shrunk)).toBe(true);
    const weak = failingRun({ passed: true });
    expect(showcaseRule(weak, whole)).toContain("Here the ISR stayed whole until the crash, so min.insync.replicas played no part.");
    expect(showcaseRule(weak, shrunk)).toContain("Here the ISR shrank before the crash");
    // The price clause only when acks=all's p99 is the higher one.
    const slow = passingRun({ timeline: [crash], metrics: { ...passingRun().metrics, "latency.p99": 9000 } });
    const fast = passingRun({ timeline: [crash], metrics: { ...passingRun().metrics, "latency.p99": 1 } });
    expect(showcaseRule(weak, slow)).toContain("the price is waiting for the followers");
    expect(showcaseRule(weak, fast)).not.toContain("the price is waiting");
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

  it("the run hint stays one copyable line however long the installation path is", () => {
    const file = `/${"deep/".repeat(30)}scenarios/leader-crash-acks1.yaml`;
    const text = renderListing([{ file, name: "leader-crash-acks1", description: "Short." }], undefined, 80, { runHint: file });
    expect(text.split("\n")).toContain(`Run one with: kafkasim run ${file}`);
  });
});
