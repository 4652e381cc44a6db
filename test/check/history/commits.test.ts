/**
 * `stale-commit`: an offset commit of a generation the group had already left behind, accepted.
 * Reference: Kafka's ClassicGroup.validateOffsetCommit — a commit that carries a generation must
 * come from a member in the group's current generation (UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION).
 */
import { describe, expect, it } from "vitest";
import { nonZero, Story } from "./fixture.js";

/** g1-1 owns orders-0 in generation 1 and commits 5; g1-2 takes it over in generation 2 and commits 8. */
function rebalanced(): Story {
  const story = new Story();
  story.assign("g1-1#1", [0], [], "g1", 1);
  story.commit("g1-1#1", 5, "ok", "g1", 0, 1);
  story.assign("g1-2#1", [0], [], "g1", 2);
  story.commit("g1-2#1", 8, "ok", "g1", 0, 2);
  return story;
}

describe("stale-commit (Reference: ClassicGroup.validateOffsetCommit, ILLEGAL_GENERATION)", () => {
  it("a zombie's commit of generation 1, sent after the group handed out generation 2 and accepted, is one stale commit", () => {
    const story = rebalanced();
    story.commit("g1-1#1", 5, "ok", "g1", 0, 1);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "stale-commit": 1 });
    const [anomaly] = analysis.anomalies;
    expect(anomaly).toMatchObject({ type: "stale-commit", partition: "orders-0", offset: 5, details: { generation: 1, newerGeneration: 2 } });
    expect(anomaly!.explanation).toContain("g1-2#1 was assigned orders-0 in it");
    expect(anomaly!.explanation).toContain("ILLEGAL_GENERATION");
    expect(anomaly!.explanation).toContain("moved the committed offset of orders-0 from 8 back to 5");
  });

  it("the same commit rejected by the coordinator is what Kafka does: no anomaly", () => {
    const story = rebalanced();
    story.commit("g1-1#1", 5, "failed", "g1", 0, 1);
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("a commit of generation 1 sent before generation 2 was handed out may be accepted (the group was still in generation 1)", () => {
    const story = new Story();
    story.assign("g1-1#1", [0], [], "g1", 1);
    const done = story.commitStarted("g1-1#1", 5, 1);
    story.assign("g1-2#1", [0], [], "g1", 2);
    done("ok");
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("a revocation alone is no evidence of a newer generation (its SyncGroup may never have completed)", () => {
    const story = new Story();
    story.assign("g1-1#1", [0], [], "g1", 1);
    story.assign("g1-2#1", [], [1], "g1", 2);
    story.commit("g1-1#1", 5, "ok", "g1", 0, 1);
    expect(nonZero(story.analyse())).toEqual({});
  });

  it("an accepted commit of a newer generation is evidence too", () => {
    const story = new Story();
    story.commit("g1-2#1", 8, "ok", "g1", 0, 3);
    story.commit("g1-1#1", 5, "ok", "g1", 0, 2);
    const analysis = story.analyse();
    expect(nonZero(analysis)).toEqual({ "stale-commit": 1 });
    expect(analysis.anomalies[0]!.explanation).toContain("a commit of g1-2#1 in it was accepted");
  });

  it("commits outside group management (no generation) and other groups' generations are not compared", () => {
    const story = rebalanced();
    story.commit("admin#1", 3, "ok", "g1", 0);
    story.commit("g2-1#1", 1, "ok", "g2", 0, 1);
    expect(nonZero(story.analyse())).toEqual({});
  });
});
