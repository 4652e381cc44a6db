/**
 * Turns zod's issues into scenario diagnostics: one error per unknown key (at the key, with a
 * spelling suggestion from the keys valid there), "missing required key" at the map that lacks
 * it, and `expected …, found …` for wrong types and values. For a union (a value that may take
 * several shapes) the branch matching the value's type is reported.
 */
import type { z } from "zod";
import { describeValue } from "../kafka/config/values.js";
import { isKnownConfigName } from "../kafka/config/registry.js";
import type { Diagnostics } from "./diagnostics.js";
import type { PathSegment } from "./errors.js";
import { didYouMean } from "./suggest.js";

type Issue = z.core.$ZodIssue;
interface LooseDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly format?: string;
}

const defOf = (schema: z.ZodType): LooseDef => (schema as unknown as { _zod: { def: LooseDef } })._zod.def;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
  null: "null",
};

/** The value at `path` in `raw`, or undefined. */
export function valueAt(raw: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = raw;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[String(segment)];
  }
  return current;
}

function children(schema: z.ZodType, segment: PathSegment | undefined): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType !== undefined) return children(def.innerType, segment);
  if (def.type === "union") return (def.options ?? []).flatMap((option) => children(option, segment));
  if (segment === undefined) return [schema];
  if (def.type === "object") return def.shape?.[String(segment)] ? [def.shape[String(segment)] as z.ZodType] : [];
  if (def.type === "array" && def.element) return [def.element];
  if (def.type === "record" && def.valueType) return [def.valueType];
  return [];
}

/** The schemas (unwrapped, union options spread) that may describe the value at `path`. */
function schemasAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodType[] {
  let current = [schema];
  for (const segment of path) current = current.flatMap((node) => children(node, segment));
  return current.flatMap((node) => children(node, undefined));
}

/** The keys allowed by the object schema(s) at `path` in `schema`. */
export function keysAllowedAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
  const objects = schemasAt(schema, path).filter((node) => defOf(node).type === "object");
  return [...new Set(objects.flatMap((node) => Object.keys(defOf(node).shape ?? {})))];
}

/** True if the value at `path` must be an integer (a `z.int()`). */
function integerAt(schema: z.ZodType, path: readonly PathSegment[]): boolean {
  return schemasAt(schema, path).some((node) => defOf(node).type === "number" && /int/.test(defOf(node).format ?? ""));
}

/** What the value at `path` may be: a fixed-key mapping, a free-key mapping (record), a list. */
export function shapesAt(schema: z.ZodType, path: readonly PathSegment[]): Set<"object" | "record" | "array" | "scalar"> {
  const kinds = schemasAt(schema, path).map((node) => defOf(node).type);
  return new Set(kinds.map((kind) => (kind === "object" || kind === "record" || kind === "array" ? kind : "scalar")));
}

function toPath(prefix: readonly PathSegment[], path: readonly PropertyKey[]): PathSegment[] {
  return [...prefix, ...path.map((segment) => (typeof segment === "number" ? segment : String(segment)))];
}

function expectedOf(issue: Issue): string | undefined {
  return issue.code === "invalid_type" ? (TYPE_NAMES[issue.expected] ?? issue.expected) : undefined;
}

function unknownKeyHint(schema: z.ZodType, path: readonly PathSegment[], key: string): string | undefined {
  const allowed = keysAllowedAt(schema, path);
  const suggestion = didYouMean(key, allowed);
  if (suggestion !== undefined) return suggestion;
  if (isKnownConfigName(key)) {
    const where = allowed.includes("broker-config") ? "broker-config" : allowed.includes("config") ? "config" : undefined;
    if (where !== undefined) return `"${key}" is a Kafka config: write it under ${where}`;
  }
  return allowed.length > 0 ? `valid keys here: ${allowed.join(", ")}` : undefined;
}

/** Report every zod issue of `raw` against `schema` into `diagnostics`. */
export function reportSchemaIssues(
  issues: readonly Issue[],
  raw: unknown,
  schema: z.ZodType,
  diagnostics: Diagnostics,
  prefix: readonly PathSegment[] = [],
): void {
  for (const issue of issues) {
    const path = toPath(prefix, issue.path);
    const value = valueAt(raw, path);
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          diagnostics.error([...path, key], `unknown key "${key}"`, { at: "key", hint: unknownKeyHint(schema, path, key) });
        }
        break;
      case "invalid_type": {
        const expected = issue.expected === "number" && integerAt(schema, path) ? "an integer" : expectedOf(issue);
        if (value === undefined) {
          diagnostics.error(path, `missing required key "${String(path[path.length - 1])}"`, { expected });
        } else {
          diagnostics.error(path, "wrong type", { expected, found: describeValue(value) });
        }
        break;
      }
      case "invalid_value": {
        const values = issue.values.map(String);
        diagnostics.error(path, "invalid value", {
          expected: values.length === 1 ? values[0] : `one of ${values.join(", ")}`,
          found: describeValue(value),
          hint: typeof value === "string" ? didYouMean(value, values) : undefined,
        });
        break;
      }
      case "invalid_union": {
        const typeMatches = issue.errors.find((branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0));
        if (typeMatches !== undefined) {
          reportSchemaIssues(typeMatches, raw, schema, diagnostics, path);
        } else {
          const expected = [...new Set(issue.errors.flatMap((branch) => branch.map(expectedOf)).filter((text) => text !== undefined))];
          diagnostics.error(path, value === undefined ? `missing required key "${String(path[path.length - 1])}"` : "wrong type", {
            expected: expected.join(" or "),
            found: value === undefined ? undefined : describeValue(value),
          });
        }
        break;
      }
      case "too_small":
      case "too_big": {
        const integer = issue.origin === "number" && integerAt(schema, path);
        let bound = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
        let inclusive = issue.inclusive !== false;
        if (integer && !inclusive) [bound, inclusive] = [issue.code === "too_small" ? bound + 1 : bound - 1, true];
        const relation = issue.code === "too_small" ? (inclusive ? "≥" : ">") : inclusive ? "≤" : "<";
        const expected =
          issue.origin === "array"
            ? `a list with ${relation} ${bound} item(s)`
            : issue.origin === "string"
              ? "a non-empty string"
              : `${integer ? "an integer" : "a number"} ${relation} ${bound}`;
        diagnostics.error(path, issue.code === "too_small" ? "too small" : "too large", { expected, found: describeValue(value) });
        break;
      }
      default:
        diagnostics.error(path, issue.message, { found: describeValue(value) });
    }
  }
}
