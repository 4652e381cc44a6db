/**
 * Idempotent-producer fuzz counterexamples (test/regressions/idem-*.yaml), replayed with their own
 * seed: each must now meet its expectations, and the situation it was found in must still happen
 * (so that a change of the model cannot make the test pass by avoiding it).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenario } from "../../src/scenario/run.js";

const DIR = import.meta.dirname;

interface TraceLine {
  atUs: number;
  type: string;
  node?: string;
  [key: string]: unknown;
}

const KEPT = ['"producer-sequence-error"', '"duplicate-batch"', '"client-error"', '"delivery-timeout"', '"become-leader"', '"become-follower"'];

function runWithTrace(file: string) {
  const lines: TraceLine[] = [];
  const result = runScenario(join(DIR, file), {
    traceSink: (line) => {
      if (KEPT.some((k) => line.includes(k))) lines.push(JSON.parse(line) as TraceLine);
    },
  });
  return { result, trace: lines };
}

describe("idempotent producer regressions", () => {
  it.each([
    ["idem-first-batch-races-first-leader.yaml", "payments", 1, "failed"],
    ["idem-first-batch-races-first-leader-2.yaml", "orders", 0, "failed"],
    ["idem-isolated-leader-first-batch.yaml", "orders", 2, "unknown"],
  ])("%s: a first batch overtaken by a later one at a leader without state for the producer ends failed or unknown, never acknowledged without an offset (Reference: ProducerAppendInfo.checkSequence, ProducerStateEntry.findDuplicateBatch, TransactionManager.canRetry, Sender.sendProducerData)", (file, topic, partition, outcome) => {
    const { result, trace } = runWithTrace(file);
    // The situation: the leader rejects a retry of the producer's sequence 0 because a later batch
    // of the same producer and epoch was appended first.
    const rejected = trace.filter((t) => t.type === "producer-sequence-error" && t["topic"] === topic && t["partition"] === partition);
    expect(rejected.some((t) => t["baseSequence"] === 0)).toBe(true);
    expect(rejected.every((t) => t["error"] === "OUT_OF_ORDER_SEQUENCE_NUMBER")).toBe(true);
    // Kafka 4.x brokers never answer DUPLICATE_SEQUENCE_NUMBER.
    expect(trace.some((t) => t.type === "client-error" && t["error"] === "DUPLICATE_SEQUENCE_NUMBER")).toBe(false);
    expect(result.metrics["errors.DUPLICATE_SEQUENCE_NUMBER"]).toBeUndefined();
    // The record is reported failed (the client's TimeoutException), and nothing acknowledged is lost.
    const expiry = trace.find((t) => t.type === "delivery-timeout");
    expect(expiry).toMatchObject({ lastError: "OUT_OF_ORDER_SEQUENCE_NUMBER", outcome, topic, partition });
    expect(String(expiry!["message"])).toMatch(/^Expiring \d+ record\(s\) for .*:\d+ ms has passed since batch creation$/);
    expect(result.metrics[outcome as string]).toBeGreaterThan(0);
    expect(result.metrics["lost-write"]).toBe(0);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it("idem-new-leader-knows-replicated-batches: a replica that leads again knows the batches it replicated as a follower (Reference: ProducerStateManager, ProducerAppendInfo origin REPLICATION, UnifiedLog.appendAsFollower)", () => {
    const { result, trace } = runWithTrace("idem-new-leader-knows-replicated-batches.yaml");
    // The situation: broker-5 leads orders-0, follows another leader, then leads it again.
    const roles = trace.filter((t) => t.node === "broker-5" && t["topic"] === "orders" && t["partition"] === 0 && (t.type === "become-leader" || t.type === "become-follower"));
    const firstLead = roles.findIndex((t) => t.type === "become-leader");
    const followAfter = roles.findIndex((t, i) => i > firstLead && t.type === "become-follower");
    const leadAgain = roles.findIndex((t, i) => i > followAfter && t.type === "become-leader");
    expect(firstLead).toBeGreaterThanOrEqual(0);
    expect(followAfter).toBeGreaterThan(firstLead);
    expect(leadAgain).toBeGreaterThan(followAfter);
    const invariant = result.invariants.find((i) => i.name === "idempotent-append-once")!;
    expect(invariant.violations).toBe(0);
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });
});
