/**
 * Trace record types are declared (src/kafka/trace-events.ts, the kernel's in src/sim/trace.ts):
 * `ActorContext.trace` takes only a declared type. The `@ts-expect-error` lines are the test: if an
 * undeclared type ever compiled, `npm test`'s type check would fail on the unused directive.
 */
import { describe, expect, it } from "vitest";
import { TestContext } from "../../src/sim/test-context.js";
import type { TraceRecord } from "../../src/sim/trace.js";
import type { TraceType } from "../../src/kafka/trace-events.js";
import { emit } from "../../src/kafka/explain/catalogue.js";

describe("declared trace types", () => {
  it("a declared type is traced as given; an undeclared or misspelt one does not compile", () => {
    const ctx = new TestContext("broker-1");
    ctx.trace("hw-advanced", { topic: "orders", partition: 0, from: 0, to: 3 });
    ctx.trace("host-start", { incarnation: 1 });
    // @ts-expect-error: not a declared trace type
    ctx.trace("hw-advance", { topic: "orders" });
    // @ts-expect-error: not a declared trace type
    ctx.trace("no-such-event");
    expect(ctx.traces.map((t) => t.type)).toEqual(["hw-advanced", "host-start", "hw-advance", "no-such-event"]);
  });

  it("the types the timeline reads have exact fields: a missing or mistyped field does not compile", () => {
    const ctx = new TestContext("broker-1");
    const leader = { broker: 1, topic: "orders", partition: 0, leaderEpoch: 2, isr: [1, 2], logEndOffset: 10, highWatermark: 8 };
    emit(ctx, "become-leader", leader);
    // @ts-expect-error: become-leader records carry the high watermark
    emit(ctx, "become-leader", { broker: 1, topic: "orders", partition: 0, leaderEpoch: 2, isr: [1, 2], logEndOffset: 10 });
    // @ts-expect-error: a group's generation is a number
    emit(ctx, "group-stable", { broker: 1, group: "g", generation: "3", protocol: "range", assignment: {} });
    expect(ctx.traces.map((t) => t.type)).toEqual(["become-leader", "become-leader", "group-stable"]);
    expect(ctx.traces[0]!.fields).toMatchObject(leader);
  });

  it("records and the timeline's catalogue are keyed by the same declared names", () => {
    const quiet: TraceType = "fetch-completed-early";
    // @ts-expect-error: a record's type is a declared type, so comparing with a misspelt one fails to compile
    const misspelt = (r: TraceRecord): boolean => r.type === "leader-changed";
    expect(misspelt({ atUs: 0, type: quiet })).toBe(false);
  });
});
