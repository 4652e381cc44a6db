import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { courseOrder, listScenarios } from "../../src/scenario/list.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const scenario = (name: string) => `name: ${name}\ndescription: The ${name} lesson. More words.\nduration: 1s\ncluster: { brokers: 1 }\n`;

describe("kafkasim list: teaching order (Reference: issue 13 'CLI habits' — list in the order of scenarios/README.md's course)", () => {
  it("reads the lesson numbers from the course table of a README", () => {
    const readme = "# Course\n\n| # | scenario | one line |\n| - | --- | --- |\n| 2 | `b.yaml` | … |\n| 1 | `c.yml` | … |\n\nNot a row: `a.yaml`\n";
    expect([...courseOrder(readme)]).toEqual([
      ["b.yaml", 2],
      ["c.yml", 1],
    ]);
    expect(courseOrder("no table here").size).toBe(0);
  });

  it("lists the lessons first in course order, then the other files by name", () => {
    const dir = mkdtempSync(join(tmpdir(), "kafkasim-list-"));
    dirs.push(dir);
    for (const name of ["a", "b", "c", "z"]) writeFileSync(join(dir, `${name}.yaml`), scenario(name));
    writeFileSync(join(dir, "README.md"), "| 1 | `z.yaml` | first |\n| 2 | `b.yaml` | second |\n");
    const listed = listScenarios(dir);
    expect(listed.map((l) => [l.name, l.lesson])).toEqual([
      ["z", 1],
      ["b", 2],
      ["a", undefined],
      ["c", undefined],
    ]);
    expect(listed[0]?.description).toBe("The z lesson.");
  });
});
