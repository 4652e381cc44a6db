/**
 * Scenario tests: what acks=1 and acks=all promise under crashes and network cuts
 * (docs/kafka-rules.md §1.5, §3.2, §10 item 4).
 */
import { describe, expect, it } from "vitest";
import { ReplicationHarness } from "./harness.js";

describe("acks and durability", () => {
  it("acks=1 loses acknowledged writes when the leader keeps acknowledging while cut off from its followers and then crashes (Reference: docs/kafka-rules.md §1.5 acks=1)", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    const before = h.produce("orders", ["v0"], "1");
    h.runFor(1000);
    expect(before.response?.partitions[0]!.error).toBe("NONE");
    h.isolateFromBrokers(1);
    const acked = ["v1", "v2", "v3"].map((v) => {
      const ex = h.produce("orders", [v], "1", { to: 1 });
      h.runFor(200);
      return ex;
    });
    for (const ex of acked) expect(ex.response?.partitions[0]!.error).toBe("NONE");
    h.runFor(3000);
    h.crash(1);
    h.runFor(100);
    expect(h.leaderOf("orders")).toBe(2);
    expect(h.values(2, "orders")).toEqual(["v0"]);
    h.world.network.clearRules();
    h.restart(1);
    h.runFor(3000);
    // The old leader rejoins as a follower and truncates the writes nobody else had.
    expect(h.values(1, "orders")).toEqual(["v0"]);
    expect(h.traces("log-truncated", "broker-1").length).toBeGreaterThan(0);
  });

  it("acks=all with min.insync.replicas=2 loses no acknowledged write when the leader crashes mid-stream (Reference: docs/kafka-rules.md §1.5, §10 item 4)", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders", { "min.insync.replicas": 2 });
    h.runFor(100);
    const sends = [];
    let heal = (): void => {};
    for (let i = 0; i < 30; i++) {
      if (i === 10) heal = h.isolateFromBrokers(1); // the leader appends, its followers cannot fetch
      if (i === 15) {
        h.crash(1);
        heal();
        h.runFor(50);
      }
      sends.push({ value: `v${i}`, ex: h.produce("orders", [`v${i}`], "all", { timeoutMs: 5000 }) });
      h.runFor(37);
    }
    h.runFor(6000);
    const acked = sends.filter((s) => s.ex.response?.partitions[0]!.error === "NONE").map((s) => s.value);
    expect(acked.length).toBeGreaterThan(20);
    const leader = h.leaderOf("orders");
    expect(leader).toBe(2);
    for (const id of [2, 3]) for (const value of acked) expect(h.values(id, "orders")).toContain(value);
    h.restart(1);
    h.runFor(5000);
    for (const value of acked) expect(h.values(1, "orders")).toContain(value);
    expect(h.values(1, "orders")).toEqual(h.values(2, "orders"));
  });

  it("acks=all is rejected with NOT_ENOUGH_REPLICAS when two of three replicas are down, and nothing is appended (Reference: docs/kafka-rules.md §1.5 (a))", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders", { "min.insync.replicas": 2 });
    h.runFor(100);
    h.crash(2);
    h.crash(3);
    h.runFor(100);
    expect(h.controller.state("orders", 0).isr).toEqual([1]);
    const all = h.produce("orders", ["x"], "all");
    h.runFor(100);
    expect(all.response?.partitions[0]!.error).toBe("NOT_ENOUGH_REPLICAS");
    expect(h.values(1, "orders")).toEqual([]);
    const one = h.produce("orders", ["y"], "1");
    h.runFor(100);
    expect(one.response?.partitions[0]!.error).toBe("NONE");
    expect(h.traces("produce-rejected").length).toBe(1);
  });

  it("acks=all waits in the purgatory and times out with REQUEST_TIMED_OUT when the ISR cannot confirm in time, the record staying in the leader's log (Reference: docs/kafka-rules.md §1.5 (b), (d))", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders", { "min.insync.replicas": 2 });
    h.runFor(100);
    h.isolateFromBrokers(1);
    const ex = h.produce("orders", ["x"], "all", { timeoutMs: 2000 });
    h.runFor(1500);
    expect(ex.response).toBeUndefined();
    h.runFor(1000);
    expect(ex.response?.partitions[0]!.error).toBe("REQUEST_TIMED_OUT");
    expect(h.values(1, "orders")).toEqual(["x"]);
  });

  it("mutant acks-all-early-ack answers acks=all right after the leader's append, so a leader crash loses the acknowledged write (Reference: docs/kafka-rules.md §1.5)", () => {
    const h = new ReplicationHarness({ bugs: ["acks-all-early-ack"] });
    h.createTopic("orders", { "min.insync.replicas": 2 });
    h.runFor(100);
    h.isolateFromBrokers(1);
    const ex = h.produce("orders", ["x"], "all");
    h.runFor(50);
    expect(ex.response?.partitions[0]!.error).toBe("NONE");
    h.crash(1);
    h.runFor(100);
    expect(h.values(h.leaderOf("orders"), "orders")).toEqual([]);
  });
});
