/**
 * What the leader knows about one follower from its fetches (Kafka's Replica state: LEO, last
 * caught-up time, last fetch time and the leader's LEO then, broker epoch).
 *
 * Kafka reads every fetch-session partition on every follower fetch, so each fetch refreshes the
 * follower state of all of them (Replica.updateFetchStateOrThrow). For a partition settled in the
 * follower's session (FetchHandler: nothing new to read, fetch offset = leader LEO) that refresh is
 * a fetch at that same offset at the time of each later fetch of the session. Instead of applying
 * it to every settled partition on every fetch, a settled replica is linked to its session's
 * {@link FollowerFetchClock} and reads the refresh through its accessors; the refresh is written
 * into the fields when the link ends (the partition changes, leaves the session, the session
 * closes) or a field is written. The values read are the ones the per-fetch refresh would give.
 */
import type { Micros } from "../../sim/time.js";

/** A follower's fetches on one fetch session, as the leader counts them: how many, and the time and broker epoch of the latest. */
export interface FollowerFetchClock {
  fetches: number;
  lastFetchUs: Micros;
  brokerEpoch: number;
}

interface SettledLink {
  /** Whose link this is (a session partition): only it may end the link. */
  owner: object;
  clock: FollowerFetchClock;
  /** `clock.fetches` when linked: later fetches refresh the state. */
  since: number;
  fetchOffset: number;
}

export class RemoteReplica {
  private leo = -1;
  private caughtUpUs: Micros;
  private fetchUs: Micros = 0;
  private fetchLeaderLeo = -1;
  private epoch = -1;
  private link: SettledLink | null = null;

  constructor(
    readonly brokerId: number,
    lastCaughtUpTimeUs: Micros,
    /** Told when the follower's LEO changes (the leader's ISR expiry looks only at partitions where it may lag). */
    private readonly logEndOffsetChanged: (() => void) | null = null,
  ) {
    this.caughtUpUs = lastCaughtUpTimeUs;
  }

  /** The follower's LEO as of its last fetch; -1 until it fetches in the current leader epoch. */
  get logEndOffset(): number {
    return this.refreshed() ? this.link!.fetchOffset : this.leo;
  }

  set logEndOffset(value: number) {
    this.materialise();
    if (value === this.leo) return;
    this.leo = value;
    this.logEndOffsetChanged?.();
  }

  /** §1.3: the last time the follower was known to have caught up with the leader's LEO. */
  get lastCaughtUpTimeUs(): Micros {
    return this.refreshed() ? Math.max(this.caughtUpUs, this.link!.clock.lastFetchUs) : this.caughtUpUs;
  }

  set lastCaughtUpTimeUs(value: Micros) {
    this.materialise();
    this.caughtUpUs = value;
  }

  get lastFetchTimeUs(): Micros {
    return this.refreshed() ? this.link!.clock.lastFetchUs : this.fetchUs;
  }

  set lastFetchTimeUs(value: Micros) {
    this.materialise();
    this.fetchUs = value;
  }

  /** The leader's LEO at the follower's previous fetch. */
  get lastFetchLeaderLogEndOffset(): number {
    return this.refreshed() ? this.link!.fetchOffset : this.fetchLeaderLeo;
  }

  set lastFetchLeaderLogEndOffset(value: number) {
    this.materialise();
    this.fetchLeaderLeo = value;
  }

  /** Broker epoch carried in the follower's last fetch (KIP-903), -1 unknown. */
  get brokerEpoch(): number {
    return this.refreshed() ? this.link!.clock.brokerEpoch : this.epoch;
  }

  set brokerEpoch(value: number) {
    this.materialise();
    this.epoch = value;
  }

  /** From the next fetch counted by `clock` on, every fetch is one at `fetchOffset` (= the leader's LEO). */
  settle(owner: object, clock: FollowerFetchClock, fetchOffset: number): void {
    this.materialise();
    this.link = { owner, clock, since: clock.fetches, fetchOffset };
  }

  /** `owner`'s partition is no longer settled: the fetches counted so far are written into the state. */
  unsettle(owner: object): void {
    if (this.link?.owner === owner) this.materialise();
  }

  private refreshed(): boolean {
    const link = this.link;
    return link !== null && link.clock.fetches > link.since;
  }

  private materialise(): void {
    const link = this.link;
    if (link === null) return;
    this.link = null;
    if (link.clock.fetches <= link.since) return;
    // updateFollowerFetchState with fetch offset = leader LEO, at the latest fetch.
    const at = link.clock.lastFetchUs;
    this.caughtUpUs = Math.max(this.caughtUpUs, at);
    this.leo = link.fetchOffset;
    this.fetchLeaderLeo = link.fetchOffset;
    this.fetchUs = at;
    this.epoch = link.clock.brokerEpoch;
  }
}
