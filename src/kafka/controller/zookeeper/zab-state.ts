/**
 * The ZAB role of one ZooKeeper server (ZooKeeper's QuorumPeer states LOOKING, FOLLOWING, LEADING)
 * as an enforced state machine, with one small state object per role: what a server knows and
 * tracks only in that role.
 *
 * Legal moves — each `transitionTo*` checks its row and throws IllegalStateTransition otherwise:
 *   looking   → following (joins a serving leader, or accepts a leader-elect's new epoch)
 *             | leading (the lowest-numbered contender that hears from a majority)
 *   following → following (a higher new epoch, while not yet serving) | looking (leader lost)
 *   leading   → looking (not established within initLimit, a peer already accepted a higher
 *               epoch, or quorum lost)
 * `serving` starts false in every role: a follower serves once synced and applying commits, a
 * leader once established; a return to looking ends it.
 */
import { IllegalStateTransition } from "../../state-transition.js";
import type { ZabLeader } from "./zab-leader.js";
import type * as Z from "./zab-messages.js";
import type { ZnodeTree } from "./znode-tree.js";

export interface LookingState {
  readonly role: "looking";
}

export interface FollowingState {
  readonly role: "following";
  readonly leader: string;
  /** The leader's history (ZabSync) arrived and was logged. */
  syncReceived: boolean;
  /** Synced and applying commits. */
  serving: boolean;
  /** The committed tree and how many log entries it has applied. */
  tree: ZnodeTree | null;
  applied: number;
}

/** A leader-elect, then (with `pipeline`) a syncing and finally established leader. */
export interface LeadingState {
  readonly role: "leading";
  readonly epoch: number;
  readonly startedUs: number;
  readonly acks: Map<string, Z.ZabAckEpoch>;
  /** Discovery is over: the history was chosen and is being synced to followers. */
  syncing: boolean;
  /** The request pipeline, from the end of discovery. */
  pipeline: ZabLeader | null;
  /** Established: a majority synced. */
  serving: boolean;
}

export type ZabRoleState = LookingState | FollowingState | LeadingState;

export class ZabState {
  private state: ZabRoleState = { role: "looking" };

  constructor(private readonly self: string) {}

  get current(): Readonly<ZabRoleState> {
    return this.state;
  }

  get role(): Z.ZabRole {
    return this.state.role;
  }

  /** The leader it follows or is (null while looking). */
  get leaderName(): string | null {
    const s = this.state;
    return s.role === "following" ? s.leader : s.role === "leading" ? this.self : null;
  }

  get serving(): boolean {
    return this.state.role !== "looking" && this.state.serving;
  }

  following(): FollowingState | null {
    return this.state.role === "following" ? this.state : null;
  }

  leading(): LeadingState | null {
    return this.state.role === "leading" ? this.state : null;
  }

  /** Follow `leader`: from looking, or from following while not yet serving. */
  transitionToFollowing(leader: string): FollowingState {
    const s = this.state;
    if (s.role === "leading") this.illegal(`following ${leader}`, "a leader only steps down to looking");
    if (s.role === "following" && s.serving) this.illegal(`following ${leader}`, `it serves under ${s.leader}`);
    if (leader === this.self) this.illegal(`following ${leader}`, "a server never follows itself");
    const next: FollowingState = { role: "following", leader, syncReceived: false, serving: false, tree: null, applied: 0 };
    this.state = next;
    return next;
  }

  /** Lead a new epoch: only from looking. */
  transitionToLeading(epoch: number, nowUs: number): LeadingState {
    if (this.state.role !== "looking") this.illegal(`leading epoch ${epoch}`, "only a looking server starts an epoch");
    const next: LeadingState = { role: "leading", epoch, startedUs: nowUs, acks: new Map(), syncing: false, pipeline: null, serving: false };
    this.state = next;
    return next;
  }

  /** Step down: from following or leading. */
  transitionToLooking(reason: string): void {
    if (this.state.role === "looking") this.illegal("looking", `already looking (${reason})`);
    this.state = { role: "looking" };
  }

  private illegal(to: string, why: string): never {
    const s = this.state;
    const from = s.role === "following" ? `following ${s.leader}` : s.role === "leading" ? `leading epoch ${s.epoch}` : "looking";
    throw new IllegalStateTransition(this.self, from, to, why);
  }
}
