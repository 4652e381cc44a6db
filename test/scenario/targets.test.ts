import { describe, expect, it } from "vitest";
import { checkTarget, formatTarget, parseTargetExpression, type TargetContext } from "../../src/scenario/targets.js";
import { closest, didYouMean, levenshtein } from "../../src/scenario/suggest.js";

describe("fault target expressions (Reference: docs/scenario-format.md Fault targets)", () => {
  it.each([
    ["broker-2", { kind: "node", name: "broker-2" }],
    ["g1-2", { kind: "node", name: "g1-2" }],
    ["leader(orders-0)", { kind: "leader", topic: "orders", partition: 0 }],
    ["followers( my-topic-12 )", { kind: "followers", topic: "my-topic", partition: 12 }],
    ["controller", { kind: "controller" }],
    ["coordinator(g1)", { kind: "coordinator", group: "g1" }],
    ["brokers", { kind: "brokers" }],
    ["rest", { kind: "rest" }],
  ])("parses %s", (text, expected) => {
    expect(parseTargetExpression(text)).toEqual({ ok: true, value: expected });
  });

  it("rejects malformed expressions", () => {
    expect(parseTargetExpression("leader(orders)")).toMatchObject({ ok: false, expected: "leader(<topic>-<partition>), e.g. leader(orders-0)" });
    expect(parseTargetExpression("a b")).toMatchObject({ ok: false, message: "not a target" });
    expect(parseTargetExpression(3)).toMatchObject({ ok: false, found: "3" });
  });

  it("checks names against the cluster", () => {
    const context: TargetContext = {
      mode: "kraft",
      nodeNames: ["broker-1", "broker-2", "controller-1", "p1", "g1-1"],
      topics: new Map([["orders", 2]]),
      groups: ["g1"],
    };
    expect(checkTarget({ kind: "node", name: "p1" }, context)).toBeUndefined();
    expect(checkTarget({ kind: "node", name: "p2" }, context)).toEqual({ message: "no node named p2", hint: 'did you mean "p1"?' });
    expect(checkTarget({ kind: "leader", topic: "orders", partition: 1 }, context)).toBeUndefined();
    expect(checkTarget({ kind: "leader", topic: "orders", partition: 2 }, context)?.message).toBe("orders has 2 partition(s): orders-0…orders-1");
    expect(checkTarget({ kind: "coordinator", group: "g9" }, context)?.message).toBe("no consumer group named g9");
  });

  it("formats targets as they are written", () => {
    expect(formatTarget({ kind: "list", items: [{ kind: "leader", topic: "orders", partition: 0 }, { kind: "rest" }] })).toBe("[leader(orders-0), rest]");
  });
});

describe("did-you-mean suggestions", () => {
  it("computes edit distances", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("acks", "acks")).toBe(0);
  });

  it("suggests only plausible typos", () => {
    expect(closest("min.insync.replica", ["min.insync.replicas", "acks"])).toBe("min.insync.replicas");
    expect(closest("zzz", ["acks", "retries"])).toBeUndefined();
    expect(didYouMean("duraton", ["duration", "drain"])).toBe('did you mean "duration"?');
  });
});
