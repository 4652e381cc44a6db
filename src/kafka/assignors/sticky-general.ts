/**
 * The "general" path of Kafka's AbstractStickyAssignor, used when members have different
 * subscriptions (`GeneralAssignmentBuilder`, without rack awareness):
 *
 * 1. keep every valid owned partition whose topic the owner still subscribes to;
 * 2. give each unassigned partition (topics with the fewest potential members first) to the
 *    least-loaded member subscribed to it;
 * 3. move partitions from members that have 2+ more than another eligible member until balanced,
 *    preferring to send a partition back to its owner of an older generation, and keep the moved
 *    result only if it is strictly more balanced (unless this is a fresh assignment).
 */
import { compareStrings, tpKey } from "./common.js";
import { PartitionMovements } from "./sticky-movements.js";
import type { AssignorMember, TopicPartition } from "./types.js";

/** Members ordered by (number of assigned partitions, id), like Kafka's `SubscriptionComparator` TreeSet. */
class SortedMembers {
  private readonly order: string[] = [];
  constructor(private readonly size: (member: string) => number) {}
  private compare(a: string, b: string): number {
    return this.size(a) - this.size(b) || compareStrings(a, b);
  }
  add(member: string): void {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(this.order[mid]!, member) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.order.splice(lo, 0, member);
  }
  remove(member: string): void {
    const i = this.order.indexOf(member);
    if (i >= 0) this.order.splice(i, 1);
  }
  first(): string {
    return this.order[0]!;
  }
  last(): string {
    return this.order[this.order.length - 1]!;
  }
  all(): readonly string[] {
    return this.order;
  }
}

/**
 * Run the general assignment.
 * @param partitions partition count of each subscribed topic
 * @param members all members, in Java `HashMap` iteration order
 * @param owned each member's valid owned partitions (after generation conflicts were resolved)
 * @param maxGeneration highest generation among members (-1 if none)
 */
