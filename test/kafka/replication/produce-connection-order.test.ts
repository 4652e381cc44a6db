/**
 * A broker handles one request per client connection at a time (Kafka's SocketServer mutes a
 * channel from the moment a request is read until its response is sent): an acks=all request
 * parked in the produce purgatory holds back the requests pipelined behind it on that connection.
 */
import { describe, expect, it } from "vitest";
import { ConnectionMute } from "../../../src/kafka/replication/connection-mute.js";
import { ReplicationHarness } from "./harness.js";

describe("one request per connection at a time", () => {
  it("a parked acks=all request holds back the next one on its connection, not a request on a new connection (Reference: SocketServer.Processor processCompletedReceives selector.mute, ChannelMuteEvent.RESPONSE_SENT)", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    // Both followers stop without the controller noticing: the ISR stays {1,2,3}, the HW cannot move.
    h.crash(2, { notifyController: false });
    h.crash(3, { notifyController: false });
    const first = h.produce("orders", ["a"], "all", { connectionId: "1.0", timeoutMs: 300 });
    const second = h.produce("orders", ["b"], "1", { connectionId: "1.0" });
    h.runFor(100);
    // "b" (acks=1) waits unread behind the parked "a": not appended, not answered.
    expect(h.values(1, "orders")).toEqual(["a"]);
    expect(second.response).toBeUndefined();
    // "a" times out in the purgatory; then "b" is read, appended and answered, after "a".
    h.runFor(300);
    expect(first.response?.partitions[0]!.error).toBe("REQUEST_TIMED_OUT");
    expect(second.response?.partitions[0]).toMatchObject({ error: "NONE", baseOffset: 1 });
    expect(second.answeredAtUs!).toBeGreaterThanOrEqual(first.answeredAtUs!);
    // The client gives up on its connection and opens a new one: what waited unread on the old one
    // is gone, and the old one's parked request does not hold back the new connection.
    h.produce("orders", ["c"], "all", { connectionId: "1.0", timeoutMs: 300 });
    h.produce("orders", ["d"], "1", { connectionId: "1.0" });
    h.runFor(50);
    const fifth = h.produce("orders", ["e"], "1", { connectionId: "1.1" });
    h.runFor(10);
    expect(fifth.response?.partitions[0]).toMatchObject({ error: "NONE", baseOffset: 3 });
    h.runFor(400);
    expect(h.values(1, "orders")).toEqual(["a", "b", "c", "e"]);
  });

  it("requests of one connection are admitted one at a time, in order; a new connection drops what waited on the old one (Reference: SocketServer mute/unmute)", () => {
    const mute = new ConnectionMute<string>();
    expect(mute.admit("p1", "1.0", "r1")).toBe(true);
    expect(mute.admit("p1", "1.0", "r2")).toBe(false);
    expect(mute.admit("p1", "1.0", "r3")).toBe(false);
    expect(mute.admit("p2", "1.0", "q1")).toBe(true);
    expect(mute.responseSent("p1", "1.0")).toBe("r2");
    expect(mute.responseSent("p1", "1.0")).toBe("r3");
    expect(mute.responseSent("p1", "1.0")).toBeUndefined();
    expect(mute.admit("p1", "1.0", "r4")).toBe(true);
    expect(mute.admit("p1", "1.0", "r5")).toBe(false);
    expect(mute.admit("p1", "1.1", "r6")).toBe(true); // a new connection: r5 is gone with the old one
    expect(mute.waiting).toBe(0);
    expect(mute.responseSent("p1", "1.0")).toBeUndefined(); // the old connection's late response
    expect(mute.admit("p1", "1.1", "r7")).toBe(false);
    mute.reset("p1");
    expect(mute.admit("p1", "1.1", "r8")).toBe(true);
  });
});
