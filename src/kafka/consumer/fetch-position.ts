/**
 * One assigned partition's fetch state, as Kafka's `SubscriptionState.TopicPartitionState`:
 * INITIALIZING (no position yet) → FETCHING (a valid position) | AWAIT_RESET (auto.offset.reset is
 * due) | AWAIT_VALIDATION (the leader changed: the position must be checked with
 * OffsetsForLeaderEpoch before fetching again, KIP-320). A position is `FetchPosition`: the next
 * offset, the leader epoch of the record before it (`offsetEpoch`, from the fetched batch or the
 * committed offset) and the leader the consumer fetches it from (`currentLeader`).
 * Only a FETCHING partition that is not pending revocation is fetched, returns records and is
 * committed (`isFetchable`, `hasValidPosition`, `allConsumed`).
 */
import type { PolledRecord, ResetReason } from "../history.js";

/** Kafka's Metadata.LeaderAndEpoch; `node` null = no leader known. */
export interface LeaderAndEpoch {
  readonly node: string | null;
  readonly epoch: number | null;
}

export interface FetchPosition {
  readonly offset: number;
  /** Leader epoch of the last consumed record (or of the committed offset); null = unknown, skip validation. */
  readonly offsetEpoch: number | null;
  readonly currentLeader: LeaderAndEpoch;
}

export type FetchState = "INITIALIZING" | "FETCHING" | "AWAIT_RESET" | "AWAIT_VALIDATION";

/** A fetched record and the leader epoch of its batch. */
export interface BufferedRecord {
  readonly record: PolledRecord;
  readonly epoch: number | null;
}

const sameLeader = (a: LeaderAndEpoch, b: LeaderAndEpoch): boolean => a.node === b.node && a.epoch === b.epoch;

export const samePosition = (a: FetchPosition, b: FetchPosition): boolean =>
  a.offset === b.offset && a.offsetEpoch === b.offsetEpoch && sameLeader(a.currentLeader, b.currentLeader);

/**
 * What a fetcher keeps about the partitions it owns so that a poll looks only at those that need
 * something: how many are in each state, and a version bumped whenever a position's leader node
 * changes (the fetcher's partitions-by-leader grouping is rebuilt then).
 */
export class FetchStateTally {
  readonly inState: Record<FetchState, number> = { INITIALIZING: 0, FETCHING: 0, AWAIT_RESET: 0, AWAIT_VALIDATION: 0 };
  leaderVersion = 0;
}

export class TopicPartitionState {
  private current: FetchState = "INITIALIZING";
  private fetchPosition: FetchPosition | null = null;
  /** `topic-partition`. */
  readonly key: string;
  /** Place in the owner's sorted assignment (set by the owner). */
  rank = 0;
  /** Why the pending reset was requested (recorded in the history when it completes). */
  resetReason: ResetReason | null = null;
  /** No OffsetsForLeaderEpoch / ListOffsets for this partition before this time (Kafka's nextRetryTimeMs). */
  nextRetryUs: number | null = null;
  /** Eager rebalance: the partition is about to be revoked (ConsumerCoordinator.maybeMarkPartitionsPendingRevocation). */
  pendingRevocation = false;
  /** The application got an exception for this partition (auto.offset.reset=none): it is not consumed. */
  failed: string | null = null;
  /** Fetched records from `position.offset` on, not yet returned by poll(). */
  buffer: BufferedRecord[] = [];

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** The owner's tally while the partition is assigned; null once revoked. */
    private tally: FetchStateTally | null = null,
  ) {
    this.key = `${topic}-${partition}`;
    if (tally) tally.inState[this.current]++;
  }

  get state(): FetchState {
    return this.current;
  }

  get position(): FetchPosition | null {
    return this.fetchPosition;
  }

  set position(position: FetchPosition | null) {
    const before = this.fetchPosition;
    this.fetchPosition = position;
    if (this.tally && (before === null || position === null || before.currentLeader.node !== position.currentLeader.node)) this.tally.leaderVersion++;
  }

  /** The partition is no longer assigned: it leaves the owner's tally. */
  release(): void {
    if (!this.tally) return;
    this.tally.inState[this.current]--;
    if (this.fetchPosition !== null) this.tally.leaderVersion++;
    this.tally = null;
  }

  hasValidPosition(): boolean {
    return this.state === "FETCHING" && this.failed === null;
  }

  isFetchable(): boolean {
    return this.hasValidPosition() && !this.pendingRevocation;
  }

  awaitingRetryBackoff(nowUs: number): boolean {
    return this.nextRetryUs !== null && nowUs < this.nextRetryUs;
  }

  /** seekValidated: a position that needs no validation (an offset reset, a detected truncation). */
  seekValidated(position: FetchPosition): void {
    this.transition("FETCHING");
    this.buffer = [];
    this.position = position;
    this.resetReason = null;
  }

  /** seekUnvalidated: a committed offset: validated first when it carries an epoch. */
  seekUnvalidated(position: FetchPosition): void {
    this.seekValidated(position);
    this.validatePosition(position);
  }

  /** requestOffsetReset: auto.offset.reset is due. */
  reset(reason: ResetReason): void {
    this.transition("AWAIT_RESET");
    this.resetReason = reason;
  }

  /**
   * maybeValidatePosition: the metadata names another leader or epoch than the position's: take it,
   * and validate the position against it. True when the partition now awaits validation.
   */
  maybeValidatePosition(current: LeaderAndEpoch): boolean {
    if (this.state === "AWAIT_RESET" || current.node === null) return false;
    if (this.position !== null && !sameLeader(this.position.currentLeader, current)) {
      this.validatePosition({ ...this.position, currentLeader: current });
    }
    return this.state === "AWAIT_VALIDATION";
  }

  /** updatePositionLeaderNoValidation: brokers too old for OffsetsForLeaderEpoch v3: just follow the leader. */
  updatePositionLeaderNoValidation(current: LeaderAndEpoch): void {
    if (this.position === null) return;
    this.transition("FETCHING");
    this.position = { ...this.position, currentLeader: current };
  }

  completeValidation(): void {
    if (this.position !== null) this.transition("FETCHING");
  }

  private validatePosition(position: FetchPosition): void {
    this.transition(position.offsetEpoch !== null && position.currentLeader.epoch !== null ? "AWAIT_VALIDATION" : "FETCHING");
    this.position = position;
  }

  /** Every transition clears the retry backoff; leaving FETCHING drops what was buffered (FetchCollector drains it). */
  private transition(state: FetchState): void {
    if (state !== "FETCHING") this.buffer = [];
    if (this.tally) {
      this.tally.inState[this.current]--;
      this.tally.inState[state]++;
    }
    this.current = state;
    this.nextRetryUs = null;
  }
}
