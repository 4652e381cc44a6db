/**
 * The cost of idle partitions is bounded (issue 11; docs/architecture.md "Performance habits": a run costs what
 * happens in it). Measured by deterministic counts, never by time: events processed by the kernel,
 * and partition visits of the brokers' replica stores (ReplicaStore.partitionVisits: one per
 * partition lookup, one per partition handed out by a walk over all hosted partitions).
 */
import { describe, expect, it } from "vitest";
import { ReplicaManager } from "../../../src/kafka/replication/replica-manager.js";
import { HW_CHECKPOINT_FILE } from "../../../src/kafka/replication/replica-store.js";
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

/**
 * Every partition visit of the brokers' replica stores (lookups and walks) of an idle cluster
 * between 16 s — topic created, fetch sessions open, the first ISR expiry check (15 s) past — and
 * 60 s. The periodic tasks of Kafka's ReplicaManager walk every partition (checkpointHighWatermarks
 * every replica.high.watermark.checkpoint.interval.ms, maybeShrinkIsr every
 * replica.lag.time.max.ms / 2); the model's HW checkpoint writes anew only the entries that
 * changed, and its ISR expiry check looks only at partitions where an ISR follower may lag.
 */
function idleVisits(partitions: number): { visits: number; events: number } {
  const { scenario } = loadWithOverrides({ ...idle(partitions), duration: "60s" });
  const cluster = buildCluster(scenario, 1);
  startCluster(cluster);
  const visits = (): number => {
    let n = 0;
    for (const broker of cluster.brokers.values()) {
      if (broker.replicaManager instanceof ReplicaManager) n += broker.replicaManager.store.partitionVisits;
    }
    return n;
  };
  cluster.world.run(16_000_000);
  const before = visits();
  const eventsBefore = cluster.world.scheduler.eventsFired;
  cluster.world.run(scenario.durationUs);
  return { visits: visits() - before, events: cluster.world.scheduler.eventsFired - eventsBefore };
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

  // Before KIP-227 fetch sessions every follower fetch named, and the leader read, every partition
  // it follows (measured over the whole 30 s: idle-1 586 visits, idle-1000 3,637,143). With
  // sessions (FetchSession / FetchSessionHandler) an incremental fetch names only the partitions
  // whose fetch position changed and the leader reads only those that changed. The periodic tasks
  // walked every hosted partition (16–60 s of idle-1000: 3 HW checkpoint walks of 1,000 partitions
  // per broker every 5 s and an ISR expiry walk every 15 s: 36,000 visits); now they visit what
  // changed (see docs/performance.md).
  it("an idle 1,000-partition cluster makes at most 2× the partition visits of a 1-partition one once its topic is created, periodic tasks included (KIP-227)", () => {
    const one = idleVisits(1);
    const thousand = idleVisits(1000);
    // The followers kept fetching all along (a fetch round per replica.fetch.wait.max.ms per leader).
    expect(one.events).toBeGreaterThan(100);
    expect(thousand.events).toBeGreaterThan(100);
    expect(thousand.visits).toBeLessThanOrEqual(2 * one.visits + 10);
  });

  it("the HW checkpoint written last still holds every hosted replica's current HW (Reference: ReplicaManager.checkpointHighWatermarks)", () => {
    const { scenario } = loadWithOverrides({ ...idle(1000), duration: "60s" });
    const cluster = buildCluster(scenario, 1);
    startCluster(cluster);
    cluster.world.run(scenario.durationUs);
    for (const broker of cluster.brokers.values()) {
      if (!(broker.replicaManager instanceof ReplicaManager)) continue;
      const file = broker.ctx.disk.checkpoint<Record<string, number>>(HW_CHECKPOINT_FILE).read()!;
      const hosted = broker.replicaManager.store.sorted();
      expect(hosted.length).toBe(1000);
      expect(Object.keys(file).length).toBe(1000);
      for (const p of hosted) expect(file[`${p.topic}-${p.partition}`]).toBe(p.log.highWatermark);
    }
  });

  // Settled session partitions are not read, yet their follower state at the leader must follow
  // every fetch (Kafka reads them all: Replica.updateFetchStateOrThrow): RemoteReplica follows its
  // session's fetch clock instead of being written per partition per fetch.
  it("the follower states of idle partitions at their leader keep following the followers' fetches", () => {
    const { scenario } = loadWithOverrides(idle(1000));
    const cluster = buildCluster(scenario, 1);
    startCluster(cluster);
    cluster.world.run(scenario.durationUs);
    const now = cluster.world.scheduler.now;
    let remotes = 0;
    for (const broker of cluster.brokers.values()) {
      if (!(broker.replicaManager instanceof ReplicaManager)) continue;
      for (const p of broker.replicaManager.store.sorted()) {
        if (!p.isLeader) continue;
        for (const remote of p.remotes.values()) {
          remotes++;
          // A follower fetches at least every replica.fetch.wait.max.ms (500 ms) plus the round trip.
          expect(now - remote.lastFetchTimeUs).toBeLessThan(1_000_000);
          expect(remote.lastCaughtUpTimeUs).toBe(remote.lastFetchTimeUs);
          expect(remote.logEndOffset).toBe(p.log.logEndOffset);
        }
      }
    }
    expect(remotes).toBe(2000);
  });
});
