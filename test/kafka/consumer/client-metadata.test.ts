/**
 * The consumer's metadata: periodic refresh (metadata.max.age.ms), a Metadata request goes to a
 * known broker not in reconnect backoff, and rebootstrap when every known broker is unavailable
 * (metadata.recovery.strategy, KIP-899 / KIP-1102).
 * Reference: Metadata.timeToNextUpdate, NetworkClient.leastLoadedNode,
 * NetworkClient.DefaultMetadataUpdater.maybeUpdate, Metadata.rebootstrap.
 */
import { describe, expect, it } from "vitest";
import type { MetadataRecoverySettings } from "../../../src/kafka/client/settings.js";
import { ConsumerMetadata } from "../../../src/kafka/consumer/client-metadata.js";
import { NetworkClient, Timers, type CallbackTimer } from "../../../src/kafka/consumer/network-client.js";
import type { MetadataRequest, MetadataResponse } from "../../../src/kafka/protocol/metadata.js";
import { TestContext } from "../../../src/sim/test-context.js";
import { ms, seconds } from "../../../src/sim/time.js";

function setup(recovery: MetadataRecoverySettings, maxAgeMs = 300000) {
  const ctx = new TestContext("g1-1");
  const timers = new Timers(ctx);
  const network = new NetworkClient(ctx, timers, ms(30000), { initialMs: 50, maxMs: 1000 });
  const traces: { type: string; fields: Record<string, unknown> }[] = [];
  const metadata = new ConsumerMetadata(
    network,
    timers,
    ["broker-1", "broker-2", "broker-3"],
    ["orders"],
    ms(100),
    ms(maxAgeMs),
    () => ctx.nowUs,
    recovery,
    (type, fields) => traces.push({ type, fields }),
  );
  /** Answers the last Metadata request with `brokers` (leader: the first, or `leader`; -1: LEADER_NOT_AVAILABLE). */
  const answer = (brokers: number[], leader = brokers[0]!) => {
    const [sent] = ctx.take<MetadataRequest>("Metadata").slice(-1);
    const response: MetadataResponse = {
      type: "MetadataResponse",
      correlationId: sent!.message.correlationId,
      controllerId: -1,
      brokers: brokers.map((id) => ({ id, node: `broker-${id}` })),
      topics: [
        {
          name: "orders",
          error: "NONE",
          partitions: [{ partition: 0, error: leader < 0 ? "LEADER_NOT_AVAILABLE" : "NONE", leader, leaderEpoch: 0, replicas: brokers, isr: brokers }],
        },
      ],
    };
    network.receive(response);
  };
  /** Fires the timers due by `atUs`, in order. */
  const advance = (atUs: number) => {
    for (let t = ctx.dueTimers(atUs)[0]; t; t = ctx.dueTimers(atUs)[0]) {
      ctx.nowUs = Math.max(ctx.nowUs, t.atUs);
      t.cancelled = true;
      timers.fire(t.payload as CallbackTimer);
    }
    ctx.nowUs = atUs;
  };
  return { ctx, network, metadata, traces, answer, advance };
}

const REBOOTSTRAP: MetadataRecoverySettings = { strategy: "rebootstrap", rebootstrapTriggerMs: 300000 };

describe("consumer metadata recovery (Reference: KIP-899, KIP-1102, DefaultMetadataUpdater.maybeUpdate)", () => {
  it("rebootstraps when the only broker it knows is in reconnect backoff, and asks a bootstrap broker", () => {
    const s = setup(REBOOTSTRAP);
    s.metadata.request();
    s.answer([3]); // only broker-3 is listed (the others were restarting)
    s.network.connectionReset("broker-3"); // broker-3 stops: reconnect backoff
    s.metadata.request();
    expect(s.traces).toEqual([
      expect.objectContaining({ type: "client-rebootstrap", fields: expect.objectContaining({ reason: "no-broker-available", forgotten: ["broker-3"] }) }),
    ]);
    expect(s.ctx.take<MetadataRequest>("Metadata").map((m) => m.to)).toEqual(["broker-1"]);
  });

  it("with metadata.recovery.strategy=none it waits for the known broker's backoff and asks it again", () => {
    const s = setup({ strategy: "none", rebootstrapTriggerMs: 300000 });
    s.metadata.request();
    s.answer([3]);
    s.network.connectionReset("broker-3");
    s.metadata.request();
    expect(s.ctx.take("Metadata")).toEqual([]);
    s.advance(seconds(2));
    expect(s.traces).toEqual([]);
    expect(s.ctx.take<MetadataRequest>("Metadata").map((m) => m.to)).toEqual(["broker-3"]);
  });

  it("skips a known broker in reconnect backoff (leastLoadedNode)", () => {
    const s = setup(REBOOTSTRAP);
    s.metadata.request();
    s.answer([1, 2]);
    s.network.connectionReset("broker-2");
    s.network.connectionReset("broker-1");
    s.advance(ms(10));
    s.metadata.request();
    expect(s.traces.map((t) => t.type)).toEqual(["client-rebootstrap"]);
    // broker-1 and broker-2 are in backoff: the bootstrap list offers broker-3.
    expect(s.ctx.take<MetadataRequest>("Metadata").map((m) => m.to)).toEqual(["broker-3"]);
  });
});

describe("consumer metadata.max.age.ms (Reference: Metadata.timeToNextUpdate)", () => {
  it("refreshes metadata every metadata.max.age.ms without any error", () => {
    const s = setup(REBOOTSTRAP, 1000);
    s.metadata.request();
    for (let i = 1; i <= 3; i++) {
      s.answer([1, 2, 3]);
      s.advance(seconds(i) - 1);
      expect(s.ctx.take("Metadata")).toEqual([]);
      s.advance(seconds(i) + 1);
      expect(s.ctx.sent.filter((m) => m.message.type === "Metadata")).toHaveLength(1);
    }
  });
});

describe("consumer metadata leaders (Reference: Cluster.nodeById, Metadata.rebootstrap)", () => {
  it("a leader the answer does not list among its brokers is no leader (Cluster.nodeById)", () => {
    const s = setup(REBOOTSTRAP);
    s.metadata.request();
    s.answer([1, 3], 2);
    expect(s.metadata.leader("orders", 0)).toBeNull();
  });

  it("a rebootstrap forgets the leaders with the brokers (Metadata.rebootstrap)", () => {
    const s = setup(REBOOTSTRAP);
    s.metadata.request();
    s.answer([3]);
    expect(s.metadata.leader("orders", 0)?.node).toBe("broker-3");
    s.network.connectionReset("broker-3");
    s.metadata.request();
    expect(s.traces.map((t) => t.type)).toEqual(["client-rebootstrap"]);
    expect(s.metadata.leader("orders", 0)).toBeNull();
  });
});
