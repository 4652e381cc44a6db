/**
 * The shape of an explanation: the Kafka rule behind one trace record, in plain words, built from
 * the record's own fields and, where the text names something the record does not hold (a config
 * value, the reason a caller already worked out), from a small typed `why` argument. The area files
 * of this folder hold the texts; `catalogue.ts` joins them, one entry per trace type.
 */
import type { TraceFields } from "../../sim/trace.js";
import type { TraceType } from "../trace-events.js";

/** The fields a call site traces (before `rule` is added). */
export type Fields = TraceFields;

/**
 * One catalogue entry. Written as a method type so that an entry may declare the `why` it needs
 * (`(f, why: { limitMs: number }) => …`); `undefined` means this record carries no rule.
 */
export type Explain = { entry(f: Fields, why: never): string | undefined }["entry"];

/** Catalogue entries (an area's share of the catalogue), keyed by declared trace types: a misspelt key fails to compile. */
export type Entries = { readonly [T in TraceType]?: Explain | null };
