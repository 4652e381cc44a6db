import { describe, expect, it } from "vitest";
import type { Message } from "../../../../src/sim/actor.js";
import { Random } from "../../../../src/sim/random.js";
import { ms } from "../../../../src/sim/time.js";
import { RaftRequests } from "../../../../src/kafka/controller/kraft/raft-requests.js";
import type { RaftIo, RaftTimer } from "../../../../src/kafka/controller/kraft/raft-types.js";

function node() {
  const log: string[] = [];
  const timers: RaftTimer[] = [];
  const io: RaftIo = {
    name: "controller-1",
    random: new Random(1, "controller-1#1"),
    now: () => 0,
    send: () => {},
    disconnect: (peer) => log.push(`disconnect ${peer}`),
    setTimer: (_delayUs, payload) => timers.push(payload),
    cancelTimer: () => {},
    trace: () => {},
  };
  const requests = new RaftRequests(io, ms(2000), (to: string, message: Message) => log.push(`out ${to} ${message.type}`));
  const vote = (peer: string) => requests.send(peer, "Vote", (correlationId) => ({ type: "Vote", correlationId }));
  return { log, timers, requests, vote };
}

describe("Raft requests on the clients' request tracker (Reference: KafkaRaftClient over NetworkClient, controller.quorum.request.timeout.ms; docs/architecture.md principle 6 Connections)", () => {
  it("every request gets a request-timeout timer and leaves through the node's persisted-state check", () => {
    const { log, timers, vote } = node();
    const id = vote("controller-2");
    expect(timers).toEqual([{ kind: "request-timeout", id }]);
    expect(log).toEqual(["out controller-2 Vote"]);
  });

  it("a timeout disconnects the peer and fails its other requests, timed-out one first; other peers keep theirs", () => {
    const { log, requests, vote } = node();
    const first = vote("controller-2");
    vote("controller-3");
    const third = requests.send("controller-2", "BeginQuorumEpoch", (correlationId) => ({ type: "BeginQuorumEpoch", correlationId }));
    log.length = 0;
    expect(requests.timedOut(first).map((r) => [r.correlationId, r.kind])).toEqual([
      [first, "Vote"],
      [third, "BeginQuorumEpoch"],
    ]);
    expect(log).toEqual(["disconnect controller-2"]);
    expect(requests.hasInFlight("controller-3", "Vote")).toBe(true);
    expect(requests.timedOut(first)).toEqual([]);
  });

  it("a response completes its request once; a reset fails what is left for that peer", () => {
    const { requests, vote } = node();
    const a = vote("controller-2");
    const b = vote("controller-2");
    expect(requests.complete(a)).toBe(true);
    expect(requests.complete(a)).toBe(false);
    expect(requests.failPeer("controller-2").map((r) => r.correlationId)).toEqual([b]);
    expect(requests.isInFlight(b)).toBe(false);
  });
});
