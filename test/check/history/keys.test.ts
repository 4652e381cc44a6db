import { describe, expect, it } from "vitest";
import { nonZero, Story } from "./fixture.js";

/** The converged final logs of some partitions of orders, each value at its offset. */
function finals(story: Story, logs: Record<number, string[]>): void {
  for (const [partition, values] of Object.entries(logs)) story.final(values, { partition: Number(partition) });
}

describe("nonmonotonic-key: a group reads one producer's records of one key out of send order (Reference: docs/anomalies.md; Kafka documentation, Topics and Logs — order only within a partition; BuiltInPartitioner.partitionForKey)", () => {
  it("a key moved to another partition whose new record is read before its older one counts once, and says why", () => {
    const story = new Story();
    story.send("old", { key: "k", partition: 0, offset: 0 });
    story.send("new", { key: "k", partition: 2, offset: 0 });
    story.poll("g1-2#1", [[0, "new"]], { partition: 2 });
    story.poll("g1-1#1", [[0, "old"]], { partition: 0 });
    finals(story, { 0: ["old"], 2: ["new"] });
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "nonmonotonic-key": 1 });
    const anomaly = analysis.anomalies[0]!;
    expect(anomaly).toMatchObject({ type: "nonmonotonic-key", partition: "orders-2", value: "new", details: { key: "k", earlierValue: "old" } });
    expect(anomaly.explanation).toContain("the key's records went to two partitions");
  });

  it("the same records read in send order, null keys, and two producers' records of one key are not counted", () => {
    const inOrder = new Story();
    inOrder.send("old", { key: "k", partition: 0, offset: 0 });
    inOrder.send("new", { key: "k", partition: 2, offset: 0 });
    inOrder.poll("g1-1#1", [[0, "old"]], { partition: 0 });
    inOrder.poll("g1-2#1", [[0, "new"]], { partition: 2 });
    finals(inOrder, { 0: ["old"], 2: ["new"] });
    expect(nonZero(inOrder.analyse())).toEqual({});

    const nullKeys = new Story();
    nullKeys.send("old", { partition: 0, offset: 0 });
    nullKeys.send("new", { partition: 2, offset: 0 });
    nullKeys.poll("g1-2#1", [[0, "new"]], { partition: 2 });
    nullKeys.poll("g1-1#1", [[0, "old"]], { partition: 0 });
    finals(nullKeys, { 0: ["old"], 2: ["new"] });
    expect(nonZero(nullKeys.analyse())).toEqual({});

    const twoProducers = new Story();
    twoProducers.send("old", { key: "k", partition: 0, offset: 0 });
    twoProducers.send("new", { key: "k", partition: 2, offset: 0, process: "p2#1" });
    twoProducers.poll("g1-2#1", [[0, "new"]], { partition: 2 });
    twoProducers.poll("g1-1#1", [[0, "old"]], { partition: 0 });
    finals(twoProducers, { 0: ["old"], 2: ["new"] });
    expect(nonZero(twoProducers.analyse())).toEqual({});
  });

  it("within one partition a later send that landed first is read first: nonmonotonic-key beside nonmonotonic-send", () => {
    const story = new Story();
    story.send("a", { key: "k", partition: 0, offset: 1 });
    story.send("b", { key: "k", partition: 0, offset: 0 });
    story.poll("g1-1#1", [
      [0, "b"],
      [1, "a"],
    ]);
    finals(story, { 0: ["b", "a"] });
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "nonmonotonic-send": 1, "nonmonotonic-key": 1 });
    expect(analysis.anomalies.find((a) => a.type === "nonmonotonic-key")!.explanation).toContain("landed at a lower offset");
  });
});
