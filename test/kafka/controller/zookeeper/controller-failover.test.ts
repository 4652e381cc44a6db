import { describe, expect, it } from "vitest";
import { seconds } from "../../../../src/sim/time.js";
import { ZkHarness } from "./harness.js";

describe("ZooKeeper-mode controller failover", () => {
  it("a crashed controller is replaced only once its ZooKeeper session expires, with controller epoch + 1 (Reference: docs/kafka-rules.md §4.1 controller election)", () => {
    const h = ZkHarness.ready({ topic: { name: "orders", partitions: 2, rf: 3 } });
    const first = h.activeController()!;
    const elected = h.ofType("controller-elected");
    expect(elected).toHaveLength(1);
    expect(elected[0]!.epoch).toBe(1);

    const crashAt = h.world.now;
    h.world.crash(`broker-${first}`);
    h.runFor(11_000);
    expect(h.activeController()).toBeNull(); // /controller still belongs to the dead broker's session
    h.runFor(20_000);

    const second = h.activeController();
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    const newElection = h.ofType("controller-elected").at(-1)!;
    expect(newElection.epoch).toBe(2);
    // Pings go every third of the 18 s session, so the session ends 12–18 s after the crash.
    expect(newElection.atUs - crashAt).toBeGreaterThanOrEqual(seconds(12));
    expect(newElection.atUs - crashAt).toBeLessThanOrEqual(seconds(20));
    const expiry = h.ofType("zk-session-expired").find((r) => (r.ephemerals as string[]).includes("/controller"))!;
    expect(expiry.atUs).toBeLessThanOrEqual(newElection.atUs);
    expect(h.leadership.at(-1)).toMatchObject({ node: `broker-${second}`, epoch: 2, active: true });
  });

  it("LeaderAndIsr carrying an older controller epoch is rejected with STALE_CONTROLLER_EPOCH (Reference: docs/kafka-rules.md §4.1 fencing a zombie controller)", () => {
    const h = ZkHarness.ready({ topic: { name: "orders", partitions: 1, rf: 3 } });
    h.world.crash(`broker-${h.activeController()}`);
    h.runFor(30_000);
    const controller = h.activeController()!;
    const target = [1, 2, 3].find((b) => b !== controller && h.world.host(`broker-${b}`)!.alive)!;
    const state = h.lastCommitted("orders", 0)!;
    const before = h.replicaManager(target).applied.length;
    h.world.inject(`broker-${target}`, {
      type: "LeaderAndIsr",
      correlationId: 99,
      controllerId: 9,
      controllerEpoch: 1,
      brokerEpoch: -1,
      partitions: [{ ...state, leader: target, leaderEpoch: state.leaderEpoch + 5 }],
    } as never);
    h.runFor(1_000);
    const stale = h.ofType("stale-controller-epoch").filter((r) => r.node === `broker-${target}`);
    expect(stale).toHaveLength(1);
    expect(stale[0]!.controllerEpoch).toBe(1);
    expect(h.replicaManager(target).applied.length).toBe(before);
  });

  it("with the no-controller-epoch-check mutant a broker applies LeaderAndIsr from a deposed controller", () => {
    const h = ZkHarness.ready({ topic: { name: "orders", partitions: 1, rf: 3 }, bugs: ["no-controller-epoch-check"] });
    h.world.crash(`broker-${h.activeController()}`);
    h.runFor(30_000);
    const controller = h.activeController()!;
    const target = [1, 2, 3].find((b) => b !== controller && h.world.host(`broker-${b}`)!.alive)!;
    const state = h.lastCommitted("orders", 0)!;
    h.world.inject(`broker-${target}`, {
      type: "LeaderAndIsr",
      correlationId: 99,
      controllerId: 9,
      controllerEpoch: 1,
      brokerEpoch: -1,
      partitions: [{ ...state, leader: target, leaderEpoch: state.leaderEpoch + 5 }],
    } as never);
    h.runFor(1_000);
    expect(h.replicaManager(target).applied.at(-1)).toMatchObject({ leader: target, leaderEpoch: state.leaderEpoch + 5 });
  });
});
