import { describe, expect, it } from "vitest";
import { NO_LEADER } from "../../../../src/kafka/metadata/partition-state.js";
import type { AlterPartitionRequest } from "../../../../src/kafka/protocol/control.js";
import { KraftCluster } from "./harness.js";

const TOPIC = { name: "orders", partitions: 1, replicationFactor: 3, config: { "min.insync.replicas": 2 } };

function ready(options: ConstructorParameters<typeof KraftCluster>[0]): KraftCluster {
  const c = new KraftCluster({ topics: [TOPIC], ...options }).startAll();
  c.runFor(10_000);
  expect(c.partition("orders", 0)?.leader).toBeGreaterThan(0);
  return c;
}

/** The partition leader proposes a new ISR through its controller agent (AlterPartition). */
function proposeIsr(c: KraftCluster, newIsr: number[]): void {
  const state = c.partition("orders", 0)!;
  const broker = c.brokers.get(state.leader)!;
  const request: AlterPartitionRequest = {
    type: "AlterPartition",
    correlationId: 7000 + state.partitionEpoch,
    brokerId: state.leader,
    brokerEpoch: broker.controllerAgent.brokerEpoch(),
    partitions: [{ topic: "orders", partition: 0, leaderEpoch: state.leaderEpoch, partitionEpoch: state.partitionEpoch, newIsr, newIsrBrokerEpochs: [] }],
  };
  broker.controllerAgent.sendAlterPartition(request);
  c.runFor(1_000);
}

