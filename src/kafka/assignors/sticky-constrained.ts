/**
 * The "constrained" path of Kafka's AbstractStickyAssignor, used when every member has the same
 * subscription (`ConstrainedAssignmentBuilder`, without rack awareness):
 *
 * 1. Each member keeps its valid owned partitions (sorted by partition number, then topic) up to
 *    its quota: all of them when it owns fewer than `minQuota`; `maxQuota` while fewer than
 *    `total % members` members are over `minQuota`; `minQuota` otherwise. The rest is revoked.
 * 2. The remaining partitions, in (topic, partition) order, are dealt round-robin to the members
 *    still under `minQuota` (sorted by id), then one each to members at exactly `minQuota`.
 *
 * Partitions that end up with a member other than their previous owner (revoked ones, or ones
 * claimed by several members of the same generation) are reported as transferring ownership.
 */
import { compareStrings, tpKey } from "./common.js";
import type { TopicPartition } from "./types.js";

/** Result of a sticky assignment: member → partitions, plus partition key → new owner for moves. */
export interface StickyOutcome {
  assignment: Map<string, TopicPartition[]>;
  /** `null` when not tracked (Kafka's general path): the cooperative assignor recomputes it. */
  transferring: Map<string, { tp: TopicPartition; member: string }> | null;
}

/**
 * Run the constrained assignment.
 * @param partitions partition count of each subscribed topic
 * @param owned each member's valid owned partitions, in Java `HashMap` iteration order
 * @param multiClaimed keys of partitions claimed by several members of the same generation
 */
export function constrainedAssign(
  partitions: ReadonlyMap<string, number>,
  owned: ReadonlyMap<string, readonly TopicPartition[]>,
  multiClaimed: ReadonlySet<string>,
): StickyOutcome {
  let total = 0;
  for (const n of partitions.values()) total += n;
  const numMembers = owned.size;
  const minQuota = Math.floor(total / numMembers);
  const maxQuota = Math.ceil(total / numMembers);
  const expectedOverMin = total % numMembers;
  let currentOverMin = 0;

  const assignment = new Map<string, TopicPartition[]>();
  const transferring = new Map<string, { tp: TopicPartition; member: string }>();
  const assigned = new Set<string>();
  const revoked = new Set<string>();
  const underMin: string[] = [];
  let exactlyMin: string[] = [];

  const keep = (member: string, tps: readonly TopicPartition[]) => {
    const list = assignment.get(member)!;
    for (const tp of tps) {
      list.push(tp);
      assigned.add(tpKey(tp));
    }
  };

  for (const [member, list] of owned) {
    assignment.set(member, []);
    const sorted = list.filter((tp) => !multiClaimed.has(tpKey(tp))).sort((a, b) => a.partition - b.partition || compareStrings(a.topic, b.topic));
    let kept: number;
    if (sorted.length < minQuota) {
      kept = sorted.length;
      underMin.push(member);
    } else if (sorted.length >= maxQuota && currentOverMin < expectedOverMin) {
      kept = maxQuota;
      currentOverMin++;
      if (currentOverMin === expectedOverMin) exactlyMin = [];
    } else {
      kept = minQuota;
      if (currentOverMin < expectedOverMin) exactlyMin.push(member);
    }
    keep(member, sorted.slice(0, kept));
    for (const tp of sorted.slice(kept)) revoked.add(tpKey(tp));
  }

  const unassigned: TopicPartition[] = [];
  for (const topic of [...partitions.keys()].sort(compareStrings)) {
    for (let p = 0; p < partitions.get(topic)!; p++) {
      const tp = { topic, partition: p };
      if (!assigned.has(tpKey(tp))) unassigned.push(tp);
    }
  }
  underMin.sort(compareStrings);
  exactlyMin.sort(compareStrings);

  // Round-robin over the members under minQuota (a Java iterator that is restarted when exhausted),
  // falling back to members at exactly minQuota once nobody is under it.
  let cursor = 0;
  for (const tp of unassigned) {
    let member: string;
    let fromUnder = true;
    if (cursor < underMin.length) {
      member = underMin[cursor++]!;
    } else if (underMin.length === 0 && exactlyMin.length === 0) {
      throw new Error("sticky assignor: no more unfilled members to assign to");
    } else if (underMin.length === 0) {
      member = exactlyMin.shift()!;
      fromUnder = false;
    } else {
      cursor = 0;
      member = underMin[cursor++]!;
    }

    const list = assignment.get(member)!;
    list.push(tp);
    const key = tpKey(tp);
    if (revoked.has(key) || multiClaimed.has(key)) transferring.set(key, { tp, member });

    if (list.length === minQuota) {
      if (!fromUnder) throw new Error("sticky assignor: member taken at minQuota was under it");
      underMin.splice(--cursor, 1);
      exactlyMin.push(member);
    } else if (list.length === maxQuota) {
      currentOverMin++;
    }
  }

  if (underMin.length > 0) {
    if (currentOverMin !== expectedOverMin) {
      throw new Error("sticky assignor: members still under minQuota but no partitions left");
    }
    for (const member of underMin) {
      if (assignment.get(member)!.length !== minQuota) {
        throw new Error(`sticky assignor: member ${member} did not reach minQuota`);
      }
    }
  }
  return { assignment, transferring };
}
