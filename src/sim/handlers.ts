/**
 * Typed message routing: a component declares the union of messages it handles and a table with
 * one handler per message type of the union. Its list of handled types is derived from the table
 * (no second hand-written list to drift), each handler receives its own message type (no cast at
 * the call site), and the only cast lives in `dispatch`, where the type tag selects the handler.
 */
import type { Message } from "./actor.js";

/** One handler per message type of the union `M`. */
export type HandlerTable<M extends Message> = { readonly [T in M["type"]]: (from: string, message: Extract<M, { type: T }>) => void };

/** The message types a table handles (a component's `handles`). */
export function handledTypes<M extends Message>(table: HandlerTable<M>): readonly M["type"][] {
  return Object.keys(table) as M["type"][];
}

/** Hand `message` to its handler; returns false for a type the table does not handle. */
export function dispatch<M extends Message>(table: HandlerTable<M>, from: string, message: Message): boolean {
  const handler = (table as unknown as Readonly<Record<string, ((from: string, message: Message) => void) | undefined>>)[message.type];
  if (handler === undefined) return false;
  handler(from, message);
  return true;
}
