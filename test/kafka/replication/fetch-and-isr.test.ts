/**
 * Scenario tests for the fetch purgatory, ISR shrink/expand through the controller, zombie leaders
 * and ListOffsets (docs/kafka-rules.md §1.2–§1.4, §1.8).
 */
import { describe, expect, it } from "vitest";
import { ReplicationHarness } from "./harness.js";

describe("fetch purgatory", () => {
  it("a parked consumer fetch is answered at the append that commits data, not at its maxWaitMs (Reference: docs/kafka-rules.md §1.4 replica.fetch.wait.max.ms)", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    const fetch = h.fetch("orders", 0, { maxWaitMs: 10000 });
    h.runFor(300);
    expect(fetch.response).toBeUndefined();
    h.produce("orders", ["a"], "all");
    h.runFor(50);
    expect(fetch.response?.partitions[0]!.batches.flatMap((b) => b.records.map((r) => r.value))).toEqual(["a"]);
    expect(fetch.answeredAtUs! - fetch.sentAtUs).toBeLessThan(1_000_000);
  });

  it("an empty fetch with nothing new is answered at maxWaitMs (Reference: docs/kafka-rules.md §1.4)", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    const fetch = h.fetch("orders", 0, { maxWaitMs: 700 });
    h.runFor(650);
    expect(fetch.response).toBeUndefined();
    h.runFor(100);
    expect(fetch.response?.partitions[0]).toMatchObject({ error: "NONE", batches: [] });
  });

  it("a consumer fetch with a stale leader epoch is FENCED_LEADER_EPOCH and one below the log start is OFFSET_OUT_OF_RANGE (Reference: docs/kafka-rules.md §1.4 leader-side fencing)", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    h.controller.failover("orders", 0);
    h.runFor(100);
    const leader = h.leaderOf("orders");
    const epoch = h.controller.state("orders", 0).leaderEpoch;
    const fenced = h.fetch("orders", 0, { currentLeaderEpoch: epoch - 1 });
    const unknown = h.fetch("orders", 0, { currentLeaderEpoch: epoch + 1 });
    const beyond = h.fetch("orders", 5, { currentLeaderEpoch: epoch });
    const notLeader = h.fetch("orders", 0, { to: leader === 1 ? 2 : 1 });
    h.runFor(100);
    expect(fenced.response?.partitions[0]!.error).toBe("FENCED_LEADER_EPOCH");
    expect(unknown.response?.partitions[0]!.error).toBe("UNKNOWN_LEADER_EPOCH");
    expect(beyond.response?.partitions[0]!.error).toBe("OFFSET_OUT_OF_RANGE");
    expect(notLeader.response?.partitions[0]!.error).toBe("NOT_LEADER_OR_FOLLOWER");
  });
});

