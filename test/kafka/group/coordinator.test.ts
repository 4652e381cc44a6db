import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import { javaStringHashCode, kafkaAbs, partitionForGroup } from "../../../src/kafka/group/partition-for.js";
import type { AssignOp, CommitOp, HistoryOp } from "../../../src/kafka/history.js";
import { FakeCluster } from "./fake-cluster.js";

const ops = <K extends HistoryOp["kind"]>(c: FakeCluster, kind: K) => c.history.ops().filter((op): op is Extract<HistoryOp, { kind: K }> => op.kind === kind);

/**
 * Two members, one record per partition, 2 s of processing each; g1-2 is paused (a long GC) in the
 * middle of processing, at 7 s (generation 1 forms at ~6 s: the initial delay of 3 s was extended
 * once because the second member joined during it), and resumed at 67 s, long after its 45 s
 * session expired. On waking it finishes processing and commits with its old member id.
 */
function zombieScenario(c: FakeCluster): void {
  c.store.createTopic("orders", 2);
  c.store.produce("orders", 0, ["a0"]);
  c.store.produce("orders", 1, ["b0"]);
  for (const name of ["g1-1", "g1-2"]) {
    c.addConsumer({ name, commit: "after-processing", processingTimeUs: seconds(2), config: { "partition.assignment.strategy": ["RangeAssignor"] } });
  }
  c.world.run(seconds(7));
  c.world.pause("g1-2");
  c.world.run(seconds(67));
  c.world.resume("g1-2");
}

