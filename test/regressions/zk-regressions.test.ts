/**
 * ZooKeeper-mode fuzz counterexamples (test/regressions/zk-*.yaml), replayed with their own seed:
 * each must now meet its expectations, and the situation it was found in must still happen (so
 * that a change of the model cannot make the test pass by avoiding it).
 */
import { describe, expect, it } from "vitest";
import { runWithTrace as replay } from "./trace-harness.js";

const runWithTrace = (file: string) =>
  replay(file, [
    "become-leader",
    "become-follower",
    "log-truncated",
    "producer-sequence-error",
    "zk-stop-serving",
    "session-expired",
    "broker-registered",
    "controller-elected",
    "controller-resigned",
    "broker-online",
    "stale-broker-epoch",
    "host-crash",
  ]);

describe("ZooKeeper-mode regressions", () => {
  it("zk-shared-epoch-after-power-loss: a leader reinstated in its epoch after a power loss is not a committed-prefix violation (Reference: KafkaController.onControllerFailover, PartitionStateMachine.initializePartitionState, Partition.makeLeader, LeaderEpochFileCache.assign)", () => {
    const { result, trace } = runWithTrace("zk-shared-epoch-after-power-loss.yaml");
    // The situation: broker-1 leads orders-1 in epoch 0, loses power, and leads epoch 0 again from a
    // shorter log, while broker-4 still follows in epoch 0 (no election bumped the epoch).
    const leads = trace.filter((t) => t.type === "become-leader" && t.node === "broker-1" && t.partition === 1);
    expect(leads.map((t) => t.leaderEpoch)).toEqual([0, 0]);
    expect(leads[1]!.atUs).toBeGreaterThan(6_800_000);
    expect(leads[1]!.logEndOffset as number).toBeGreaterThan(0);
    expect(trace.some((t) => t.type === "log-truncated" && t.node === "broker-4" && t.partition === 1)).toBe(false);
    // Every invariant holds, committed-prefix-agreement included.
    const cpa = result.invariants.find((i) => i.name === "committed-prefix-agreement")!;
    expect(cpa.violations).toBe(0);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });
  it("zk-zombie-controller-leader-epoch-bump: a parked acks=all write survives a new leader epoch of the same leader, so an idempotent producer never writes it twice (Reference: DelayedProduce.tryComplete, Partition.checkEnoughReplicasReachOffset, ReplicaManager.makeLeaders, TransactionManager.canRetry)", () => {
    const { result, trace } = runWithTrace("zk-zombie-controller-leader-epoch-bump.yaml");
    // The situation: broker-3 leads orders-1 in epoch 1 from an empty log, then in epoch 2 (ISR
    // shrink by the controller) with the producer's unacknowledged records in its log; the zombie's
    // sequences 0-6 come back to it as OUT_OF_ORDER_SEQUENCE_NUMBER.
    const leads = trace.filter((t) => t.type === "become-leader" && t.node === "broker-3" && t.topic === "orders" && t.partition === 1);
    expect(leads.map((t) => [t.leaderEpoch, t.logEndOffset])).toEqual([
      [1, 0],
      [2, 233],
    ]);
    const gaps = trace.filter((t) => t.type === "producer-sequence-error" && t.node === "broker-3" && t.partition === 1);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((t) => t.error === "OUT_OF_ORDER_SEQUENCE_NUMBER" && (t.baseSequence as number) < 7)).toBe(true);
    // No record written twice; the zombie's 7 records end as sends of unknown outcome.
    expect(result.metrics["duplicate"]).toBe(0);
    expect(result.metrics["duplicate-processing"]).toBe(0);
    expect(result.metrics["unknown"]).toBe(7);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });
  it("zk-follower-dropped-by-leader: a ZooKeeper follower its leader gave up on stops serving, so the clients of sessions that expired meanwhile learn it and register again (Reference: ZooKeeper LearnerHandler, Follower.followLeader; KafkaZkClient.registerBroker)", () => {
    const { result, trace } = runWithTrace("zk-follower-dropped-by-leader.yaml");
    // The situation: the leader gives up on zk-3 while zk-3 still hears it, after the sessions of
    // the brokers attached to zk-3 expired.
    const stop = trace.find((t) => t.type === "zk-stop-serving" && t.node === "zk-3");
    expect(stop?.reason).toBe("leader zk-1 no longer holds this server as a follower (it heard nothing from it within syncLimit)");
    const expired = trace.filter((t) => t.type === "session-expired").map((t) => t.node);
    expect([...new Set(expired)].sort()).toEqual(["broker-1", "broker-3", "broker-5"]);
    // Each of them registers again after zk-3 stops serving, and every partition converges.
    for (const node of ["broker-1", "broker-3", "broker-5"]) {
      expect(trace.some((t) => t.type === "broker-registered" && t.node === node && t.atUs > stop!.atUs)).toBe(true);
    }
    expect(result.converged).toBe(true);
    expect(result.failures).toEqual([]);
  });
  it("zk-controller-answer-lost: a broker whose /controller multi-op committed while its ZooKeeper server crashed becomes the controller when the retried multi finds its own znode (Reference: KafkaZkClient.registerControllerAndIncrementControllerEpoch, checkControllerAndEpoch)", () => {
    const { result, trace } = runWithTrace("zk-controller-answer-lost.yaml");
    // The situation: zk-3 crashes before any controller is elected, and broker-3 wins epoch 1 only
    // after the ensemble elected a new leader.
    const crash = trace.find((t) => t.type === "host-crash" && t.node === "zk-3")!;
    const elected = trace.filter((t) => t.type === "controller-elected");
    expect(elected.map((t) => [t.node, t.epoch])).toEqual([["broker-3", 1]]);
    expect(elected[0]!.atUs).toBeGreaterThan(crash.atUs + 1_000_000);
    expect(result.converged).toBe(true);
    expect(result.failures).toEqual([]);
  });
  it("zk-controller-expiry-after-election: a broker whose live session holds /controller after it handled an older session's expiry takes over as the controller (Reference: KafkaController.processExpire, elect)", () => {
    const { result, trace } = runWithTrace("zk-controller-expiry-after-election.yaml");
    // The situation: broker-3 wins epoch 2 on its new session and the late expiry of the old one
    // resigns it; it then takes over epoch 2 again, and no other broker wins meanwhile.
    const ofBroker3 = trace.filter((t) => t.node === "broker-3" && (t.type === "controller-elected" || t.type === "controller-resigned"));
    expect(ofBroker3.map((t) => [t.type, t.epoch])).toEqual([
      ["controller-elected", 2],
      ["controller-resigned", 2],
      ["controller-elected", 2],
    ]);
    expect(trace.filter((t) => t.type === "controller-elected").map((t) => t.node)).toEqual(["broker-1", "broker-3", "broker-3"]);
    expect(result.converged).toBe(true);
    expect(result.failures).toEqual([]);
  });
  it("zk-registration-answer-delayed: a broker accepts control requests for the broker epoch the controller saw before the broker learned it (Reference: KafkaApis.isBrokerEpochStale, KIP-380)", () => {
    const { result, trace } = runWithTrace("zk-registration-answer-delayed.yaml");
    // The situation: the controller sees broker-1's registration before broker-1 has the answer of its create.
    const online = trace.find((t) => t.type === "broker-online" && t.broker === 1)!;
    const registered = trace.find((t) => t.type === "broker-registered" && t.node === "broker-1")!;
    expect(online.atUs).toBeLessThan(registered.atUs);
    expect(online.brokerEpoch).toBe(registered.brokerEpoch);
    // broker-1 takes its replicas from those early requests, and refuses none of them.
    expect(trace.some((t) => t.node === "broker-1" && (t.type === "become-follower" || t.type === "become-leader") && t.atUs < registered.atUs)).toBe(true);
    expect(trace.filter((t) => t.type === "stale-broker-epoch" && t.node === "broker-1")).toEqual([]);
    expect(result.metrics["unconverged"]).toBe(0);
    expect(result.converged).toBe(true);
    expect(result.failures).toEqual([]);
  });
});
