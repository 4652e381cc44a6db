/**
 * downtime and write-downtime on whole runs (docs/metrics.md).
 */
import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/scenario/run.js";

const leaderCrash = {
  name: "leader-crash",
  description: "the leader of orders-0 crashes for good",
  duration: "20s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 } },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 3, config: { "min.insync.replicas": 2 } }],
  producers: [{ name: "p1", topic: "orders", rate: "100/s" }],
  faults: [{ at: "5s", crash: "leader(orders-0)" }],
};

const followerRestart = (acks: string) => ({
  name: "rf2-follower-restart",
  description: "RF 2, min ISR 2: the follower crashes and restarts",
  duration: "20s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 } },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 2, config: { "min.insync.replicas": 2 } }],
  producers: [{ name: "p1", topic: "orders", rate: "100/s", config: { acks } }],
  faults: [{ at: "3s", crash: "followers(orders-0)", "restart-after": "10s" }],
});

describe("downtime of a leader crash (Reference: KIP-631 broker.session.timeout.ms; the QuorumController fences the silent broker and elects a leader from the ISR)", () => {
  it("lasts from the crash until the controller fences the leader and elects another: seconds, about the 9 s session", () => {
    const result = runScenario(leaderCrash, { seed: 1 });
    const crashAt = result.timeline.find((l) => l.kind === "host-crash")!.atUs;
    const elected = result.timeline.find((l) => l.kind === "leader-change" && l.atUs > crashAt)!.atUs;
    const downtime = result.metrics["downtime"]!;
    expect(downtime).toBeGreaterThan(5_000);
    expect(downtime).toBeLessThan(10_000);
    expect(Math.abs(downtime - (elected - crashAt) / 1000)).toBeLessThan(100);
    // One partition: the total is that partition's; acks=all with 2 of 3 left in the ISR writes again at once.
    expect(result.metrics["downtime.orders-0"]).toBe(downtime);
    expect(result.metrics["write-downtime"]).toBe(downtime);
    expect(result.stats.downtimeMs).toEqual({ "orders-0": downtime });
    // Sends waited for the new leader: the slowest acknowledged send waited about as long.
    expect(result.metrics["latency.max"]).toBeGreaterThan(downtime * 0.8);
    expect(result.metrics["latency.p50"]).toBeLessThan(result.metrics["latency.p99"]!);
  });
});

describe("write-downtime: RF 2 with min.insync.replicas=2 blocks acks=all writes on any restart (Reference: Partition.appendRecordsToLeader NOT_ENOUGH_REPLICAS)", () => {
  it("acks=all: the leader stays up (downtime 0) but cannot take writes while its follower is out of the ISR", () => {
    const result = runScenario(followerRestart("all"), { seed: 1 });
    expect(result.metrics["downtime"]).toBe(0);
    expect(result.metrics["write-downtime"]).toBeGreaterThan(1_000);
    // At most from the crash (3 s) to the end of the run.
    expect(result.metrics["write-downtime"]).toBeLessThan(result.simulatedMs - 3_000);
    expect(result.metrics["write-downtime.orders-0"]).toBe(result.metrics["write-downtime"]);
    expect(result.metrics["downtime.orders-0"]).toBeUndefined();
  });

  it("acks=1: a shrunken ISR does not stop the writes, so write-downtime is downtime (0)", () => {
    const result = runScenario(followerRestart("1"), { seed: 1 });
    expect(result.metrics["downtime"]).toBe(0);
    expect(result.metrics["write-downtime"]).toBe(0);
  });
});

describe("downtime with unclean.leader.election.enable=false and no ISR replica left (Reference: KIP-966 last known leader; ClusterControlManager DUPLICATE_BROKER_REGISTRATION)", () => {
  it("lasts past the old leader's restart, until its new incarnation is registered and unfenced", () => {
    const result = runScenario("scenarios/unclean-election-disabled.yaml", { seed: 1 });
    const crashAt = result.timeline.find((l) => l.kind === "host-crash")!.atUs;
    const restartAt = result.timeline.find((l) => l.kind === "host-start" && l.atUs > crashAt)!.atUs;
    const unfencedAt = result.timeline.find((l) => l.kind === "broker-unfenced" && l.atUs > restartAt)!.atUs;
    const downtime = result.metrics["downtime.orders-0"]!;
    expect(downtime).toBeGreaterThan((restartAt - crashAt) / 1000);
    expect(Math.abs(downtime - (unfencedAt - crashAt) / 1000)).toBeLessThan(200);
    expect(result.metrics["lost-write"]).toBe(0);
  });
});