describe("KRaft broker lifecycle (KIP-631)", () => {
  it("a broker that stops heartbeating is fenced after ~9 s and its partition gets a new leader from the ISR with a higher epoch (Reference: docs/kafka-rules.md §4.2 broker.session.timeout.ms)", () => {
    const c = ready({ seed: 3 });
    const before = c.partition("orders", 0)!;
    const leaderNode = `broker-${before.leader}`;
    const pausedAt = c.world.now;
    c.world.pause(leaderNode);
    c.runFor(15_000);
    const fenced = c.traces("broker-fenced").find((r) => r.broker === before.leader)!;
    expect(fenced).toBeDefined();
    const delayMs = (fenced.atUs - pausedAt) / 1000;
    expect(delayMs).toBeGreaterThanOrEqual(9000 - 2000);
    expect(delayMs).toBeLessThanOrEqual(9000 + 100);
    const after = c.partition("orders", 0)!;
    expect(after.leader).not.toBe(before.leader);
    expect(before.isr).toContain(after.leader);
    expect(after.isr).not.toContain(before.leader);
    expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    expect(c.committed.some((e) => e.state.leader === after.leader && e.state.leaderEpoch === after.leaderEpoch)).toBe(true);
    // The new leader's replica manager learned it from the metadata log.
    expect(c.fakeReplicaManager(after.leader).applied.some((s) => s.leader === after.leader && s.leaderEpoch === after.leaderEpoch)).toBe(true);
  });

  it("a restart inside the old session gets DUPLICATE_BROKER_REGISTRATION, then registers and is treated as an unclean shutdown (Reference: docs/kafka-rules.md §4.2, §3.3 rule 5, KAFKA-18106)", () => {
    const c = ready({ seed: 4 });
    const state = c.partition("orders", 0)!;
    const follower = state.isr.find((r) => r !== state.leader)!;
    c.world.crash(`broker-${follower}`);
    c.runFor(1_000);
    c.world.start(`broker-${follower}`);
    c.runFor(15_000);
    const rejected = c.traces("registration-rejected").filter((r) => r.broker === follower);
    expect(rejected.length).toBeGreaterThan(0);
    const registered = c.traces("broker-registered").filter((r) => r.broker === follower);
    expect(registered.at(-1)!.unclean).toBe(true);
    expect(registered.at(-1)!.atUs).toBeGreaterThan(rejected[0]!.atUs);
    expect(c.traces("isr-change").some((r) => (r.removed as number[]).includes(follower))).toBe(true);
  });

  it("the registration retries of a restart inside the old session back off like BrokerLifecycleManager: 100 ms × 2^n, ±2 %, capped at broker.session.timeout.ms (Reference: BrokerLifecycleManager.scheduleNextCommunicationAfterFailure, ExponentialBackoff)", () => {
    const c = ready({ seed: 4 });
    const state = c.partition("orders", 0)!;
    const follower = state.isr.find((r) => r !== state.leader)!;
    c.world.crash(`broker-${follower}`);
    c.runFor(500);
    c.world.start(`broker-${follower}`);
    c.runFor(15_000);
    const delays = c
      .traces("broker-registration-retry")
      .filter((r) => r.broker === follower)
      .map((r) => r.delayMs as number);
    expect(delays.length).toBeGreaterThanOrEqual(5);
    delays.forEach((delay, n) => {
      const expected = Math.min(100 * 2 ** n, 9000);
      expect(delay).toBeGreaterThanOrEqual(Math.floor(expected * 0.98) - 1);
      expect(delay).toBeLessThanOrEqual(Math.min(expected * 1.02, 9000));
    });
    expect(
      c
        .traces("broker-registered")
        .filter((r) => r.broker === follower)
        .at(-1)!.unclean,
    ).toBe(true);
  });

  it("a fenced broker's new incarnation registers at once, even when a new active controller has just restarted every session clock (Reference: BrokerHeartbeatManager.hasValidSession, ClusterControlManager.registerBroker)", () => {
    const c = ready({ seed: 11 });
    const state = c.partition("orders", 0)!;
    const follower = state.isr.find((r) => r !== state.leader)!;
    c.world.crash(`broker-${follower}`);
    c.runFor(12_000);
    expect(c.traces("broker-fenced").some((r) => r.broker === follower)).toBe(true);
    // Fail the active controller over: the new one starts every registered broker's clock afresh.
    const active = [...c.controllers.entries()].find(([node, ctl]) => c.world.host(node)!.alive && ctl.core.active)![0];
    c.world.crash(active);
    c.runFor(6_000);
    const activation = c.traces("controller-active").at(-1)!;
    expect(activation.node).not.toBe(active);
    c.world.start(`broker-${follower}`);
    const restartAt = c.world.now;
    c.runFor(3_000);
    expect(c.traces("registration-rejected").filter((r) => r.broker === follower && r.atUs >= restartAt)).toHaveLength(0);
    const registered = c.traces("broker-registered").filter((r) => r.broker === follower && r.atUs >= restartAt);
    expect(registered).toHaveLength(1);
    expect(registered[0]!.atUs - restartAt).toBeLessThan(500_000);
  });

  it("a clean controlled shutdown moves leaderships first, and the restart is not treated as unclean (Reference: docs/kafka-rules.md §4.2 controlled shutdown)", () => {
    const c = ready({ seed: 5 });
    const before = c.partition("orders", 0)!;
    const node = `broker-${before.leader}`;
    c.world.inject(node, { type: "ControlledShutdownCommand" });
    c.runFor(5_000);
    expect(c.world.host(node)!.status).toBe("stopped");
    const moved = c.committed.find((e) => e.state.leaderEpoch > before.leaderEpoch)!;
    expect(moved.state.leader).not.toBe(before.leader);
    const stop = c.records.find((r) => r.type === "host-stop" && r.node === node)!;
    expect(moved.atUs).toBeLessThanOrEqual(stop.atUs);
    c.world.start(node);
    c.runFor(5_000);
    const registered = c.traces("broker-registered").filter((r) => r.broker === before.leader);
    expect(registered.at(-1)!.unclean).toBe(false);
    expect(c.traces("registration-rejected").filter((r) => r.broker === before.leader)).toHaveLength(0);
  });

  for (const elr of [false, true]) {
    it(`ISR = {L}, L crashes, L restarts → L leads again and nothing is lost (ELR ${elr ? "on" : "off"}) (Reference: docs/kafka-rules.md §1.9, §3.3)`, () => {
      const c = ready({ seed: 6, elr, topics: [{ ...TOPIC, config: { "min.insync.replicas": 1 } }] });
      const leader = c.partition("orders", 0)!.leader;
      proposeIsr(c, [leader]);
      expect(c.partition("orders", 0)!.isr).toEqual([leader]);
      c.world.crash(`broker-${leader}`);
      c.runFor(12_000);
      const down = c.partition("orders", 0)!;
      expect(down.leader).toBe(NO_LEADER);
      if (elr) {
        expect(down.isr).toEqual([]);
        expect(down.elr).toEqual([leader]);
      } else expect(down.isr).toEqual([leader]);
      c.world.start(`broker-${leader}`);
      c.runFor(10_000);
      const back = c.partition("orders", 0)!;
      expect(back.leader).toBe(leader);
      expect(back.isr).toEqual([leader]);
      expect(back.leaderEpoch).toBeGreaterThan(down.leaderEpoch);
      expect(c.traces("unclean-election").filter((r) => r.election === "unclean")).toHaveLength(0);
    });
  }

  for (const unclean of [false, true]) {
    it(`with ISR = {L} and L fenced, another replica is elected only when unclean.leader.election.enable=${unclean} (Reference: docs/kafka-rules.md §1.6)`, () => {
      const c = ready({ seed: 7, elr: false, topics: [{ ...TOPIC, config: { "min.insync.replicas": 1, "unclean.leader.election.enable": unclean } }] });
      const leader = c.partition("orders", 0)!.leader;
      proposeIsr(c, [leader]);
      c.world.crash(`broker-${leader}`);
      c.runFor(12_000);
      const after = c.partition("orders", 0)!;
      if (unclean) {
        expect(after.leader).not.toBe(NO_LEADER);
        expect(after.leader).not.toBe(leader);
        expect(after.isr).toEqual([after.leader]);
        expect(after.leaderRecoveryState).toBe("RECOVERING");
        expect(c.committed.some((e) => e.unclean)).toBe(true);
      } else {
        expect(after.leader).toBe(NO_LEADER);
        expect(c.committed.some((e) => e.unclean)).toBe(false);
      }
    });
  }

  it("the unclean-election-always mutant elects an out-of-ISR replica although unclean election is disabled", () => {
    const c = ready({ seed: 7, elr: false, bugs: ["unclean-election-always"], topics: [{ ...TOPIC, config: { "min.insync.replicas": 1 } }] });
    const leader = c.partition("orders", 0)!.leader;
    proposeIsr(c, [leader]);
    c.world.crash(`broker-${leader}`);
    c.runFor(12_000);
    expect(c.partition("orders", 0)!.leader).not.toBe(NO_LEADER);
  });
});

