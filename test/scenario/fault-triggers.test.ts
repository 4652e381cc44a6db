/**
 * Faults triggered by events (`after`): validation with file, line, key and what was expected, the
 * timeline of a run that fires them, and replay (the same scenario and seed give the same trace
 * hash). Reference: docs/scenario-format.md "Faults triggered by events"; the events are changes of
 * the committed partition state (PartitionRecord / PartitionChangeRecord in KRaft, the partition
 * state znode in ZooKeeper mode), of the active controller and of a group's generation (SyncGroup).
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runScenario } from "../../src/scenario/run.js";
import { BASE, load, onlyError } from "./fixture.js";

const withFaults = (...lines: string[]) => [...BASE, "faults:", ...lines];

describe("after: syntax and validation", () => {
  it("loads the trigger with its partition filter and delay", () => {
    const { scenario } = load(
      withFaults("  - at: 5s", "    after: { event: leader-change, partition: orders-1, delay: 200ms }", "    crash: leader(orders-1)"),
    );
    expect(scenario.faults[0]).toMatchObject({
      atUs: 5_000_000,
      kind: "crash",
      after: { event: "leader-change", partition: { topic: "orders", partition: 1 }, group: null, delayUs: 200_000 },
    });
  });

  it("gives a fault without after a null trigger, and a trigger without filter or delay its defaults", () => {
    const { scenario } = load(
      withFaults("  - at: 5s", "    crash: broker-1", "  - at: 6s", "    after: { event: controller-change }", "    pause: controller", "    for: 2s"),
    );
    expect(scenario.faults.map((fault) => fault.after)).toEqual([null, { event: "controller-change", partition: null, group: null, delayUs: 0 }]);
  });

  it("rejects an unknown event, naming the events", () => {
    expect(onlyError(withFaults("  - at: 5s", "    after: { event: leader-moved }", "    crash: broker-1"))).toMatchObject({
      file: "test.yaml",
      line: 20,
      path: "faults[0].after.event",
      expected: "one of leader-change, isr-shrink, isr-expand, controller-change, rebalance",
    });
  });

  it("rejects a partition that does not exist, and a partition filter on an event without partitions", () => {
    expect(onlyError(withFaults("  - at: 5s", "    after: { event: isr-shrink, partition: orders-2 }", "    crash: broker-1"))).toMatchObject({
      line: 20,
      path: "faults[0].after.partition",
      message: "orders has 2 partition(s)",
      expected: "orders-0 … orders-1",
    });
    expect(onlyError(withFaults("  - at: 5s", "    after: { event: isr-shrink, partition: order-0 }", "    crash: broker-1"))).toMatchObject({
      path: "faults[0].after.partition",
      message: "no topic order is declared",
    });
    expect(onlyError(withFaults("  - at: 5s", "    after: { event: rebalance, partition: orders-0 }", "    crash: broker-1"))).toMatchObject({
      path: "faults[0].after.partition",
      message: "partition does not go with rebalance",
    });
  });

  it("rejects an unknown group, a bad delay and an unknown key", () => {
    expect(onlyError(withFaults("  - at: 5s", "    after: { event: rebalance, group: g2 }", "    crash: broker-1"))).toMatchObject({
      path: "faults[0].after.group",
      message: "no consumer group g2",
      expected: "one of g1",
    });
    expect(onlyError(withFaults("  - at: 5s", "    after: { event: rebalance, delay: soon }", "    crash: broker-1"))).toMatchObject({
      path: "faults[0].after.delay",
      message: "not a duration",
    });
    expect(onlyError(withFaults("  - at: 5s", "    after: { event: rebalance, within: 2s }", "    crash: broker-1"))).toMatchObject({
      path: "faults[0].after.within",
    });
  });

  it("refuses after on add-partitions, whose counts are checked in firing order", () => {
    expect(onlyError(withFaults("  - at: 5s", "    after: { event: rebalance }", "    add-partitions: { topic: orders, count: 3 }"))).toMatchObject({
      path: "faults[0].after",
      message: "add-partitions takes no after",
    });
  });
});

const RUN = [
  "name: trigger-run",
  "description: crash the new leader 200 ms after the first leader change, pause a consumer after its group forms",
  "duration: 20s",
  "cluster: { brokers: 3, controller: { mode: kraft, nodes: 3 } }",
  "topics:",
  "  - { name: orders, partitions: 1, replication-factor: 3 }",
  "producers:",
  "  - { name: p1, topic: orders, rate: 100/s }",
  "consumers:",
  "  - { group: g1, topics: [orders] }",
  "faults:",
  "  - { at: 3s, shutdown: leader(orders-0), restart-after: 4s }",
  "  - { at: 1s, after: { event: leader-change, partition: orders-0, delay: 200ms }, crash: leader(orders-0), restart-after: 2s }",
  "  - { at: 0s, after: { event: rebalance, group: g1, delay: 500ms }, pause: g1-1, for: 1s }",
  "  - { at: 0s, after: { event: controller-change }, crash: controller-1 }",
].join("\n");

describe("after: in a run", () => {
  const result = runScenario(parse(RUN) as Record<string, unknown>);
  const lines = result.timeline.filter((line) => line.kind === "trigger" || line.kind.startsWith("fault"));
  const firstLeaderChange = result.timeline.find((line) => line.kind === "trigger" && line.text.startsWith("leader-change of orders-0"));

  it("fires a triggered fault its delay after the event, on the holder of the role then", () => {
    expect(firstLeaderChange).toBeDefined();
    const match = /→ (broker-\d)\)/.exec(firstLeaderChange!.text);
    const crash = lines.find((line) => line.kind === "fault" && line.text.startsWith("crash "));
    expect(crash?.atUs).toBe(firstLeaderChange!.atUs + 200_000);
    expect(crash?.text).toBe(`crash ${match?.[1]} (leader(orders-0))`);
    // The trigger fires once: the leader change that the crash causes fires nothing more.
    expect(lines.filter((line) => line.kind === "trigger" && line.text.startsWith("leader-change"))).toHaveLength(1);
  });

  it("waits for the group's first generation", () => {
    const rebalance = lines.find((line) => line.kind === "trigger" && line.text.startsWith("rebalance of g1 (generation 1)"));
    expect(rebalance).toBeDefined();
    expect(lines.find((line) => line.kind === "fault" && line.text === "pause g1-1")?.atUs).toBe(rebalance!.atUs + 500_000);
  });

  it("reports a trigger whose event never came as skipped at the end of the duration", () => {
    expect(lines.filter((line) => line.kind === "fault-skipped")).toEqual([
      expect.objectContaining({ atUs: 20_000_000, text: "crash controller-1 skipped (armed at 0s): no controller-change before the end at 20s" }),
    ]);
  });

  it("replays bit for bit: the same scenario and seed give the same trace hash", () => {
    expect(runScenario(parse(RUN) as Record<string, unknown>).traceHash).toBe(result.traceHash);
  });
});
