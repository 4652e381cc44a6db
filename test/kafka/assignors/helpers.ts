/** Test helpers for the assignor tests: compact partition notation and validity checks. */
import fc from "fast-check";
import type { Assignment, Assignor, AssignorInput, AssignorMember, TopicPartition } from "../../../src/kafka/assignors/types.js";

/** Property-test settings required for this suite. */
export const FC_PARAMS = { seed: 42, numRuns: 200 } as const;

/** "t1-0" → { topic: "t1", partition: 0 }. */
export function tp(s: string): TopicPartition {
  const i = s.lastIndexOf("-");
  return { topic: s.slice(0, i), partition: Number(s.slice(i + 1)) };
}

/** "t1-0, t1-2" → partitions (empty string → []). */
export function tps(s: string): TopicPartition[] {
  return s.trim() === "" ? [] : s.split(",").map((x) => tp(x.trim()));
}

/** Assignment → member → "t1-0, t1-2" (lists are sorted by the assignors). */
export function show(a: Assignment): Record<string, string> {
  return Object.fromEntries(Object.entries(a).map(([m, list]) => [m, list.map((x) => `${x.topic}-${x.partition}`).join(", ")]));
}

/** Same partitions as `expected`, ignoring order (Kafka's tests that compare HashSets). */
export function asSet(list: readonly TopicPartition[]): string[] {
  return list.map((x) => `${x.topic}-${x.partition}`).sort();
}

/** All partitions of topics that at least one member subscribes to. */
export function subscribedPartitions(input: AssignorInput): string[] {
  const topics = new Set(input.members.flatMap((m) => m.topics));
  const out: string[] = [];
  for (const [topic, n] of Object.entries(input.partitions)) if (topics.has(topic)) for (let p = 0; p < n; p++) out.push(`${topic}-${p}`);
  return out.sort();
}

/** Every member present, lists sorted, no partition twice, only subscribed topics. Returns the set of assigned partitions. */
export function checkValid(input: AssignorInput, a: Assignment): string[] {
  const all: string[] = [];
  expectEqual(Object.keys(a).sort(), input.members.map((m) => m.id).sort(), "member ids");
  for (const m of input.members) {
    const list = a[m.id]!;
    const keys = list.map((x) => `${x.topic}-${x.partition}`);
    const sorted = [...list].sort((x, y) => (x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : x.partition - y.partition));
    expectEqual(list, sorted, `list of ${m.id} sorted`);
    for (const x of list) {
      if (!m.topics.includes(x.topic)) throw new Error(`${m.id} got ${x.topic}-${x.partition} but does not subscribe to ${x.topic}`);
      if (!(x.partition >= 0 && x.partition < (input.partitions[x.topic] ?? 0))) throw new Error(`nonexistent partition ${x.topic}-${x.partition}`);
    }
    all.push(...keys);
  }
  if (new Set(all).size !== all.length) throw new Error(`a partition is assigned twice: ${JSON.stringify(all)}`);
  return all.sort();
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Next round's members: each owns what it was just assigned, in the given generation. */
export function withOwned(members: readonly AssignorMember[], a: Assignment, generation: number): AssignorMember[] {
  return members.map((m) => ({ id: m.id, topics: m.topics, owned: a[m.id] ?? [], generation }));
}

/**
 * Kafka's cooperative test harness (`CooperativeStickyAssignorTest.verifyValidityAndBalance`): while
 * a round revokes something, rejoin with the new ownership and assign again (at most `maxRounds`).
 */
export function rebalanceUntilStable(assignor: Assignor, input: AssignorInput, maxRounds = 4): { final: Assignment; rounds: Assignment[] } {
  let members = input.members;
  let a = assignor.assign(input);
  const rounds = [a];
  while (members.some((m) => (m.owned ?? []).some((x) => !a[m.id]!.some((y) => y.topic === x.topic && y.partition === x.partition)))) {
    if (rounds.length > maxRounds) throw new Error("cooperative rebalance did not converge");
    members = withOwned(members, a, 1);
    a = assignor.assign({ partitions: input.partitions, members });
    rounds.push(a);
  }
  return { final: a, rounds };
}

/** Random group: topics t0..t3 (0–8 partitions), members m0..m5 with non-empty subscriptions. */
export const groupArb = fc
  .record({
    counts: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 4 }),
    subs: fc.array(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ counts, subs }) => {
    const topics = counts.map((_, i) => `t${i}`);
    const partitions = Object.fromEntries(counts.map((n, i) => [`t${i}`, n]));
    const members: AssignorMember[] = subs.map((flags, i) => {
      const mine = topics.filter((_, j) => flags[j]);
      return { id: `m${i}`, topics: mine.length > 0 ? mine : [topics[i % topics.length]!] };
    });
    return { partitions, members } satisfies AssignorInput;
  });

/** Random group where every member subscribes to every topic. */
export const uniformGroupArb = groupArb.map(({ partitions, members }) => ({
  partitions,
  members: members.map((m) => ({ id: m.id, topics: Object.keys(partitions) })),
}));

/** Adds arbitrary (possibly overlapping, possibly stale) owned partitions and generations. */
export function withRandomOwnership(arb: fc.Arbitrary<AssignorInput>): fc.Arbitrary<AssignorInput> {
  return arb.chain((input) => {
    const all = Object.entries(input.partitions).flatMap(([t, n]) => Array.from({ length: n }, (_, p) => ({ topic: t, partition: p })));
    // Also claims on a deleted topic and on a partition number that does not exist.
    all.push({ topic: "gone", partition: 0 }, { topic: "t0", partition: 99 });
    const ownedArb = fc.subarray(all, { maxLength: Math.min(6, all.length) });
    return fc.tuple(...input.members.map(() => fc.tuple(ownedArb, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined })))).map((extra) => ({
      partitions: input.partitions,
      members: input.members.map((m, i) => ({ ...m, owned: extra[i]![0], generation: extra[i]![1] })),
    }));
  });
}
