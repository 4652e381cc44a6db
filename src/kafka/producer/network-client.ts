/**
 * The client's connections, as Kafka's `NetworkClient` handles them: per broker node, the requests
 * in flight (at most `max.in.flight.requests.per.connection`), a `request.timeout.ms` timer per
 * request, and reconnect backoff. When a request times out the client closes the connection; every
 * request still in flight on it fails, and the node may not be used again until
 * `reconnect.backoff.ms` (doubling with ±20 % jitter up to `reconnect.backoff.max.ms`) has passed.
 * A connection reset by the peer is handled the same way, at once. The requests themselves are
 * tracked by the clients' one {@link InFlightRequests} (client/in-flight-requests.ts).
 */
import type { ActorContext, Message } from "../../sim/actor.js";
import type { Random } from "../../sim/random.js";
import type { EventId } from "../../sim/scheduler.js";
import { ms, type Micros, type Millis } from "../../sim/time.js";
import { exponentialBackoffMs } from "../client/backoff.js";
import { actorRequestIo, InFlightRequests, type InFlightRequest } from "../client/in-flight-requests.js";
import type { SentBatch } from "./completion.js";

/** What a request was for, so the owner can route its response or its failure. */
export type ProducerRequest = { kind: "produce"; batches: SentBatch[] } | { kind: "metadata" } | { kind: "init-producer-id" };
export type RequestKind = ProducerRequest["kind"];
export type ProducerInFlightRequest = InFlightRequest<ProducerRequest>;

/** Timer payload of a request timeout. */
export interface RequestTimeoutTimer {
  kind: "request-timeout";
  correlationId: number;
}

export interface NetworkClientSettings {
  maxInFlight: number;
  requestTimeoutUs: Micros;
  reconnectBackoffMs: Millis;
  reconnectBackoffMaxMs: Millis;
}

interface NodeState {
  /** Connections to the node opened so far by this process (a disconnect opens a new one). */
  connections: number;
  failures: number;
  blockedUntilUs: Micros;
}

export class NetworkClient {
  private readonly nodes = new Map<string, NodeState>();
  private readonly inFlight: InFlightRequests<ProducerRequest, EventId>;
  /** Requests in flight per kind, over all nodes (the sender asks on every wake-up). */
  private readonly inFlightByKind: Record<RequestKind, number> = { produce: 0, metadata: 0, "init-producer-id": 0 };

  constructor(
    private readonly ctx: ActorContext<Message, RequestTimeoutTimer>,
    private readonly settings: NetworkClientSettings,
    private readonly random: Random,
  ) {
    this.inFlight = new InFlightRequests(actorRequestIo(ctx, (correlationId) => ({ kind: "request-timeout", correlationId })));
  }

  /** Connected (or connectable now) and below the in-flight limit. */
  isReady(node: string, nowUs: Micros): boolean {
    const state = this.nodes.get(node);
    if (!state) return true;
    return nowUs >= state.blockedUntilUs && this.inFlight.countTo(node) < this.settings.maxInFlight;
  }

  /** When a node in reconnect backoff may be used again (undefined when it may now). */
  blockedUntil(node: string, nowUs: Micros): Micros | undefined {
    const until = this.nodes.get(node)?.blockedUntilUs ?? 0;
    return until > nowUs ? until : undefined;
  }

  inFlightCount(node: string): number {
    return this.inFlight.countTo(node);
  }

  /** How many requests of one kind are in flight, over all nodes. */
  inFlightCountOfKind(kind: RequestKind): number {
    return this.inFlightByKind[kind];
  }

  /** Name of the current connection to `node` (Kafka's connectionId): process incarnation and count. */
  connectionId(node: string): string {
    return `${this.ctx.incarnation}.${this.nodes.get(node)?.connections ?? 0}`;
  }

  newCorrelationId(): number {
    return this.inFlight.newCorrelationId();
  }

  /** Sends a request that expects a response: it is in flight, with `request.timeout.ms`, until answered or failed. */
  send(node: string, message: Message & { correlationId: number }, request: ProducerRequest): void {
    this.state(node);
    this.inFlight.send(node, message, request, this.settings.requestTimeoutUs);
    this.inFlightByKind[request.kind]++;
  }

  /** acks=0: nothing is tracked, the request is done once written (Kafka's `expectResponse = false`). */
  sendWithoutResponse(node: string, message: Message): void {
    this.ctx.send(node, message);
  }

  /** A response arrived: returns its request (undefined if it was already failed or unknown). */
  complete(node: string, correlationId: number): ProducerInFlightRequest | undefined {
    const request = this.inFlight.complete(correlationId, node);
    if (!request) return undefined;
    this.inFlightByKind[request.data.kind]--;
    this.state(node).failures = 0;
    return request;
  }

  /** A request timer fired: the request, if still in flight; its connection is closed (its other requests: {@link connectionLost}). */
  expire(correlationId: number): ProducerInFlightRequest | undefined {
    const request = this.inFlight.expire(correlationId);
    if (request) this.inFlightByKind[request.data.kind]--;
    return request;
  }

  /**
   * The connection to `node` is gone (closed after our own timeout, or reset by the peer): every
   * request still in flight on it is returned, oldest first, for the owner to fail, and the node
   * waits out its reconnect backoff.
   */
  connectionLost(node: string): ProducerInFlightRequest[] {
    const state = this.state(node);
    const failed = this.inFlight.failNode(node);
    state.connections++;
    for (const request of failed) this.inFlightByKind[request.data.kind]--;
    const backoff = exponentialBackoffMs(this.settings.reconnectBackoffMs, this.settings.reconnectBackoffMaxMs, state.failures, this.random);
    state.failures++;
    state.blockedUntilUs = this.ctx.now() + ms(backoff);
    return failed;
  }

  /**
   * Kafka's `leastLoadedNode`: the node with the fewest requests in flight among those not in
   * reconnect backoff, scanning from a random offset so that ties spread over the nodes.
   */
  leastLoadedNode(candidates: readonly string[], nowUs: Micros): string | undefined {
    if (candidates.length === 0) return undefined;
    const offset = this.random.int(candidates.length);
    let best: string | undefined;
    let bestLoad = Infinity;
    for (let i = 0; i < candidates.length; i++) {
      const node = candidates[(offset + i) % candidates.length]!;
      if (!this.isReady(node, nowUs)) continue;
      const load = this.inFlightCount(node);
      if (load < bestLoad) {
        best = node;
        bestLoad = load;
      }
    }
    return best;
  }

  private state(node: string): NodeState {
    let state = this.nodes.get(node);
    if (!state) {
      state = { connections: 0, failures: 0, blockedUntilUs: 0 };
      this.nodes.set(node, state);
    }
    return state;
  }
}
