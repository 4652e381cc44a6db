/**
 * The consumer's side of the network, as Kafka's NetworkClient behaves: correlation ids, one
 * timeout per request (request.timeout.ms unless given), and on timeout a disconnect that fails
 * every request in flight to that node (the connection's in-flight messages are gone). A reset
 * connection fails them too. The requests are tracked by the clients' one {@link InFlightRequests}
 * (client/in-flight-requests.ts). After a failed connection the node is blacked out for
 * `reconnect.backoff.ms`, doubling per consecutive failure (±20 % jitter) up to
 * `reconnect.backoff.max.ms` (Kafka's ClusterConnectionStates); a response clears it. Also a tiny
 * timer table so each module sets timers with callbacks.
 */
import { exponentialBackoffMs } from "../client/backoff.js";
import { InFlightRequests } from "../client/in-flight-requests.js";
import type { ActorContext, Message } from "../../sim/actor.js";
import type { EventId } from "../../sim/scheduler.js";
import type { Micros, Millis } from "../../sim/time.js";
import type { MetadataRequest, MetadataResponse } from "../protocol/metadata.js";
import type { FetchRequest, FetchResponse, ListOffsetsRequest, ListOffsetsResponse } from "../protocol/fetch.js";
import type { OffsetsForLeaderEpochRequest, OffsetsForLeaderEpochResponse } from "../protocol/offsets-for-leader-epoch.js";
import type {
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupRequest,
  LeaveGroupResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetFetchRequest,
  OffsetFetchResponse,
  SyncGroupRequest,
  SyncGroupResponse,
} from "../group/protocol.js";
import { emit } from "../explain/catalogue.js";

/** Why a request produced no response. */
export type RequestFailure = "timeout" | "disconnected";

/** Every request the consumer sends. */
export type ConsumerRequest =
  | MetadataRequest
  | FindCoordinatorRequest
  | JoinGroupRequest
  | SyncGroupRequest
  | HeartbeatRequest
  | LeaveGroupRequest
  | OffsetCommitRequest
  | OffsetFetchRequest
  | FetchRequest
  | ListOffsetsRequest
  | OffsetsForLeaderEpochRequest;

/** Every response the consumer reads. */
export type ConsumerResponse =
  | MetadataResponse
  | FindCoordinatorResponse
  | JoinGroupResponse
  | SyncGroupResponse
  | HeartbeatResponse
  | LeaveGroupResponse
  | OffsetCommitResponse
  | OffsetFetchResponse
  | FetchResponse
  | ListOffsetsResponse
  | OffsetsForLeaderEpochResponse;

/** The response to a request of type `Q`: Kafka's `<Api>Response`. */
export type ResponseTo<Q extends ConsumerRequest> = Extract<ConsumerResponse, { type: `${Q["type"]}Response` }>;

const RESPONSE = "Response";

/** True when `message` is the response type of `request` (the correlation id has matched already). */
function answers<Q extends ConsumerRequest>(request: Q, message: Message): message is ResponseTo<Q> {
  // The same test as comparing with `${request.type}Response`, without building that string per response.
  const type = message.type;
  return type.length === request.type.length + RESPONSE.length && type.endsWith(RESPONSE) && type.startsWith(request.type);
}

/** The consumer's one timer payload: a callback of its {@link Timers} table. */
export interface CallbackTimer {
  kind: "callback";
  id: number;
}

/** Timers with callbacks, routed through the actor's single onTimer. Fire order is the kernel's. */
export class Timers {
  private readonly table = new Map<number, { event: EventId; fn: () => void }>();
  private next = 1;

  constructor(private readonly ctx: ActorContext<Message, CallbackTimer>) {}

  set(delayUs: Micros, fn: () => void): number {
    const id = this.next++;
    this.table.set(id, { event: this.ctx.setTimer(delayUs, { kind: "callback", id }), fn });
    return id;
  }

  cancel(id: number | null): void {
    if (id === null) return;
    const entry = this.table.get(id);
    if (!entry) return;
    this.ctx.cancelTimer(entry.event);
    this.table.delete(id);
  }

  /** The actor's onTimer: run the callback of a live timer. */
  fire(timer: CallbackTimer): void {
    const entry = this.table.get(timer.id);
    if (!entry) return;
    this.table.delete(timer.id);
    entry.fn();
  }

