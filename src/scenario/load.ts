/**
 * Loading a scenario file: YAML (`.yaml`, `.yml`, and any other extension) through `yaml`'s
 * `parseDocument` with a `LineCounter`, JSON (`.json`) through strict `JSON.parse` — never the YAML
 * parser, which would accept a trailing comma. Once the JSON is known to be valid, the YAML parser
 * reads the same text again for source positions only. Syntax errors, a missing file, a directory
 * and an empty file are all reported as {@link ScenarioValidationError}s with line:column.
 */
import { readFileSync, statSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { ScenarioValidationError, type ScenarioError } from "./errors.js";
import { normaliseScenario, type LoadedScenario } from "./normalise.js";
import { positionsFromDocument, type SourcePositions } from "./positions.js";

export { normaliseScenario, type LoadedScenario } from "./normalise.js";

/** A parsed but not yet validated scenario: the plain object and where its nodes are. */
export interface ParsedScenarioText {
  readonly raw: unknown;
  readonly positions: SourcePositions;
}

function fail(error: ScenarioError): never {
  throw new ScenarioValidationError([error]);
}

/** Read, parse, validate and normalise the scenario file at `path`. */
export function loadScenarioFile(path: string): LoadedScenario {
  return loadScenarioText(readScenarioFile(path), path);
}

/** The text of the scenario file at `path`; a missing file or a directory is a validation error. */
export function readScenarioFile(path: string): string {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail({ file: path, path: "", message: code === "ENOENT" ? "no such file" : `cannot read the file (${code ?? String(error)})` });
  }
  if (isDirectory) {
    fail({
      file: path,
      path: "",
      message: "is a directory, not a scenario file",
      hint: "name a .yaml, .yml or .json file (kafkasim list DIR shows the scenarios in a directory)",
    });
  }
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    return fail({ file: path, path: "", message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
  }
}

/** Parse, validate and normalise scenario text; `fileName` decides JSON (`.json`) or YAML. */
export function loadScenarioText(text: string, fileName: string): LoadedScenario {
  const { raw, positions } = parseScenarioText(text, fileName);
  return normaliseScenario(raw, fileName, positions);
}

/** Parse scenario text into a plain object with positions, without validating it. */
export function parseScenarioText(text: string, fileName: string): ParsedScenarioText {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const json = fileName.toLowerCase().endsWith(".json");
  if (source.trim() === "")
    fail({
      file: fileName,
      line: 1,
      column: 1,
      path: "",
      message: "the file is empty",
      hint: "a scenario needs at least name, description, duration, cluster and topics",
    });
  const raw = json ? parseJson(source, fileName) : undefined;
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: !json });
  const positions = positionsFromDocument(document, lineCounter);
  if (json) return { raw, positions };

  if (document.errors.length > 0) {
    throw new ScenarioValidationError(
      document.errors.map((error): ScenarioError => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { file: fileName, line, column: col, path: "", message: `YAML syntax error: ${firstLine(error.message)}` };
      }),
    );
  }
  if (document.contents === null) fail({ file: fileName, line: 1, column: 1, path: "", message: "the file is empty (only comments)" });
  try {
    return { raw: document.toJS({ maxAliasCount: 1000 }), positions };
  } catch (error) {
    return fail({ file: fileName, line: 1, column: 1, path: "", message: `YAML error: ${firstLine((error as Error).message)}` });
  }
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

const JSON_POSITION = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?$/;

function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const match = JSON_POSITION.exec(message);
    const offset = match === null ? text.trimEnd().length : Number(match[1]);
    const { line, column } = lineAndColumn(text, offset);
    const before = text.slice(0, offset).trimEnd();
    const hint =
      before.endsWith(",") && /^\s*[}\]]/.test(text.slice(offset))
        ? "JSON does not allow a trailing comma"
        : message.includes("end of JSON")
          ? "the file ends too early: a bracket or quote is not closed"
          : undefined;
    return fail({
      file: fileName,
      line,
      column,
      path: "",
      message: `JSON syntax error: ${message.replace(JSON_POSITION, "")}`,
      ...(hint === undefined ? {} : { hint }),
    });
  }
}

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}
