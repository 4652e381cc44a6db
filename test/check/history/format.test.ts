/** How a send's end reads in anomalies: the delivery timeout names the expiry and the last error its retries saw. */
import { describe, expect, it } from "vitest";
import type { SendOp } from "../../../src/kafka/history.js";
import { describeSend } from "../../../src/check/history/format.js";
import { summariseClients } from "../../../src/check/history/metrics.js";

const send = (extra: Partial<SendOp>): SendOp => ({
  kind: "send",
  id: 1,
  process: "p1#1",
  producer: "p1",
  topic: "orders",
  partition: 0,
  key: null,
  value: "p1-0",
  invokeUs: 1_000_000,
  completeUs: 121_000_000,
  outcome: "failed",
  acks: "all",
  ...extra,
});

const NO_CRASHES = new Map<string, number[]>();

describe("describeSend", () => {
  it('an expired send names the client\'s TimeoutException and the last error its retries saw (Reference: Sender.sendProducerData "Expiring N record(s)")', () => {
    const expired = send({
      error: "DELIVERY_TIMEOUT",
      lastError: "NOT_ENOUGH_REPLICAS",
      message: "Expiring 1 record(s) for orders-0:120000 ms has passed since batch creation",
    });
    expect(describeSend(expired, NO_CRASHES)).toBe(
      'failed at 121.000s with DELIVERY_TIMEOUT ("Expiring 1 record(s) for orders-0:120000 ms has passed since batch creation"; its retries last saw NOT_ENOUGH_REPLICAS) (acks=all), sent by p1#1 (sent 1.000s)',
    );
    expect(describeSend({ ...expired, outcome: "unknown", lastError: "REQUEST_TIMED_OUT" }, NO_CRASHES)).toContain(
      "of unknown outcome at 121.000s (DELIVERY_TIMEOUT (",
    );
    expect(describeSend(send({ error: "NOT_ENOUGH_REPLICAS" }), NO_CRASHES)).toBe(
      "failed at 121.000s with NOT_ENOUGH_REPLICAS (acks=all), sent by p1#1 (sent 1.000s)",
    );
  });

  it("a send never answered says whether its process died or the run ended first (Reference: KafkaProducer callbacks never run in a dead process)", () => {
    const pending = send({ completeUs: undefined, outcome: "unknown" });
    expect(describeSend(pending, NO_CRASHES)).toBe("still in flight at the end (acks=all), sent by p1#1 (sent 1.000s)");
    expect(describeSend(pending, new Map([["p1#1", [4_500_000]]]))).toBe("never answered: its process died at 4.500s (acks=all), sent by p1#1 (sent 1.000s)");
    // Another incarnation's crash, or one before the send, is not this send's end.
    expect(describeSend(pending, new Map([["p1#2", [4_500_000]]]))).toContain("still in flight at the end");
    expect(describeSend(pending, new Map([["p1#1", [500_000]]]))).toContain("still in flight at the end");
  });

  it("errors.<NAME> counts an expired send under DELIVERY_TIMEOUT and under the last error its retries saw", () => {
    const summary = summariseClients([send({ error: "DELIVERY_TIMEOUT", lastError: "NOT_ENOUGH_REPLICAS" }), send({ id: 2, error: "NOT_ENOUGH_REPLICAS" })]);
    expect(summary.errors).toEqual({ DELIVERY_TIMEOUT: 1, NOT_ENOUGH_REPLICAS: 2 });
  });
});
