/**
 * One classic consumer group as its coordinator holds it (docs/kafka-rules.md §6.1): state, generation,
 * members, pending members (KIP-394), the chosen protocol and leader, and committed offsets.
 *
 * State transitions (ClassicGroupState), enforced by {@link ClassicGroup.transition}:
 *   Empty               → PreparingRebalance (a member joins)
 *   PreparingRebalance  → CompletingRebalance (join phase done) | Empty (nobody rejoined)
 *   CompletingRebalance → Stable (leader's assignment stored) | PreparingRebalance (member change)
 *   Stable              → PreparingRebalance (join, leave, expiry, leader rejoin)
 *   any                 → Dead (the coordinator unloads the group)
 */
import type { EventId } from "../../sim/scheduler.js";
import type { TopicPartition } from "../protocol/records.js";
import type { GroupSubscription } from "./protocol.js";
import type { Millis } from "../../sim/time.js";

export type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

const VALID_PREVIOUS: Record<GroupState, readonly GroupState[]> = {
  Empty: ["PreparingRebalance"],
  PreparingRebalance: ["Stable", "CompletingRebalance", "Empty"],
  CompletingRebalance: ["PreparingRebalance"],
  Stable: ["CompletingRebalance"],
  Dead: ["Empty", "PreparingRebalance", "CompletingRebalance", "Stable", "Dead"],
};

/** A parked request: answered when the join (or sync) phase completes. */
export interface Parked {
  from: string;
  correlationId: number;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  /** Node that last spoke for this member (replies go there). */
  node: string;
  sessionTimeoutMs: Millis;
  rebalanceTimeoutMs: Millis;
  protocols: { name: string; metadata: GroupSubscription }[];
  assignment: TopicPartition[];
  awaitingJoin: Parked | null;
  awaitingSync: Parked | null;
  sessionTimer: EventId | null;
}

export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: number;
  /** The committed leader epoch (KIP-320), -1 when none. */
  leaderEpoch: number;
}

export class ClassicGroup {
  state: GroupState = "Empty";
  generation = 0;
  protocolName: string | null = null;
  leader: string | null = null;
  readonly members = new Map<string, GroupMember>();
  /** KIP-394: ids handed out with MEMBER_ID_REQUIRED, with their expiry timers. */
  readonly pending = new Map<string, EventId>();
  readonly offsets = new Map<string, CommittedOffset>();
  joinTimer: EventId | null = null;
  /** group.initial.rebalance.delay.ms bookkeeping (InitialDelayedJoin). */
  initialDelay: { remainingMs: number; newMemberAdded: boolean } | null = null;
  constructor(
    readonly groupId: string,
    readonly offsetsPartition: number,
    /**
     * Identifies this in-memory object: timers and append callbacks of an unloaded group are
     * ignored. Handed out by the coordinator that owns the group (no module-level counter).
     */
    readonly token: number,
  ) {}

  /** Move to `to`, or throw naming the illegal transition. */
  transition(to: GroupState): void {
    if (!VALID_PREVIOUS[to].includes(this.state)) {
      throw new Error(`group ${this.groupId}: invalid transition [${this.state} -> ${to}] in generation ${this.generation}`);
    }
    this.state = to;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  /** Members sorted by id (never iterate the map where order matters). */
  sortedMembers(): GroupMember[] {
    return [...this.members.values()].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  }

  /** A joining member's protocols are compatible if the group has none yet or shares one with every member. */
  supportsProtocols(names: readonly string[]): boolean {
    if (this.members.size === 0) return names.length > 0;
    return this.candidateProtocols().some((p) => names.includes(p));
  }

  /** Protocols every member supports, in the first member's order of preference. */
  candidateProtocols(): string[] {
    const members = this.sortedMembers();
    if (members.length === 0) return [];
    return members[0]!.protocols.map((p) => p.name).filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
  }

  /**
   * Kafka's selectProtocol: each member votes for its most preferred candidate; most votes wins
   * (ties: the candidate listed first by the lowest member id, a model decision).
   */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    if (candidates.length === 0) throw new Error(`group ${this.groupId}: no protocol common to all members`);
    const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
    for (const member of this.sortedMembers()) {
      const choice = member.protocols.find((p) => votes.has(p.name))!.name;
      votes.set(choice, votes.get(choice)! + 1);
    }
    let best = candidates[0]!;
    for (const c of candidates) if (votes.get(c)! > votes.get(best)!) best = c;
    return best;
  }

  /** The subscription a member sent for the chosen protocol. */
  subscriptionOf(member: GroupMember): GroupSubscription {
    const chosen = member.protocols.find((p) => p.name === this.protocolName) ?? member.protocols[0]!;
    return chosen.metadata;
  }

  /** Join phase complete: every member has rejoined and no KIP-394 pending member is outstanding. */
  allMembersJoined(): boolean {
    if (this.pending.size > 0) return false;
    for (const member of this.members.values()) if (member.awaitingJoin === null) return false;
    return true;
  }

  /** The longest rebalance timeout of the members (the join phase waits at most this long). */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const member of this.members.values()) max = Math.max(max, member.rebalanceTimeoutMs);
    return max;
  }
}
