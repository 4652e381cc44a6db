/**
 * A raw scenario object → the text of a readable YAML scenario file, as a person would write it
 * (docs/scenario-format.md "File"): the `yaml-language-server` schema line, optional header comments,
 * the keys in the documented order with a blank line between sections, the description as a
 * folded block, and short lists (targets, topics of a group) and the maps of cut, drop and delay
 * in flow style, e.g. `partition: [[leader(orders-0)], [rest]]`. Loading the text gives back the same scenario.
 */
import { Document, isMap, isPair, isScalar, Scalar, visit } from "yaml";
import type { RawScenario } from "../scenario/schema.js";

/** Options of {@link scenarioToYaml}. */
export interface ToYamlOptions {
  /** Where the JSON Schema is, relative to the file (default `./schema.json`); null: no schema line. */
  readonly schema?: string | null;
  /** Comment lines written under the schema line (without the leading `#`). */
  readonly header?: readonly string[];
}

/** The order of top-level keys in a written scenario (the example of docs/scenario-format.md). */
const TOP_LEVEL_ORDER = ["name", "description", "seed", "duration", "cluster", "topics", "producers", "consumers", "faults", "drain", "expect"] as const;

/** Keys after which a top-level key gets a blank line before it (sections, not the header keys). */
const SECTIONS: ReadonlySet<string> = new Set(["cluster", "topics", "producers", "consumers", "faults", "drain", "expect"]);

/** Fault kinds whose value is a small map, and a fault's trigger (`after`), written on one line. */
const FLOW_MAPS: ReadonlySet<string> = new Set(["cut", "drop", "delay", "after"]);

/** Render `raw` as YAML scenario text ending in a newline. `$schema` is written as the comment line. */
export function scenarioToYaml(raw: RawScenario, options: ToYamlOptions = {}): string {
  const ordered = orderKeys(raw);
  const document = new Document(ordered);
  visit(document, {
    Seq(_, node) {
      // Lists of maps (topics, producers, faults) stay in block style; lists of names go inline.
      if (node.items.every((item) => !isMap(item))) node.flow = true;
    },
    Pair(_, pair) {
      if (!isScalar(pair.key)) return;
      if (pair.key.value === "description" && isScalar(pair.value)) pair.value.type = Scalar.BLOCK_FOLDED;
      // cut: { from: [...], to: [...] }, drop: { between: [...], probability: 0.3 }: one line each.
      if (FLOW_MAPS.has(String(pair.key.value)) && isMap(pair.value)) pair.value.flow = true;
    },
  });
  const contents = document.contents;
  if (isMap(contents)) {
    for (const pair of contents.items) {
      if (isPair(pair) && isScalar(pair.key) && SECTIONS.has(String(pair.key.value))) pair.key.spaceBefore = true;
    }
  }
  const schema = options.schema === undefined ? "./schema.json" : options.schema;
  const lines = [
    ...(schema === null ? [] : [`# yaml-language-server: $schema=${schema}`]),
    ...(options.header ?? []).map((line) => (line === "" ? "#" : `# ${line}`)),
  ];
  const body = document.toString({ lineWidth: 100, minContentWidth: 40, indentSeq: true, flowCollectionPadding: false });
  return `${lines.map((line) => `${line}\n`).join("")}${body}`;
}

/** A copy of `raw` with its top-level keys in the documented order (unknown keys last) and no `$schema`. */
function orderKeys(raw: RawScenario): Record<string, unknown> {
  const source = raw as unknown as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of TOP_LEVEL_ORDER) if (source[key] !== undefined) result[key] = source[key];
  for (const key of Object.keys(source)) {
    if (key !== "$schema" && !(key in result) && source[key] !== undefined) result[key] = source[key];
  }
  return result;
}
