/**
 * Unit and scenario tests of the partition log: epoch cache, segments, retention, flush and
 * recovery (docs/kafka-rules.md §1.7, §3.1, §8).
 */
import { describe, expect, it } from "vitest";
import { Disk } from "../../../src/sim/disk.js";
import { Random } from "../../../src/sim/random.js";
import { LeaderEpochCache } from "../../../src/kafka/replication/epoch-cache.js";
import { PartitionLog } from "../../../src/kafka/replication/partition-log.js";
import { readLogSettings } from "../../../src/kafka/replication/settings.js";
import { ConfigView } from "../../../src/kafka/config-view.js";
import { applyRetention } from "../../../src/kafka/replication/retention.js";
import { brokerNode } from "../../../src/kafka/metadata/partition-state.js";
import { makeBatch, ReplicationHarness } from "./harness.js";

function newLog(disk: Disk, config: Record<string, unknown> = {}, hw?: number): PartitionLog {
  return new PartitionLog(disk, "orders", 0, () => readLogSettings(new ConfigView(config)), hw, 0);
}

function appendValues(log: PartitionLog, values: string[], epoch: number, nowUs = 0): void {
  log.append({ ...makeBatch(values, nowUs), baseOffset: log.logEndOffset, partitionLeaderEpoch: epoch }, nowUs, true);
}

describe("leader-epoch cache", () => {
  it("endOffsetFor answers the largest epoch ≤ the requested one with its exclusive end offset (Reference: docs/kafka-rules.md §1.4 truncation on fetch)", () => {
    const cache = new LeaderEpochCache(new Disk(), "t-0");
    cache.assign(0, 0, 0);
    cache.assign(2, 5, 0);
    cache.assign(4, 9, 0);
    expect(cache.endOffsetFor(0, 12)).toEqual({ epoch: 0, endOffset: 5 });
    expect(cache.endOffsetFor(3, 12)).toEqual({ epoch: 2, endOffset: 9 });
    expect(cache.endOffsetFor(7, 12)).toEqual({ epoch: -1, endOffset: -1 }); // newer than every entry: unknown, as LeaderEpochFileCache answers
    expect(cache.endOffsetFor(4, 12)).toEqual({ epoch: 4, endOffset: 12 });
    const late = new LeaderEpochCache(new Disk(), "t-1");
    late.assign(3, 7, 0);
    // older than every entry: the requested epoch ends where the first known one starts
    expect(late.endOffsetFor(1, 12)).toEqual({ epoch: 1, endOffset: 7 });
    cache.truncateFromEnd(6, 0);
    expect(cache.latestEpoch()).toBe(2);
  });

  it("a new epoch entry is fsynced at once and survives a power loss (Reference: docs/kafka-rules.md §1.7 leader-epoch-checkpoint)", () => {
    const disk = new Disk();
    new LeaderEpochCache(disk, "t-0").assign(3, 0, 0);
    disk.powerLoss(1000, new Random(1, "x"));
    expect(new LeaderEpochCache(disk, "t-0").latestEpoch()).toBe(3);
  });
});

