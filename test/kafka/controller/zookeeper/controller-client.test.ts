import { describe, expect, it } from "vitest";
import { ControllerClient, type ControllerClientResponse, type ControllerClientTimer } from "../../../../src/kafka/controller/zookeeper/controller-client.js";
import type { AlterPartitionRequest, AlterPartitionResponse } from "../../../../src/kafka/protocol/control.js";
import { ms } from "../../../../src/sim/time.js";
import { TestContext } from "../../../../src/sim/test-context.js";

/** A broker's client to the controller over a captured context; `controller` is what the metadata names. */
function harness() {
  const ctx = new TestContext("broker-1");
  const state = { controller: "broker-2" as string | null };
  /** What was sent: to, correlation id, when (ms). */
  const log: string[] = [];
  const client = new ControllerClient({
    now: () => ctx.now(),
    controllerNode: () => state.controller,
    send: (to, m) => log.push(`${to} #${(m as AlterPartitionRequest).correlationId} @${ctx.now() / 1000}`),
    disconnect: (peer) => ctx.disconnect(peer),
    setTimer: (timer, delayUs) => ctx.setTimer(delayUs, timer),
    cancelTimer: (id) => ctx.cancelTimer(id),
  });
  const answers: ControllerClientResponse[] = [];
  const alter = (options: { giveUpOnTimeout?: boolean } = {}): number => {
    const correlationId = client.correlationId();
    const request: AlterPartitionRequest = { type: "AlterPartition", correlationId, brokerId: 1, brokerEpoch: 5, partitions: [] };
    client.send(request, (r) => answers.push(r), options);
    return correlationId;
  };
  /** Fire the due timers up to `atMs`, in order. */
  const runTo = (atMs: number): void => {
    for (let due = ctx.dueTimers(ms(atMs)); due.length > 0; due = ctx.dueTimers(ms(atMs))) {
      const timer = due[0]!;
      timer.cancelled = true;
      ctx.nowUs = timer.atUs;
      client.onTimer(timer.payload as ControllerClientTimer);
    }
    ctx.nowUs = ms(atMs);
  };
  const sends = () => log.splice(0);
  const answer = (correlationId: number, error: AlterPartitionResponse["error"] = "NONE"): AlterPartitionResponse => ({
    type: "AlterPartitionResponse",
    correlationId,
    error,
    partitions: [],
  });
  return { ctx, state, client, answers, alter, runTo, sends, answer };
}

describe("ZooKeeper-mode broker → controller requests (Reference: Kafka NodeToControllerChannelManager, NetworkClient.handleTimedOutRequests)", () => {
  it("controller.socket.timeout.ms without an answer closes the connection and fails the other request on it at once; both go again to the controller, and the later one does not close the new connection", () => {
    const h = harness();
    const first = h.alter();
    h.runTo(10_000);
    const second = h.alter();
    expect(h.sends()).toEqual([`broker-2 #${first} @0`, `broker-2 #${second} @10000`]);
    h.runTo(30_000);
    expect(h.ctx.disconnects).toEqual(["broker-2"]);
    expect(h.sends()).toEqual([`broker-2 #${first} @30000`, `broker-2 #${second} @30000`]);
    // 30 s after the second's first send nothing happens: it was sent again with the first.
    h.runTo(45_000);
    expect(h.ctx.disconnects).toEqual(["broker-2"]);
    expect(h.client.onResponse("broker-2", h.answer(second))).toBe(true);
    expect(h.answers.map((a) => a.correlationId)).toEqual([second]);
  });

  it("a request whose sender has its own deadline (controlled shutdown) is not sent again after its timeout", () => {
    const h = harness();
    const id = h.alter({ giveUpOnTimeout: true });
    h.sends();
    h.runTo(31_000);
    expect(h.ctx.disconnects).toEqual(["broker-2"]);
    expect(h.sends()).toEqual([]);
    expect(h.client.onResponse("broker-2", h.answer(id))).toBe(false);
  });

  it("NOT_CONTROLLER and a connection reset put the request back in the queue for at least retry.backoff.ms (100), looked at every 500 ms", () => {
    const h = harness();
    const id = h.alter();
    h.sends();
    h.runTo(50);
    expect(h.client.onResponse("broker-2", h.answer(id, "NOT_CONTROLLER"))).toBe(true);
    expect(h.answers).toEqual([]);
    h.state.controller = "broker-3";
    h.runTo(499);
    expect(h.sends()).toEqual([]);
    h.runTo(500);
    expect(h.sends()).toEqual([`broker-3 #${id} @500`]);
    h.runTo(950);
    h.client.connectionReset("broker-3");
    h.runTo(1_000);
    expect(h.sends()).toEqual([]);
    h.runTo(1_500);
    expect(h.sends()).toEqual([`broker-3 #${id} @1500`]);
    expect(h.ctx.disconnects).toEqual([]);
  });

  it("a new controller gets at once what was in flight to the old one, whose late answer is ignored; no request is sent while no controller is known", () => {
    const h = harness();
    h.state.controller = null;
    const waiting = h.alter();
    h.state.controller = "broker-2";
    const inFlight = h.alter();
    expect(h.sends()).toEqual([`broker-2 #${inFlight} @0`]);
    h.runTo(20);
    h.state.controller = "broker-3";
    h.client.controllerChanged();
    expect(h.sends()).toEqual([`broker-3 #${waiting} @20`, `broker-3 #${inFlight} @20`]);
    expect(h.client.onResponse("broker-2", h.answer(inFlight))).toBe(false);
    expect(h.client.onResponse("broker-3", h.answer(inFlight))).toBe(true);
    h.client.abandon(waiting);
    expect(h.client.onResponse("broker-3", h.answer(waiting))).toBe(false);
    h.runTo(60_000);
    expect(h.sends()).toEqual([]);
    expect(h.ctx.disconnects).toEqual([]);
    expect(h.answers.map((a) => a.correlationId)).toEqual([inFlight]);
  });
});
