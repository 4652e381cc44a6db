import { describe, expect, it } from "vitest";
import { nonZero, records, Story, TOPIC } from "./fixture.js";

describe("lost-write, unreadable, unseen (Reference: docs/anomalies.md)", () => {
  it("a correct history with everything read has no anomaly", () => {
    const story = new Story();
    ["a", "b", "c"].forEach((value, offset) => story.send(value, { offset }));
    story.poll("g1-1#1", records(["a", "b", "c"]));
    story.final(["a", "b", "c"]);
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("Reference: docs/anomalies.md lost-write — an acks=1 record acknowledged at the tail and missing from the converged leader's log is lost", () => {
    const story = new Story();
    story.send("a", { offset: 0, acks: "1" });
    story.send("b", { offset: 1, acks: "1" });
    story.send("c", { offset: 2, acks: "1", atMs: 5000, doneMs: 5002 });
    story.event(5004, "fault", "broker-1 crashed", { broker: "broker-1" });
    story.event(5050, "leader-change", "broker-2 became leader of orders-0 (epoch 1)", { partition: "orders-0" });
    story.poll("g1-1#1", records(["a", "b"]), { atMs: 6000 });
    story.final(["a", "b"]);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "lost-write": 1 });
    const [lost] = analysis.anomalies;
    expect(lost).toMatchObject({ type: "lost-write", partition: "orders-0", offset: 2, value: "c" });
    expect(lost!.explanation).toContain("acknowledged by broker-1 (acks=1) at 5.002s at offset 2");
    expect(lost!.explanation).toContain("5.004s broker-1 crashed");
    expect(lost!.explanation).toContain("5.050s broker-2 became leader");
  });

  it("Reference: docs/anomalies.md lost-write — Jepsen's rule: a poll read past an acknowledged record no poll ever returned", () => {
    const story = new Story();
    ["a", "b", "c"].forEach((value, offset) => story.send(value, { offset }));
    story.poll("g1-1#1", [
      [0, "a"],
      [2, "c"],
    ]);
    // No final state for the partition: only the reads can convict.
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "lost-write": 1, "int-poll-skip": 1 });
    expect(analysis.anomalies[0]).toMatchObject({ type: "lost-write", value: "b", details: { rule: "read-past" } });
  });

  it("Reference: docs/anomalies.md unavailable (kafkasim's unreadable) — the partition did not converge and a replica still holds the acknowledged record", () => {
    const story = new Story();
    story.send("a", { offset: 0 });
    story.send("b", { offset: 1 });
    story.send("c", { offset: 2 });
    story.poll("g1-1#1", records(["a"]));
    const final = story.final(["a"]);
    final.converged = false;
    final.whyNotConverged = "broker-3 is not in the ISR";
    final.replicas[2] = { broker: "broker-3", highWatermark: 1, log: ["a", "b"].map((value, offset) => ({ offset, value, leaderEpoch: 0 })) };
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ unreadable: 1, "lost-write": 1 });
    const unreadable = analysis.anomalies.find((anomaly) => anomaly.type === "unreadable");
    expect(unreadable).toMatchObject({ value: "b", details: { heldBy: "broker-3" } });
    expect(unreadable!.explanation).toContain("did not converge (broker-3 is not in the ISR)");
    expect(analysis.anomalies.find((anomaly) => anomaly.type === "lost-write")).toMatchObject({ value: "c" });
  });

  it("Reference: docs/anomalies.md lost-write — without convergence, a record only a stale replica holds is still lost once readers moved past it", () => {
    const story = new Story();
    story.send("a", { offset: 0, acks: "1" });
    story.send("b", { offset: 1, acks: "1" });
    story.send("x", { offset: 1, process: "p2#1" });
    story.send("y", { offset: 2, process: "p2#1" });
    story.poll("g1-1#1", records(["a", "x", "y"]));
    const final = story.final(["a", "x", "y"], { leader: "broker-2", followers: ["broker-3"] });
    final.converged = false;
    final.whyNotConverged = "broker-1 has not caught up";
    final.replicas.push({ broker: "broker-1", highWatermark: 2, log: ["a", "b"].map((value, offset) => ({ offset, value, leaderEpoch: 0 })) });
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "lost-write": 1, "inconsistent-offsets": 1 });
    const lost = analysis.anomalies.find((anomaly) => anomaly.type === "lost-write");
    expect(lost).toMatchObject({ value: "b", details: { rule: "read-past", readPastBy: "g1" } });
    expect(lost!.explanation).toContain("only broker-1 still holds it");
  });

  it("Reference: docs/anomalies.md placing records — sends of unknown outcome and acks=0 that never appear are not lost", () => {
    const story = new Story();
    story.send("a", { offset: 0 });
    story.send("timed-out", { outcome: "unknown", error: "REQUEST_TIMED_OUT" });
    story.send("fire-and-forget", { acks: "0" });
    story.send("refused", { outcome: "failed", error: "NOT_ENOUGH_REPLICAS" });
    story.poll("g1-1#1", records(["a"]));
    story.final(["a"]);
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("Reference: docs/anomalies.md lost-write — an unknown-outcome send that a poll observed and the final log lacks is lost", () => {
    const story = new Story();
    story.send("a", { offset: 0 });
    story.send("maybe", { outcome: "unknown" });
    story.poll("g1-1#1", records(["a", "maybe"]));
    story.final(["a"]);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "lost-write": 1 });
    expect(analysis.anomalies[0]).toMatchObject({ value: "maybe", offset: 1 });
    expect(analysis.anomalies[0]!.explanation).toContain("g1-1#1 (g1) polled it");
  });

  it("Reference: docs/anomalies.md placing records — DUPLICATE_SEQUENCE_NUMBER (success without an offset) is placed by value", () => {
    const present = new Story();
    present.send("a", { offset: 0 });
    present.send("b", { error: "DUPLICATE_SEQUENCE_NUMBER" });
    present.send("c", { offset: 2 });
    present.poll("g1-1#1", records(["a", "b", "c"]));
    present.final(["a", "b", "c"]);
    expect(nonZero(present.analyse())).toEqual({});

    const absent = new Story();
    absent.send("a", { offset: 0 });
    absent.send("b", { error: "DUPLICATE_SEQUENCE_NUMBER" });
    absent.poll("g1-1#1", records(["a"]));
    absent.final(["a"]);
    const analysis = absent.analyse();
    expect(nonZero(analysis)).toEqual({ "lost-write": 1 });
    expect(analysis.anomalies[0]!.explanation).toContain("without an offset (DUPLICATE_SEQUENCE_NUMBER)");
  });

  it("records below the log start offset were deleted by retention, not lost", () => {
    const story = new Story();
    ["a", "b", "c"].forEach((value, offset) => story.send(value, { offset }));
    story.poll("g1-1#1", [[2, "c"]]);
    story.final(["c"], { logStartOffset: 2 });
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("Reference: docs/anomalies.md unseen — a record below the HW of a converged leader that the group never polled", () => {
    const story = new Story();
    ["a", "b", "c"].forEach((value, offset) => story.send(value, { offset }));
    story.poll("g1-1#1", records(["a", "b"]));
    story.final(["a", "b", "c"]);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ unseen: 1 });
    expect(analysis.anomalies[0]).toMatchObject({ type: "unseen", offset: 2, value: "c" });
    expect(analysis.anomalies[0]!.explanation).toContain("g1 (polled up to offset 1)");
    expect(story.analyse({ drained: false }).counts.unseen).toBe(0);
  });

  it("Reference: docs/anomalies.md unseen — records below a group's initial auto.offset.reset=latest position are not owed to it", () => {
    const build = (withReset: boolean): Story => {
      const story = new Story();
      ["a", "b", "c"].forEach((value, offset) => story.send(value, { offset }));
      story.assign("g1-1#1", [0]);
      if (withReset) story.reset("g1-1#1", 2, "latest");
      story.poll("g1-1#1", [[2, "c"]]);
      story.final(["a", "b", "c"]);
      return story;
    };
    expect(nonZero(build(true).analyse())).toEqual({});
    expect(nonZero(build(false).analyse())).toEqual({ unseen: 2 });
  });

  it("unseen is only reported for topics some group reads, and counts each record once over several groups", () => {
    const unread = new Story();
    unread.send("a", { offset: 0 });
    unread.final(["a"]);
    expect(nonZero(unread.analyse())).toEqual({});

    const twoGroups = new Story();
    twoGroups.send("a", { offset: 0 });
    twoGroups.poll("g2-1#1", [], { group: "g2" });
    twoGroups.assign("g1-1#1", [0]);
    twoGroups.recorder.recordAssign({
      process: "g2-1#1",
      consumer: "g2-1",
      group: "g2",
      atUs: 1,
      generation: 1,
      assigned: [{ topic: TOPIC, partition: 0 }],
      revoked: [],
    });
    twoGroups.final(["a"]);
    const analysis = twoGroups.analyse();
    expect(nonZero(analysis)).toEqual({ unseen: 1 });
    expect(analysis.anomalies[0]!.details).toMatchObject({ groups: ["g1", "g2"] });
  });
});
