/**
 * Actors are synchronous state machines (docs/architecture.md principle 2): they react to start, message,
 * timer and connection-reset, and act only through their context. What survives a crash lives on
 * `ctx.disk`; a restart builds a fresh actor from that disk.
 */
import type { Disk } from "./disk.js";
import type { Random } from "./random.js";
import type { EventId } from "./scheduler.js";
import type { Micros } from "./time.js";
import type { TraceEvents, TraceType } from "./trace.js";

/** Every message carries its protocol type name (Kafka's API name where there is one). */
export interface Message {
  readonly type: string;
}

/**
 * Every timer payload carries its kind: an actor declares the union of its timers (`{ kind:
 * "election" } | { kind: "request-timeout"; id: number }`) and routes them with a
 * {@link TimerTable} (`handlers.ts`), as it routes messages by `type`.
 */
export interface Timer {
  readonly kind: string;
}

/**
 * What an actor may do. `Out` is the union of the messages it sends and `T` the union of its
 * timer payloads (both default to the widest type): a component typed with its own unions can
 * neither send a message it does not declare nor set a timer it does not handle.
 */
export interface ActorContext<Out extends Message = Message, T = unknown> {
  /** This node's name (`broker-2`). */
  readonly name: string;
  /** 1 for the first start, +1 for every restart. */
  readonly incarnation: number;
  readonly disk: Disk;
  /** This incarnation's random stream (label `name#incarnation`). */
  readonly random: Random;
  now(): Micros;
  /** Send over the connection to `to` (opened on demand). Delivery is FIFO per connection. */
  send(to: string, message: Out): void;
  /** Close the connection to `peer` (after a timeout): in-flight messages on it are discarded. */
  disconnect(peer: string): void;
  /**
   * Close the connection to `peer` on purpose (a server that answers a request by closing it, as
   * Kafka's `RequestChannel.closeConnection`): what this side already sent is delivered, then the
   * peer sees `onConnectionReset`; what the peer sent meanwhile is discarded.
   */
  closeConnection(peer: string): void;
  /** The payload comes back, as it was, to this incarnation's `onTimer` (never to another actor). */
  setTimer(delayUs: Micros, payload: T): EventId;
  cancelTimer(id: EventId): void;
  /** Report a model-level event to the trace (hashed; seen by the timeline and invariants). */
  trace<K extends TraceType>(type: K, fields?: TraceEvents[K]): void;
  /** The actor stops its own process cleanly (end of a controlled shutdown): disk flushed. */
  exit(): void;
}

/**
 * An actor handles any message that reaches it (a peer may send anything: unknown types are
 * routed by a `HandlerTable` and ignored or traced), and only its own timers: `T` is the union
 * its context's `setTimer` accepts.
 */
export interface Actor<T = unknown> {
  onStart(): void;
  onMessage(from: string, message: Message): void;
  onTimer(payload: T): void;
  /** The connection to `peer` was reset (peer process died, refused or closed the connection). */
  onConnectionReset?(peer: string): void;
}

/** Builds a fresh actor for a new incarnation; everything it knows comes from `ctx.disk`. */
export type ActorFactory = (ctx: ActorContext) => Actor;
