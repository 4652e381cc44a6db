/**
 * Kafka's CooperativeStickyAssignor (incremental cooperative rebalancing, KIP-429).
 *
 * It computes the same target as the sticky assignor, then removes from the new owner every
 * partition that is changing owner: the current owner must first revoke it, and it is handed out
 * in a follow-up rebalance (`CooperativeStickyAssignor.adjustAssignment`). The constrained path
 * reports the moving partitions itself; for the general path they are recomputed as "assigned to
 * a member that did not own it" ∩ "owned by a member that no longer gets it"
 * (`computePartitionsTransferringOwnership`).
 */
import { finalize, tpKey } from "./common.js";
import { stickyOutcome } from "./sticky.js";
import type { Assignment, Assignor, AssignorInput, AssignorMember, TopicPartition } from "./types.js";

function transferringFromOwned(
  members: readonly AssignorMember[],
  assignment: ReadonlyMap<string, readonly TopicPartition[]>,
): Map<string, { tp: TopicPartition; member: string }> {
  const added = new Map<string, { tp: TopicPartition; member: string }>();
  const revoked = new Set<string>();
  for (const m of members) {
    const owned = new Set((m.owned ?? []).map(tpKey));
    const assigned = assignment.get(m.id) ?? [];
    const assignedKeys = new Set(assigned.map(tpKey));
    for (const tp of assigned) if (!owned.has(tpKey(tp))) added.set(tpKey(tp), { tp, member: m.id });
    for (const key of owned) if (!assignedKeys.has(key)) revoked.add(key);
  }
  for (const key of [...added.keys()]) if (!revoked.has(key)) added.delete(key);
  return added;
}

/** Compute the cooperative-sticky assignment for one rebalance round. */
export function cooperativeStickyAssign(input: AssignorInput): Assignment {
  const { assignment, transferring } = stickyOutcome(input);
  const moving = transferring ?? transferringFromOwned(input.members, assignment);
  for (const [key, { member }] of moving) {
    const list = assignment.get(member);
    if (list === undefined) continue;
    const i = list.findIndex((tp) => tpKey(tp) === key);
    if (i >= 0) list.splice(i, 1);
  }
  return finalize(input.members, assignment);
}

/** `org.apache.kafka.clients.consumer.CooperativeStickyAssignor` ("cooperative-sticky"). */
export const cooperativeSticky: Assignor = {
  name: "cooperative-sticky",
  protocol: "cooperative",
  assign: cooperativeStickyAssign,
};
