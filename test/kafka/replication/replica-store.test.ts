/**
 * ReplicaStore's views are maintained, not rebuilt per call (issue 11: replica stores sorted on
 * every call; configs looked up by string in hot paths): `sorted()` is one shared array until a
 * replica is created or deleted, and a topic's log settings are read once per topic config — read
 * again as soon as the broker's metadata image holds a new config for the topic (Kafka's
 * LogManager.updateTopicConfig replaces a log's LogConfig the same way).
 */
import { describe, expect, it } from "vitest";
import type { BrokerServices } from "../../../src/kafka/broker/services.js";
import { ConfigView } from "../../../src/kafka/config-view.js";
import { MetadataImage } from "../../../src/kafka/metadata/image.js";
import { HW_CHECKPOINT_FILE, ReplicaStore } from "../../../src/kafka/replication/replica-store.js";
import { Random } from "../../../src/sim/random.js";
import { TestContext } from "../../../src/sim/test-context.js";
import { makeBatch } from "./harness.js";

function store(ctx = new TestContext("broker-1")): { store: ReplicaStore; metadata: MetadataImage } {
  const metadata = new MetadataImage();
  const config = new ConfigView({ "min.insync.replicas": 1, "log.retention.ms": 1000 });
  const services = {
    ctx,
    brokerId: 1,
    metadata,
    config,
    topicConfig: (topic: string) => config.overlay(metadata.topicConfig(topic)),
  } as unknown as BrokerServices;
  return { store: new ReplicaStore(services), metadata };
}