describe("ISR shrink and expand", () => {
  it("a follower that stops fetching leaves the ISR after replica.lag.time.max.ms through an accepted AlterPartition, and rejoins once caught up (Reference: docs/kafka-rules.md §1.3)", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    h.world.network.addRule({ kind: "partition", groups: [["broker-3"], ["broker-1", "broker-2"]] });
    h.produce("orders", ["a"], "1");
    h.runFor(20_000);
    expect(h.controller.state("orders", 0).isr).toEqual([1, 2, 3]);
    h.runFor(30_000);
    expect(h.controller.state("orders", 0).isr).toEqual([1, 2]);
    expect(h.rm(1).partition("orders", 0)!.isr).toEqual([1, 2]);
    const shrink = h.traces("isr-shrink-proposed")[0]!;
    expect(shrink.removed).toEqual([3]);
    h.world.network.clearRules();
    h.runFor(40_000);
    expect(h.controller.state("orders", 0).isr).toEqual([1, 2, 3]);
    expect(h.values(3, "orders")).toEqual(["a"]);
  });

  it("a zombie leader's ISR shrink is rejected by the controller, so its acks=all writes are never acknowledged (Reference: docs/kafka-rules.md §1.3 controller acceptance, §1.2 item 2)", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    h.isolateFromBrokers(1);
    h.controller.unreachable.add(1);
    h.controller.failover("orders", 0);
    h.runFor(100);
    expect(h.leaderOf("orders")).toBe(2);
    expect(h.rm(1).isLeader("orders", 0)).toBe(true); // still believes it leads
    const ex = h.produce("orders", ["zombie"], "all", { to: 1, timeoutMs: 60_000 });
    h.runFor(61_000);
    const rejected = h.controller.alterLog.filter((a) => a.request.brokerId === 1);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected[0]!.response.partitions[0]!.error).toBe("FENCED_LEADER_EPOCH");
    expect(ex.response?.partitions[0]!.error).toBe("REQUEST_TIMED_OUT");
    expect(h.rm(1).partition("orders", 0)!.isr).toEqual([1, 2, 3]);
  });

  it("mutant local-isr-shrink lets the zombie shrink to itself and acknowledge a write the real leader never gets (Reference: docs/kafka-rules.md §1.3)", () => {
    const h = new ReplicationHarness({ bugs: ["local-isr-shrink"] });
    h.createTopic("orders");
    h.runFor(100);
    h.isolateFromBrokers(1);
    h.controller.unreachable.add(1);
    h.controller.failover("orders", 0);
    h.runFor(100);
    const ex = h.produce("orders", ["zombie"], "all", { to: 1, timeoutMs: 60_000 });
    h.runFor(61_000);
    expect(ex.response?.partitions[0]!.error).toBe("NONE");
    expect(h.values(2, "orders")).not.toContain("zombie");
  });

  it("mutant hw-ignores-isr advances the HW past what followers have (Reference: docs/kafka-rules.md §1.2 item 1)", () => {
    const h = new ReplicationHarness({ bugs: ["hw-ignores-isr"] });
    h.createTopic("orders");
    h.runFor(100);
    h.isolateFromBrokers(1);
    h.produce("orders", ["a"], "all");
    h.runFor(100);
    expect(h.highWatermark(1, "orders")).toBe(1);
    expect(h.values(2, "orders")).toEqual([]);
  });

  it("with strict min ISR the HW does not advance below min ISR; kafka-3.6 lets it advance (Reference: docs/kafka-rules.md §1.2 item 3)", () => {
    for (const strictMinIsr of [true, false]) {
      const h = new ReplicationHarness({ features: { strictMinIsr } });
      h.createTopic("orders", { "min.insync.replicas": 2 });
      h.runFor(100);
      h.crash(2);
      h.crash(3);
      h.runFor(100);
      h.produce("orders", ["a"], "1");
      h.runFor(100);
      expect(h.highWatermark(1, "orders")).toBe(strictMinIsr ? 0 : 1);
    }
  });
});

describe("new leader and ListOffsets", () => {
  it("a new leader records its epoch start offset, keeps its lagging HW and answers ListOffsets latest with OFFSET_NOT_AVAILABLE until followers catch up (Reference: docs/kafka-rules.md §1.8, KIP-207)", () => {
    const h = new ReplicationHarness({ controllerDelayUs: 100 });
    h.createTopic("orders");
    h.runFor(100);
    h.produce("orders", ["a"], "all");
    h.runFor(10);
    // broker-1's HW is 1 but broker-3 has not heard yet (§1.2 item 6).
    expect(h.highWatermark(1, "orders")).toBe(1);
    expect(h.highWatermark(3, "orders")).toBe(0);
    h.world.network.addRule({ kind: "partition", groups: [["broker-2"], ["broker-3"]] });
    h.crash(1, { notifyController: false });
    h.controller.failover("orders", 0, 3);
    h.runFor(10);
    const p = h.rm(3).partition("orders", 0)!;
    expect(p.isLeader).toBe(true);
    expect(p.leaderEpochStartOffset).toBe(1);
    expect(p.log.highWatermark).toBe(0);
    const latest = h.listOffsets("orders", -1, { to: 3 });
    const earliest = h.listOffsets("orders", -2, { to: 3 });
    h.runFor(10);
    expect(latest.response?.partitions[0]!.error).toBe("OFFSET_NOT_AVAILABLE");
    expect(earliest.response?.partitions[0]).toMatchObject({ error: "NONE", offset: 0 });
    h.world.network.clearRules();
    h.runFor(35_000); // broker-2's lost fetch times out (replica.socket.timeout.ms), it reconnects
    expect(h.highWatermark(3, "orders")).toBe(1);
    expect(h.traces("follower-fetch-timeout", "broker-2").length).toBeGreaterThan(0);
    const later = h.listOffsets("orders", -1, { to: 3 });
    h.runFor(100);
    expect(later.response?.partitions[0]).toMatchObject({ error: "NONE", offset: 1 });
  });
});
