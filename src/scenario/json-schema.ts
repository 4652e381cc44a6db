/**
 * The JSON Schema of scenario files, generated from the zod schema, for editors
 * (`# yaml-language-server: $schema=./schema.json`). `scenarios/schema.json` is this, committed;
 * a test keeps the two equal. Draft-07, which editors support most widely.
 */
import { z } from "zod";
import { scenarioSchema } from "./schema.js";

/** The JSON Schema of a scenario file, as a plain object. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { target: "draft-7", unrepresentable: "any" }) as Record<string, unknown>;
}

/** The text of scenarios/schema.json: the schema, two-space indented, with a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
