import { describe, expect, it } from "vitest";
import { ZkHarness } from "./harness.js";

const zkLeader = (h: ZkHarness): string | undefined =>
  ["zk-1", "zk-2", "zk-3"].find((n) => h.world.host(n)!.alive && h.zk(n).role === "leading" && h.zk(n).serving);

describe("ZooKeeper ensemble", () => {
  it("a crashed ZooKeeper leader is replaced and brokers keep their sessions by failing over to another server", () => {
    const h = ZkHarness.ready({ topic: { name: "orders", partitions: 1, rf: 3 } });
    const leader = zkLeader(h)!;
    const controller = h.activeController();
    h.world.crash(leader);
    h.runFor(20_000);
    const next = zkLeader(h);
    expect(next).toBeDefined();
    expect(next).not.toBe(leader);
    expect(h.ofType("session-expired")).toHaveLength(0);
    expect(h.ofType("zk-session-expired")).toHaveLength(0);
    expect(h.activeController()).toBe(controller);
    // The new leader's history kept every committed write: the partition state is still readable.
    expect(h.zk(next!).tree!.stat("/brokers/topics/orders/partitions/0/state")).toBeDefined();
  });

  it("without a majority the ensemble stops serving, and a restarted server recovers the committed history from its fsynced log", () => {
    const h = ZkHarness.ready({ topic: { name: "orders", partitions: 1, rf: 3 } });
    const leader = zkLeader(h)!;
    const others = ["zk-1", "zk-2", "zk-3"].filter((n) => n !== leader);
    h.world.powerLoss(others[0]!);
    h.world.powerLoss(others[1]!);
    h.runFor(15_000);
    expect(zkLeader(h)).toBeUndefined();
    expect(h.zk(leader).serving).toBe(false);
    h.world.start(others[0]!);
    h.runFor(15_000);
    const next = zkLeader(h)!;
    expect(next).toBeDefined();
    expect(h.zk(next).tree!.stat("/brokers/topics/orders")).toBeDefined();
    expect(h.zk(others[0]!).log.length).toBeGreaterThan(0);
  });
});
