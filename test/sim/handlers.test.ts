import { describe, expect, it } from "vitest";
import type { Message, Timer } from "../../src/sim/actor.js";
import { dispatch, fireTimer, handledTypes, mergeTables, timerKinds, type HandlerTable, type TimerTable } from "../../src/sim/handlers.js";

// Reference: Kafka's KafkaApis.handle routes each request by its ApiKeys value to one handler; the
// model's components route messages by `type` and timers by `kind` through tables (docs/architecture.md,
// "Routing").

interface Ping extends Message {
  type: "Ping";
  n: number;
}
interface Pong extends Message {
  type: "Pong";
  n: number;
}
type Retry = { kind: "retry"; attempt: number } | { kind: "expire" };

describe("typed routing of messages and timers", () => {
  it("dispatch hands each message to the handler of its type and reports an unknown type", () => {
    const seen: string[] = [];
    const table: HandlerTable<Ping | Pong> = {
      Ping: (from, m) => seen.push(`${from} ping ${m.n}`),
      Pong: (from, m) => seen.push(`${from} pong ${m.n}`),
    };
    expect(handledTypes(table)).toEqual(["Ping", "Pong"]);
    const pong: Pong = { type: "Pong", n: 2 };
    const ping: Ping = { type: "Ping", n: 1 };
    expect(dispatch(table, "a", pong)).toBe(true);
    expect(dispatch(table, "b", ping)).toBe(true);
    expect(dispatch(table, "c", { type: "Fetch" })).toBe(false);
    expect(seen).toEqual(["a pong 2", "b ping 1"]);
  });

  it("fireTimer hands each timer to the handler of its kind with its own fields", () => {
    const seen: string[] = [];
    const table: TimerTable<Retry> = {
      retry: (t) => seen.push(`retry ${t.attempt}`),
      expire: () => seen.push("expire"),
    };
    expect(timerKinds(table)).toEqual(["retry", "expire"]);
    const retry: Retry = { kind: "retry", attempt: 3 };
    expect(fireTimer(table, retry)).toBe(true);
    expect(fireTimer(table, { kind: "expire" })).toBe(true);
    expect(fireTimer(table, { kind: "election" } satisfies Timer)).toBe(false);
    expect(seen).toEqual(["retry 3", "expire"]);
  });

  it("mergeTables joins two parts' tables and refuses a key claimed twice", () => {
    const seen: string[] = [];
    const pings: HandlerTable<Ping> = { Ping: (_from, m) => seen.push(`ping ${m.n}`) };
    const pongs: HandlerTable<Pong> = { Pong: (_from, m) => seen.push(`pong ${m.n}`) };
    const both: HandlerTable<Ping | Pong> = mergeTables(pings, pongs);
    const ping: Ping = { type: "Ping", n: 1 };
    const pong: Pong = { type: "Pong", n: 2 };
    dispatch(both, "a", ping);
    dispatch(both, "a", pong);
    expect(seen).toEqual(["ping 1", "pong 2"]);
    expect(() => mergeTables(pings, { Ping: () => undefined })).toThrow(/"Ping" is handled by two parts/);
  });
});
