/**
 * Typed routing of messages and timers. A component declares the union of messages it handles and
 * a table with one handler per message type of the union; its list of handled types is derived
 * from the table (no second hand-written list to drift), each handler receives its own message
 * type (no cast at the call site), and the only cast lives in `dispatch`, where the type tag
 * selects the handler. Timers follow the same convention, keyed by `kind` ({@link TimerTable}).
 * A composite (an actor made of parts) merges its parts' tables with {@link mergeTables}, which
 * refuses a type or kind claimed twice.
 */
import type { Message, Timer } from "./actor.js";

/** One handler per message type of the union `M`. */
export type HandlerTable<M extends Message> = { readonly [T in M["type"]]: (from: string, message: Extract<M, { type: T }>) => void };

/** One handler per timer kind of the union `T`. */
export type TimerTable<T extends Timer> = { readonly [K in T["kind"]]: (timer: Extract<T, { kind: K }>) => void };

/** The message types a table handles (a component's `handles`). */
export function handledTypes<M extends Message>(table: HandlerTable<M>): readonly M["type"][] {
  return Object.keys(table) as M["type"][];
}

/** The timer kinds a table handles. */
export function timerKinds<T extends Timer>(table: TimerTable<T>): readonly T["kind"][] {
  return Object.keys(table) as T["kind"][];
}

/** Hand `message` to its handler; returns false for a type the table does not handle. */
export function dispatch<M extends Message>(table: HandlerTable<M>, from: string, message: Message): boolean {
  const handler = (table as unknown as Readonly<Record<string, ((from: string, message: Message) => void) | undefined>>)[message.type];
  if (handler === undefined) return false;
  handler(from, message);
  return true;
}

/** Hand `timer` to its handler; returns false for a kind the table does not handle. */
export function fireTimer<T extends Timer>(table: TimerTable<T>, timer: Timer): boolean {
  const handler = (table as unknown as Readonly<Record<string, ((timer: Timer) => void) | undefined>>)[timer.kind];
  if (handler === undefined) return false;
  handler(timer);
  return true;
}

/**
 * One table out of two parts' tables (message or timer tables alike); throws if both claim the
 * same key, so two parts of one actor can never silently take each other's messages or timers.
 */
export function mergeTables<A extends object, B extends object>(a: A, b: B): A & B {
  for (const key of Object.keys(b)) if (Object.prototype.hasOwnProperty.call(a, key)) throw new Error(`"${key}" is handled by two parts of one actor`);
  return { ...a, ...b };
}
