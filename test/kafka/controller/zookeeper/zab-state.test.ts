/**
 * The ZooKeeper server's ZAB roles as an enforced state machine: the legal moves of zab-state.ts,
 * and the illegal ones refused with the from-state and the to-state named.
 * Reference: ZooKeeper's QuorumPeer.ServerState (LOOKING, FOLLOWING, LEADING) and the ZAB phases
 * (discovery, synchronisation, broadcast) of Junqueira, Reed and Serafini, "Zab: High-performance
 * broadcast for primary-backup systems" (DSN 2011).
 */
import { describe, expect, it } from "vitest";
import { ZabState } from "../../../../src/kafka/controller/zookeeper/zab-state.js";
import { IllegalStateTransition } from "../../../../src/kafka/state-transition.js";

describe("ZabState", () => {
  it("starts looking, with no leader and not serving", () => {
    const s = new ZabState("zk-2");
    expect(s.role).toBe("looking");
    expect(s.leaderName).toBeNull();
    expect(s.serving).toBe(false);
  });

  it("looking → leading starts discovery of a new epoch; the leader names itself", () => {
    const s = new ZabState("zk-1");
    const leading = s.transitionToLeading(4, 1_000);
    expect(s.leaderName).toBe("zk-1");
    expect(leading).toMatchObject({ epoch: 4, startedUs: 1_000, syncing: false, pipeline: null, serving: false });
  });

  it("a follower that does not serve yet may follow a newer leader-elect; every role starts not serving", () => {
    const s = new ZabState("zk-3");
    s.transitionToFollowing("zk-1");
    s.transitionToFollowing("zk-2");
    expect(s.following()).toMatchObject({ leader: "zk-2", syncReceived: false, serving: false, tree: null, applied: 0 });
  });

  it("stepping down ends serving and forgets the role's state", () => {
    const s = new ZabState("zk-3");
    s.transitionToFollowing("zk-1").serving = true;
    expect(s.serving).toBe(true);
    s.transitionToLooking("leader lost");
    expect(s.current).toEqual({ role: "looking" });
    expect(s.serving).toBe(false);
  });

  it("refuses: a leader following, a serving follower switching leaders, following itself, leading twice, looking twice", () => {
    const leader = new ZabState("zk-1");
    leader.transitionToLeading(2, 0);
    expect(() => leader.transitionToFollowing("zk-2")).toThrow(IllegalStateTransition);
    expect(() => leader.transitionToFollowing("zk-2")).toThrow(
      "zk-1: cannot transition from leading epoch 2 to following zk-2: a leader only steps down to looking",
    );
    expect(() => leader.transitionToLeading(3, 0)).toThrow(/from leading epoch 2 to leading epoch 3: only a looking server starts an epoch/);

    const follower = new ZabState("zk-3");
    follower.transitionToFollowing("zk-1").serving = true;
    expect(() => follower.transitionToFollowing("zk-2")).toThrow(/from following zk-1 to following zk-2: it serves under zk-1/);
    expect(() => follower.transitionToLeading(5, 0)).toThrow(/from following zk-1 to leading epoch 5/);

    const looking = new ZabState("zk-2");
    expect(() => looking.transitionToFollowing("zk-2")).toThrow(/never follows itself/);
    expect(() => looking.transitionToLooking("tick")).toThrow(/from looking to looking: already looking/);
  });
});
