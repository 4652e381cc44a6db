/**
 * ZooKeeper-mode fuzz counterexamples (test/regressions/zk-*.yaml), replayed with their own seed:
 * each must now meet its expectations, and the situation it was found in must still happen (so
 * that a change of the model cannot make the test pass by avoiding it).
 */
import { describe, expect, it } from "vitest";
import { runWithTrace as replay } from "./trace-harness.js";

const runWithTrace = (file: string) => replay(file, ["become-leader", "become-follower", "log-truncated"]);

describe("ZooKeeper-mode regressions", () => {
  it("zk-shared-epoch-after-power-loss: a leader reinstated in its epoch after a power loss is not a committed-prefix violation (Reference: KafkaController.onControllerFailover, PartitionStateMachine.initializePartitionState, Partition.makeLeader, LeaderEpochFileCache.assign)", () => {
    const { result, trace } = runWithTrace("zk-shared-epoch-after-power-loss.yaml");
    // The situation: broker-1 leads orders-1 in epoch 0, loses power, and leads epoch 0 again from a
    // shorter log, while broker-4 still follows in epoch 0 (no election bumped the epoch).
    const leads = trace.filter((t) => t.type === "become-leader" && t.node === "broker-1" && t.partition === 1);
    expect(leads.map((t) => t.leaderEpoch)).toEqual([0, 0]);
    expect(leads[1]!.atUs).toBeGreaterThan(6_800_000);
    expect(leads[1]!.logEndOffset as number).toBeGreaterThan(0);
    expect(trace.some((t) => t.type === "log-truncated" && t.node === "broker-4" && t.partition === 1)).toBe(false);
    // Every invariant holds, committed-prefix-agreement included.
    const cpa = result.invariants.find((i) => i.name === "committed-prefix-agreement")!;
    expect(cpa.violations).toBe(0);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });
});
