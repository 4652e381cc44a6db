/**
 * Kafka's StickyAssignor (eager) and the shared AbstractStickyAssignor logic, without rack
 * awareness.
 *
 * Goals, in order: (1) balance — partition counts differ by at most one, or no partition can move
 * to a subscribed member with 2+ fewer; (2) stickiness — keep as many previously owned partitions
 * as possible.
 *
 * Owned-partition validation (Kafka 3.5+ `allSubscriptionsEqual`):
 * - claims on topics that nobody subscribes to (or that no longer exist) are ignored;
 * - a partition claimed by two members of the same generation is taken from both;
 * - a partition claimed by members of different generations stays with the highest generation.
 * Then the "constrained" algorithm runs when all members have the same subscription, the "general"
 * one otherwise. Java `HashMap` iteration order is emulated where Kafka's tie-breaks depend on it.
 */
import { checkMembers, finalize, memberTopics, subscribedPartitions, tpKey } from "./common.js";
import { javaHashMapOrder, javaStringHash } from "./java-order.js";
import { constrainedAssign, type StickyOutcome } from "./sticky-constrained.js";
import { generalAssign } from "./sticky-general.js";
import type { Assignment, Assignor, AssignorInput, AssignorMember, TopicPartition } from "./types.js";

/** Kafka's `AbstractStickyAssignor.DEFAULT_GENERATION`, used for members that report none. */
export const DEFAULT_GENERATION = -1;

interface Prepared {
  allEqual: boolean;
  owned: Map<string, TopicPartition[]>;
  multiClaimed: Set<string>;
  maxGeneration: number;
}

function sameTopics(a: readonly string[], b: ReadonlySet<string>): boolean {
  return a.length === b.size && a.every((t) => b.has(t));
}

/** Validate owned partitions and detect whether all subscriptions are equal. */
function prepare(members: readonly AssignorMember[], partitions: ReadonlyMap<string, number>): Prepared {
  let allEqual = true;
  let firstTopics: Set<string> | undefined;
  let maxGeneration = DEFAULT_GENERATION;
  const owned = new Map<string, TopicPartition[]>();
  const multiClaimed = new Set<string>();
  const claimedBy = new Map<string, string>();
  const generationOf = new Map(members.map((m) => [m.id, m.generation ?? DEFAULT_GENERATION]));

  for (const member of members) {
    const topics = memberTopics(member);
    if (firstTopics === undefined) firstTopics = new Set(topics);
    else if (!sameTopics(topics, firstTopics)) allEqual = false;

    const generation = generationOf.get(member.id)!;
    maxGeneration = Math.max(maxGeneration, generation);
    const mine: TopicPartition[] = [];
    owned.set(member.id, mine);

    for (const raw of member.owned ?? []) {
      const count = partitions.get(raw.topic);
      // Kafka only checks the topic; out-of-range partition numbers are dropped here as well.
      if (count === undefined || !Number.isInteger(raw.partition) || raw.partition < 0 || raw.partition >= count) continue;
      const tp = { topic: raw.topic, partition: raw.partition };
      const key = tpKey(tp);
      const other = claimedBy.get(key);
      if (other === undefined) {
        mine.push(tp);
        claimedBy.set(key, member.id);
        continue;
      }
      const otherGeneration = generationOf.get(other)!;
      if (generation === otherGeneration) {
        multiClaimed.add(key);
        removeFirst(owned.get(other)!, tp);
        claimedBy.set(key, member.id);
      } else if (generation > otherGeneration) {
        mine.push(tp);
        removeFirst(owned.get(other)!, tp);
        claimedBy.set(key, member.id);
      }
      // else: the other member has the higher generation and keeps its claim.
    }
  }
  return { allEqual, owned, multiClaimed, maxGeneration };
}

function removeFirst(list: TopicPartition[], tp: TopicPartition): void {
  const i = list.findIndex((x) => x.topic === tp.topic && x.partition === tp.partition);
  if (i >= 0) list.splice(i, 1);
}

/**
 * The AbstractStickyAssignor computation shared by the sticky and cooperative-sticky assignors.
 * Members are processed in Java `HashMap` order of their ids (ties: input order).
 */
export function stickyOutcome(input: AssignorInput): StickyOutcome {
  checkMembers(input);
  if (input.members.length === 0) return { assignment: new Map(), transferring: new Map() };
  const partitions = subscribedPartitions(input);
  const members = javaHashMapOrder(input.members, (m) => javaStringHash(m.id));
  const prepared = prepare(members, partitions);
  if (prepared.allEqual) return constrainedAssign(partitions, prepared.owned, prepared.multiClaimed);
  return {
    assignment: generalAssign(partitions, members, prepared.owned, prepared.maxGeneration),
    transferring: null,
  };
}

/** Compute the (eager) sticky assignment. */
export function stickyAssign(input: AssignorInput): Assignment {
  return finalize(input.members, stickyOutcome(input).assignment);
}

/** `org.apache.kafka.clients.consumer.StickyAssignor` ("sticky"). */
export const sticky: Assignor = { name: "sticky", protocol: "eager", assign: stickyAssign };
