/**
 * Explanation texts live in one catalogue (issue 14 item 6; docs/architecture.md "Trace records and
 * their explanations"): a trace record's `rule` is added from `src/kafka/explain/` by `emit` /
 * `explained`, never written at a call site. So no model file outside that folder names `rule` as a
 * key, a shorthand property, a variable or a parameter. PENDING lists files still being converted; a
 * listed file that no longer mentions `rule` fails the test too, so the list only shrinks. And every
 * declared trace type (src/sim/trace.ts, src/kafka/trace-events.ts) has a catalogue entry.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EXPLAINED_TYPES } from "../../src/kafka/explain/catalogue.js";
import { stripComments, typeScriptFiles } from "./source-files.js";

const KAFKA = resolve(__dirname, "../../src/kafka");

/** Files whose trace calls still build their own `rule` text (none left; a new one must not be added lightly). */
const PENDING = new Set<string>([]);

/** `rule` as code: a key or annotation (`rule:`), a shorthand property, an assignment, an argument, a member. */
const RULE = /\brule\s*(\??:|,|\}|=(?!=)|\))|\.rule\b|\b(let|const)\s+rule\b/;

/** Code without comments and without the contents of plain string literals (their words are not code). */
function code(source: string): string {
  return stripComments(source).replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (m) => m[0] + " ".repeat(m.length - 2) + m[0]);
}

function ruleTexts(path: string, source: string): string[] {
  const found: string[] = [];
  code(source)
    .split("\n")
    .forEach((line, i) => {
      if (RULE.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`);
    });
  return found;
}

const FILES = typeScriptFiles(KAFKA)
  .map((full) => ({ path: relative(KAFKA, full).split("\\").join("/"), source: readFileSync(full, "utf8") }))
  .filter((f) => !f.path.startsWith("explain/"));

/** The declared trace types, read from their declarations (`"leader-change": LeaderChange;`). */
function declaredTypes(): string[] {
  const text = [resolve(KAFKA, "trace-events.ts"), resolve(KAFKA, "../sim/trace.ts")].map((f) => stripComments(readFileSync(f, "utf8"))).join("\n");
  return [...text.matchAll(/^\s*"([a-z0-9-]+)":\s*\w+;/gm)].map((m) => m[1]!).sort();
}

describe("explanation texts live in one catalogue (issue 14 item 6)", () => {
  it("no model file outside src/kafka/explain/ builds a rule text", () => {
    const violations = FILES.filter((f) => !PENDING.has(f.path)).flatMap((f) => ruleTexts(f.path, f.source));
    expect(violations).toEqual([]);
  });

  it("every pending file still builds one (a converted file leaves the list)", () => {
    const done = [...PENDING].filter((p) => ruleTexts(p, FILES.find((f) => f.path === p)?.source ?? "").length === 0);
    expect(done).toEqual([]);
  });

  it("every declared trace type has a catalogue entry, and every entry is a declared type", () => {
    const declared = declaredTypes();
    expect(declared.length).toBeGreaterThan(100);
    expect([...EXPLAINED_TYPES].sort()).toEqual(declared);
  });

  it("the rule catches what it is meant to catch (self-test)", () => {
    expect(ruleTexts("x.ts", 'ctx.trace("broker-exit", { broker, rule: "the JVM shutdown hook" });')).toHaveLength(1);
    expect(ruleTexts("x.ts", "trace({ error, rule });")).toHaveLength(1);
    expect(ruleTexts("x.ts", "const rule = `broker-${id} leads`;")).toHaveLength(1);
    expect(ruleTexts("x.ts", "truncate(p: Partition, offset: number, rule: string): void {")).toHaveLength(1);
    expect(ruleTexts("x.ts", "this.propose(p, newIsr, rule);")).toHaveLength(1);
    expect(ruleTexts("x.ts", "return election.rule;")).toHaveLength(1);
    expect(ruleTexts("x.ts", '// the rule: HW ≤ LEO\nconst s = "the strict min ISR rule (KIP-966), and";\nthis.rules.trace(x);')).toEqual([]);
  });
});