describe("group coordinator (classic protocol)", () => {
  it("places a group on Utils.abs(hashCode) % offsets.topic.num.partitions (Reference: docs/kafka-rules.md §6.1 coordinator)", () => {
    expect(javaStringHashCode("g1")).toBe(3242);
    expect(javaStringHashCode("polygenelubricants")).toBe(-2147483648);
    expect(kafkaAbs(-2147483648)).toBe(0);
    expect(partitionForGroup("polygenelubricants", 50)).toBe(0);
    expect(partitionForGroup("g1", 50)).toBe(3242 % 50);
  });

  it("two members join, one syncs the range assignment and the group is stable (Reference: docs/kafka-rules.md §6.1 JoinGroup/SyncGroup, §6.2 RangeAssignor)", () => {
    const c = new FakeCluster();
    c.store.createTopic("orders", 3);
    c.addConsumer({ name: "g1-1", config: { "partition.assignment.strategy": ["RangeAssignor"] } });
    c.addConsumer({ name: "g1-2", config: { "partition.assignment.strategy": ["RangeAssignor"] } });
    c.world.run(seconds(10));

    // KIP-394: each new member is first told its id with MEMBER_ID_REQUIRED.
    expect(c.traces("member-id-required")).toHaveLength(2);
    expect(c.traces("member-joined")).toHaveLength(2);
    const stable = c.traces("group-stable");
    expect(stable).toHaveLength(1);
    expect(stable[0]!.generation).toBe(1);
    expect(stable[0]!.protocol).toBe("range");
    // The first rebalance of an empty group waited group.initial.rebalance.delay.ms (3 s), extended
    // by another 3 s because a second member joined during the delay.
    expect(Number(stable[0]!.atUs)).toBeGreaterThanOrEqual(seconds(6));

    const [assignment] = c.store.assignments;
    const members = Object.keys(assignment!.assignment).sort();
    expect(members).toHaveLength(2);
    const sizes = members.map((m) => assignment!.assignment[m]!.length).sort();
    expect(sizes).toEqual([1, 2]);
    const assigns = ops(c, "assign") as AssignOp[];
    expect(assigns.map((a) => a.generation)).toEqual([1, 1]);
    const all = assigns.flatMap((a) => a.assigned.map((tp) => tp.partition)).sort();
    expect(all).toEqual([0, 1, 2]);
  });

  it("the group rebalances after a crashed member's session expires (45 s default) (Reference: docs/kafka-rules.md §6.1 session.timeout.ms)", () => {
    const c = new FakeCluster();
    c.store.createTopic("orders", 2);
    c.addConsumer({ name: "g1-1", config: { "partition.assignment.strategy": ["RangeAssignor"] } });
    c.addConsumer({ name: "g1-2", config: { "partition.assignment.strategy": ["RangeAssignor"] } });
    c.world.run(seconds(10));
    c.world.crash("g1-2");
    const crashAt = c.world.now;
    c.world.run(seconds(70));

    const expired = c.traces("member-expired");
    expect(expired).toHaveLength(1);
    const expiredAt = Number(expired[0]!.atUs);
    expect(expiredAt - crashAt).toBeGreaterThan(seconds(40));
    expect(expiredAt - crashAt).toBeLessThanOrEqual(seconds(45.01)); // its last heartbeat was still in flight
    const last = c.store.assignments.at(-1)!;
    expect(last.generation).toBe(2);
    const survivors = Object.keys(last.assignment);
    expect(survivors).toHaveLength(1);
    expect(last.assignment[survivors[0]!]!.map((tp) => tp.partition)).toEqual([0, 1]);
  });

  it("a zombie that wakes after its removal has its commit rejected, then rejoins (Reference: docs/kafka-rules.md §6.1 ILLEGAL_GENERATION / UNKNOWN_MEMBER_ID)", () => {
    const c = new FakeCluster();
    zombieScenario(c);
    c.world.run(seconds(100));

    const rejected = c.traces("offset-commit-rejected").filter((t) => String(t.memberId).startsWith("g1-2"));
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(["UNKNOWN_MEMBER_ID", "ILLEGAL_GENERATION"]).toContain(rejected[0]!.error);
    const zombieCommits = (ops(c, "commit") as CommitOp[]).filter((op) => op.consumer === "g1-2" && op.invokeUs >= seconds(67));
    expect(zombieCommits[0]!.outcome).toBe("failed");
    // It rejoined: a later generation includes g1-2 again.
    const last = c.store.assignments.at(-1)!;
    expect(Object.keys(last.assignment).some((m) => m.startsWith("g1-2"))).toBe(true);
  });

  it("with the coordinator-forgets-generations mutant the zombie's commit is accepted (Reference: docs/kafka-rules.md §6.1 generations)", () => {
    const c = new FakeCluster({ bugs: ["coordinator-forgets-generations"] });
    zombieScenario(c);
    c.world.run(seconds(68));
    expect(c.traces("offset-commit-rejected")).toHaveLength(0);
    const zombieCommits = (ops(c, "commit") as CommitOp[]).filter((op) => op.consumer === "g1-2" && op.invokeUs >= seconds(67));
    expect(zombieCommits[0]!.outcome).toBe("ok");
  });

  it("committed offsets survive a coordinator change: the new coordinator loads them from __consumer_offsets (Reference: docs/kafka-rules.md §6.1 coordinator)", () => {
    const c = new FakeCluster({ brokers: 2 });
    c.store.createTopic("orders", 1);
    c.store.produce("orders", 0, ["v0", "v1", "v2", "v3"]);
    c.addConsumer({ name: "g1-1", commit: "after-processing" });
    c.world.run(seconds(8));
    const before = c.store.offsetsLeader.get(0)!;
    c.store.moveOffsetsLeader(0, before === 1 ? 2 : 1);
    c.world.run(seconds(10));
    expect(c.traces("coordinator-unloaded")).toHaveLength(1);
    const loaded = c.traces("coordinator-loaded").at(-1)!;
    expect(loaded.groups).toEqual(["g1"]);
    expect(loaded.offsets).toBe(1);

    // A new consumer of the group starts from the committed offset, not from auto.offset.reset.
    c.world.crash("g1-1");
    c.addConsumer({ name: "g1-9", commit: "after-processing" });
    c.world.run(seconds(70));
    const resets = ops(c, "reset").filter((r) => r.consumer === "g1-9");
    expect(resets).toEqual([expect.objectContaining({ reason: "committed", offset: 4 })]);
  });
});
