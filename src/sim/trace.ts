/**
 * The event trace: every delivery, drop, timer, fault and model state change is mixed into an
 * incremental 64-bit hash (two 32-bit lanes), so the same scenario and seed give the same
 * `traceHash`. Records are only materialised for listeners and the optional JSON-lines stream,
 * so long runs do not keep the trace in memory unless asked.
 */
import type { Micros } from "./time.js";

/** The fields of a trace record besides its time, type and node. */
export type TraceFields = { readonly [field: string]: unknown };

/**
 * The trace record types, each with its fields. The kernel's own are declared here; the Kafka
 * model adds its own by declaration merging (`src/kafka/trace-events.ts`), since the kernel does
 * not import the model. `ActorContext.trace` takes only a declared type: a misspelt or
 * undeclared one fails to compile.
 */
export interface TraceEvents {
  /** A process started (`incarnation` 1 for the first start, +1 for every restart). */
  "host-start": TraceFields;
  /** A process died; its page cache survives. */
  "host-crash": TraceFields;
  /** A host lost power: unsynced writes are lost. */
  "host-power-loss": TraceFields;
  "host-pause": TraceFields;
  "host-resume": TraceFields;
  /** A process stopped on its own after a controlled shutdown; its disk is flushed. */
  "host-stop": TraceFields;
  /** A host's disk was wiped. */
  "host-disk-loss": TraceFields;
}

/** A declared trace record type. */
export type TraceType = keyof TraceEvents & string;

/** A model-level trace record (leader change, ISR change, fault, client error, ...). */
export interface TraceRecord {
  atUs: Micros;
  type: TraceType;
  node?: string;
  [field: string]: unknown;
}

export type TraceListener = (record: TraceRecord) => void;

const KIND_DELIVER = 1;
const KIND_DROP = 2;
const KIND_TIMER = 3;
const KIND_RECORD = 4;

export class Trace {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  private readonly interned = new Map<string, number>();
  private readonly listeners: TraceListener[] = [];
  /** When set, every record (kernel events included) is written as one JSON line. */
  stream: ((line: string) => void) | null = null;
  count = 0;

  subscribe(listener: TraceListener): void {
    this.listeners.push(listener);
  }

  /** A message delivered from → to. */
  deliver(atUs: Micros, from: string, to: string, messageType: string): void {
    this.mix4(KIND_DELIVER, atUs, this.id(from) * 4096 + this.id(to), this.id(messageType));
    if (this.stream) this.stream(JSON.stringify({ atUs, type: "deliver", from, to, message: messageType }));
  }

  /** A message lost (partition, cut, drop, dead destination, broken connection). */
  drop(atUs: Micros, from: string, to: string, messageType: string, reason: string): void {
    this.mix4(KIND_DROP, atUs, this.id(from) * 4096 + this.id(to), this.id(messageType) * 64 + this.id(reason));
    if (this.stream) this.stream(JSON.stringify({ atUs, type: "drop", from, to, message: messageType, reason }));
  }

  /** A timer fired on a node. */
  timer(atUs: Micros, node: string): void {
    this.mix4(KIND_TIMER, atUs, this.id(node), 0);
    if (this.stream) this.stream(JSON.stringify({ atUs, type: "timer", node }));
  }

  /** A model-level record: hashed in full and passed to listeners. */
  record(record: TraceRecord): void {
    const text = JSON.stringify(record);
    this.mix4(KIND_RECORD, record.atUs, this.id(record.type), text.length);
    this.mixText(text);
    for (const listener of this.listeners) listener(record);
    if (this.stream) this.stream(text);
  }

  /** The trace hash so far, 16 hex digits. */
  hash(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, "0") + (this.h2 >>> 0).toString(16).padStart(8, "0");
  }

  private id(text: string): number {
    let id = this.interned.get(text);
    if (id === undefined) {
      id = this.interned.size + 1;
      this.interned.set(text, id);
      this.mixText(text);
    }
    return id;
  }

  private mix4(kind: number, atUs: number, a: number, b: number): void {
    this.count++;
    this.mixWord(kind);
    this.mixWord(atUs % 4294967296);
    this.mixWord(Math.floor(atUs / 4294967296));
    this.mixWord(a);
    this.mixWord(b);
  }

  /**
   * Every char code of `text`, in order, as {@link mixWord} would mix them one call at a time; the
   * two lanes stay in locals for the loop (records average ~280 chars: this loop is most of the
   * trace's cost).
   */
  private mixText(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const word = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ word, 0x01000193);
      h2 = Math.imul(h2 ^ (word + 0x9e3779b9), 0x85ebca6b) ^ (h2 >>> 15);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  private mixWord(word: number): void {
    this.h1 = Math.imul(this.h1 ^ word, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ (word + 0x9e3779b9), 0x85ebca6b) ^ (this.h2 >>> 15);
  }
}
