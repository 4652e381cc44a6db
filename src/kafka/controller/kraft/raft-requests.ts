/**
 * Outstanding Raft requests of one node (Vote, BeginQuorumEpoch, EndQuorumEpoch, Fetch), each with
 * its own timeout (`controller.quorum.request.timeout.ms`), on the clients' one request tracker
 * (client/in-flight-requests.ts, as KafkaRaftClient sends through Kafka's NetworkClient). A timeout
 * disconnects the connection (a lost message has broken it: docs/architecture.md "Connections");
 * a connection reset fails the peer's requests at once. Every request leaves through
 * `RaftCore.out`, which asserts the quorum state was persisted first.
 */
import type { Message } from "../../../sim/actor.js";
import type { EventId } from "../../../sim/scheduler.js";
import type { Micros } from "../../../sim/time.js";
import { InFlightRequests, type InFlightRequest as TrackedRequest } from "../../client/in-flight-requests.js";
import type { RaftIo } from "./raft-types.js";

/** The Raft request types a node sends. */
export type RaftRequestKind = "Vote" | "BeginQuorumEpoch" | "EndQuorumEpoch" | "RaftFetch";

export interface InFlightRequest {
  correlationId: number;
  peer: string;
  kind: RaftRequestKind;
}

const described = (request: TrackedRequest<RaftRequestKind>): InFlightRequest => ({
  correlationId: request.correlationId,
  peer: request.node,
  kind: request.data,
});

export class RaftRequests {
  private readonly inFlight: InFlightRequests<RaftRequestKind, EventId>;

  constructor(
    io: RaftIo,
    private readonly defaultTimeoutUs: Micros,
    /** How a request leaves the node (RaftCore.out). */
    send: (to: string, message: Message) => void,
  ) {
    this.inFlight = new InFlightRequests({
      now: () => io.now(),
      send,
      armTimeout: (delayUs, id) => io.setTimer(delayUs, { kind: "request-timeout", id }),
      cancelTimeout: (timer) => io.cancelTimer(timer),
      disconnect: (peer) => io.disconnect(peer),
    });
  }

  /** Send a request built around a fresh correlation id, with its timeout; returns the id. */
  send(
    peer: string,
    kind: RaftRequestKind,
    build: (correlationId: number) => Message & { correlationId: number },
    timeoutUs: Micros = this.defaultTimeoutUs,
  ): number {
    const correlationId = this.inFlight.newCorrelationId();
    this.inFlight.send(peer, build(correlationId), kind, timeoutUs);
    return correlationId;
  }

  /** A response arrived: true if it answers a request still outstanding. */
  complete(correlationId: number): boolean {
    return this.inFlight.complete(correlationId) !== undefined;
  }

  isInFlight(correlationId: number): boolean {
    return this.inFlight.isInFlight(correlationId);
  }

  hasInFlight(peer: string, kind: RaftRequestKind): boolean {
    return this.inFlight.some((request) => request.node === peer && request.data === kind);
  }

  /**
   * The request timer fired: drop the connection. Every request outstanding on it is lost with it,
   * so all of them are returned (the timed-out one first).
   */
  timedOut(correlationId: number): InFlightRequest[] {
    const request = this.inFlight.expire(correlationId);
    if (!request) return [];
    return [described(request), ...this.failPeer(request.node)];
  }

  /** The connection to `peer` is gone: its outstanding requests fail (sorted by id). */
  failPeer(peer: string): InFlightRequest[] {
    return this.inFlight.failNode(peer).map(described);
  }
}