describe("ReplicaStore", () => {
  it("sorted() is one shared array until a replica is created or deleted, ordered by (topic, partition)", () => {
    const { store: s } = store();
    s.getOrCreate("b", 0);
    s.getOrCreate("a", 10);
    s.getOrCreate("a", 2);
    const first = s.sorted();
    expect(first.map((p) => `${p.topic}-${p.partition}`)).toEqual(["a-2", "a-10", "b-0"]);
    expect(s.sorted()).toBe(first);
    s.getOrCreate("a", 2);
    expect(s.sorted()).toBe(first);
    s.getOrCreate("a", 0);
    const second = s.sorted();
    expect(second).not.toBe(first);
    expect(second.map((p) => `${p.topic}-${p.partition}`)).toEqual(["a-0", "a-2", "a-10", "b-0"]);
    s.delete(second[1]!);
    expect(s.sorted().map((p) => `${p.topic}-${p.partition}`)).toEqual(["a-0", "a-10", "b-0"]);
    expect(Object.isFrozen(s.sorted())).toBe(true);
    expect(s.get("a", 2)).toBeUndefined();
    expect(s.get("a", 10)?.partition).toBe(10);
    expect(s.get("c", 0)).toBeUndefined();
  });

  it("keeps sorted() in (topic, partition) order while replicas are created and deleted one by one", () => {
    const { store: s } = store();
    const names: [string, number][] = [];
    for (let i = 0; i < 60; i++) names.push([`t${(i * 7) % 3}`, (i * 37) % 60]);
    const expected = (): string[] => s.sorted().map((p) => `${p.topic}-${p.partition}`);
    const fresh = (): string[] =>
      [...s.sorted()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition)).map((p) => `${p.topic}-${p.partition}`);
    for (const [topic, partition] of names) {
      s.getOrCreate(topic, partition);
      expect(expected()).toEqual(fresh());
    }
    for (const [topic, partition] of names.slice(0, 30)) {
      const p = s.get(topic, partition);
      if (p) s.delete(p);
      expect(expected()).toEqual(fresh());
    }
    expect(new Set(expected()).size).toBe(s.sorted().length);
  });

  it("counts partition visits: one per lookup, one per partition of a walk", () => {
    const { store: s } = store();
    s.getOrCreate("a", 0);
    s.getOrCreate("a", 1);
    const before = s.partitionVisits;
    s.get("a", 0);
    s.sorted();
    expect(s.partitionVisits - before).toBe(3);
  });

  it("reads a topic's log settings once per topic config, and again when the config object changes", () => {
    const { store: s, metadata } = store();
    metadata.topics.set("a", { name: "a", partitionCount: 1, config: { "min.insync.replicas": 2 } });
    const first = s.logSettings("a");
    expect(first.minInsyncReplicas).toBe(2);
    expect(first.retentionMs).toBe(1000);
    expect(s.logSettings("a")).toBe(first);
    metadata.topics.set("a", { name: "a", partitionCount: 1, config: { "min.insync.replicas": 3 } });
    expect(s.logSettings("a").minInsyncReplicas).toBe(3);
    // A topic the image does not know reads the broker's settings.
    expect(s.logSettings("unknown").minInsyncReplicas).toBe(1);
  });

  it("writes every hosted replica's HW to replication-offset-checkpoint at each write, the latest HWs and replicas included", () => {
    // Reference: Kafka's ReplicaManager.checkpointHighWatermarks writes the HW of every hosted log each interval.
    const ctx = new TestContext("broker-1");
    const { store: s } = store(ctx);
    const file = ctx.disk.checkpoint<Record<string, number>>(HW_CHECKPOINT_FILE);
    const a0 = s.getOrCreate("a", 0);
    const b1 = s.getOrCreate("b", 1);
    const append = (p: typeof a0, offset: number): void => {
      p.log.append({ ...makeBatch([`v${offset}`], 0), baseOffset: offset, partitionLeaderEpoch: 0 }, 0, true);
    };
    append(a0, 0);
    append(a0, 1);
    append(b1, 0);
    s.writeHighWatermarkCheckpoint(false);
    expect(file.read()).toEqual({ "a-0": 0, "b-1": 0 });
    s.writeHighWatermarkCheckpoint(false);
    expect(file.read()).toEqual({ "a-0": 0, "b-1": 0 });
    a0.log.setHighWatermark(2);
    s.writeHighWatermarkCheckpoint(false);
    expect(file.read()).toEqual({ "a-0": 2, "b-1": 0 });
    b1.log.setHighWatermark(1);
    s.writeHighWatermarkCheckpoint(false);
    expect(file.read()).toEqual({ "a-0": 2, "b-1": 1 });
    s.getOrCreate("a", 1);
    s.writeHighWatermarkCheckpoint(false);
    expect(file.read()).toEqual({ "a-0": 2, "a-1": 0, "b-1": 1 });
    s.delete(a0);
    s.writeHighWatermarkCheckpoint(false);
    expect(file.read()).toEqual({ "a-1": 0, "b-1": 1 });
    // Deleted and created again between two writes: the new replica's HW.
    s.delete(s.get("b", 1)!);
    const b1again = s.getOrCreate("b", 1);
    append(b1again, 0);
    append(b1again, 1);
    b1again.log.setHighWatermark(2);
    s.writeHighWatermarkCheckpoint(false);
    expect(file.read()).toEqual({ "a-1": 0, "b-1": 2 });
    // A truncation below the HW lowers it, and the next write says so.
    b1again.log.truncateTo(1, 0);
    s.writeHighWatermarkCheckpoint(false);
    expect(file.read()).toEqual({ "a-1": 0, "b-1": 1 });
  });

  it("writes anew only the entries of replicas whose HW changed or that were created or deleted since the last write", () => {
    // The file's content is the whole set, as Kafka's; the work of a write is what changed.
    const ctx = new TestContext("broker-1");
    const { store: s } = store(ctx);
    const replicas = Array.from({ length: 50 }, (_, i) => s.getOrCreate("t", i));
    s.writeHighWatermarkCheckpoint(false); // the first write of an incarnation walks every replica
    const visits = s.partitionVisits;
    s.writeHighWatermarkCheckpoint(false);
    expect(s.partitionVisits).toBe(visits);
    replicas[7]!.log.append({ ...makeBatch(["v"], 0), baseOffset: 0, partitionLeaderEpoch: 0 }, 0, true);
    replicas[7]!.log.setHighWatermark(1);
    s.writeHighWatermarkCheckpoint(false);
    expect(s.partitionVisits).toBe(visits + 1);
    const file = ctx.disk.checkpoint<Record<string, number>>(HW_CHECKPOINT_FILE).read()!;
    expect(Object.keys(file).length).toBe(50);
    expect(file["t-7"]).toBe(1);
    expect(file["t-8"]).toBe(0);
  });

  it("rediscovers after a restart or a power loss every replica it created, those that never received a batch included", () => {
    // A fresh replica's files are its partition.metadata (Kafka's PartitionMetadataFile) and, only once written,
    // its segment and leader-epoch-checkpoint: recovery finds replicas by partition.metadata, as Kafka's
    // LogManager loads every partition directory.
    const ctx = new TestContext("broker-1");
    const { store: s } = store(ctx);
    s.getOrCreate("idle", 1);
    s.getOrCreate("idle", 0);
    const busy = s.getOrCreate("busy", 0);
    busy.log.append({ ...makeBatch(["v0"], 0), baseOffset: 0, partitionLeaderEpoch: 4 }, 0, true);
    expect(ctx.disk.listAppendFiles("idle-0/")).toEqual([]);
    expect(ctx.disk.hasFile("idle-0/leader-epoch-checkpoint")).toBe(false);
    expect(ctx.disk.hasFile("idle-0/partition.metadata")).toBe(true);
    const restarted = store(ctx).store.recoverAll();
    expect(restarted.map((p) => `${p.topic}-${p.partition}:${p.log.logEndOffset}:${p.log.latestEpoch()}`)).toEqual([
      "busy-0:1:4",
      "idle-0:0:-1",
      "idle-1:0:-1",
    ]);
    ctx.disk.powerLoss(1_000, new Random(3, "power"));
    const afterPowerLoss = store(ctx).store.recoverAll();
    expect(afterPowerLoss.map((p) => `${p.topic}-${p.partition}`)).toEqual(["busy-0", "idle-0", "idle-1"]);
    // A deleted replica is not rediscovered.
    const again = store(ctx).store;
    again.recoverAll();
    again.delete(again.get("idle", 0)!);
    expect(
      store(ctx)
        .store.recoverAll()
        .map((p) => `${p.topic}-${p.partition}`),
    ).toEqual(["busy-0", "idle-1"]);
  });
});
