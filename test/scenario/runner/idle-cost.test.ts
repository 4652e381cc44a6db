/**
 * The cost of idle partitions is bounded (issue 11; DESIGN "Performance habits": a run costs what
 * happens in it). Measured by deterministic counts, never by time: events processed by the kernel,
 * and partition visits of the brokers' replica stores (ReplicaStore.partitionVisits: one per
 * partition lookup, one per partition handed out by a walk over all hosted partitions).
 */
import { describe, expect, it } from "vitest";
import { ReplicaManager } from "../../../src/kafka/replication/replica-manager.js";
import { loadWithOverrides } from "../../../src/scenario/run.js";
import { buildCluster, startCluster } from "../../../src/scenario/runner/build-cluster.js";

const idle = (partitions: number) => ({
  name: `idle-${partitions}`,
  description: "an idle cluster",
  duration: "30s",
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 3 } },
  topics: [{ name: "idle", partitions, "replication-factor": 3 }],
});

/** Events and replica-store partition visits of an idle cluster over its 30 s (or `untilUs`). */
function idleCost(partitions: number, untilUs?: number): { events: number; visits: number } {
  const { scenario } = loadWithOverrides(idle(partitions));
  const cluster = buildCluster(scenario, 1);
  startCluster(cluster);
  cluster.world.run(untilUs ?? scenario.durationUs);
  let visits = 0;
  for (const broker of cluster.brokers.values()) {
    if (broker.replicaManager instanceof ReplicaManager) visits += broker.replicaManager.store.partitionVisits;
  }
  return { events: cluster.world.scheduler.eventsFired, visits };
}

describe("idle partitions are nearly free", () => {
  it("an idle 1,000-partition cluster processes at most 2× the events of a 1-partition one (fetches carry partitions in batches)", () => {
    const one = idleCost(1);
    const thousand = idleCost(1000);
    expect(one.events).toBeGreaterThan(1000);
    expect(thousand.events).toBeLessThanOrEqual(2 * one.events);
  });

  // Before: each new follower partition walked every hosted partition to find the ones followed at
  // its leader (ReplicaFetcher.followedAt in roleChanged → prune): 1,000 partitions cost ~10⁶
  // visits per broker. Kafka's fetcher threads keep a partition map per leader
  // (AbstractFetcherThread.partitionStates, ReplicaFetcherManager.addFetcherForPartitions).
  it("creating a 1,000-partition topic costs replica-store visits linear in the partitions", () => {
    const created = idleCost(1000, 6_000_000);
    // Measured: 21,168 visits at 6 s (3,042,146 before).
    expect(created.visits).toBeLessThanOrEqual(60 * 1000);
  });

  // Fails today, so it is skipped: every follower fetch names, and the leader reads, every
  // partition it follows (measured: idle-1 586 visits, idle-1000 3,637,143 — 6,200×; events
  // 2,448 vs 3,074). Fetch sessions (KIP-227,
  // FetchSession / FetchSessionHandler: incremental fetches carry only changed partitions) remove
  // it; switch this on with that work.
  it.skip("an idle 1,000-partition cluster makes at most 2× the replica-store partition visits of a 1-partition one (needs KIP-227 fetch sessions)", () => {
    const one = idleCost(1);
    const thousand = idleCost(1000);
    expect(thousand.visits).toBeLessThanOrEqual(2 * one.visits);
  });
});
