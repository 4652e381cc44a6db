/**
 * The consumer's group membership as an enforced state machine, after Kafka's
 * `AbstractCoordinator.MemberState` (classic protocol, client side):
 * - UNJOINED → PREPARING_REBALANCE when a JoinGroup is sent;
 * - PREPARING_REBALANCE → COMPLETING_REBALANCE when it is answered (SyncGroup follows);
 * - COMPLETING_REBALANCE → STABLE when SyncGroup brings the assignment;
 * - STABLE → PREPARING_REBALANCE when the member rejoins;
 * - any state → UNJOINED on an error, a lost coordinator or a reset generation.
 *
 * A move the table below does not list throws {@link IllegalStateTransition} naming the member,
 * the from-state, the to-state and its generation: a bug in the model, never a Kafka outcome.
 */
import { IllegalStateTransition } from "../state-transition.js";

export type MemberState = "UNJOINED" | "PREPARING_REBALANCE" | "COMPLETING_REBALANCE" | "STABLE";

/**
 * The legal moves. A JoinGroup answered after this member's generation was reset while it was in
 * flight (a LeaveGroup after max.poll.interval.ms, a heartbeat's UNKNOWN_MEMBER_ID) finds the
 * member UNJOINED and fails, as in Kafka's JoinGroupResponseHandler: UNJOINED never moves to
 * COMPLETING_REBALANCE. Whether a JoinGroup is in flight stays beside the state (Kafka's
 * `joinFuture`): it may still be in flight after the member went back to UNJOINED.
 */
const LEGAL: Readonly<Record<MemberState, readonly MemberState[]>> = {
  UNJOINED: ["UNJOINED", "PREPARING_REBALANCE"],
  PREPARING_REBALANCE: ["UNJOINED", "COMPLETING_REBALANCE"],
  COMPLETING_REBALANCE: ["UNJOINED", "STABLE"],
  STABLE: ["UNJOINED", "PREPARING_REBALANCE"],
};

export class MemberStateMachine {
  private current: MemberState = "UNJOINED";

  constructor(
    /** The member's name, for the error. */
    private readonly member: string,
    /** The member's generation now, for the error. */
    private readonly generation: () => number,
  ) {}

  get state(): MemberState {
    return this.current;
  }

  /** An error, a lost coordinator or a reset generation: the member must join again. */
  transitionToUnjoined(): void {
    this.transition("UNJOINED");
  }

  /** A JoinGroup is sent (AbstractCoordinator.initiateJoinGroup). */
  transitionToPreparingRebalance(): void {
    this.transition("PREPARING_REBALANCE");
  }

  /** JoinGroup answered: the member has a generation and waits for its assignment (SyncGroup). */
  transitionToCompletingRebalance(): void {
    this.transition("COMPLETING_REBALANCE");
  }

  /** SyncGroup answered with this member's assignment. */
  transitionToStable(): void {
    this.transition("STABLE");
  }

  private transition(to: MemberState): void {
    const from = this.current;
    if (!LEGAL[from].includes(to))
      throw new IllegalStateTransition(this.member, from, to, `not a move of the consumer's group membership (generation ${this.generation()})`);
    this.current = to;
  }
}
