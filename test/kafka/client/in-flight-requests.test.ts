import { describe, expect, it } from "vitest";
import type { Message } from "../../../src/sim/actor.js";
import { InFlightRequests, type RequestIo } from "../../../src/kafka/client/in-flight-requests.js";

/** A transcript of what the tracker asked of its actor. */
function harness() {
  const log: string[] = [];
  let nextTimer = 1;
  const io: RequestIo<number> = {
    now: () => 0,
    send: (node, message) => log.push(`send ${node} ${message.type}`),
    armTimeout: (delayUs, correlationId) => {
      log.push(`arm ${correlationId} ${delayUs}`);
      return nextTimer++;
    },
    cancelTimeout: (timer) => log.push(`cancel ${timer}`),
    disconnect: (node) => log.push(`disconnect ${node}`),
  };
  const requests = new InFlightRequests<string, number>(io);
  const send = (node: string, data: string): number => {
    const correlationId = requests.newCorrelationId();
    requests.send(node, { type: "Metadata", correlationId } satisfies Message & { correlationId: number }, data, 1000);
    return correlationId;
  };
  return { log, requests, send };
}

describe("the clients' request tracker (Reference: Kafka NetworkClient, InFlightRequests; docs/architecture.md principle 6 Connections)", () => {
  it("arms a timeout for every request before writing it", () => {
    const { log, requests, send } = harness();
    send("broker-1", "a");
    expect(log).toEqual(["arm 1 1000", "send broker-1 Metadata"]);
    expect(requests.countTo("broker-1")).toBe(1);
  });

  it("a timeout closes the connection; the other requests on it fail oldest first, other nodes keep theirs", () => {
    const { log, requests, send } = harness();
    const first = send("broker-1", "a");
    send("broker-2", "b");
    send("broker-1", "c");
    send("broker-1", "d");
    log.length = 0;
    expect(requests.expire(first)?.data).toBe("a");
    expect(log).toEqual(["cancel 1", "disconnect broker-1"]);
    expect(requests.failNode("broker-1").map((r) => r.data)).toEqual(["c", "d"]);
    expect(requests.countTo("broker-1")).toBe(0);
    expect(requests.countTo("broker-2")).toBe(1);
    expect(requests.expire(first)).toBeUndefined();
  });

  it("a response completes its request once, only from the node it was sent to, and cancels its timeout", () => {
    const { log, requests, send } = harness();
    const id = send("broker-1", "a");
    expect(requests.complete(id, "broker-2")).toBeUndefined();
    log.length = 0;
    expect(requests.complete(id, "broker-1")?.data).toBe("a");
    expect(log).toEqual(["cancel 1"]);
    expect(requests.complete(id)).toBeUndefined();
    expect(requests.size).toBe(0);
  });

  it("a connection reset fails the node's requests without closing anything itself", () => {
    const { log, requests, send } = harness();
    send("broker-1", "a");
    send("broker-1", "b");
    log.length = 0;
    expect(requests.failNode("broker-1").map((r) => r.correlationId)).toEqual([1, 2]);
    expect(log).toEqual(["cancel 1", "cancel 2"]);
    expect(requests.failNode("broker-1")).toEqual([]);
  });

  it("refuses a correlation id already in flight", () => {
    const { requests } = harness();
    requests.send("broker-1", { type: "Metadata", correlationId: 7 } satisfies Message & { correlationId: number }, "a", 1000);
    expect(() => requests.send("broker-1", { type: "Metadata", correlationId: 7 } satisfies Message & { correlationId: number }, "b", 1000)).toThrow(
      /already in flight/,
    );
  });
});
