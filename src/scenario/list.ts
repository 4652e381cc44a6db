/**
 * `kafkasim list [DIR]`: every scenario file in a directory (`.yaml`, `.yml`, `.json`, not
 * recursive) with its name and the first sentence of its description, in teaching order: the
 * lessons numbered in the course table of the directory's README.md (`| 3 | \`file.yaml\` | …`)
 * first, in the course's order, then the other files by name. A file
 * that does not load is still listed, with the first problem found, so a broken library is
 * visible rather than silently shorter. A JSON Schema kept next to the scenarios (a document with
 * `$schema` but neither `name` nor `cluster`) is not a scenario and is left out.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ScenarioValidationError } from "./errors.js";
import { loadScenarioText, parseScenarioText, readScenarioFile } from "./load.js";

/** One scenario of a directory. */
export interface ScenarioListing {
  /** The path of the file (DIR joined with the file name). */
  file: string;
  /** The scenario's `name`, or the file name without extension when it has none. */
  name: string;
  /** The first sentence of `description`, on one line ("" when missing). */
  description: string;
  /** The first validation problem, when the file does not load. */
  problem?: string;
  /** Its number in the course of the directory's README.md, when it is one of the lessons. */
  lesson?: number;
}

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

/** The first sentence of a description, whitespace collapsed. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = flat.search(/[.!?](\s|$)/);
  return end === -1 ? flat : flat.slice(0, end + 1);
}

const COURSE_ROW = /^\|\s*(\d+)\s*\|\s*`([^`]+\.(?:ya?ml|json))`/gim;

/**
 * The course order a README.md gives: file name → lesson number, from the rows of its course
 * table (`| 3 | \`not-enough-replicas.yaml\` | … |`). Empty when there is no such table.
 */
export function courseOrder(readme: string): Map<string, number> {
  const order = new Map<string, number>();
  for (const match of readme.matchAll(COURSE_ROW)) {
    const file = match[2] ?? "";
    if (!order.has(file)) order.set(file, Number(match[1]));
  }
  return order;
}

function readCourse(dir: string): Map<string, number> {
  try {
    return courseOrder(readFileSync(join(dir, "README.md"), "utf8"));
  } catch {
    return new Map();
  }
}

/**
 * The scenarios in `dir` in teaching order (module comment), the rest sorted by name (then file).
 * @throws ScenarioValidationError when `dir` is missing or not a directory.
 */
export function listScenarios(dir: string): ScenarioListing[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ScenarioValidationError([{ file: dir, path: "", message: "is not a directory" }]);
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof ScenarioValidationError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioValidationError([
      { file: dir, path: "", message: code === "ENOENT" ? "no such directory" : `cannot read the directory (${code ?? String(error)})` },
    ]);
  }
  const course = readCourse(dir);
  const listings = entries
    .filter((name) => SCENARIO_FILE.test(name) && !name.startsWith("."))
    .map((name) => {
      const listing = describeFile(join(dir, name), name);
      const lesson = course.get(name);
      return listing === null || lesson === undefined ? listing : { ...listing, lesson };
    })
    .filter((listing): listing is ScenarioListing => listing !== null);
  const rank = (l: ScenarioListing): number => l.lesson ?? Number.POSITIVE_INFINITY;
  return listings.sort((a, b) => rank(a) - rank(b) || compare(a.name, b.name) || compare(a.file, b.file));
}

function describeFile(file: string, fileName: string): ScenarioListing | null {
  try {
    if (!statSync(file).isFile()) return null;
  } catch {
    return null;
  }
  const fallbackName = fileName.replace(SCENARIO_FILE, "");
  let text: string;
  let raw: unknown;
  try {
    text = readScenarioFile(file);
    raw = parseScenarioText(text, file).raw;
  } catch (error) {
    return { file, name: fallbackName, description: "", problem: problemOf(error) };
  }
  const record = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  if ("$schema" in record && !("name" in record) && !("cluster" in record)) return null; // a JSON Schema, not a scenario
  const name = typeof record["name"] === "string" && record["name"] !== "" ? record["name"] : fallbackName;
  const description = typeof record["description"] === "string" ? oneLine(record["description"]) : "";
  try {
    loadScenarioText(text, file);
    return { file, name, description };
  } catch (error) {
    return { file, name, description, problem: problemOf(error) };
  }
}

function problemOf(error: unknown): string {
  if (error instanceof ScenarioValidationError) {
    const first = error.format().split("\n")[0] ?? error.message;
    return error.errors.length > 1 ? `${first} (+${error.errors.length - 1} more)` : first;
  }
  return error instanceof Error ? error.message : String(error);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