export function generalAssign(
  partitions: ReadonlyMap<string, number>,
  members: readonly AssignorMember[],
  owned: ReadonlyMap<string, readonly TopicPartition[]>,
  maxGeneration: number,
): Map<string, TopicPartition[]> {
  const topicMembers = new Map<string, string[]>([...partitions.keys()].map((t) => [t, []]));
  const memberTopics = new Map<string, Set<string>>();
  for (const m of members) {
    const topics = new Set([...new Set(m.topics)].filter((t) => partitions.has(t)));
    memberTopics.set(m.id, topics);
    for (const t of topics) topicMembers.get(t)!.push(m.id);
  }

  let current = new Map<string, TopicPartition[]>(members.map((m) => [m.id, [...(owned.get(m.id) ?? [])]]));
  let owner = new Map<string, string>();
  for (const [m, tps] of current) for (const tp of tps) owner.set(tpKey(tp), m);

  const sortedTopics = [...partitions.keys()].sort((a, b) => topicMembers.get(a)!.length - topicMembers.get(b)!.length || compareStrings(a, b));
  const allPartitions: TopicPartition[] = [];
  for (const t of sortedTopics) for (let p = 0; p < partitions.get(t)!; p++) allPartitions.push({ topic: t, partition: p });

  const size = (m: string) => current.get(m)!.length;
  const sorted = new SortedMembers(size);
  const movements = new PartitionMovements();

  // Owners of an older generation, to which a partition may be handed back (`prevAssignment`).
  const previous = new Map<string, { member: string; generation: number }>();
  for (const m of members) {
    const generation = m.generation ?? -1;
    if (generation >= maxGeneration) continue;
    for (const tp of m.owned ?? []) {
      const prev = previous.get(tpKey(tp));
      if (prev === undefined || generation > prev.generation) previous.set(tpKey(tp), { member: m.id, generation });
    }
  }

  // Keep owned partitions of still-subscribed topics.
  let revocationRequired = false;
  const assigned = new Set<string>();
  for (const [m, tps] of current) {
    const kept = tps.filter((tp) => memberTopics.get(m)!.has(tp.topic));
    if (kept.length !== tps.length) revocationRequired = true;
    current.set(m, kept);
    for (const tp of kept) assigned.add(tpKey(tp));
  }
  let unassigned = allPartitions.filter((tp) => !assigned.has(tpKey(tp)));
  for (const m of current.keys()) sorted.add(m);

  const maxSize = (m: string) => {
    let n = 0;
    for (const t of memberTopics.get(m)!) n += partitions.get(t)!;
    return n;
  };

  const isBalanced = (): boolean => {
    if (size(sorted.first()) >= size(sorted.last()) - 1) return true;
    const holder = new Map<string, string>();
    for (const [m, tps] of current) for (const tp of tps) holder.set(tpKey(tp), m);
    for (const m of sorted.all()) {
      const count = size(m);
      if (count === maxSize(m)) continue;
      for (const t of memberTopics.get(m)!) {
        for (let p = 0; p < partitions.get(t)!; p++) {
          const other = holder.get(tpKey({ topic: t, partition: p }));
          if (other === undefined || other === m) continue;
          if (count + 1 < size(other)) return false;
        }
      }
    }
    return true;
  };

  const processMove = (tp: TopicPartition, to: string) => {
    const from = owner.get(tpKey(tp))!;
    sorted.remove(from);
    sorted.remove(to);
    movements.move(tp, from, to);
    const fromList = current.get(from)!;
    fromList.splice(
      fromList.findIndex((x) => x.topic === tp.topic && x.partition === tp.partition),
      1,
    );
    current.get(to)!.push(tp);
    owner.set(tpKey(tp), to);
    sorted.add(to);
    sorted.add(from);
  };

  const reassignTo = (tp: TopicPartition, to: string) => {
    const from = owner.get(tpKey(tp))!;
    processMove(movements.partitionToMove(tp, from, to), to);
  };

  const reassign = (tp: TopicPartition) => {
    const to = sorted.all().find((m) => memberTopics.get(m)!.has(tp.topic));
    if (to !== undefined) reassignTo(tp, to);
  };

  const performReassignments = (reassignable: readonly TopicPartition[]): boolean => {
    let performed = false;
    let modified: boolean;
    do {
      modified = false;
      for (const tp of reassignable) {
        if (isBalanced()) break;
        const holder = owner.get(tpKey(tp))!;
        const prev = previous.get(tpKey(tp));
        // Kafka does not check that the previous owner still subscribes to the topic (or is
        // reassignable at all); those guards only skip moves Kafka would get wrong.
        if (prev !== undefined && current.has(prev.member) && memberTopics.get(prev.member)!.has(tp.topic) && size(holder) > size(prev.member) + 1) {
          reassignTo(tp, prev.member);
          performed = modified = true;
          continue;
        }
        for (const other of topicMembers.get(tp.topic)!) {
          if (current.has(other) && size(holder) > size(other) + 1) {
            reassign(tp);
            performed = modified = true;
            break;
          }
        }
      }
    } while (modified);
    return performed;
  };

  // balance()
  const initializing = size(sorted.last()) === 0;
  for (const tp of unassigned) {
    if (topicMembers.get(tp.topic)!.length === 0) continue;
    const m = sorted.all().find((c) => memberTopics.get(c)!.has(tp.topic))!;
    sorted.remove(m);
    current.get(m)!.push(tp);
    owner.set(tpKey(tp), m);
    sorted.add(m);
  }

  // Only topics with 2+ potential members and members that can still change take part.
  const movable = (tp: TopicPartition) => topicMembers.get(tp.topic)!.length >= 2;
  const reassignablePartitions = allPartitions.filter(movable);
  unassigned = unassigned.filter(movable);
  const fixed = new Map<string, TopicPartition[]>();
  for (const m of memberTopics.keys()) {
    const tps = current.get(m)!;
    if (tps.length < maxSize(m) || tps.some(movable)) continue;
    sorted.remove(m);
    fixed.set(m, tps);
    current.delete(m);
  }

  const copy = (a: ReadonlyMap<string, TopicPartition[]>) => new Map([...a].map(([m, tps]) => [m, [...tps]]));
  const preBalance = copy(current);
  const preBalanceOwner = new Map(owner);

  if (!revocationRequired) performReassignments(unassigned);
  const performed = performReassignments(reassignablePartitions);
  if (!initializing && performed && balanceScore(current) >= balanceScore(preBalance)) {
    current = preBalance;
    owner = preBalanceOwner;
  }

  for (const [m, tps] of fixed) current.set(m, tps);
  return current;
}

/** Sum over member pairs of the difference of their partition counts (0 = perfectly balanced). */
function balanceScore(assignment: ReadonlyMap<string, readonly TopicPartition[]>): number {
  const sizes = [...assignment.values()].map((tps) => tps.length);
  let score = 0;
  for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) score += Math.abs(sizes[i]! - sizes[j]!);
  return score;
}
