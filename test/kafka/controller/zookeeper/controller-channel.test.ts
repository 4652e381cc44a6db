import { describe, expect, it } from "vitest";
import { ControllerChannels, type ControllerChannelTimer } from "../../../../src/kafka/controller/zookeeper/controller-channel.js";
import { ms } from "../../../../src/sim/time.js";
import { TestContext } from "../../../../src/sim/test-context.js";

/** The ZooKeeper-mode controller's channels to brokers over a captured context. */
function harness() {
  const ctx = new TestContext("broker-1");
  /** What was sent: to, type, correlation id, when (ms). */
  const log: string[] = [];
  const channels = new ControllerChannels({
    now: () => ctx.now(),
    send: (to, m) => log.push(`${to} ${m.type} #${m.correlationId} @${ctx.now() / 1000}`),
    disconnect: (peer) => ctx.disconnect(peer),
    setTimer: (timer, delayUs) => ctx.setTimer(delayUs, timer),
    cancelTimer: (id) => ctx.cancelTimer(id),
  });
  const leaderAndIsr = (brokerId: number): void =>
    channels.enqueue(brokerId, { type: "LeaderAndIsr", controllerId: 1, controllerEpoch: 1, brokerEpoch: -1, partitions: [] });
  /** Fire the due timers up to `atMs`, in order. */
  const runTo = (atMs: number): void => {
    for (let due = ctx.dueTimers(ms(atMs)); due.length > 0; due = ctx.dueTimers(ms(atMs))) {
      const timer = due[0]!;
      timer.cancelled = true;
      ctx.nowUs = timer.atUs;
      channels.onTimer(timer.payload as ControllerChannelTimer);
    }
    ctx.nowUs = ms(atMs);
  };
  const sends = () => log.splice(0);
  return { ctx, channels, leaderAndIsr, runTo, sends };
}

describe("ZooKeeper-mode controller → broker channels (Reference: Kafka ControllerChannelManager.RequestSendThread, NetworkClient.handleTimedOutRequests)", () => {
  it("sends one request at a time per broker, in order; an answer lets the next go", () => {
    const h = harness();
    h.channels.addBroker(2);
    h.leaderAndIsr(2);
    h.leaderAndIsr(2);
    expect(h.sends()).toEqual(["broker-2 LeaderAndIsr #1 @0"]);
    h.runTo(5);
    h.channels.answered("broker-2", 1);
    expect(h.sends()).toEqual(["broker-2 LeaderAndIsr #2 @5"]);
    // An answer from another node, or to a request not in flight, changes nothing.
    h.channels.answered("broker-3", 2);
    h.channels.answered("broker-2", 1);
    expect(h.sends()).toEqual([]);
  });

  it("controller.socket.timeout.ms (30000) without an answer closes the connection at once, and the request goes again after the thread's 100 ms back-off", () => {
    const h = harness();
    h.channels.addBroker(2);
    h.leaderAndIsr(2);
    h.sends();
    h.runTo(29_999);
    expect(h.ctx.disconnects).toEqual([]);
    h.runTo(30_000);
    expect(h.ctx.disconnects).toEqual(["broker-2"]);
    expect(h.sends()).toEqual([]);
    h.runTo(30_100);
    expect(h.sends()).toEqual(["broker-2 LeaderAndIsr #1 @30100"]);
    // Its next timeout counts from the new send.
    h.runTo(60_099);
    expect(h.ctx.disconnects).toEqual(["broker-2"]);
    h.runTo(60_100);
    expect(h.ctx.disconnects).toEqual(["broker-2", "broker-2"]);
  });

  it("a connection reset sends the request in flight again after 100 ms; the answer to it is taken", () => {
    const h = harness();
    h.channels.addBroker(2);
    h.channels.addBroker(3);
    h.leaderAndIsr(2);
    h.leaderAndIsr(3);
    h.sends();
    h.runTo(1_000);
    h.channels.connectionReset("broker-2");
    h.runTo(1_099);
    expect(h.sends()).toEqual([]);
    h.runTo(1_100);
    expect(h.sends()).toEqual(["broker-2 LeaderAndIsr #1 @1100"]);
    h.leaderAndIsr(2);
    h.channels.answered("broker-2", 1);
    expect(h.sends()).toEqual(["broker-2 LeaderAndIsr #3 @1100"]);
    expect(h.ctx.disconnects).toEqual([]);
  });

  it("a removed broker (it died) or a resigned controller leaves no request, timeout or back-off behind", () => {
    const h = harness();
    h.channels.addBroker(2);
    h.channels.addBroker(3);
    h.leaderAndIsr(2);
    h.leaderAndIsr(3);
    h.channels.connectionReset("broker-3");
    h.channels.removeBroker(2);
    h.channels.clear();
    h.sends();
    h.runTo(120_000);
    expect(h.sends()).toEqual([]);
    expect(h.ctx.disconnects).toEqual([]);
  });
});
