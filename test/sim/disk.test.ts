import { describe, expect, it } from "vitest";
import { Disk, WRITEBACK_EXPIRE_US } from "../../src/sim/disk.js";
import { Random } from "../../src/sim/random.js";

describe("Disk (docs/architecture.md principle 6, Disk)", () => {
  it("a crash keeps the page cache: the disk object is untouched", () => {
    const disk = new Disk();
    const file = disk.appendFile<string>("log");
    file.append("a", 0);
    expect(disk.appendFile<string>("log").entries).toEqual(["a"]);
  });

  it("power loss drops only a suffix of unsynced data, never a hole", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const disk = new Disk();
      const file = disk.appendFile<number>("log");
      for (let i = 0; i < 10; i++) file.append(i, 1000);
      file.fsync();
      for (let i = 10; i < 30; i++) file.append(i, 2000);
      disk.powerLoss(3000, new Random(seed, "host"));
      const kept = file.entries;
      expect(kept.length).toBeGreaterThanOrEqual(10);
      expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => i));
    }
  });

  it("OS writeback makes data durable about 30 s after it was written (flusher every 5 s)", () => {
    const disk = new Disk();
    const file = disk.appendFile<number>("log");
    file.append(1, 1_000_000);
    expect(file.durableLength(1_000_000 + WRITEBACK_EXPIRE_US)).toBe(0); // flusher has not run since expiry
    expect(file.durableLength(35_000_000)).toBe(1);
    const early = new Disk();
    const f2 = early.appendFile<number>("log");
    f2.append(1, 1_000_000);
    early.powerLoss(20_000_000, new Random(1, "h"));
    // may keep a random part of the tail, but nothing was durable: run many seeds to see both
    const outcomes = new Set<number>();
    for (let s = 0; s < 20; s++) {
      const d = new Disk();
      const f = d.appendFile<number>("log");
      f.append(1, 1_000_000);
      d.powerLoss(20_000_000, new Random(s, "h"));
      outcomes.add(f.length);
    }
    expect(outcomes).toEqual(new Set([0, 1]));
  });

  it("checkpoint files are replaced atomically; an unsynced replacement can be lost on power loss", () => {
    const disk = new Disk();
    const cp = disk.checkpoint<number>("hw");
    cp.write(5, 0, true);
    cp.write(9, 1000, false);
    expect(cp.read()).toBe(9);
    disk.powerLoss(2000, new Random(1, "h"));
    expect(cp.read()).toBe(5);
  });

  it("disk loss wipes the data directory", () => {
    const disk = new Disk();
    disk.appendFile("a").append(1, 0);
    disk.wipe();
    expect(disk.hasFile("a")).toBe(false);
    expect(disk.generation).toBe(1);
  });

  it("lists a directory's append files, sorted, through its index, and any other prefix by scanning", () => {
    const disk = new Disk();
    for (const name of ["b-0/2.log", "a-1/0.log", "a-0/5.log", "a-0/0.log", "a-0/sub/x.log", "top.log", "a-10/0.log"]) disk.appendFile(name);
    disk.checkpoint("a-0/partition.metadata");
    expect(disk.listAppendFiles("a-0/")).toEqual(["a-0/0.log", "a-0/5.log", "a-0/sub/x.log"]);
    expect(disk.listAppendFiles("a-0/sub/")).toEqual(["a-0/sub/x.log"]);
    expect(disk.listAppendFiles("a-")).toEqual(["a-0/0.log", "a-0/5.log", "a-0/sub/x.log", "a-1/0.log", "a-10/0.log"]);
    expect(disk.listAppendFiles()).toEqual(["a-0/0.log", "a-0/5.log", "a-0/sub/x.log", "a-1/0.log", "a-10/0.log", "b-0/2.log", "top.log"]);
    disk.deleteFile("a-0/0.log");
    disk.deleteFile("a-0/partition.metadata");
    expect(disk.listAppendFiles("a-0/")).toEqual(["a-0/5.log", "a-0/sub/x.log"]);
    expect(disk.listAppendFiles("c-0/")).toEqual([]);
    disk.wipe();
    expect(disk.listAppendFiles("a-0/")).toEqual([]);
    disk.appendFile("a-0/9.log");
    expect(disk.listAppendFiles("a-0/")).toEqual(["a-0/9.log"]);
  });
});
