/**
 * The `add-partitions` action: its syntax and validation, and what it does in a run, in both
 * controller modes: the controller creates the partitions, the producer maps keys by murmur2 over
 * the new count once its metadata shows them, and the group leader rejoins so they are assigned.
 */
import { describe, expect, it } from "vitest";
import type { AssignOp, History, SendOp } from "../../src/kafka/history.js";
import { partitionForKey } from "../../src/kafka/partitioner/partitioner.js";
import { runScenario } from "../../src/scenario/run.js";
import { BASE, load, onlyError } from "./fixture.js";

const withFaults = (...lines: string[]) => [...BASE, "faults:", ...lines];

describe("add-partitions: syntax and validation (Reference: CreatePartitionsRequest, kafka-topics --alter --partitions)", () => {
  it("loads as an action with the topic and its new total count", () => {
    const { scenario, warnings } = load(withFaults("  - at: 10s", "    add-partitions: { topic: orders, count: 4 }"));
    expect(warnings).toEqual([]);
    expect(scenario.faults).toEqual([{ index: 0, atUs: 10_000_000, id: null, after: null, kind: "add-partitions", topic: "orders", count: 4 }]);
  });

  it("rejects an undeclared topic, naming the declared ones", () => {
    expect(onlyError(withFaults("  - at: 10s", "    add-partitions: { topic: order, count: 4 }"))).toMatchObject({
      line: 20,
      path: "faults[0].add-partitions.topic",
      message: "no topic order is declared",
      expected: "one of orders",
      found: "order",
    });
  });

  it("rejects a count that is not an increase (Kafka: INVALID_PARTITIONS), also after an earlier add-partitions", () => {
    expect(onlyError(withFaults("  - at: 10s", "    add-partitions: { topic: orders, count: 2 }"))).toMatchObject({
      path: "faults[0].add-partitions.count",
      message: "orders already has 2 partition(s) by then; add-partitions must raise the count",
      expected: "a count larger than 2",
      found: "2",
    });
    // File order is not firing order: the action at 5s raises to 6 first, so 4 at 10s is a decrease.
    expect(
      onlyError(withFaults("  - at: 10s", "    add-partitions: { topic: orders, count: 4 }", "  - at: 5s", "    add-partitions: { topic: orders, count: 6 }")),
    ).toMatchObject({
      path: "faults[0].add-partitions.count",
      message: "orders already has 6 partition(s) by then; add-partitions must raise the count",
    });
  });

  it("takes no companion and needs both keys", () => {
    expect(onlyError(withFaults("  - at: 10s", "    add-partitions: { topic: orders, count: 4 }", "    restart-after: 5s"))).toMatchObject({
      path: "faults[0].restart-after",
      message: "restart-after does not go with add-partitions",
      hint: "add-partitions takes no companion",
    });
    expect(() => load(withFaults("  - at: 10s", "    add-partitions: { topic: orders }"))).toThrow();
  });
});

function scenario(mode: "kraft" | "zookeeper"): Record<string, unknown> {
  return {
    name: "add-partitions-run",
    description: "a keyed producer and a group of two; orders goes from 2 to 4 partitions at 13s, once the group is stable",
    duration: "22s",
    cluster: { brokers: 3, controller: { mode, nodes: 3 }, "broker-config": { "offsets.topic.num.partitions": 1 } },
    topics: [{ name: "orders", partitions: 2, "replication-factor": 3 }],
    producers: [{ name: "p1", topic: "orders", rate: "100/s", keys: 20, config: { "metadata.max.age.ms": 2000 } }],
    consumers: [{ group: "g1", topics: ["orders"], instances: 2, config: { "auto.offset.reset": "earliest", "metadata.max.age.ms": 2000 } }],
    faults: [{ at: "13s", "add-partitions": { topic: "orders", count: 4 } }],
    expect: { "lost-write": 0 },
  };
}

interface TraceLine {
  atUs: number;
  type: string;
  node?: string;
  [field: string]: unknown;
}

function run(mode: "kraft" | "zookeeper") {
  let history: History = [];
  const trace: TraceLine[] = [];
  const types = ["partitions-created", "consumer-metadata-changed"].map((t) => `"type":"${t}"`);
  const result = runScenario(scenario(mode), {
    historySink: (ops) => (history = ops),
    traceSink: (line) => types.some((t) => line.includes(t)) && trace.push(JSON.parse(line) as TraceLine),
  });
  return { result, history, trace };
}

describe.each(["kraft", "zookeeper"] as const)("add-partitions in a %s cluster (Reference: KIP-195; ConsumerCoordinator metadata snapshot)", (mode) => {
  const { result, history, trace } = run(mode);

  it("the controller creates the new partitions, and the run converges on four", () => {
    expect(result.failures).toEqual([]);
    const created = trace.filter((t) => t.type === "partitions-created");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ topic: "orders", from: 2, to: 4 });
    expect(created[0]!.atUs).toBeGreaterThanOrEqual(13_000_000);
    expect(result.partitions.filter((p) => p.partition.startsWith("orders-")).map((p) => [p.partition, p.converged])).toEqual([
      ["orders-0", true],
      ["orders-1", true],
      ["orders-2", true],
      ["orders-3", true],
    ]);
  });

  it("keyed sends map by murmur2 over 2 partitions before the change and over 4 once the producer's metadata shows it", () => {
    const sends = history.filter((op): op is SendOp => op.kind === "send");
    const before = sends.filter((s) => s.invokeUs < 13_000_000);
    const after = sends.filter((s) => s.invokeUs > 13_000_000 + 2_000_000 + 500_000); // a metadata.max.age.ms later
    expect(before.length).toBeGreaterThan(100);
    expect(after.length).toBeGreaterThan(100);
    for (const send of before) expect(send.partition, send.value).toBe(partitionForKey(send.key!, 2));
    for (const send of after) expect(send.partition, send.value).toBe(partitionForKey(send.key!, 4));
    // Some keys moved: the same key, a different partition after the change.
    const moved = new Set(after.filter((s) => s.partition !== partitionForKey(s.key!, 2)).map((s) => s.key));
    expect(moved.size).toBeGreaterThan(0);
  });

  it("the group leader notices the new count on a metadata refresh and rejoins; the new partitions are assigned", () => {
    const changed = trace.filter((t) => t.type === "consumer-metadata-changed");
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(changed[0]).toMatchObject({ group: "g1", before: { orders: 2 }, after: { orders: 4 } });
    const assigned = history
      .filter((op): op is AssignOp => op.kind === "assign" && op.atUs > changed[0]!.atUs)
      .flatMap((op) => op.assigned.map((tp) => tp.partition));
    expect(new Set(assigned)).toEqual(new Set([0, 1, 2, 3]));
    expect(result.metrics["unseen"]).toBe(0);
  });
});
