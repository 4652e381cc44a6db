/**
 * Typed routing as a rule (issue 14 item 1; docs/architecture.md "Routing"): messages reach their
 * handlers through a HandlerTable and timers through a TimerTable, so no code below the CLI casts
 * a message or a timer payload to the type it hopes it has (`message as X`, `payload as X`), and
 * nobody silences the checker of a sent message with `as never`. The one cast of each kind lives
 * in src/sim/handlers.ts (`dispatch`, `fireTimer`), where the type tag selects the handler.
 *
 * PENDING lists the files whose conversion is still under way; the test fails both when a file
 * outside it casts and when a listed file no longer does (then it leaves the list), so the list
 * can only shrink.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { typeScriptFiles, stripComments } from "./source-files.js";

const SRC = resolve(__dirname, "../../src");
const CHECKED_LAYERS = new Set(["sim", "kafka", "check", "scenario"]);

/** Files still being converted to typed routing (none left: add one only while converting it). */
const PENDING = new Set<string>([]);

const CASTS: readonly [RegExp, string][] = [
  [/\b(message|payload|msg)\)?\s+as\s+(?!const\b)[\w{(]/, "a message or payload cast (route it through a HandlerTable / TimerTable)"],
  [/\bas\s+never\b/, "`as never` (type the send instead)"],
];

function castsIn(path: string, source: string): string[] {
  const found: string[] = [];
  stripComments(source)
    .split("\n")
    .forEach((line, i) => {
      for (const [pattern, what] of CASTS) if (pattern.test(line)) found.push(`${path}:${i + 1}: ${what}: ${line.trim()}`);
    });
  return found;
}

const FILES = typeScriptFiles(SRC)
  .map((full) => ({ path: relative(SRC, full).split("\\").join("/"), source: readFileSync(full, "utf8") }))
  .filter((f) => CHECKED_LAYERS.has(f.path.split("/")[0]!));

describe("typed routing: no message or payload casts (issue 14 item 1)", () => {
  it("no file outside the pending list casts a message or a timer payload, or sends `as never`", () => {
    expect(FILES.length).toBeGreaterThan(100);
    const violations = FILES.filter((f) => !PENDING.has(f.path)).flatMap((f) => castsIn(f.path, f.source));
    expect(violations).toEqual([]);
  });

  it("every pending file still has a cast (a converted file leaves the list)", () => {
    const paths = new Set(FILES.map((f) => f.path));
    const done = [...PENDING].filter((p) => !paths.has(p) || castsIn(p, FILES.find((f) => f.path === p)!.source).length === 0);
    expect(done).toEqual([]);
  });

  it("the rule catches what it is meant to catch (self-test on synthetic sources)", () => {
    expect(castsIn("kafka/x.ts", "const r = message as FetchResponse;")).toHaveLength(1);
    expect(castsIn("kafka/x.ts", "const t = (payload as { k?: string }).k;")).toHaveLength(1);
    expect(castsIn("kafka/x.ts", "send(from, { type: 'X' } satisfies X as never);")).toHaveLength(1);
    expect(castsIn("kafka/x.ts", "// a message as a function\nconst kinds = ['a'] as const;\nconst s = 'replicas never diverge';")).toEqual([]);
  });
});
