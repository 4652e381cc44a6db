import { describe, expect, it } from "vitest";
import { BASE, insertAfter, onlyError, withLine, yamlErrors } from "./fixture.js";

describe("structural validation of scenario files (Reference: docs/scenario-format.md File)", () => {
  it("rejects an unknown top-level key, suggesting the right one, and reports the key it replaced as missing", () => {
    expect(yamlErrors(withLine(3, "duraton: 60s"))).toEqual([
      { file: "test.yaml", line: 1, column: 1, path: "duration", message: 'missing required key "duration"', expected: "a string or a number" },
      { file: "test.yaml", line: 3, column: 1, path: "duraton", message: 'unknown key "duraton"', hint: 'did you mean "duration"?' },
    ]);
  });

  it("rejects an unknown nested key at the key's position", () => {
    expect(onlyError(insertAfter(5, "  controler: { mode: kraft }"))).toEqual({
      file: "test.yaml",
      line: 6,
      column: 3,
      path: "cluster.controler",
      message: 'unknown key "controler"',
      hint: 'did you mean "controller"?',
    });
  });

  it("rejects an unknown key in a list item and reports the missing key at the item", () => {
    expect(yamlErrors(withLine(13, "    rat: 100/s"))).toEqual([
      { file: "test.yaml", line: 11, column: 5, path: "producers[0].rate", message: 'missing required key "rate"', expected: "a string or a number" },
      { file: "test.yaml", line: 13, column: 5, path: "producers[0].rat", message: 'unknown key "rat"', hint: 'did you mean "rate"?' },
    ]);
  });

  it("points a Kafka config written outside config to config", () => {
    expect(onlyError(insertAfter(13, "    acks: 1"))).toEqual({
      file: "test.yaml",
      line: 14,
      column: 5,
      path: "producers[0].acks",
      message: 'unknown key "acks"',
      hint: '"acks" is a Kafka config: write it under config',
    });
  });

  it("rejects a wrong type with what was expected and found", () => {
    expect(onlyError(withLine(5, "  brokers: three"))).toEqual({
      file: "test.yaml",
      line: 5,
      column: 12,
      path: "cluster.brokers",
      message: "wrong type",
      expected: "an integer",
      found: '"three"',
    });
    expect(onlyError(withLine(16, "    topics: orders"))).toEqual({
      file: "test.yaml",
      line: 16,
      column: 13,
      path: "consumers[0].topics",
      message: "wrong type",
      expected: "a list",
      found: '"orders"',
    });
  });

  it("rejects a missing required key", () => {
    expect(onlyError(withLine(2))).toEqual({
      file: "test.yaml",
      line: 1,
      column: 1,
      path: "description",
      message: 'missing required key "description"',
      expected: "a string",
    });
    expect(onlyError(withLine(7, "  - partitions: 2").filter((_, index) => index !== 7))).toEqual({
      file: "test.yaml",
      line: 7,
      column: 5,
      path: "topics[0].name",
      message: 'missing required key "name"',
      expected: "a string",
    });
  });

  it("rejects zero and negative counts", () => {
    expect(onlyError(withLine(5, "  brokers: 0"))).toEqual({
      file: "test.yaml",
      line: 5,
      column: 12,
      path: "cluster.brokers",
      message: "too small",
      expected: "an integer ≥ 1",
      found: "0",
    });
    expect(onlyError(withLine(17, "    instances: -1"))).toEqual({
      file: "test.yaml",
      line: 17,
      column: 16,
      path: "consumers[0].instances",
      message: "too small",
      expected: "an integer ≥ 1",
      found: "-1",
    });
    expect(onlyError(withLine(8, "    partitions: 1.5"))).toMatchObject({ line: 8, path: "topics[0].partitions", expected: "an integer", found: "1.5" });
  });

  it("rejects an invalid enumerated value, suggesting the closest", () => {
    expect(onlyError(insertAfter(17, "    commit: after-procesing"))).toEqual({
      file: "test.yaml",
      line: 18,
      column: 13,
      path: "consumers[0].commit",
      message: "invalid value",
      expected: "one of auto, after-processing, before-processing",
      found: '"after-procesing"',
      hint: 'did you mean "after-processing"?',
    });
  });

  it("rejects a scenario name outside [a-z0-9-]+", () => {
    expect(onlyError(withLine(1, "name: Bad_Name"))).toEqual({
      file: "test.yaml",
      line: 1,
      column: 7,
      path: "name",
      message: "a scenario name must be lower-case letters, digits and hyphens",
      found: '"Bad_Name"',
    });
  });

  it("rejects an unknown protocol preset or toggle (Reference: docs/scenario-format.md Versions)", () => {
    expect(onlyError(insertAfter(5, "  protocol: modrn"))).toMatchObject({
      line: 6,
      column: 13,
      path: "cluster.protocol",
      message: "invalid value",
      found: '"modrn"',
      hint: 'did you mean "modern"?',
    });
    expect(onlyError(insertAfter(5, "  protocol: { preset: kafka-3.9, elr: true }"))).toMatchObject({
      line: 6,
      column: 34,
      path: "cluster.protocol.elr",
      message: 'unknown key "elr"',
    });
  });

  it("rejects an unknown fault key, suggesting the fault kind", () => {
    expect(onlyError([...BASE, "faults:", "  - at: 5s", "    crsh: broker-1"])).toEqual({
      file: "test.yaml",
      line: 20,
      column: 5,
      path: "faults[0].crsh",
      message: 'unknown key "crsh"',
      hint: 'did you mean "crash"?',
    });
  });
});
