/**
 * The client's connections, as Kafka's `NetworkClient` handles them: per broker node, the requests
 * in flight (at most `max.in.flight.requests.per.connection`), a `request.timeout.ms` timer per
 * request, and reconnect backoff. When a request times out the client closes the connection; every
 * request still in flight on it fails, and the node may not be used again until
 * `reconnect.backoff.ms` (doubling with ±20 % jitter up to `reconnect.backoff.max.ms`) has passed.
 * A connection reset by the peer is handled the same way, at once.
 */
import type { ActorContext, Message } from "../../sim/actor.js";
import type { Random } from "../../sim/random.js";
import type { EventId } from "../../sim/scheduler.js";
import { ms, type Micros, type Millis } from "../../sim/time.js";
import { exponentialBackoffMs } from "./backoff.js";

/** What a request was for, so the owner can route its response or its failure. */
export type RequestKind = "produce" | "metadata" | "init-producer-id";

export interface InFlightRequest {
  node: string;
  correlationId: number;
  kind: RequestKind;
  sentUs: Micros;
  /** Owner data (e.g. the batches of a Produce request). */
  payload: unknown;
  timer: EventId | undefined;
}

/** Timer payload of a request timeout. */
export interface RequestTimeoutTimer {
  k: "request-timeout";
  node: string;
  correlationId: number;
}

export interface NetworkClientSettings {
  maxInFlight: number;
  requestTimeoutMs: Millis;
  reconnectBackoffMs: Millis;
  reconnectBackoffMaxMs: Millis;
}

interface NodeState {
  /** Connections to the node opened so far by this process (a disconnect opens a new one). */
  connections: number;
  inFlight: InFlightRequest[];
  failures: number;
  blockedUntilUs: Micros;
}

export class NetworkClient {
  private readonly nodes = new Map<string, NodeState>();
  /** Requests in flight per kind, over all nodes (the sender asks on every wake-up). */
  private readonly inFlightByKind: Record<RequestKind, number> = { produce: 0, metadata: 0, "init-producer-id": 0 };
  private nextCorrelationId = 1;

  constructor(
    private readonly ctx: ActorContext,
    private readonly settings: NetworkClientSettings,
    private readonly random: Random,
  ) {}

  /** Connected (or connectable now) and below the in-flight limit. */
  isReady(node: string, nowUs: Micros): boolean {
    const state = this.nodes.get(node);
    if (!state) return true;
    return nowUs >= state.blockedUntilUs && state.inFlight.length < this.settings.maxInFlight;
  }

  /** When a node in reconnect backoff may be used again (undefined when it may now). */
  blockedUntil(node: string, nowUs: Micros): Micros | undefined {
    const until = this.nodes.get(node)?.blockedUntilUs ?? 0;
    return until > nowUs ? until : undefined;
  }

  inFlightCount(node: string): number {
    return this.nodes.get(node)?.inFlight.length ?? 0;
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
    return this.nextCorrelationId++;
  }

  /**
   * Sends a request. With `expectResponse` false (acks=0) nothing is tracked: the request is done
   * once written, as in Kafka.
   */
  send(node: string, message: Message & { correlationId: number }, kind: RequestKind, payload: unknown, expectResponse = true): void {
    this.ctx.send(node, message);
    if (!expectResponse) return;
    const state = this.state(node);
    const timer = this.ctx.setTimer(ms(this.settings.requestTimeoutMs), {
      k: "request-timeout",
      node,
      correlationId: message.correlationId,
    } satisfies RequestTimeoutTimer);
    state.inFlight.push({ node, correlationId: message.correlationId, kind, sentUs: this.ctx.now(), payload, timer });
    this.inFlightByKind[kind]++;
  }

  /** A response arrived: returns its request (undefined if it was already failed or unknown). */
  complete(node: string, correlationId: number): InFlightRequest | undefined {
    const state = this.nodes.get(node);
    if (!state) return undefined;
    const i = state.inFlight.findIndex((r) => r.correlationId === correlationId);
    if (i < 0) return undefined;
    const [request] = state.inFlight.splice(i, 1);
    this.inFlightByKind[request!.kind]--;
    if (request!.timer !== undefined) this.ctx.cancelTimer(request!.timer);
    state.failures = 0;
    return request;
  }

  /** True when the timer still refers to a request in flight. */
  isTimedOut(timer: RequestTimeoutTimer): boolean {
    return this.nodes.get(timer.node)?.inFlight.some((r) => r.correlationId === timer.correlationId) ?? false;
  }

  /**
   * Closes the connection to `node` (after our own timeout, or because the peer reset it): every
   * request in flight on it is returned, oldest first, for the owner to fail. `closeSocket` is false
   * when the peer already reset it.
   */
  disconnect(node: string, closeSocket: boolean): InFlightRequest[] {
    const state = this.state(node);
    if (closeSocket) this.ctx.disconnect(node);
    const failed = state.inFlight;
    state.inFlight = [];
    state.connections++;
    for (const request of failed) {
      this.inFlightByKind[request.kind]--;
      if (request.timer !== undefined) this.ctx.cancelTimer(request.timer);
    }
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
      state = { connections: 0, inFlight: [], failures: 0, blockedUntilUs: 0 };
      this.nodes.set(node, state);
    }
    return state;
  }
}
