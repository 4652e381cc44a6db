import { describe, expect, it } from "vitest";
import { changePartition, initialPartitionState, type ElectionRules } from "../../../src/kafka/controller/partition-change.js";
import { NO_LEADER, type PartitionState } from "../../../src/kafka/metadata/partition-state.js";

const state = (over: Partial<PartitionState> = {}): PartitionState => ({
  topic: "orders",
  partition: 0,
  replicas: [1, 2, 3],
  isr: [1, 2, 3],
  elr: [],
  lastKnownElr: [],
  leader: 1,
  leaderEpoch: 5,
  partitionEpoch: 9,
  leaderRecoveryState: "RECOVERED",
  ...over,
});
const rules = (live: number[], over: Partial<ElectionRules> = {}): ElectionRules => ({
  isAcceptable: (id) => live.includes(id),
  minIsr: 2,
  elrEnabled: false,
  uncleanEnabled: false,
  ...over,
});

describe("KRaft partition leadership (partition-change.ts)", () => {
  it("a fenced leader is replaced by the first ISR replica in assignment order, with higher leader and partition epochs (Reference: docs/kafka-rules.md §1.6 KRaft election order)", () => {
    const change = changePartition(state({ replicas: [1, 3, 2] }), { targetIsr: [3, 2] }, rules([2, 3]))!;
    expect(change.state.leader).toBe(3);
    expect(change.state.isr).toEqual([3, 2]);
    expect(change.state.leaderEpoch).toBe(6);
    expect(change.state.partitionEpoch).toBe(10);
    expect(change.election).toBe("isr");
    expect(change.unclean).toBe(false);
  });

  it("an ISR shrink that keeps the leader bumps only the partition epoch (Reference: docs/kafka-rules.md §1.3)", () => {
    const change = changePartition(state(), { targetIsr: [1, 2] }, rules([1, 2, 3]))!;
    expect(change.state.leader).toBe(1);
    expect(change.state.leaderEpoch).toBe(5);
    expect(change.state.partitionEpoch).toBe(10);
    expect(change.leaderChanged).toBe(false);
  });

  it("without ELR the ISR is never emptied: its last member stays and the leader becomes NO_LEADER (Reference: docs/kafka-rules.md §1.3 controller-initiated shrink)", () => {
    const change = changePartition(state({ isr: [1] }), { targetIsr: [] }, rules([2, 3]))!;
    expect(change.state.isr).toEqual([1]);
    expect(change.state.leader).toBe(NO_LEADER);
    expect(change.state.leaderEpoch).toBe(6);
    expect(change.state.elr).toEqual([]);
  });

  it("unclean election happens only when enabled, and forces ISR = {leader} with RECOVERING (Reference: docs/kafka-rules.md §1.6 step 4)", () => {
    expect(changePartition(state({ isr: [1] }), { targetIsr: [] }, rules([2, 3]))!.state.leader).toBe(NO_LEADER);
    const unclean = changePartition(state({ isr: [1] }), { targetIsr: [] }, rules([2, 3], { uncleanEnabled: true }))!;
    expect(unclean.state.leader).toBe(2);
    expect(unclean.state.isr).toEqual([2]);
    expect(unclean.state.leaderRecoveryState).toBe("RECOVERING");
    expect(unclean.unclean).toBe(true);
  });

  it("with ELR, replicas dropped below min ISR move to the ELR and are cleared once the ISR is back at min ISR (Reference: docs/kafka-rules.md §3.3 rules 2–3)", () => {
    const shrunk = changePartition(state({ isr: [1, 3] }), { targetIsr: [1] }, rules([1, 2, 3], { elrEnabled: true }))!;
    expect(shrunk.state.isr).toEqual([1]);
    expect(shrunk.state.elr).toEqual([3]);
    const grown = changePartition(shrunk.state, { targetIsr: [1, 2] }, rules([1, 2, 3], { elrEnabled: true }))!;
    expect(grown.state.elr).toEqual([]);
    expect(grown.state.isr).toEqual([1, 2]);
  });

  it("with ELR and an empty ISR, an unfenced ELR member leads and becomes the ISR (Reference: docs/kafka-rules.md §3.3 worked example step 4)", () => {
    const change = changePartition(state({ isr: [1], elr: [3] }), { targetIsr: [] }, rules([2, 3], { elrEnabled: true }))!;
    expect(change.state.leader).toBe(3);
    expect(change.state.isr).toEqual([3]);
    expect(change.state.elr).toEqual([1]);
    expect(change.election).toBe("elr");
  });

  it("with ELR, a fenced sole ISR member goes to the ELR, is remembered as last known leader, and leads again when it is back (Reference: docs/kafka-rules.md §1.6 step 3)", () => {
    const fenced = changePartition(state({ isr: [1] }), { targetIsr: [] }, rules([], { elrEnabled: true, minIsr: 1 }))!;
    expect(fenced.state.isr).toEqual([]);
    expect(fenced.state.elr).toEqual([1]);
    expect(fenced.state.lastKnownElr).toEqual([1]);
    expect(fenced.state.leader).toBe(NO_LEADER);
    const restarted = changePartition(fenced.state, { targetIsr: [], uncleanShutdown: [1] }, rules([], { elrEnabled: true, minIsr: 1 }))!;
    expect(restarted.state.elr).toEqual([]);
    expect(restarted.state.lastKnownElr).toEqual([1]);
    const back = changePartition(restarted.state, { targetIsr: [] }, rules([1], { elrEnabled: true, minIsr: 1 }))!;
    expect(back.state.leader).toBe(1);
    expect(back.election).toBe("last-known-leader");
    expect(back.state.isr).toEqual([1]);
  });

  it("returns null when nothing changes", () => {
    expect(changePartition(state(), { targetIsr: [1, 2, 3] }, rules([1, 2, 3]))).toBeNull();
  });

  it("a new partition is led by its first live replica with all replicas in the ISR", () => {
    const initial = initialPartitionState("t", 0, [2, 1, 3], (id) => id !== 2);
    expect(initial.leader).toBe(1);
    expect(initial.isr).toEqual([2, 1, 3]);
  });
});
