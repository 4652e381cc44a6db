/**
 * The explanation catalogue (issue 14 item 6): for every declared trace type, the text of the Kafka
 * rule its records carry as `rule` — the line the timeline prints under each moment. Call sites no
 * longer build that text: they trace the facts, and `explained` adds `rule` (always the record's
 * last field) from this table. A type whose records carry no rule has `null`.
 */
import type { TraceEvents } from "../../sim/trace.js";
import type { TraceType } from "../trace-events.js";
import type { Explain, Fields } from "./explain.js";
import { clientRules } from "./clients.js";
import { consumerRules } from "./consumer.js";
import { controllerRules } from "./controllers.js";
import { fetchRules } from "./fetch.js";
import { groupRules } from "./group.js";
import { kernelRules } from "./kernel.js";
import { partitionChangeRules } from "./partition-changes.js";
import { producerRules } from "./producer.js";
import { replicationRules } from "./replication.js";

const CATALOGUE = {
  ...kernelRules,
  ...clientRules,
  ...consumerRules,
  ...groupRules,
  ...producerRules,
  ...replicationRules,
  ...fetchRules,
  ...partitionChangeRules,
  ...controllerRules,
} satisfies { readonly [T in TraceType]?: Explain | null }; // complete: test/architecture/explanations.test.ts (tests declare their own types)

type Catalogue = typeof CATALOGUE;

/** What a call site passes besides the fields: `[why]` when the type's text needs values the record does not hold. */
export type WhyArgs<T extends TraceType> = T extends keyof Catalogue
  ? Catalogue[T] extends (...args: infer A) => unknown
    ? A extends [unknown, infer W, ...unknown[]]
      ? [why: W]
      : A extends [unknown, (infer W)?]
        ? [why?: W]
        : []
    : []
  : [];

/** The trace types the catalogue has an entry for (every declared type, once the catalogue is complete). */
export const EXPLAINED_TYPES: readonly string[] = Object.keys(CATALOGUE);

/**
 * Adds `rule` to a freshly built record's fields (as its last field, so the traced JSON reads as
 * before) and returns them. Fields of a type with no text, or whose entry returns nothing here, are
 * returned as they are. For a trace helper that checked its caller's fields against `TraceEvents`
 * and adds its own (broker, partition, …): it vouches that the result is the type's record.
 */
export function withRule<T extends TraceType>(type: T, fields: Record<string, unknown>, ...why: WhyArgs<T>): TraceEvents[T] {
  const explain = (CATALOGUE as { readonly [K in TraceType]?: Explain | null })[type];
  if (explain) {
    const rule = (explain as (f: Fields, why: unknown) => string | undefined)(fields, (why as unknown[])[0]);
    if (rule !== undefined) fields.rule = rule;
  }
  return fields as TraceEvents[T];
}

/** {@link withRule} for fields built whole at the call site: they are checked against the type's declaration. */
export function explained<T extends TraceType>(type: T, fields: TraceEvents[T], ...why: WhyArgs<T>): TraceEvents[T] {
  // The fields are a fresh literal at every call site: `withRule` adds `rule` to them in place.
  return withRule(type, fields as unknown as Record<string, unknown>, ...why);
}

/** Anything that traces: an actor's context, or a component's trace function. */
interface TraceSink {
  trace(type: TraceType, fields?: Fields): void;
}

/** `sink.trace(type, fields)` with the type's rule added from the catalogue; the fields are checked against the type's declaration. */
export function emit<T extends TraceType>(sink: TraceSink, type: T, fields: TraceEvents[T], ...why: WhyArgs<T>): void {
  sink.trace(type, explained(type, fields, ...why));
}