describe("AlterPartition acceptance (Reference: docs/kafka-rules.md §1.3)", () => {
  it("a proposal with a stale partition epoch is rejected with INVALID_UPDATE_VERSION, unless the no-alter-partition-epoch-check mutant is on", () => {
    for (const bugs of [[], ["no-alter-partition-epoch-check"]]) {
      const c = ready({ seed: 8, bugs });
      const state = c.partition("orders", 0)!;
      const broker = c.brokers.get(state.leader)!;
      broker.controllerAgent.sendAlterPartition({
        type: "AlterPartition",
        correlationId: 99,
        brokerId: state.leader,
        brokerEpoch: broker.controllerAgent.brokerEpoch(),
        partitions: [
          {
            topic: "orders",
            partition: 0,
            leaderEpoch: state.leaderEpoch,
            partitionEpoch: state.partitionEpoch - 1,
            newIsr: [state.leader],
            newIsrBrokerEpochs: [],
          },
        ],
      });
      c.runFor(1_000);
      const response = c.fakeReplicaManager(state.leader).alterResponses.find((r) => r.correlationId === 99)!;
      expect(response.partitions[0]!.error).toBe(bugs.length === 0 ? "INVALID_UPDATE_VERSION" : "NONE");
    }
  });

  it("a proposal from a stale broker epoch is rejected with STALE_BROKER_EPOCH and sent again 50 ms later with the broker's current epoch (Reference: DefaultAlterPartitionManager.sendRequest, brokerEpochSupplier)", () => {
    const c = ready({ seed: 9 });
    const state = c.partition("orders", 0)!;
    const broker = c.brokers.get(state.leader)!;
    broker.controllerAgent.sendAlterPartition({
      type: "AlterPartition",
      correlationId: 98,
      brokerId: state.leader,
      brokerEpoch: broker.controllerAgent.brokerEpoch() - 1,
      partitions: [
        { topic: "orders", partition: 0, leaderEpoch: state.leaderEpoch, partitionEpoch: state.partitionEpoch, newIsr: [state.leader], newIsrBrokerEpochs: [] },
      ],
    });
    c.runFor(1_000);
    expect(c.traces("alter-partition-rejected").some((r) => r.error === "STALE_BROKER_EPOCH")).toBe(true);
    const retry = c.traces("alter-partition-retry").find((r) => r.correlationId === 98)!;
    expect(retry.delayMs).toBe(50);
    const response = c.fakeReplicaManager(state.leader).alterResponses.find((r) => r.correlationId === 98)!;
    expect(response.error).toBe("NONE");
    expect(c.partition("orders", 0)!.isr).toEqual([state.leader]);
  });

  it("an AlterPartition that gets no answer is sent again until a controller answers it, however long that takes (Reference: AlterPartitionManager: retryTimeoutMs = Long.MaxValue)", () => {
    const c = ready({ seed: 12 });
    const state = c.partition("orders", 0)!;
    const node = `broker-${state.leader}`;
    const rule = c.world.network.addRule({ kind: "partition", groups: [[node], [...c.spec.controllerNodes]] });
    proposeIsr(c, [state.leader]);
    c.runFor(20_000);
    // A broker cut off from the controllers is fenced meanwhile; its proposal is still in flight.
    expect(c.traces("alter-partition-retry").filter((r) => r.broker === state.leader).length).toBeGreaterThan(5);
    expect(c.fakeReplicaManager(state.leader).alterResponses.filter((r) => r.correlationId === 7000 + state.partitionEpoch)).toHaveLength(0);
    c.world.network.removeRule(rule);
    c.runFor(5_000);
    const answers = c.fakeReplicaManager(state.leader).alterResponses.filter((r) => r.correlationId === 7000 + state.partitionEpoch);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.error).toBe("NONE");
    // The broker was fenced and lost the leadership meanwhile: the controller fences the stale proposal.
    expect(answers[0]!.partitions[0]!.error).toBe("FENCED_LEADER_EPOCH");
  });

  it("requests to the controller share the tracker's rules: a timeout closes the connection and fails the other request in flight on it at once, and each answer reaches the replica manager under its own correlation id (Reference: NetworkClient.handleTimedOutRequests, NodeToControllerRequestThread.handleResponse wasDisconnected)", () => {
    const c = ready({ seed: 12 });
    const state = c.partition("orders", 0)!;
    const broker = c.brokers.get(state.leader)!;
    const rule = c.world.network.addRule({ kind: "partition", groups: [[`broker-${state.leader}`], [...c.spec.controllerNodes]] });
    const propose = (correlationId: number) =>
      broker.controllerAgent.sendAlterPartition({
        type: "AlterPartition",
        correlationId,
        brokerId: state.leader,
        brokerEpoch: broker.controllerAgent.brokerEpoch(),
        partitions: [
          {
            topic: "orders",
            partition: 0,
            leaderEpoch: state.leaderEpoch,
            partitionEpoch: state.partitionEpoch,
            newIsr: [state.leader],
            newIsrBrokerEpochs: [],
          },
        ],
      });
    const sentAt = c.world.now;
    propose(61);
    c.runFor(500);
    propose(62);
    c.runFor(1_600);
    // controller.quorum.request.timeout.ms (2000) after the first: both fail together, not 500 ms apart.
    const firstRetry = (id: number) => c.traces("alter-partition-retry").find((r) => r.correlationId === id)!;
    expect((firstRetry(61).atUs - sentAt) / 1000).toBe(2000);
    expect(firstRetry(62).atUs).toBe(firstRetry(61).atUs);
    expect(firstRetry(62).rule).toMatch(/^no answer from controller-/);
    c.world.network.removeRule(rule);
    c.runFor(5_000);
    const answers = c.fakeReplicaManager(state.leader).alterResponses;
    expect(answers.filter((r) => r.correlationId === 61)).toHaveLength(1);
    expect(answers.filter((r) => r.correlationId === 62)).toHaveLength(1);
  });

  it("a proposal with epochs newer than the controller knows is answered NOT_CONTROLLER and sent to look for the active controller (Reference: ReplicationControlManager.validateAlterPartitionData)", () => {
    const c = ready({ seed: 13 });
    const state = c.partition("orders", 0)!;
    const broker = c.brokers.get(state.leader)!;
    broker.controllerAgent.sendAlterPartition({
      type: "AlterPartition",
      correlationId: 97,
      brokerId: state.leader,
      brokerEpoch: broker.controllerAgent.brokerEpoch(),
      partitions: [
        {
          topic: "orders",
          partition: 0,
          leaderEpoch: state.leaderEpoch + 1,
          partitionEpoch: state.partitionEpoch,
          newIsr: [state.leader],
          newIsrBrokerEpochs: [],
        },
      ],
    });
    c.runFor(300);
    expect(c.traces("alter-partition-rejected").some((r) => r.error === "NOT_CONTROLLER")).toBe(true);
    expect(c.traces("alter-partition-retry").some((r) => r.correlationId === 97)).toBe(true);
    expect(c.fakeReplicaManager(state.leader).alterResponses.find((r) => r.correlationId === 97)).toBeUndefined();
  });
});
