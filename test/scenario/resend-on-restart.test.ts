/**
 * `resend-on-restart` (docs/scenario-format.md "producers"): after a restart of the producer
 * process the application sends again every record it never saw acknowledged. The new process has
 * a new producer id, so the idempotent producer cannot deduplicate across the restart and the
 * checker counts the record written twice as a duplicate. Reference: KIP-98 (sequence numbers are
 * per producer id and epoch; only a transactional.id keeps a producer's identity across restarts).
 */
import { describe, expect, it } from "vitest";
import type { History, SendOp } from "../../src/kafka/history.js";
import { runScenario } from "../../src/scenario/run.js";

function scenario(resend: boolean, crash: boolean): Record<string, unknown> {
  return {
    name: "resend-probe",
    description: "acknowledgements slowed by a replication delay, then the producer process crashes",
    duration: "12s",
    cluster: { brokers: 3, controller: { mode: "kraft", nodes: 1 } },
    topics: [{ name: "orders", partitions: 1, "replication-factor": 3, config: { "min.insync.replicas": 2 } }],
    producers: [{ name: "p1", topic: "orders", rate: "400/s", keys: 8, config: { "linger.ms": 50 }, "resend-on-restart": resend }],
    consumers: [{ group: "g1", topics: ["orders"], config: { "auto.offset.reset": "earliest" } }],
    faults: [
      { at: "5s", delay: { between: [["leader(orders-0)"], ["followers(orders-0)"]], extra: "1s" }, for: "5s" },
      ...(crash ? [{ at: "7s", crash: "p1", "restart-after": "1s" }] : []),
    ],
  };
}

function run(resend: boolean, crash: boolean, seed = 1): { result: ReturnType<typeof runScenario>; sends: SendOp[] } {
  let history: History = [];
  const result = runScenario(scenario(resend, crash), { seed, historySink: (h) => (history = h) });
  return { result, sends: history.filter((op): op is SendOp => op.kind === "send") };
}

describe("an application that re-sends after a producer restart writes duplicates the idempotent producer cannot prevent", () => {
  it("p1#2 first sends again, in order and with the same keys, exactly what p1#1 never saw acknowledged; what the brokers had written appears twice", () => {
    const { result, sends } = run(true, true);
    const first = sends.filter((s) => s.process === "p1#1");
    const second = sends.filter((s) => s.process === "p1#2");
    const unacknowledged = first.filter((s) => s.outcome !== "ok");
    expect(unacknowledged.length).toBeGreaterThan(0);
    expect(second.slice(0, unacknowledged.length).map((s) => [s.key, s.value])).toEqual(unacknowledged.map((s) => [s.key, s.value]));
    expect(second[unacknowledged.length]?.value).toBe("p1#2-0");
    expect(result.metrics["duplicate"]).toBeGreaterThan(0);
    expect(result.metrics["lost-write"]).toBe(0);
    const duplicate = result.anomalies.find((a) => a.type === "duplicate");
    expect(unacknowledged.map((s) => s.value)).toContain(duplicate?.value);
    expect(duplicate?.explanation).toContain("p1#1 sent");
    expect(duplicate?.explanation).toContain("KIP-98");
  });

  it("without the re-send the same crash writes no duplicate (the unacknowledged records are simply never sent again)", () => {
    const { result, sends } = run(false, true);
    expect(result.metrics["duplicate"]).toBe(0);
    expect(sends.filter((s) => s.process === "p1#2")[0]?.value).toBe("p1#2-0");
  });

  it("without a restart the option changes nothing: same trace hash, same metrics", () => {
    const on = run(true, false).result;
    const off = run(false, false).result;
    expect(on.traceHash).toBe(off.traceHash);
    expect(on.metrics).toEqual(off.metrics);
  });
});