describe("segments, flush and recovery", () => {
  it("a fresh log's first segment file is created by its first append; until then the log reads as empty and recovers as empty (Reference: Kafka's LogSegment.open)", () => {
    const disk = new Disk();
    const log = newLog(disk);
    expect(disk.listAppendFiles("orders-0/")).toEqual([]);
    expect(disk.hasFile("orders-0/leader-epoch-checkpoint")).toBe(false);
    expect(log.batches()).toEqual([]);
    expect(log.read(0, 10, 1000)).toEqual([]);
    expect(log.truncateTo(0, 0)).toBe(0);
    expect(log.flush()).toBe(false);
    expect(newLog(disk).logEndOffset).toBe(0);
    appendValues(log, ["a"], 2);
    expect(disk.listAppendFiles("orders-0/")).toEqual(["orders-0/00000000000000000000.log"]);
    expect(disk.checkpoint("orders-0/leader-epoch-checkpoint").read()).toEqual([{ epoch: 2, startOffset: 0 }]);
    const recovered = newLog(disk);
    expect(recovered.logEndOffset).toBe(1);
    expect(recovered.latestEpoch()).toBe(2);
  });

  it("a log restarted at a later offset keeps its empty segment file, so a restart keeps the offset (Reference: Kafka's UnifiedLog.truncateFullyAndStartAt)", () => {
    const disk = new Disk();
    const log = newLog(disk);
    log.truncateFullyAndStartAt(7, 0);
    expect(disk.listAppendFiles("orders-0/")).toEqual(["orders-0/00000000000000000007.log"]);
    expect(newLog(disk).logEndOffset).toBe(7);
  });

  it("rolls segments at segment.bytes, one append-file entry per batch (Reference: docs/kafka-rules.md §8 segment.bytes)", () => {
    const disk = new Disk();
    const log = newLog(disk, { "segment.bytes": 200 });
    for (let i = 0; i < 6; i++) appendValues(log, [`value-${i}`], 0);
    expect(log.segmentCount).toBeGreaterThan(1);
    expect(disk.listAppendFiles("orders-0/")[0]).toBe("orders-0/00000000000000000000.log");
    const recovered = newLog(disk, { "segment.bytes": 200 });
    expect(recovered.logEndOffset).toBe(6);
    expect(recovered.batches().map((b) => b.records[0]!.value)).toEqual(log.batches().map((b) => b.records[0]!.value));
  });

  it("a power loss keeps a prefix: unsynced batches may vanish, flush.messages=1 batches never do (Reference: docs/kafka-rules.md §3.1)", () => {
    for (const flushMessages of [undefined, 1]) {
      const disk = new Disk();
      const log = newLog(disk, flushMessages ? { "flush.messages": flushMessages } : {});
      for (let i = 0; i < 20; i++) appendValues(log, [`v${i}`], 0, 1000);
      let lostSomewhere = false;
      for (let seed = 1; seed <= 5; seed++) {
        const copy = new Disk();
        const file = disk.appendFile("orders-0/00000000000000000000.log");
        const target = copy.appendFile("orders-0/00000000000000000000.log");
        for (const e of file.entries) target.append(e, 1000);
        if (flushMessages) target.fsync();
        copy.powerLoss(2000, new Random(seed, "p"));
        const recovered = newLog(copy, {}, 20);
        const values = recovered.batches().map((b) => b.records[0]!.value);
        expect(values).toEqual(Array.from({ length: values.length }, (_, i) => `v${i}`));
        expect(recovered.highWatermark).toBe(recovered.logEndOffset);
        if (values.length < 20) lostSomewhere = true;
      }
      expect(lostSomewhere).toBe(!flushMessages);
    }
  });

  it("a broker losing power loses only an unsynced suffix and rediscovers its replica from the disk (Reference: docs/kafka-rules.md §3.1, docs/architecture.md principle 6)", () => {
    const h = new ReplicationHarness({ seed: 7 });
    h.createTopic("solo", {}, [[1]]);
    h.runFor(100);
    for (let i = 0; i < 5; i++) h.produce("solo", [`old-${i}`], "1");
    h.runFor(40_000); // OS writeback makes these durable
    for (let i = 0; i < 5; i++) h.produce("solo", [`new-${i}`], "1");
    h.runFor(50);
    h.powerLoss(1, { notifyController: false });
    h.restart(1);
    h.runFor(100);
    const values = h.values(1, "solo");
    expect(values.slice(0, 5)).toEqual(["old-0", "old-1", "old-2", "old-3", "old-4"]);
    const written = [...Array.from({ length: 5 }, (_, i) => `old-${i}`), ...Array.from({ length: 5 }, (_, i) => `new-${i}`)];
    expect(values).toEqual(written.slice(0, values.length));
    expect(h.traces("replica-recovered", brokerNode(1)).length).toBe(1);
  });
});

describe("retention", () => {
  it("deletes whole segments oldest first only below the HW, moving the log start offset (Reference: docs/kafka-rules.md §8)", () => {
    const disk = new Disk();
    const log = newLog(disk, { "segment.bytes": 150, "retention.bytes": 150 });
    for (let i = 0; i < 8; i++) appendValues(log, [`value-${i}`], 0);
    expect(applyRetention(log, readLogSettings(new ConfigView({ "retention.bytes": 150 })), 0).deletedSegments).toBe(0); // HW 0
    log.setHighWatermark(8);
    const result = applyRetention(log, readLogSettings(new ConfigView({ "retention.bytes": 150 })), 0);
    expect(result.deletedSegments).toBeGreaterThan(0);
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.logStartOffset).toBeLessThanOrEqual(log.highWatermark);
  });

  it("retention in a cluster moves every replica's log start and a fetch below it is OFFSET_OUT_OF_RANGE (Reference: docs/kafka-rules.md §8)", () => {
    const h = new ReplicationHarness({ brokerConfig: { "log.retention.check.interval.ms": 1000 } });
    h.createTopic("orders", { "segment.bytes": 200, "retention.bytes": 300 });
    h.runFor(100);
    for (let i = 0; i < 12; i++) {
      h.produce("orders", [`value-${i}`], "all");
      h.runFor(20);
    }
    h.runFor(3000);
    const start = h.rm(1).localLog("orders", 0)!.logStartOffset;
    expect(start).toBeGreaterThan(0);
    for (const id of [2, 3]) expect(h.rm(id).localLog("orders", 0)!.logStartOffset).toBeGreaterThan(0);
    const below = h.fetch("orders", 0);
    const earliest = h.listOffsets("orders", -2);
    h.runFor(100);
    expect(below.response?.partitions[0]!.error).toBe("OFFSET_OUT_OF_RANGE");
    expect(earliest.response?.partitions[0]!.offset).toBe(start);
    expect(h.traces("retention-deleted-segments").length).toBeGreaterThan(0);
  });
});

