/**
 * A scenario's `shutdown` of a consumer is KafkaConsumer.close(), not a crash: with
 * enable.auto.commit it commits its positions synchronously (ConsumerCoordinator.close:
 * maybeAutoCommitOffsetsSync), then the member leaves the group (AbstractCoordinator.close:
 * maybeLeaveGroup) and the process ends; the group rebalances at once instead of after
 * session.timeout.ms, and nothing it processed is processed again. `crash` stays the crash.
 * Reference: KafkaConsumer.close(), ConsumerCoordinator.close, AbstractCoordinator.close.
 */
import { describe, expect, it } from "vitest";
import type { History } from "../../../src/kafka/history.js";
import { runScenario } from "../../../src/scenario/run.js";

function scenario(kind: "shutdown" | "crash"): Record<string, unknown> {
  return {
    name: "consumer-close-probe",
    description: "two auto-committing consumers share two partitions; one of them stops at 14s",
    duration: "22s",
    cluster: { brokers: 3, controller: { mode: "kraft", nodes: 1 }, "broker-config": { "offsets.topic.num.partitions": 1 } },
    topics: [{ name: "orders", partitions: 2, "replication-factor": 3 }],
    producers: [{ name: "p1", topic: "orders", rate: "100/s", keys: 8 }],
    consumers: [
      {
        group: "g1",
        instances: 2,
        topics: ["orders"],
        commit: "auto",
        "processing-time": "2ms",
        config: { "auto.offset.reset": "earliest", "session.timeout.ms": 6000 },
      },
    ],
    faults: [{ at: "14s", [kind]: "g1-1" }],
  };
}

function run(kind: "shutdown" | "crash") {
  let history: History = [];
  const records: { atUs: number; type: string }[] = [];
  const result = runScenario(scenario(kind), {
    seed: 1,
    historySink: (h) => (history = h),
    traceSink: (line) => {
      if (line.includes('"member-left"')) records.push(JSON.parse(line) as { atUs: number; type: string });
    },
  });
  return { result, history, records };
}

describe("a consumer shutdown closes the consumer (Reference: KafkaConsumer.close, ConsumerCoordinator.close)", () => {
  it("commits its positions, leaves the group (which rebalances at once) and ends as a clean stop, not a crash; nothing is processed twice", () => {
    const { result, history, records } = run("shutdown");
    const atUs = 14_000_000;
    const closingCommit = history.find((op) => op.kind === "commit" && op.process === "g1-1#1" && op.invokeUs >= atUs);
    expect(closingCommit).toMatchObject({ outcome: "ok" });
    expect(closingCommit?.kind === "commit" && closingCommit.offsets.every((o) => o.offset > 0)).toBe(true);
    expect(history.filter((op) => op.kind === "client-stop").map((op) => op.process)).toEqual(["g1-1#1"]);
    expect(history.some((op) => op.kind === "client-crash")).toBe(false);
    const left = records.find((r) => r.type === "member-left" && r.atUs >= atUs);
    expect(left).toBeDefined();
    expect(left!.atUs - atUs).toBeLessThan(1_000_000);
    expect(result.metrics["duplicate-processing"]).toBe(0);
  });

  it("a crash at the same moment does none of it: the member is removed only after session.timeout.ms and records are processed again", () => {
    const { result, history, records } = run("crash");
    expect(history.some((op) => op.kind === "commit" && op.process === "g1-1#1" && op.invokeUs >= 14_000_000)).toBe(false);
    expect(records.some((r) => r.type === "member-left" && r.atUs >= 14_000_000)).toBe(false);
    expect(result.metrics["duplicate-processing"]).toBeGreaterThan(0);
  });
});
