/**
 * Configs are read once into typed settings (issue 14 item 6; docs/architecture.md "The kernel and
 * the actor contract"): a Kafka config key spelled as a string (`config.int("broker.session.timeout.ms")`)
 * appears in model code only in the config registry (src/kafka/config/), the config view and the
 * `settings.ts` readers, so each key has one place where it is read and typed, and handlers use
 * named fields. PENDING lists files still being converted; a listed file that no longer reads a
 * key by name fails the test too, so the list only shrinks.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { typeScriptFiles } from "./source-files.js";

const KAFKA = resolve(__dirname, "../../src/kafka");

/** Files still being converted (none left; a new one must not be added lightly). */
const PENDING = new Set<string>([]);

/** A config read by key name: `.int("a.b")`, `.bool(…)`, `.str(…)`, `.has(…)`, `.get(…)`. */
const LOOKUP = /\.(int|bool|str|has|get)\(\s*"[a-z]+(\.[a-z]+)+"/;

const allowed = (path: string): boolean => path.startsWith("config/") || path === "config-view.ts" || path.endsWith("settings.ts");

function lookupsIn(path: string, source: string): string[] {
  const found: string[] = [];
  source.split("\n").forEach((line, i) => {
    if (LOOKUP.test(line) && !/^\s*(\*|\/\/)/.test(line)) found.push(`${path}:${i + 1}: ${line.trim()}`);
  });
  return found;
}

const FILES = typeScriptFiles(KAFKA).map((full) => ({ path: relative(KAFKA, full).split("\\").join("/"), source: readFileSync(full, "utf8") }));

describe("configs are read once into typed settings (issue 14 item 6)", () => {
  it("no model file outside config/ and the settings readers reads a config by its key name", () => {
    expect(FILES.filter((f) => f.path.endsWith("settings.ts")).length).toBeGreaterThan(3);
    const violations = FILES.filter((f) => !allowed(f.path) && !PENDING.has(f.path)).flatMap((f) => lookupsIn(f.path, f.source));
    expect(violations).toEqual([]);
  });

  it("every pending file still reads a key by name (a converted file leaves the list)", () => {
    const done = [...PENDING].filter((p) => lookupsIn(p, FILES.find((f) => f.path === p)?.source ?? "").length === 0);
    expect(done).toEqual([]);
  });

  it("the rule catches what it is meant to catch (self-test)", () => {
    expect(lookupsIn("x.ts", 'const t = ms(config.int("broker.session.timeout.ms"));')).toHaveLength(1);
    expect(lookupsIn("x.ts", 'if (view.has("controlled.shutdown.enable")) x();')).toHaveLength(1);
    expect(lookupsIn("x.ts", ' * reads `config.int("replica.lag.time.max.ms")`\nconst p = "org.apache.kafka";')).toEqual([]);
    expect(allowed("producer/settings.ts") && allowed("config/registry.ts") && !allowed("group/coordinator.ts")).toBe(true);
  });
});
