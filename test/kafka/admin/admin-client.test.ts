import { describe, expect, it } from "vitest";
import { TestContext } from "../../../src/sim/test-context.js";
import { ms } from "../../../src/sim/time.js";
import { AdminClient } from "../../../src/kafka/admin/admin-client.js";

type AdminTimer = { kind: "attempt" } | { kind: "timeout"; correlationId: number };

function admin() {
  const ctx = new TestContext("admin");
  const client = new AdminClient(ctx, {
    candidates: ["controller-1", "controller-2"],
    topics: [{ name: "orders", partitions: 1, replicationFactor: 1, config: {} }],
    initialDelayUs: 0,
    requestTimeoutMs: 30000,
    retryBackoffMs: 100,
  });
  /** Fire the next live timer. */
  const fireNext = () => {
    const timer = ctx.timers.filter((t) => !t.cancelled).sort((a, b) => a.atUs - b.atUs || a.id - b.id)[0]!;
    timer.cancelled = true;
    ctx.nowUs = timer.atUs;
    client.onTimer(timer.payload as AdminTimer);
  };
  return { ctx, client, fireNext };
}

describe("admin client requests (Reference: Kafka KafkaAdminClient over NetworkClient: request.timeout.ms disconnects)", () => {
  it("a CreateTopics without an answer times out: the connection is closed and the next candidate is asked", () => {
    const { ctx, client, fireNext } = admin();
    client.onStart();
    fireNext();
    expect(ctx.take("CreateTopics").map((s) => s.to)).toEqual(["controller-1"]);
    fireNext();
    expect(ctx.nowUs).toBe(ms(30000));
    expect(ctx.disconnects).toEqual(["controller-1"]);
    expect(ctx.take("CreateTopics").map((s) => s.to)).toEqual(["controller-2"]);
  });

  it("a reset connection fails the request at once; its timeout is cancelled and the next candidate is asked after retry.backoff.ms", () => {
    const { ctx, client, fireNext } = admin();
    client.onStart();
    fireNext();
    ctx.take("CreateTopics");
    client.onConnectionReset("controller-1");
    expect(ctx.disconnects).toEqual([]);
    expect(ctx.timers.filter((t) => !t.cancelled).map((t) => (t.payload as AdminTimer).kind)).toEqual(["attempt"]);
    fireNext();
    expect(ctx.nowUs).toBe(ms(100));
    expect(ctx.take("CreateTopics").map((s) => s.to)).toEqual(["controller-2"]);
  });
});
