import { describe, expect, it } from "vitest";
import { nonZero, records, Story } from "./fixture.js";

describe("duplicate, inconsistent-offsets, nonmonotonic-send (Reference: docs/anomalies.md)", () => {
  it("Reference: docs/anomalies.md duplicate — an unknown-outcome send that appears twice in the final log is a duplicate", () => {
    const story = new Story();
    story.send("a", { offset: 0 });
    story.send("retried", { outcome: "unknown", error: "REQUEST_TIMED_OUT" });
    story.send("c", { offset: 3 });
    story.poll("g1-1#1", records(["a", "retried", "b", "c"]));
    story.send("b", { offset: 2, process: "p2#1" });
    story.final(
      ["a", "retried", "b", "c"].map((value, offset) => ({ offset, value, leaderEpoch: 0 })).concat([{ offset: 4, value: "retried", leaderEpoch: 0 }]),
    );
    story.poll("g1-1#1", [[4, "retried"]]);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ duplicate: 1 });
    expect(analysis.anomalies[0]).toMatchObject({ type: "duplicate", value: "retried", offset: 1, details: { offsets: [1, 4] } });
    expect(analysis.anomalies[0]!.explanation).toContain("offset 1 (poll by g1-1#1");
    expect(analysis.anomalies[0]!.explanation).toContain("REQUEST_TIMED_OUT");
  });

  it("Reference: docs/anomalies.md duplicate — an acknowledged record also found at a second offset", () => {
    const story = new Story();
    story.send("a", { offset: 0 });
    story.final(["a", "a"]);
    story.poll("g1-1#1", records(["a", "a"]));
    expect(nonZero(story.analyse())).toEqual({ duplicate: 1 });
  });

  it("reading the same offset twice after a rebalance is not a duplicate", () => {
    const story = new Story();
    ["a", "b"].forEach((value, offset) => story.send(value, { offset }));
    story.assign("g1-1#1", [0]);
    story.poll("g1-1#1", records(["a", "b"]));
    story.assign("g1-1#1", [], [0]);
    story.assign("g1-2#1", [0]);
    story.poll("g1-2#1", records(["a", "b"]));
    story.final(["a", "b"]);
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("Reference: docs/anomalies.md inconsistent-offsets — an acknowledgement and the converged leader disagree about an offset", () => {
    const story = new Story();
    story.send("a", { offset: 0, acks: "1" });
    story.send("b", { offset: 1, acks: "1", atMs: 5000 });
    story.event(5010, "unclean-election", "broker-3 was elected uncleanly: it was not in the ISR", { partition: "orders-0" });
    story.send("x", { offset: 1, process: "p2#1", atMs: 6000 });
    story.poll("g1-1#1", records(["a", "x"]));
    story.final(["a", "x"]);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "inconsistent-offsets": 1, "lost-write": 1 });
    const inconsistent = analysis.anomalies.find((anomaly) => anomaly.type === "inconsistent-offsets");
    expect(inconsistent).toMatchObject({ offset: 1, details: { values: ["b", "x"] } });
    expect(inconsistent!.explanation).toContain("broker-3 was elected uncleanly");
  });

  it("Reference: docs/anomalies.md inconsistent-offsets — two polls read different values at one offset", () => {
    const story = new Story();
    story.poll("g1-1#1", [[0, "a"]], { group: "g1" });
    story.poll("g2-1#1", [[0, "z"]], { group: "g2" });
    expect(nonZero(story.analyse())).toEqual({ "inconsistent-offsets": 1 });
  });

  it("Reference: docs/anomalies.md nonmonotonic-send — retries with several requests in flight reorder a producer's sends", () => {
    const story = new Story();
    story.send("m1", { offset: 1, atMs: 10, doneMs: 40 }); // first request failed, retried after m2's
    story.send("m2", { offset: 0, atMs: 11, doneMs: 20 });
    story.send("m3", { offset: 2, atMs: 12, doneMs: 41 });
    story.poll("g1-1#1", records(["m2", "m1", "m3"]));
    story.final(["m2", "m1", "m3"]);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "nonmonotonic-send": 1 });
    expect(analysis.anomalies[0]).toMatchObject({ value: "m2", offset: 0, details: { earlierOffset: 1, laterOffset: 0 } });
    expect(analysis.anomalies[0]!.explanation).toContain("p1#1 sent m1 (0.010s) before m2 (0.011s)");
  });

  it("nonmonotonic-send places unknown-outcome sends by value, and ignores failed sends that never landed", () => {
    const story = new Story();
    story.send("m1", { offset: 0 });
    story.send("lost-in-flight", { outcome: "failed", error: "NOT_ENOUGH_REPLICAS" });
    story.send("m2", { offset: 2 });
    story.send("m3", { outcome: "unknown" }); // landed at offset 1, before m2
    story.poll("g1-1#1", records(["m1", "m3", "m2"]));
    story.final(["m1", "m3", "m2"]);
    expect(nonZero(story.analyse())).toEqual({ "nonmonotonic-send": 1 });
  });

  it("a restarted producer is a new process: its first send may land anywhere", () => {
    const story = new Story();
    story.send("m1", { offset: 1, process: "p1#1" });
    story.send("m2", { offset: 0, process: "p1#2" });
    story.poll("g1-1#1", records(["m2", "m1"]));
    story.final(["m2", "m1"]);
    expect(nonZero(story.analyse())).toEqual({});
  });
});
