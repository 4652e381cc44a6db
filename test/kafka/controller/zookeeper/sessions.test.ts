import { describe, expect, it } from "vitest";
import { MODERN_ZOOKEEPER } from "../../../../src/kafka/features.js";
import type { AlterPartitionRequest } from "../../../../src/kafka/protocol/control.js";
import { seconds } from "../../../../src/sim/time.js";
import { ZkHarness } from "./harness.js";

/** A cluster whose controller hosts no replica of orders-0 (4 brokers, RF 2). */
function controllerOutsidePartition(bugs: string[] = []): { h: ZkHarness; controller: number } {
  for (let seed = 1; seed < 50; seed++) {
    const h = ZkHarness.ready({ seed, brokers: 4, bugs, topic: { name: "orders", partitions: 1, rf: 2 } });
    const controller = h.activeController()!;
    if (!h.lastCommitted("orders", 0)!.replicas.includes(controller)) return { h, controller };
  }
  throw new Error("no suitable seed");
}

/** Pause the controller past its session, queue a leader's AlterPartition for it, and wake it. */
function zombieAlterPartition(bugs: string[]): ZkHarness {
  const { h, controller } = controllerOutsidePartition(bugs);
  const state = h.lastCommitted("orders", 0)!;
  const leader = state.leader;
  h.world.pause(`broker-${controller}`);
  h.runFor(24_000);
  // The paused broker still believes it is the controller; ZooKeeper already has a new one.
  expect(h.ofType("controller-elected").at(-1)).toMatchObject({ epoch: 2 });
  expect(h.ofType("controller-elected").at(-1)!.node).not.toBe(`broker-${controller}`);
  const request: AlterPartitionRequest = {
    type: "AlterPartition",
    correlationId: 5,
    brokerId: leader,
    brokerEpoch: h.agent(leader).brokerEpoch(),
    partitions: [
      { topic: "orders", partition: 0, leaderEpoch: state.leaderEpoch, partitionEpoch: state.partitionEpoch, newIsr: [leader], newIsrBrokerEpochs: [] },
    ],
  };
  h.world.inject(`broker-${controller}`, request);
  h.runFor(1_000);
  h.world.resume(`broker-${controller}`);
  h.runFor(10_000);
  return h;
}

describe("ZooKeeper sessions and zombie controllers", () => {
  it("a paused controller that wakes after its session expired cannot change partition state (Reference: docs/kafka-rules.md §4.1, KAFKA-6082)", () => {
    const h = zombieAlterPartition([]);
    const committedIsrs = h.committed.filter((c) => c.state.topic === "orders").map((c) => c.state.isr.length);
    expect(committedIsrs.every((n) => n === 2)).toBe(true);
    expect(h.ofType("controller-fenced")).toHaveLength(1);
    expect(h.ofType("controller-resigned").length).toBeGreaterThanOrEqual(1);
    expect(h.ofType("controller-elected").map((r) => r.epoch)).toEqual([1, 2]);
  });

  it("with the no-controller-epoch-check mutant the woken zombie's write reaches ZooKeeper", () => {
    const h = zombieAlterPartition(["no-controller-epoch-check"]);
    const zombieWrite = h.committed.find((c) => c.state.topic === "orders" && c.state.isr.length === 1);
    expect(zombieWrite).toBeDefined();
    expect(h.ofType("controller-fenced")).toHaveLength(0);
  });

  it("a broker restarted inside its old session is delayed, then handled as a failure and a return (Reference: docs/kafka-rules.md §4.1 broker liveness, KIP-380)", () => {
    const { h } = controllerOutsidePartition();
    const victim = h.lastCommitted("orders", 0)!.replicas[1]!;
    const oldEpoch = h.agent(victim).brokerEpoch();
    h.world.crash(`broker-${victim}`);
    h.runFor(3_000);
    h.world.start(`broker-${victim}`);
    h.runFor(30_000);
    const delayed = h.ofType("restart-delayed").filter((r) => r.node === `broker-${victim}`);
    expect(delayed).toHaveLength(1);
    expect(String(delayed[0]!.rule)).toContain("previous ZooKeeper session still alive");
    const registered = h
      .ofType("broker-registered")
      .filter((r) => r.node === `broker-${victim}`)
      .at(-1)!;
    const failed = h.ofType("broker-failed").find((r) => r.broker === victim)!;
    const expiry = h.ofType("zk-session-expired").find((r) => (r.ephemerals as string[]).includes(`/brokers/ids/${victim}`))!;
    expect(expiry.atUs).toBeLessThanOrEqual(registered.atUs);
    expect(registered.brokerEpoch).not.toBe(oldEpoch);
    expect(registered.delayedMs as number).toBeGreaterThan(8000);
    expect(failed).toBeDefined();
    expect(h.ofType("broker-online").some((r) => r.broker === victim)).toBe(true);
    // The returned broker learns its partition from LeaderAndIsr, and the controller refills the ISR only via the leader later.
    expect(h.replicaManager(victim).applied.some((s) => s.topic === "orders")).toBe(true);
  });

  it("a controlled shutdown moves leadership away first, then closes the session so the controller reacts at once (Reference: docs/scenario-format.md shutdown)", () => {
    const { h } = controllerOutsidePartition();
    const leader = h.lastCommitted("orders", 0)!.leader;
    const start = h.world.now;
    h.world.inject(`broker-${leader}`, { type: "ControlledShutdownCommand" });
    h.runFor(3_000);
    expect(h.world.host(`broker-${leader}`)!.status).toBe("stopped");
    const after = h.lastCommitted("orders", 0)!;
    expect(after.leader).not.toBe(leader);
    expect(after.isr).not.toContain(leader);
    expect(h.ofType("broker-failed").find((r) => r.broker === leader)!.atUs - start).toBeLessThan(seconds(3));
  });

  it("kafka-0.10: the leader writes its ISR change to ZooKeeper itself and the controller learns it from /isr_change_notification", () => {
    const features = {
      ...MODERN_ZOOKEEPER,
      preset: "kafka-0.10",
      isrChangesViaController: false,
      leaderEpochs: false,
      idempotence: false,
      strictMinIsr: false,
    };
    const h = ZkHarness.ready({ features, topic: { name: "orders", partitions: 1, rf: 3 } });
    const state = h.lastCommitted("orders", 0)!;
    h.agent(state.leader).sendAlterPartition({
      type: "AlterPartition",
      correlationId: 3,
      brokerId: state.leader,
      brokerEpoch: h.agent(state.leader).brokerEpoch(),
      partitions: [
        { topic: "orders", partition: 0, leaderEpoch: state.leaderEpoch, partitionEpoch: state.partitionEpoch, newIsr: [state.leader], newIsrBrokerEpochs: [] },
      ],
    });
    h.runFor(2_000);
    expect(h.replicaManager(state.leader).alterResponses.at(-1)!.partitions[0]).toMatchObject({
      error: "NONE",
      isr: [state.leader],
      partitionEpoch: state.partitionEpoch + 1,
    });
    const controller = h.activeController()!;
    expect(h.agent(controller).controller.state.partition("orders", 0)!.isr).toEqual([state.leader]);
    const other = state.replicas.find((b) => b !== state.leader)!;
    expect(h.brokers.get(other)!.metadata.partition("orders", 0)!.isr).toEqual([state.leader]);
  });
});
