/**
 * RemoteReplica's settled link: a follower state linked to its fetch session's clock reads as if
 * every later fetch of the session had been applied to it (Replica.updateFetchStateOrThrow at the
 * leader's LEO, which Kafka applies because it reads every session partition on every fetch).
 * Reference: KIP-227 (fetch sessions), Kafka's Replica.updateFetchStateOrThrow.
 */
import { describe, expect, it } from "vitest";
import { updateFollowerFetchState } from "../../../src/kafka/replication/isr.js";
import { RemoteReplica, type FollowerFetchClock } from "../../../src/kafka/replication/remote-replica.js";

const fields = (r: RemoteReplica) => ({
  logEndOffset: r.logEndOffset,
  lastCaughtUpTimeUs: r.lastCaughtUpTimeUs,
  lastFetchTimeUs: r.lastFetchTimeUs,
  lastFetchLeaderLogEndOffset: r.lastFetchLeaderLogEndOffset,
  brokerEpoch: r.brokerEpoch,
});

describe("RemoteReplica settled in a fetch session", () => {
  it("reads, fetch after fetch, what applying each fetch at the leader's LEO gives, and keeps it once unsettled", () => {
    const eager = new RemoteReplica(2, 1_000);
    const lazy = new RemoteReplica(2, 1_000);
    // A fetch at 7 while the leader's LEO was 9, then settled at 9.
    for (const r of [eager, lazy]) updateFollowerFetchState(r, 7, 9, 2_000, 5);
    const clock: FollowerFetchClock = { fetches: 3, lastFetchUs: 2_000, brokerEpoch: 5 };
    const owner = {};
    lazy.settle(owner, clock, 9);
    // Not yet refreshed: the state is the last read's.
    expect(fields(lazy)).toEqual(fields(eager));
    expect(lazy.lastFetchLeaderLogEndOffset).toBe(9);
    expect(lazy.logEndOffset).toBe(7);
    for (const [at, epoch] of [
      [2_500, 5],
      [3_000, 5],
      [3_500, 6],
    ] as const) {
      updateFollowerFetchState(eager, 9, 9, at, epoch);
      clock.fetches++;
      clock.lastFetchUs = at;
      clock.brokerEpoch = epoch;
      expect(fields(lazy)).toEqual(fields(eager));
    }
    expect(lazy.logEndOffset).toBe(9);
    expect(lazy.lastCaughtUpTimeUs).toBe(3_500);
    // Another owner cannot end the link; the owner can, and later fetches no longer count.
    lazy.unsettle({});
    clock.fetches++;
    clock.lastFetchUs = 4_000;
    updateFollowerFetchState(eager, 9, 9, 4_000, 6);
    expect(fields(lazy)).toEqual(fields(eager));
    lazy.unsettle(owner);
    clock.fetches++;
    clock.lastFetchUs = 4_500;
    expect(fields(lazy)).toEqual(fields(eager));
    // A write after the link ended applies to the refreshed state.
    for (const r of [eager, lazy]) updateFollowerFetchState(r, 9, 12, 5_000, 6);
    expect(fields(lazy)).toEqual(fields(eager));
  });

  it("a field written while settled first takes the fetches counted so far", () => {
    const eager = new RemoteReplica(3, 0);
    const lazy = new RemoteReplica(3, 0);
    for (const r of [eager, lazy]) updateFollowerFetchState(r, 4, 4, 100, 1);
    const clock: FollowerFetchClock = { fetches: 0, lastFetchUs: 100, brokerEpoch: 1 };
    lazy.settle({}, clock, 4);
    clock.fetches++;
    clock.lastFetchUs = 600;
    updateFollowerFetchState(eager, 4, 4, 600, 1);
    for (const r of [eager, lazy]) r.brokerEpoch = 2;
    clock.fetches++;
    clock.lastFetchUs = 1_100;
    expect(fields(lazy)).toEqual(fields(eager));
  });
});
