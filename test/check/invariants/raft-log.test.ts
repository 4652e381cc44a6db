/**
 * RaftLogCheck compares voters' committed metadata entries by epoch and record: the very same
 * entry object, or an equal copy, matches; a different record or epoch at a committed offset is a
 * violation. Reference: Raft §5.3 (Log Matching) and §5.4 (Leader Completeness), KIP-595.
 */
import { describe, expect, it } from "vitest";
import { RaftLogCheck } from "../../../src/check/invariants/raft-log.js";
import { ViolationTally } from "../../../src/check/invariants/tally.js";
import type { RaftEntryView } from "../../../src/kafka/observer.js";

const entry = (offset: number, epoch: number, record: object): RaftEntryView => ({ offset, epoch, record });
const count = (tally: ViolationTally, name: string): number => tally.results().find((r) => r.name === name)!.violations;

describe("RaftLogCheck", () => {
  it("raft-log-matching: the same entry object or an equal copy matches; another record or epoch does not", () => {
    const tally = new ViolationTally(() => 0);
    const check = new RaftLogCheck(tally);
    const e0 = entry(0, 1, { type: "RegisterBroker", brokerId: 1 });
    const e1 = entry(1, 1, { type: "NoOp" });
    check.committedEntries("controller-1", [e0, e1]);
    check.committedEntries("controller-2", [e0, entry(1, 1, { type: "NoOp" })]);
    expect(count(tally, "raft-log-matching")).toBe(0);
    check.committedEntries("controller-3", [entry(0, 1, { type: "RegisterBroker", brokerId: 2 })]);
    expect(count(tally, "raft-log-matching")).toBe(1);
    check.committedEntries("controller-3", [entry(1, 2, { type: "NoOp" })]);
    expect(count(tally, "raft-log-matching")).toBe(2);
  });

  it("raft-leader-completeness: a new leader must hold every committed entry (equal content counts)", () => {
    const tally = new ViolationTally(() => 0);
    const check = new RaftLogCheck(tally);
    const committed = [entry(0, 1, { type: "NoOp" }), entry(1, 1, { type: "LeaderChange", leader: 1 })];
    check.committedEntries("controller-1", committed);
    const copy = committed.map((e) => entry(e.offset, e.epoch, JSON.parse(JSON.stringify(e.record))));
    check.leaderElected("controller-2", 2, { endOffset: 2, entryAt: (o) => copy[o] });
    expect(count(tally, "raft-leader-completeness")).toBe(0);
    check.leaderElected("controller-3", 2, { endOffset: 1, entryAt: (o) => committed[o] });
    expect(count(tally, "raft-leader-completeness")).toBe(1);
    const other = [committed[0]!, entry(1, 1, { type: "LeaderChange", leader: 3 })];
    check.leaderElected("controller-3", 3, { endOffset: 2, entryAt: (o) => other[o] });
    expect(count(tally, "raft-leader-completeness")).toBe(2);
  });
});