describe("truncation and the epoch cache (Reference: docs/kafka-rules.md §1.7; Kafka's UnifiedLog.truncateTo)", () => {
  it("truncating at the LEO still drops an epoch entry a former leader inserted without appending anything", () => {
    const log = newLog(new Disk());
    appendValues(log, ["a", "b"], 0);
    log.epochCache.assign(1, log.logEndOffset, 0); // became leader in epoch 1, appended nothing
    expect(log.latestEpoch()).toBe(1);
    expect(log.truncateTo(2, 0)).toBe(2);
    expect(log.latestEpoch()).toBe(0); // the follower's next fetch no longer claims epoch 1
  });
});

describe("log end offset", () => {
  it("is the end of the last batch through appends, rolls, truncation across segments, recovery and a restart at a new offset (Reference: Kafka's UnifiedLog.logEndOffset)", () => {
    const disk = new Disk();
    const log = newLog(disk, { "segment.bytes": 150 });
    const lastBatchEnd = (): number => {
      const batches = log.batches();
      const last = batches[batches.length - 1];
      return last ? last.baseOffset + last.records.length : log.logStartOffset;
    };
    expect(log.logEndOffset).toBe(0);
    for (let i = 0; i < 8; i++) {
      appendValues(log, i % 2 === 0 ? [`a-${i}`] : [`b-${i}`, `c-${i}`], 0);
      expect(log.logEndOffset).toBe(lastBatchEnd());
    }
    expect(log.logEndOffset).toBe(12);
    expect(log.segmentCount).toBeGreaterThan(2);
    expect(log.truncateTo(4, 0)).toBe(4); // drops whole later segments and straddling batches
    expect(log.logEndOffset).toBe(lastBatchEnd());
    expect(log.truncateTo(2, 0)).toBe(1); // the batch [1, 3) straddles offset 2 and goes whole
    expect(log.logEndOffset).toBe(1);
    appendValues(log, ["d"], 0);
    expect(log.logEndOffset).toBe(2);
    log.setHighWatermark(2);
    expect(newLog(disk, { "segment.bytes": 150 }).logEndOffset).toBe(2); // recovered from the disk
    log.truncateFullyAndStartAt(40, 0);
    expect(log.logEndOffset).toBe(40);
    appendValues(log, ["e", "f"], 0);
    expect(log.logEndOffset).toBe(42);
  });
});

describe("every batch of a multi-segment log", () => {
  // The invariant checks read a replica's whole log after every append (InvariantMonitor →
  // ClusterProbe.replicaLog → PartitionLog.batches): with more than one segment the concatenation
  // is kept and appended to, not rebuilt per call (issue 11: a run costs what happens in it).
  it("equals the segments' batches in order through appends, rolls, truncation, segment deletion and a restart at a new offset, and is not rebuilt while only appends happen", () => {
    const disk = new Disk();
    const log = newLog(disk, { "segment.bytes": 400 });
    const concat = (): string[] =>
      log
        .segmentList()
        .flatMap((s) => s.batches)
        .map((b) => `${b.baseOffset}:${b.records.map((r) => r.value).join(",")}`);
    const seen = (): string[] => log.batches().map((b) => `${b.baseOffset}:${b.records.map((r) => r.value).join(",")}`);
    for (let i = 0; i < 10; i++) {
      appendValues(log, [`v-${i}`], 0);
      expect(seen()).toEqual(concat());
    }
    expect(log.segmentCount).toBeGreaterThan(2);
    expect(log.segmentList()[0]!.batches.length).toBeGreaterThan(1); // several batches per segment: appends without a roll
    const before = log.batches();
    expect(log.batches()).toBe(before); // no new array per call
    const segments = log.segmentCount;
    appendValues(log, ["w"], 0); // may roll: the list is then rebuilt
    if (log.segmentCount === segments) expect(log.batches()).toBe(before);
    expect(seen()).toEqual(concat());
    log.truncateTo(5, 0);
    expect(seen()).toEqual(concat());
    expect(log.batches().length).toBe(5);
    appendValues(log, ["x"], 0);
    expect(seen()).toEqual(concat());
    log.setHighWatermark(log.logEndOffset);
    const start = log.logStartOffset;
    log.deleteOldestSegments(1, 0); // what retention does
    expect(log.logStartOffset).toBeGreaterThan(start);
    expect(seen()).toEqual(concat());
    expect(log.batches()[0]!.baseOffset).toBe(log.logStartOffset);
    log.truncateFullyAndStartAt(40, 0);
    expect(log.batches()).toEqual([]);
    appendValues(log, ["y"], 0);
    expect(seen()).toEqual(["40:y"]);
  });
});

describe("the log's read view (ReplicaManager.localLog)", () => {
  it("is one object per log whose fields are the log's at the moment they are read", () => {
    const log = newLog(new Disk());
    const view = log.readView();
    expect(log.readView()).toBe(view);
    expect([view.batches.length, view.logStartOffset, view.logEndOffset, view.highWatermark]).toEqual([0, 0, 0, 0]);
    appendValues(log, ["a", "b"], 0);
    log.setHighWatermark(1);
    expect([view.batches.length, view.logEndOffset, view.highWatermark]).toEqual([1, 2, 1]);
    expect(view.batches).toBe(log.batches());
  });
});
