/**
 * Outstanding Raft requests of one node, each with its own timeout
 * (`controller.quorum.request.timeout.ms`). A timeout disconnects the connection (a lost message
 * has broken it: docs/architecture.md "Connections"); a connection reset fails the peer's requests at once.
 */
import type { EventId } from "../../../sim/scheduler.js";
import type { Micros } from "../../../sim/time.js";
import type { RaftIo } from "./raft-types.js";

export interface InFlightRequest {
  correlationId: number;
  peer: string;
  kind: string;
  timer: EventId;
}

export class RaftRequests {
  private readonly inFlight = new Map<number, InFlightRequest>();
  private nextCorrelationId = 1;

  constructor(
    private readonly io: RaftIo,
    private readonly defaultTimeoutUs: Micros,
  ) {}

  /** Register a request about to be sent; returns its correlation id. */
  start(peer: string, kind: string, timeoutUs: Micros = this.defaultTimeoutUs): number {
    const correlationId = this.nextCorrelationId++;
    const timer = this.io.setTimer(timeoutUs, { kind: "request-timeout", id: correlationId });
    this.inFlight.set(correlationId, { correlationId, peer, kind, timer });
    return correlationId;
  }

  /** A response arrived: true if it answers a request still outstanding. */
  complete(correlationId: number): boolean {
    const request = this.inFlight.get(correlationId);
    if (!request) return false;
    this.io.cancelTimer(request.timer);
    this.inFlight.delete(correlationId);
    return true;
  }

  isInFlight(correlationId: number): boolean {
    return this.inFlight.has(correlationId);
  }

  hasInFlight(peer: string, kind: string): boolean {
    for (const request of this.inFlight.values()) if (request.peer === peer && request.kind === kind) return true;
    return false;
  }

  /**
   * The request timer fired: drop the connection. Every request outstanding on it is lost with it,
   * so all of them are returned (the timed-out one first).
   */
  timedOut(correlationId: number): InFlightRequest[] {
    const request = this.inFlight.get(correlationId);
    if (!request) return [];
    this.inFlight.delete(correlationId);
    this.io.disconnect(request.peer);
    return [request, ...this.failPeer(request.peer)];
  }

  /** The connection to `peer` is gone: its outstanding requests fail (sorted by id). */
  failPeer(peer: string): InFlightRequest[] {
    const failed = [...this.inFlight.values()].filter((r) => r.peer === peer).sort((a, b) => a.correlationId - b.correlationId);
    for (const request of failed) {
      this.io.cancelTimer(request.timer);
      this.inFlight.delete(request.correlationId);
    }
    return failed;
  }
}
