import { describe, expect, it } from "vitest";
import { TestContext } from "../../../src/sim/test-context.js";
import { ms } from "../../../src/sim/time.js";
import type { HeartbeatResponse } from "../../../src/kafka/group/protocol.js";
import { NetworkClient, Timers, type CallbackTimer, type RequestFailure } from "../../../src/kafka/consumer/network-client.js";

function client() {
  const ctx = new TestContext("g1-1");
  const timers = new Timers(ctx);
  const network = new NetworkClient(ctx, timers, ms(30000), { initialMs: 50, maxMs: 1000 });
  const outcomes: string[] = [];
  const heartbeat = (node: string, label: string) =>
    network.send(
      node,
      (correlationId) => ({ type: "Heartbeat", correlationId, groupId: "g1", generationId: 1, memberId: "m" }),
      (response) => outcomes.push(`${label} ${response.error}`),
      (reason: RequestFailure) => outcomes.push(`${label} ${reason}`),
    );
  const fireDue = (atUs: number) => {
    for (let t = ctx.dueTimers(atUs)[0]; t; t = ctx.dueTimers(atUs)[0]) {
      ctx.nowUs = Math.max(ctx.nowUs, t.atUs);
      t.cancelled = true;
      timers.fire(t.payload as CallbackTimer);
    }
  };
  return { ctx, network, outcomes, heartbeat, fireDue };
}

describe("consumer requests (Reference: Kafka NetworkClient.handleTimedOutRequests; docs/architecture.md principle 6 Connections)", () => {
  it("a request timeout disconnects the node and fails every request in flight on it, not those to other nodes", () => {
    const { ctx, network, outcomes, heartbeat, fireDue } = client();
    heartbeat("broker-1", "a");
    heartbeat("broker-1", "c");
    ctx.nowUs = ms(1);
    heartbeat("broker-2", "b");
    fireDue(ms(30000));
    expect(ctx.disconnects).toEqual(["broker-1"]);
    expect(outcomes).toEqual(["a timeout", "c disconnected"]);
    expect(network.inFlightTo("broker-2")).toBe(1);
    expect(network.inFlightTo("broker-1")).toBe(0);
    expect(network.connectionDelayUs("broker-1")).toBeGreaterThan(0);
  });

  it("a response is delivered once, typed by its request; a late one answers nothing", () => {
    const { network, outcomes, heartbeat } = client();
    const id = heartbeat("broker-1", "a");
    const response: HeartbeatResponse = { type: "HeartbeatResponse", correlationId: id, error: "NONE" };
    expect(network.receive(response)).toBe(true);
    expect(network.receive(response)).toBe(false);
    expect(outcomes).toEqual(["a NONE"]);
  });
});
