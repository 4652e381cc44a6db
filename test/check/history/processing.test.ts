import { describe, expect, it } from "vitest";
import { nonZero, records, Story } from "./fixture.js";

const VALUES = ["a", "b", "c", "d", "e"];

function fiveRecords(): Story {
  const story = new Story();
  VALUES.forEach((value, offset) => story.send(value, { offset }));
  story.final(VALUES);
  return story;
}

describe("lost-processing and duplicate-processing (Reference: docs/anomalies.md consumer-processing anomalies)", () => {
  it("Reference: docs/anomalies.md lost-processing — commit before processing, then a crash: the committed offset passed unprocessed records", () => {
    const story = fiveRecords();
    story.assign("g1-1#1", [0]);
    story.poll("g1-1#1", records(["a", "b", "c"]), { atMs: 1000 });
    story.commit("g1-1#1", 3);
    story.process("g1-1#1", 0, "a");
    story.crash("g1-1#1", 1500);
    story.assign("g1-2#1", [0]);
    story.reset("g1-2#1", 3, "committed");
    story.poll("g1-2#1", records(["d", "e"], 3));
    story.process("g1-2#1", 3, "d");
    story.process("g1-2#1", 4, "e");
    story.commit("g1-2#1", 5);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "lost-processing": 2 });
    expect(analysis.anomalies.map((anomaly) => anomaly.value)).toEqual(["b", "c"]);
    expect(analysis.anomalies[0]!.explanation).toContain("g1 committed offset 5 for orders-0");
    expect(analysis.anomalies[0]!.explanation).toContain("g1-1#1 polled it at 1.000100s and crashed at 1.500s");
  });

  it("Reference: docs/anomalies.md duplicate-processing — processing, then a crash before the commit: the records are processed again", () => {
    const story = fiveRecords();
    story.assign("g1-1#1", [0]);
    story.poll("g1-1#1", records(["a", "b"]));
    story.process("g1-1#1", 0, "a");
    story.process("g1-1#1", 1, "b");
    story.crash("g1-1#1");
    story.assign("g1-2#1", [0]);
    story.reset("g1-2#1", 0, "earliest");
    story.poll("g1-2#1", records(VALUES));
    VALUES.forEach((value, offset) => story.process("g1-2#1", offset, value));
    story.commit("g1-2#1", 5);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "duplicate-processing": 2 });
    expect(analysis.anomalies[0]).toMatchObject({ value: "a", details: { processes: ["g1-1#1", "g1-2#1"] } });
    expect(analysis.anomalies[0]!.explanation).toContain("g1-1#1 crashed at");
  });

  it("processing every record once and committing after it is clean", () => {
    const story = fiveRecords();
    story.poll("g1-1#1", records(VALUES));
    VALUES.forEach((value, offset) => story.process("g1-1#1", offset, value));
    story.commit("g1-1#1", 5);
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("a group that records no processing at all is not checked for processing anomalies", () => {
    const story = fiveRecords();
    story.poll("g1-1#1", records(VALUES));
    story.commit("g1-1#1", 5);
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("records below the group's initial auto.offset.reset=latest position are not owed processing", () => {
    const story = fiveRecords();
    story.reset("g1-1#1", 3, "latest");
    story.poll("g1-1#1", records(["d", "e"], 3));
    story.process("g1-1#1", 3, "d");
    story.process("g1-1#1", 4, "e");
    story.commit("g1-1#1", 5);
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("a failed commit promises nothing", () => {
    const story = fiveRecords();
    story.poll("g1-1#1", records(VALUES));
    story.process("g1-1#1", 0, "a");
    story.commit("g1-1#1", 5, "failed");
    story.poll("g1-2#1", records(VALUES.slice(1), 1));
    VALUES.slice(1).forEach((value, i) => story.process("g1-2#1", i + 1, value));
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({});
    expect(analysis.errors).toEqual({ REBALANCE_IN_PROGRESS: 1 });
  });
});

describe("records skipped at offsets reused after a log truncation (Reference: KIP-320, docs/anomalies.md unseen and lost-processing)", () => {
  /**
   * g1 reads a0…a3 at offsets 0–3; the log is truncated to 2 and the new leader writes n2, n3, n4
   * there. A consumer that does not validate its position (no KIP-320) fetches on at offset 4: it
   * returns n4 and never n2, n3.
   */
  function skippedAtReusedOffsets(): Story {
    const story = new Story();
    ["a0", "a1", "a2", "a3"].forEach((value, offset) => story.send(value, { offset }));
    story.assign("g1-1#1", [0]);
    story.reset("g1-1#1", 0, "earliest");
    story.poll("g1-1#1", records(["a0", "a1", "a2", "a3"]), { atMs: 1000 });
    ["a0", "a1", "a2", "a3"].forEach((value, offset) => story.process("g1-1#1", offset, value));
    ["n2", "n3", "n4"].forEach((value, i) => story.send(value, { offset: 2 + i, atMs: 5000 + i, process: "p2#1" }));
    story.poll("g1-1#1", records(["n4"], 4), { atMs: 6000 });
    story.process("g1-1#1", 4, "n4");
    story.commit("g1-1#1", 5);
    story.final(["a0", "a1", "n2", "n3", "n4"]);
    return story;
  }

  it("unseen and lost-processing say which record the group read at the reused offset, not 'commit before processing'", () => {
    const analysis = skippedAtReusedOffsets().analyse();
    expect(nonZero(analysis)).toEqual({ "lost-write": 2, "inconsistent-offsets": 2, unseen: 2, "lost-processing": 2 });
    const unseen = analysis.anomalies.filter((a) => a.type === "unseen");
    const lost = analysis.anomalies.filter((a) => a.type === "lost-processing");
    expect(unseen.map((a) => a.value)).toEqual(["n2", "n3"]);
    expect(lost.map((a) => a.value)).toEqual(["n2", "n3"]);
    for (const anomaly of [...unseen, ...lost]) {
      expect(anomaly.explanation).toContain(`g1 had read offset ${anomaly.offset} when it held a${anomaly.offset} (g1-1#1 at 1.000100s)`);
      expect(anomaly.explanation).toContain("skipped the records written at the reused offsets");
      expect(anomaly.explanation).not.toContain("commit before processing");
      expect(anomaly.details).toMatchObject({ readInstead: `a${anomaly.offset}` });
    }
  });
});
