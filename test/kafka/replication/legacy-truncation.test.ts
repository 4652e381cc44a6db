import { describe, expect, it } from "vitest";
import { legacyEndOffsetFor, legacyTruncationOffset } from "../../../src/kafka/replication/legacy-truncation.js";

const cache = (...entries: [number, number][]) => ({
  latestEpoch: () => entries.at(-1)?.[0] ?? -1,
  all: () => entries.map(([epoch, startOffset]) => ({ epoch, startOffset })),
});

describe("leader-epoch truncation before KIP-279 (Reference: LeaderEpochFileCache.endOffsetFor and ReplicaFetcherThread.maybeTruncate at 1.1.0)", () => {
  it("the leader answers the start of the first later epoch, without an epoch", () => {
    // Leader A: e0@0, e2@99, e4@355 (the case of EpochDrivenReplicationProtocolAcceptanceTest.logsShouldNotDivergeOnUncleanLeaderElections).
    const leader = cache([0, 0], [2, 99], [4, 355]);
    expect(legacyEndOffsetFor(leader, 3, 600)).toBe(355);
    expect(legacyEndOffsetFor(leader, 4, 600)).toBe(600); // the latest epoch: the LEO
    expect(legacyEndOffsetFor(leader, 5, 600)).toBe(-1); // no later epoch: unknown
    expect(legacyEndOffsetFor(cache([2, 10], [4, 20]), 1, 30)).toBe(-1); // older than every epoch: unknown
  });

  it("the follower truncates to that offset, keeps its log when the offset is at or past its end, and falls back to its HW when unknown", () => {
    expect(legacyTruncationOffset(355, 300, 630)).toBe(355);
    expect(legacyTruncationOffset(700, 300, 630)).toBe(630);
    expect(legacyTruncationOffset(-1, 300, 630)).toBe(300);
  });
});
