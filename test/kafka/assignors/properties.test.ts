import fc from "fast-check";
import { describe, it } from "vitest";
import { assignors } from "../../../src/kafka/assignors/index.js";
import type { Assignment, AssignorInput } from "../../../src/kafka/assignors/types.js";
import { checkValid, FC_PARAMS, groupArb, subscribedPartitions, uniformGroupArb, withOwned, withRandomOwnership } from "./helpers.js";

const key = (x: { topic: string; partition: number }) => `${x.topic}-${x.partition}`;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function counts(a: Assignment): number[] {
  return Object.values(a).map((l) => l.length);
}

/** A realistic previous state: a sticky assignment of the same topics to (possibly) other members. */
const previousStateArb = fc.tuple(groupArb, fc.integer({ min: 0, max: 2 })).map(([input, extra]) => {
  const previousMembers = [...input.members, ...Array.from({ length: extra }, (_, i) => ({ id: `old${i}`, topics: Object.keys(input.partitions) }))];
  const previous = assignors.sticky.assign({ partitions: input.partitions, members: previousMembers });
  return { partitions: input.partitions, members: withOwned(input.members, previous, 5) } satisfies AssignorInput;
});

const anyInputArb = fc.oneof(groupArb, previousStateArb, withRandomOwnership(groupArb), withRandomOwnership(uniformGroupArb));

describe("assignor properties (fast-check, seed 42)", () => {
  for (const name of ["range", "roundrobin", "sticky"] as const) {
    it(`${name}: every subscribed partition is assigned exactly once, only to subscribers`, () => {
      fc.assert(
        fc.property(anyInputArb, (input) => {
          const assigned = checkValid(input, assignors[name].assign(input));
          return sameList(assigned, subscribedPartitions(input));
        }),
        FC_PARAMS,
      );
    });
  }

  it("cooperative-sticky: partitions are assigned at most once, only to subscribers", () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        checkValid(input, assignors["cooperative-sticky"].assign(input));
      }),
      FC_PARAMS,
    );
  });

  it("sticky: balanced (counts differ by ≤ 1) when all members subscribe to everything", () => {
    fc.assert(
      fc.property(withRandomOwnership(uniformGroupArb), (input) => {
        const c = counts(assignors.sticky.assign(input));
        return Math.max(...c) - Math.min(...c) <= 1;
      }),
      FC_PARAMS,
    );
  });

  it("sticky: balanced in Kafka's sense for any subscriptions (no partition can move to a subscriber with 2+ fewer)", () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        const a = assignors.sticky.assign(input);
        for (const more of input.members) {
          for (const less of input.members) {
            if (a[more.id]!.length - a[less.id]!.length <= 1) continue;
            const movable = a[more.id]!.find((x) => less.topics.includes(x.topic));
            if (movable !== undefined) throw new Error(`${key(movable)} could move from ${more.id} to ${less.id}`);
          }
        }
      }),
      FC_PARAMS,
    );
  });

  it("sticky: after one member leaves, the survivors keep everything they owned", () => {
    fc.assert(
      fc.property(
        uniformGroupArb.filter((g) => g.members.length >= 2),
        fc.nat(),
        (input, pick) => {
          const before = assignors.sticky.assign(input);
          const leaving = input.members[pick % input.members.length]!.id;
          const survivors = withOwned(
            input.members.filter((m) => m.id !== leaving),
            before,
            1,
          );
          const after = assignors.sticky.assign({ partitions: input.partitions, members: survivors });
          checkValid({ partitions: input.partitions, members: survivors }, after);
          return survivors.every((m) => before[m.id]!.every((x) => after[m.id]!.some((y) => key(y) === key(x))));
        },
      ),
      FC_PARAMS,
    );
  });

  it("cooperative-sticky: no partition goes to a new owner in the rebalance where another member still owns it", () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        const a = assignors["cooperative-sticky"].assign(input);
        for (const m of input.members) {
          const mine = new Set((m.owned ?? []).map(key));
          for (const x of a[m.id]!) {
            if (mine.has(key(x))) continue;
            const other = input.members.find((o) => o.id !== m.id && (o.owned ?? []).some((y) => key(y) === key(x)));
            if (other !== undefined) throw new Error(`${key(x)} given to ${m.id} while ${other.id} still owns it`);
          }
        }
      }),
      FC_PARAMS,
    );
  });

  it("cooperative-sticky: with revocations applied, the second round is the sticky result and is stable", () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        const coop = assignors["cooperative-sticky"];
        const round1 = coop.assign(input);
        const rejoin = { partitions: input.partitions, members: withOwned(input.members, round1, 7) };
        const round2 = coop.assign(rejoin);
        // Nothing is withheld any more: round 2 equals the eager sticky result for the same ownership ...
        if (JSON.stringify(round2) !== JSON.stringify(assignors.sticky.assign(rejoin))) throw new Error("round 2 differs from sticky");
        // ... every subscribed partition is assigned, round 2 only adds to round 1, and a third round changes nothing.
        if (!sameList(checkValid(rejoin, round2), subscribedPartitions(input))) throw new Error("round 2 incomplete");
        for (const m of input.members) {
          if (!round1[m.id]!.every((x) => round2[m.id]!.some((y) => key(y) === key(x)))) throw new Error(`round 2 revokes from ${m.id}`);
        }
        const round3 = coop.assign({ partitions: input.partitions, members: withOwned(input.members, round2, 8) });
        if (JSON.stringify(round3) !== JSON.stringify(round2)) throw new Error("round 3 differs from round 2");
      }),
      FC_PARAMS,
    );
  });

  it("cooperative-sticky: with equal subscriptions, the second round is fully balanced", () => {
    // Round 2 is not always identical to the eager sticky assignment of the *original* ownership:
    // partitions withheld in round 1 are re-dealt in round 2 (Kafka's harness only checks that the
    // follow-up result is valid and balanced, which is what is checked here).
    fc.assert(
      fc.property(withRandomOwnership(uniformGroupArb), (input) => {
        const coop = assignors["cooperative-sticky"];
        const round1 = coop.assign(input);
        const round2 = coop.assign({ partitions: input.partitions, members: withOwned(input.members, round1, 7) });
        const c = counts(round2);
        return Math.max(...c) - Math.min(...c) <= 1;
      }),
      FC_PARAMS,
    );
  });
});
