import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile, loadScenarioText, parseScenarioText } from "../../src/scenario/load.js";
import { BASE, errorsOf, load, withLine, yamlErrors } from "./fixture.js";

const dir = mkdtempSync(join(tmpdir(), "kafkasim-load-"));
const json = (text: string) => errorsOf(() => loadScenarioText(text, "s.json"));

describe("loading scenario files (Reference: docs/scenario-format.md File; docs/architecture.md principle 8)", () => {
  it("reports a missing file", () => {
    const path = join(dir, "nope.yaml");
    expect(errorsOf(() => loadScenarioFile(path))).toEqual([{ file: path, path: "", message: "no such file" }]);
  });

  it("reports a directory given instead of a file", () => {
    const path = join(dir, "a-directory");
    mkdirSync(path);
    expect(errorsOf(() => loadScenarioFile(path))).toEqual([
      {
        file: path,
        path: "",
        message: "is a directory, not a scenario file",
        hint: "name a .yaml, .yml or .json file (kafkasim list DIR shows the scenarios in a directory)",
      },
    ]);
  });

  it("reports an empty file at 1:1", () => {
    const path = join(dir, "empty.yaml");
    writeFileSync(path, "\n  \n");
    expect(errorsOf(() => loadScenarioFile(path))).toMatchObject([{ file: path, line: 1, column: 1, path: "", message: "the file is empty" }]);
    expect(errorsOf(() => loadScenarioText("# only a comment\n", "c.yaml"))).toMatchObject([
      { line: 1, column: 1, message: "the file is empty (only comments)" },
    ]);
  });

  it("loads a file from disk", () => {
    const path = join(dir, "ok.yml");
    writeFileSync(path, `${BASE.join("\n")}\n`);
    expect(loadScenarioFile(path).scenario.file).toBe(path);
  });

  it("reports a YAML syntax error at its line and column", () => {
    expect(yamlErrors(withLine(5, "\tbrokers: 3"))).toEqual([
      { file: "test.yaml", line: 5, column: 1, path: "", message: "YAML syntax error: Tabs are not allowed as indentation" },
    ]);
  });

  it("reports a duplicated YAML key at the duplicate", () => {
    expect(yamlErrors([...BASE.slice(0, 3), "duration: 2s", ...BASE.slice(3)])).toEqual([
      { file: "test.yaml", line: 4, column: 1, path: "", message: "YAML syntax error: Map keys must be unique" },
    ]);
  });

  it("reports a top level that is not a mapping", () => {
    expect(yamlErrors(["- a", "- b"])).toMatchObject([{ line: 1, column: 1, path: "", found: "a list" }]);
  });
});

describe("JSON scenarios are strict JSON (Reference: docs/scenario-format.md File)", () => {
  const valid = JSON.stringify(
    {
      name: "j",
      description: "json",
      duration: "10s",
      cluster: { brokers: 1 },
      topics: [{ name: "orders" }],
    },
    null,
    2,
  );

  it("loads valid JSON", () => {
    const { scenario } = loadScenarioText(valid, "s.json");
    expect(scenario.topics[0]).toMatchObject({ name: "orders", partitions: 1, replicationFactor: 1 });
  });

  it("rejects a trailing comma at line:column, which YAML would have accepted", () => {
    const text = '{\n  "name": "j",\n  "description": "x",\n}\n';
    expect(json(text)).toEqual([
      {
        file: "s.json",
        line: 4,
        column: 1,
        path: "",
        message: "JSON syntax error: Expected double-quoted property name",
        hint: "JSON does not allow a trailing comma",
      },
    ]);
  });

  it("reports a truncated JSON file at its end", () => {
    expect(json('{\n  "name": "j",\n  "topics": [')).toMatchObject([
      { line: 3, column: 14, path: "", hint: "the file ends too early: a bracket or quote is not closed" },
    ]);
  });

  it("places validation errors at the JSON key or value", () => {
    const text = valid.replace('"brokers": 1', '"brokrs": 1');
    expect(json(text)).toEqual([
      { file: "s.json", line: 5, column: 14, path: "cluster.brokers", message: 'missing required key "brokers"', expected: "an integer" },
      { file: "s.json", line: 6, column: 5, path: "cluster.brokrs", message: 'unknown key "brokrs"', hint: 'did you mean "brokers"?' },
    ]);
  });

  it("gives parseScenarioText's raw object and positions for --set pipelines", () => {
    const parsed = parseScenarioText(valid, "s.json");
    expect((parsed.raw as { name: string }).name).toBe("j");
    expect(parsed.positions.locate(["cluster", "brokers"])).toEqual({ line: 6, column: 16 });
  });
});

describe("YAML features", () => {
  it("resolves anchors and aliases, and positions through them", () => {
    const { scenario } = load([
      ...BASE.slice(0, 13),
      "    config: &fast",
      "      linger.ms: 0",
      "  - name: p2",
      "    topic: orders",
      "    rate: 1/s",
      "    config: *fast",
    ]);
    expect(scenario.producers.map((producer) => producer.config["linger.ms"])).toEqual([0, 0]);
  });
});
