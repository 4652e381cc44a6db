/**
 * A JoinGroup answered after the member's generation was reset while it was in flight (here a
 * LeaveGroup after max.poll.interval.ms) does not complete the join: Kafka's
 * JoinGroupResponseHandler finds the member no longer PREPARING_REBALANCE and fails the join
 * with UnjoinedGroupException (retriable), so no SyncGroup is sent with the stale generation and
 * the member joins again, as a new member, after retry.backoff.ms.
 * Reference: AbstractCoordinator.JoinGroupResponseHandler, AbstractCoordinator.maybeLeaveGroup.
 */
import { describe, expect, it } from "vitest";
import { resolveConsumerConfig } from "../../../src/kafka/config/resolve.js";
import { ConfigView } from "../../../src/kafka/config-view.js";
import { ConsumerMetadata } from "../../../src/kafka/consumer/client-metadata.js";
import { GroupSession } from "../../../src/kafka/consumer/group-session.js";
import { NetworkClient, Timers, type CallbackTimer } from "../../../src/kafka/consumer/network-client.js";
import { readConsumerSettings } from "../../../src/kafka/consumer/settings.js";
import type { FindCoordinatorRequest, FindCoordinatorResponse, JoinGroupRequest, JoinGroupResponse } from "../../../src/kafka/group/protocol.js";
import { HistoryRecorder } from "../../../src/kafka/history.js";
import { TestContext } from "../../../src/sim/test-context.js";
import { ms } from "../../../src/sim/time.js";

function member() {
  const ctx = new TestContext("g1-1");
  const timers = new Timers(ctx);
  const settings = readConsumerSettings(new ConfigView(resolveConsumerConfig({}, "auto").config));
  const network = new NetworkClient(ctx, timers, settings.requestTimeoutUs, { initialMs: 50, maxMs: 1000 });
  const metadata = new ConsumerMetadata(network, timers, ["broker-1"], ["orders"], settings.retryBackoffUs, settings.metadataMaxAgeUs, () => ctx.nowUs);
  const identity = { name: "g1-1", process: "g1-1#1", group: "g1", history: new HistoryRecorder() };
  const group = new GroupSession(ctx, network, timers, metadata, settings, identity, ["orders"], {
    onJoinPrepare: (_valid, done) => done(),
    onJoinComplete: () => {},
    wake: () => {},
    lastPollUs: () => ctx.nowUs,
  });
  const advance = (atUs: number) => {
    for (let t = ctx.dueTimers(atUs)[0]; t; t = ctx.dueTimers(atUs)[0]) {
      ctx.nowUs = Math.max(ctx.nowUs, t.atUs);
      t.cancelled = true;
      timers.fire(t.payload as CallbackTimer);
    }
    ctx.nowUs = atUs;
  };
  return { ctx, network, group, settings, advance };
}

describe("a JoinGroup answered after the member left (Reference: AbstractCoordinator.JoinGroupResponseHandler)", () => {
  it("fails instead of completing: no SyncGroup with the stale generation, the member stays UNJOINED and joins again after retry.backoff.ms", () => {
    const { ctx, network, group, settings, advance } = member();
    group.ensureActive();
    const [find] = ctx.take<FindCoordinatorRequest>("FindCoordinator");
    const found: FindCoordinatorResponse = {
      type: "FindCoordinatorResponse",
      correlationId: find!.message.correlationId,
      error: "NONE",
      nodeId: 1,
      node: "broker-1",
    };
    network.receive(found);
    group.ensureActive(); // onJoinPrepare
    group.ensureActive(); // JoinGroup without a member id: MEMBER_ID_REQUIRED (KIP-394)
    const [first] = ctx.take<JoinGroupRequest>("JoinGroup");
    const required: JoinGroupResponse = {
      type: "JoinGroupResponse",
      correlationId: first!.message.correlationId,
      error: "MEMBER_ID_REQUIRED",
      generationId: -1,
      protocolName: "",
      leader: "",
      memberId: "g1-1-a",
      members: [],
    };
    network.receive(required);
    group.ensureActive(); // JoinGroup with its member id
    const [join] = ctx.take<JoinGroupRequest>("JoinGroup");
    expect(join!.message.memberId).toBe("g1-1-a");
    expect(group.state).toBe("PREPARING_REBALANCE");
    // The coordinator parks the JoinGroup; meanwhile max.poll.interval.ms passes and the member leaves.
    ctx.nowUs = ms(1000);
    group.pollTimeoutExpired();
    expect(ctx.take("LeaveGroup")).toHaveLength(1);
    expect(group.state).toBe("UNJOINED");
    const joined: JoinGroupResponse = {
      type: "JoinGroupResponse",
      correlationId: join!.message.correlationId,
      error: "NONE",
      generationId: 1,
      protocolName: "range",
      leader: "g1-1-a",
      memberId: "g1-1-a",
      members: [],
    };
    network.receive(joined);
    expect(group.state).toBe("UNJOINED");
    expect(group.generation).toBe(-1);
    expect(group.memberId).toBe("");
    expect(ctx.take("SyncGroup")).toEqual([]);
    // UnjoinedGroupException is retriable: the next JoinGroup, as a new member, after retry.backoff.ms.
    expect(group.ensureActive()).toBe("rebalancing");
    expect(ctx.take("JoinGroup")).toEqual([]);
    advance(ms(1000) + settings.retryBackoffUs);
    group.ensureActive(); // onJoinPrepare for the lost generation
    group.ensureActive();
    const again = ctx.take<JoinGroupRequest>("JoinGroup");
    expect(again).toHaveLength(1);
    expect(again[0]!.message.memberId).toBe("");
  });
});
