/**
 * acks=0 and errors: no response, but the broker closes the connection so that the producer
 * notices and refreshes its metadata. Reference: KafkaApis.handleProduceRequest ("Closing connection
 * due to error during produce request ... with ack=0", requestChannel.closeConnection).
 */
import { describe, expect, it } from "vitest";
import { ReplicationHarness } from "./harness.js";

describe("acks=0 produce errors close the connection (Reference: KafkaApis.handleProduceRequest)", () => {
  it("a follower that gets an acks=0 batch answers nothing and closes the client's connection", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    const ex = h.produce("orders", ["v0"], "0", { to: 2 }); // broker-2 follows broker-1
    h.runFor(100);
    expect(ex.response).toBeUndefined();
    expect(h.client.resets).toEqual(["broker-2"]);
    expect(h.traces("produce-acks0-close", "broker-2")).toHaveLength(1);
    expect(h.values(2, "orders")).toEqual([]);
  });

  it("a successful acks=0 append answers nothing and keeps the connection", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    const ex = h.produce("orders", ["v0"], "0", { to: 1 });
    h.runFor(100);
    expect(ex.response).toBeUndefined();
    expect(h.client.resets).toEqual([]);
    expect(h.values(1, "orders")).toEqual(["v0"]);
  });

  it("an acks=1 error is answered, not closed", () => {
    const h = new ReplicationHarness();
    h.createTopic("orders");
    h.runFor(100);
    const ex = h.produce("orders", ["v0"], "1", { to: 2 });
    h.runFor(100);
    expect(ex.response?.partitions[0]!.error).toBe("NOT_LEADER_OR_FOLLOWER");
    expect(h.client.resets).toEqual([]);
  });
});
