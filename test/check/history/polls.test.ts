import { describe, expect, it } from "vitest";
import { nonZero, records, Story } from "./fixture.js";

const VALUES = ["a", "b", "c", "d", "e"];

/** Five acknowledged records at offsets 0..4, all in the final log and all read by group g2. */
function fiveRecords(): Story {
  const story = new Story();
  VALUES.forEach((value, offset) => story.send(value, { offset }));
  story.poll("g2-1#1", records(VALUES), { group: "g2" });
  story.final(VALUES);
  return story;
}

describe("poll-skip, nonmonotonic-poll and their int- forms (Reference: docs/anomalies.md)", () => {
  it("Reference: docs/anomalies.md poll-skip — the next poll jumped over a known index with no rebalance", () => {
    const story = fiveRecords();
    story.poll("g1-1#1", records(["a", "b"]), { atMs: 2000 });
    story.poll("g1-1#1", records(["d", "e"], 3), { atMs: 2100 });
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "poll-skip": 1, unseen: 1 });
    const skip = analysis.anomalies.find((anomaly) => anomaly.type === "poll-skip");
    expect(skip).toMatchObject({ offset: 3, value: "d", details: { fromOffset: 1, toOffset: 3 } });
    expect(skip!.explanation).toContain("skipping 1 known record at offset 2 (c)");
  });

  it("Reference: docs/anomalies.md nonmonotonic-poll — the next poll started at or before where the previous one ended", () => {
    const story = fiveRecords();
    story.poll("g1-1#1", records(["a", "b", "c"]));
    story.poll("g1-1#1", records(["b", "c", "d", "e"], 1));
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "nonmonotonic-poll": 1 });
    expect(analysis.anomalies[0]!.explanation).toContain("re-delivery");
  });

  it("a rebalance between polls legitimately re-delivers and skips: no poll anomaly", () => {
    const story = fiveRecords();
    story.assign("g1-1#1", [0]);
    story.poll("g1-1#1", records(["a", "b", "c"]));
    story.assign("g1-1#1", [], [0]);
    story.assign("g1-1#1", [0]);
    story.poll("g1-1#1", records(["b", "c"], 1));
    story.assign("g1-1#1", [], [0]);
    story.assign("g1-1#1", [0]);
    story.poll("g1-1#1", records(["e"], 4));
    story.poll("g1-2#1", records(["d"], 3));
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("a position reset between polls (committed offset, out-of-range) is legitimate too", () => {
    const story = fiveRecords();
    story.poll("g1-1#1", records(["a", "b", "c"]));
    story.reset("g1-1#1", 1, "committed");
    story.poll("g1-1#1", records(["b", "c", "d", "e"], 1));
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("a rebalance that moves another partition does not excuse a skip on this one", () => {
    const story = fiveRecords();
    story.poll("g1-1#1", records(["a", "b"]));
    story.assign("g1-1#1", [], [1]);
    story.poll("g1-1#1", records(["e"], 4));
    expect(nonZero(story.analyse())).toMatchObject({ "poll-skip": 1 });
  });

  it("Reference: docs/anomalies.md int-poll-skip and int-nonmonotonic-poll — inside one poll's batch", () => {
    const story = fiveRecords();
    story.poll("g1-1#1", [
      [0, "a"],
      [2, "c"],
      [3, "d"],
      [1, "b"],
      [4, "e"],
    ]);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "int-poll-skip": 2, "int-nonmonotonic-poll": 1 });
    const backwards = analysis.anomalies.find((anomaly) => anomaly.type === "int-nonmonotonic-poll");
    expect(backwards!.explanation).toContain("returned offset 1 right after offset 3");
  });

  it("sparse offsets (transaction markers) are compared by index in the version order: no skip", () => {
    const story = new Story();
    const sparse: [number, string][] = [
      [0, "a"],
      [2, "b"],
      [5, "c"],
      [6, "d"],
    ];
    for (const [offset, value] of sparse) story.send(value, { offset });
    story.poll("g1-1#1", sparse.slice(0, 2));
    story.poll("g1-1#1", sparse.slice(2));
    story.final(sparse.map(([offset, value]) => ({ offset, value, leaderEpoch: 0 })));
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("polls of different partitions and empty polls in between do not disturb each other", () => {
    const story = new Story();
    for (const partition of [0, 1]) {
      ["a", "b", "c"].forEach((value, offset) => story.send(`${value}${partition}`, { offset, partition }));
    }
    story.poll("g1-1#1", [[0, "a0"]], { partition: 0 });
    story.poll(
      "g1-1#1",
      [
        [0, "a1"],
        [1, "b1"],
      ],
      { partition: 1 },
    );
    story.poll("g1-1#1", []);
    story.poll(
      "g1-1#1",
      [
        [1, "b0"],
        [2, "c0"],
      ],
      { partition: 0 },
    );
    story.poll("g1-1#1", [[2, "c1"]], { partition: 1 });
    story.final(["a0", "b0", "c0"], { partition: 0 });
    story.final(["a1", "b1", "c1"], { partition: 1 });
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("a restarted consumer (new process) starts its comparison afresh", () => {
    const story = fiveRecords();
    story.poll("g1-1#1", records(["a", "b", "c"]));
    story.crash("g1-1#1");
    story.poll("g1-1#2", records(["b", "c", "d", "e"], 1));
    expect(nonZero(story.analyse())).toEqual({});
  });
});
