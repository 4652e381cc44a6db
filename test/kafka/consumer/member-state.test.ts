import { describe, expect, it } from "vitest";
import { MemberStateMachine } from "../../../src/kafka/consumer/member-state.js";

describe("the consumer's member state machine (Reference: Kafka AbstractCoordinator.MemberState, classic protocol)", () => {
  it("walks UNJOINED → PREPARING_REBALANCE → COMPLETING_REBALANCE → STABLE and rejoins from STABLE", () => {
    const member = new MemberStateMachine("g1-1", () => 3);
    member.transitionToPreparingRebalance();
    member.transitionToCompletingRebalance();
    member.transitionToStable();
    expect(member.state).toBe("STABLE");
    member.transitionToPreparingRebalance();
    expect(member.state).toBe("PREPARING_REBALANCE");
    member.transitionToUnjoined();
    expect(member.state).toBe("UNJOINED");
  });

  it("throws IllegalStateTransition naming the member, both states and the generation on a move Kafka never makes", () => {
    const member = new MemberStateMachine("g1-2", () => 7);
    expect(() => member.transitionToStable()).toThrow(
      "g1-2: cannot transition from UNJOINED to STABLE: not a move of the consumer's group membership (generation 7)",
    );
    // A JoinGroup answer never completes the join of a member that left meanwhile (JoinGroupResponseHandler).
    expect(() => member.transitionToCompletingRebalance()).toThrow(/from UNJOINED to COMPLETING_REBALANCE/);
    member.transitionToPreparingRebalance();
    expect(() => member.transitionToPreparingRebalance()).toThrow(/from PREPARING_REBALANCE to PREPARING_REBALANCE/);
    expect(() => member.transitionToStable()).toThrow(/from PREPARING_REBALANCE to STABLE/);
    member.transitionToCompletingRebalance();
    expect(() => member.transitionToPreparingRebalance()).toThrow(/from COMPLETING_REBALANCE to PREPARING_REBALANCE/);
    expect(member.state).toBe("COMPLETING_REBALANCE");
  });

  it("every state may fall back to UNJOINED", () => {
    const member = new MemberStateMachine("g1-3", () => -1);
    member.transitionToUnjoined();
    member.transitionToPreparingRebalance();
    member.transitionToUnjoined();
    member.transitionToPreparingRebalance();
    member.transitionToCompletingRebalance();
    member.transitionToUnjoined();
    expect(member.state).toBe("UNJOINED");
  });
});