  cancelAll(): void {
    for (const id of [...this.table.keys()].sort((a, b) => a - b)) this.cancel(id);
  }
}

/** reconnect.backoff.ms / reconnect.backoff.max.ms. */
export interface ReconnectBackoff {
  initialMs: Millis;
  maxMs: Millis;
}

/** What the consumer does with the answer to one request, or with its failure. */
interface Callbacks {
  deliver: (message: Message) => void;
  onFailure: (reason: RequestFailure) => void;
}

export class NetworkClient {
  private readonly inFlight: InFlightRequests<Callbacks, number>;
  /** Nodes whose connection failed: consecutive failures and the end of the blackout. */
  private readonly blackout = new Map<string, { failures: number; untilUs: Micros }>();

  constructor(
    private readonly ctx: ActorContext,
    timers: Timers,
    private readonly requestTimeoutUs: Micros,
    private readonly reconnect: ReconnectBackoff = { initialMs: 0, maxMs: 0 },
  ) {
    this.inFlight = new InFlightRequests({
      now: () => ctx.now(),
      send: (node, message) => ctx.send(node, message),
      armTimeout: (delayUs, correlationId) => timers.set(delayUs, () => this.timedOut(correlationId)),
      cancelTimeout: (id) => timers.cancel(id),
      disconnect: (node) => ctx.disconnect(node),
    });
  }

  /** Kafka's `isReady`/`connectionDelay`: 0 when `node` may be used now, else µs until it may. */
  connectionDelayUs(node: string): Micros {
    const state = this.blackout.get(node);
    if (!state) return 0;
    return Math.max(0, state.untilUs - this.ctx.now());
  }

  /** Send a request built around a fresh correlation id; `onResponse` gets its `<Api>Response`. */
  send<Q extends ConsumerRequest>(
    node: string,
    build: (correlationId: number) => Q,
    onResponse: (response: ResponseTo<Q>) => void,
    onFailure: (reason: RequestFailure) => void,
    timeoutUs: Micros = this.requestTimeoutUs,
  ): number {
    const correlationId = this.inFlight.newCorrelationId();
    const request = build(correlationId);
    const deliver = (message: Message): void => {
      if (answers(request, message)) onResponse(message);
    };
    this.inFlight.send(node, request, { deliver, onFailure }, timeoutUs);
    return correlationId;
  }

  /** Route a response; false when it answers nothing in flight (late, or after a disconnect). */
  receive(message: Message): boolean {
    if (!("correlationId" in message) || typeof message.correlationId !== "number") return false;
    const request = this.inFlight.complete(message.correlationId);
    if (!request) return false;
    this.blackout.delete(request.node);
    request.data.deliver(message);
    return true;
  }

  /** The client closes its connection to `node` (e.g. a rebootstrap): its requests fail as disconnected. */
  close(node: string): void {
    this.ctx.disconnect(node);
    this.failAll(node, "disconnected");
  }

  /** The connection to `node` was reset: fail its requests. */
  connectionReset(node: string): void {
    this.failAll(node, "disconnected");
  }

  inFlightTo(node: string): number {
    return this.inFlight.countTo(node);
  }

  private timedOut(correlationId: number): void {
    const request = this.inFlight.get(correlationId);
    if (!request) return;
    emit(this.ctx, "client-request-timeout", { peer: request.node });
    this.inFlight.expire(correlationId);
    this.connectionFailed(request.node);
    request.data.onFailure("timeout");
    this.failAll(request.node, "disconnected", false);
  }

  /** The connection to `node` failed: black it out for the next reconnect backoff. */
  private connectionFailed(node: string): void {
    if (this.reconnect.initialMs <= 0) return;
    const failures = (this.blackout.get(node)?.failures ?? 0) + 1;
    const delayMs = exponentialBackoffMs(this.reconnect.initialMs, this.reconnect.maxMs, failures - 1, this.ctx.random);
    this.blackout.set(node, { failures, untilUs: this.ctx.now() + delayMs * 1000 });
    emit(this.ctx, "client-reconnect-backoff", { peer: node, failures, backoffMs: delayMs });
  }

  /** Every request in flight on `node` fails (NetworkClient: `inFlightRequests.clearAll(node)`, then their callbacks). */
  private failAll(node: string, reason: RequestFailure, markFailed = true): void {
    if (markFailed) this.connectionFailed(node);
    for (const request of this.inFlight.failNode(node)) request.data.onFailure(reason);
  }
}
