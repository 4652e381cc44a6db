/**
 * Parsing a config value, as read from a YAML/JSON scalar (or a `--set` value), into the typed
 * value of its key. Kafka reads properties as strings, so numeric and boolean strings are accepted
 * (`"5000"`, `"true"`); `acks` accepts `all`, `-1`, `1`, `0` as numbers or strings.
 */
import { INT_MAX, LONG_MAX, type Acks, type ConfigKey, type ConfigValue } from "./key-types.js";

/** The outcome of parsing one value. */
export type ParsedValue =
  { readonly ok: true; readonly value: ConfigValue } | { readonly ok: false; readonly message: string; readonly expected: string; readonly found: string };

const INT_MIN = -2147483648;
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A short rendering of any raw value for messages: `"abc"`, `12`, `a list`, `a mapping`. */
export function describeValue(raw: unknown): string {
  if (raw === undefined) return "nothing";
  if (raw === null) return "null";
  if (typeof raw === "string") return JSON.stringify(raw);
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  if (Array.isArray(raw)) return "a list";
  if (typeof raw === "object") return "a mapping";
  return typeof raw;
}

/** Parse `raw` as a value of `key`. */
export function parseConfigValue(key: ConfigKey, raw: unknown): ParsedValue {
  if (raw === null && key.default === null) return { ok: true, value: null };
  switch (key.type) {
    case "acks":
      return parseAcks(raw);
    case "boolean":
      return parseBoolean(key, raw);
    case "int":
    case "long":
      return parseInteger(key, raw);
    case "double":
      return parseDouble(key, raw);
    case "string":
      return parseString(key, raw);
    case "list":
      return parseList(key, raw);
  }
}

function fail(key: ConfigKey | string, expected: string, raw: unknown): ParsedValue {
  const name = typeof key === "string" ? key : key.name;
  return { ok: false, message: `invalid value for ${name}`, expected, found: describeValue(raw) };
}

/** Normalise `acks`: `all`/`-1` → `"all"`, `1` → `"1"`, `0` → `"0"`. */
function parseAcks(raw: unknown): ParsedValue {
  const text = typeof raw === "number" || typeof raw === "string" ? String(raw).trim().toLowerCase() : undefined;
  const value: Acks | undefined = text === "all" || text === "-1" ? "all" : text === "1" ? "1" : text === "0" ? "0" : undefined;
  return value === undefined ? fail("acks", "all, -1, 1 or 0", raw) : { ok: true, value };
}

function parseBoolean(key: ConfigKey, raw: unknown): ParsedValue {
  if (typeof raw === "boolean") return { ok: true, value: raw };
  if (typeof raw === "string") {
    const text = raw.trim().toLowerCase();
    if (text === "true" || text === "false") return { ok: true, value: text === "true" };
  }
  return fail(key, "true or false", raw);
}

function toNumber(raw: unknown, pattern: RegExp): number | undefined {
  if (typeof raw === "number" && Number.isFinite(raw)) return raw;
  if (typeof raw === "string" && pattern.test(raw.trim())) return Number(raw.trim());
  return undefined;
}

function parseInteger(key: ConfigKey, raw: unknown): ParsedValue {
  const kind = key.type === "int" ? "an integer (int)" : "an integer (long)";
  let value = toNumber(raw, INTEGER_TEXT);
  if (value === undefined || !Number.isInteger(value)) return fail(key, boundsText(key, kind), raw);
  if (key.type === "int" && (value > INT_MAX || value < INT_MIN)) return fail(key, boundsText(key, kind), raw);
  if (key.type === "long") value = Math.max(-LONG_MAX, Math.min(LONG_MAX, value));
  return checkBounds(key, value, kind, raw);
}

function parseDouble(key: ConfigKey, raw: unknown): ParsedValue {
  const value = toNumber(raw, NUMBER_TEXT);
  if (value === undefined) return fail(key, boundsText(key, "a number"), raw);
  return checkBounds(key, value, "a number", raw);
}

function boundsText(key: ConfigKey, kind: string): string {
  if (key.min !== undefined && key.max !== undefined) return `${kind} in [${key.min}, ${key.max}]`;
  if (key.min !== undefined) return `${kind} ≥ ${key.min}`;
  if (key.max !== undefined) return `${kind} ≤ ${key.max}`;
  return kind;
}

function checkBounds(key: ConfigKey, value: number, kind: string, raw: unknown): ParsedValue {
  if ((key.min !== undefined && value < key.min) || (key.max !== undefined && value > key.max)) {
    return fail(key, boundsText(key, kind), raw);
  }
  return { ok: true, value };
}

function matchAllowed(key: ConfigKey, item: string): string | undefined {
  if (key.values === undefined) return item;
  const lower = item.toLowerCase();
  const exact = key.values.find((allowed) => allowed.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  // Kafka class names may be fully qualified: org.apache.kafka.clients.consumer.RangeAssignor.
  if (!lower.includes(".")) return undefined;
  const simple = lower.slice(lower.lastIndexOf(".") + 1);
  return key.values.find((allowed) => allowed.toLowerCase() === simple);
}

function allowedText(key: ConfigKey): string {
  const values = key.values ?? [];
  return values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

function parseString(key: ConfigKey, raw: unknown): ParsedValue {
  if (typeof raw !== "string" && typeof raw !== "number") {
    return fail(key, key.values ? `one of ${allowedText(key)}` : "a string", raw);
  }
  const value = matchAllowed(key, String(raw).trim());
  return value === undefined ? fail(key, `one of ${allowedText(key)}`, raw) : { ok: true, value };
}

function parseList(key: ConfigKey, raw: unknown): ParsedValue {
  const expected = key.values ? `a list of ${allowedText(key)}` : "a list or a comma-separated string";
  const items: unknown[] | undefined =
    typeof raw === "string"
      ? raw
          .split(",")
          .map((item) => item.trim())
          .filter((item) => item !== "")
      : Array.isArray(raw)
        ? raw
        : undefined;
  if (items === undefined) return fail(key, expected, raw);
  const values: string[] = [];
  for (const item of items) {
    const value = typeof item === "string" ? matchAllowed(key, item.trim()) : undefined;
    if (value === undefined) return fail(key, expected, item);
    values.push(value);
  }
  return { ok: true, value: values };
}
