/**
 * The explanation catalogue (src/kafka/explain/): a record's `rule` comes from its type's entry,
 * built from the record's fields and the call site's `why`, and is always the record's last field,
 * so the traced JSON (and the trace hash) reads as when call sites wrote the text themselves.
 * Reference: KIP-394 (MEMBER_ID_REQUIRED), Kafka's ConsumerConfig (max.poll.interval.ms).
 */
import { describe, expect, it } from "vitest";
import { emit, explained } from "../../../src/kafka/explain/catalogue.js";
import { TestContext } from "../../../src/sim/test-context.js";

describe("explanation catalogue", () => {
  it("adds the type's rule as the last field, from the fields and the why", () => {
    const fields = explained("consumer-poll-timeout", { consumer: "c1", group: "g", memberId: "m-1", generation: 3 }, { maxPollIntervalMs: 300000 });
    expect(Object.keys(fields)).toEqual(["consumer", "group", "memberId", "generation", "rule"]);
    expect(fields.rule).toBe(
      "poll() was not called for max.poll.interval.ms (300000 ms): the consumer sends LeaveGroup so its partitions go to others, and rejoins at its next poll",
    );
  });

  it("a text may depend on a field: the same type explains different facts differently", () => {
    const reset = explained("producer-disconnect", { broker: "broker-1", reason: "reset", failedRequests: 2 }, { requestTimeoutMs: 30000 });
    const timeout = explained("producer-disconnect", { broker: "broker-1", reason: "timeout", failedRequests: 2 }, { requestTimeoutMs: 30000 });
    expect(reset.rule).toContain("NETWORK_EXCEPTION");
    expect(timeout.rule).toContain("request.timeout.ms (30000 ms)");
  });

  it("a controller's resignation, a controlled shutdown's end and a broker's exit are told from typed causes (Reference: KafkaController, KafkaServer.controlledShutdown, ReplicaFetcherThread.handleOffsetOutOfRange)", () => {
    expect(explained("controller-resigned", { broker: 1, epoch: 3 }, { kind: "fenced-write", write: "AlterPartition" }).rule).toBe(
      "an AlterPartition write was rejected by the controller-epoch check",
    );
    expect(explained("controller-resigned", { broker: 1, epoch: 3 }, { kind: "controller-moved", owner: 2 }).rule).toBe("/controller now names broker-2");
    expect(explained("controlled-shutdown-done", { broker: 1 }, { kind: "gave-up", attempts: 4, lastError: "NOT_CONTROLLER" }).rule).toBe(
      "gave up after 4 attempts (NOT_CONTROLLER); stopping anyway",
    );
    expect(String(explained("broker-exit", { broker: 1 }, "log-truncation-not-allowed").rule)).toMatch(
      /^a follower's log end offset is beyond its leader's .*"Exiting because log truncation is not allowed"\); the JVM shutdown hook runs KafkaServer.shutdown/,
    );
  });

  it("a type without an explanation gets no rule field", () => {
    expect(explained("partitions-added", { topic: "orders" })).toEqual({ topic: "orders" });
    expect(explained("host-crash", {})).toEqual({});
  });

  it("emit traces the explained record on its sink", () => {
    const ctx = new TestContext("broker-1");
    emit(ctx, "member-id-required", { group: "g", memberId: "c1-1" });
    expect(ctx.traces).toHaveLength(1);
    expect(ctx.traces[0]).toMatchObject({ type: "member-id-required", fields: { group: "g", memberId: "c1-1" } });
    expect(String(ctx.traces[0]!.fields?.rule)).toMatch(/^KIP-394: a new member first receives its member id with MEMBER_ID_REQUIRED/);
  });

  it("a type whose text needs a why does not compile without it (npm test's type check is the test)", () => {
    // @ts-expect-error: consumer-poll-timeout's text names max.poll.interval.ms, which the record does not hold
    const missingWhy = () => explained("consumer-poll-timeout", { consumer: "c1" });
    // @ts-expect-error: member-joined's text needs nothing besides the record
    const extraWhy = () => explained("member-joined", { group: "g" }, { surplus: true });
    expect([typeof missingWhy, typeof extraWhy]).toEqual(["function", "function"]);
  });
});
