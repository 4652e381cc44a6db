/**
 * The requests a client has in flight, as Kafka's `NetworkClient` with its `InFlightRequests`
 * keeps them: a correlation id per request, a timeout armed when the request is sent, and two
 * ways for it to fail. When the timeout fires the client closes the connection to that node
 * (NetworkClient.handleTimedOutRequests: "Disconnecting from node due to request timeout") —
 * over TCP a lost message has broken the connection, so nothing sent after it can arrive either;
 * when the connection is reset every request in flight on it fails at once. The owner decides
 * what a failure means (retry, fail a batch, forget a coordinator), never whether a request has a
 * timeout: `send` cannot be called without one, and `expire` is the only way a timeout ends, so
 * "every request has a timeout, and a timeout disconnects" holds by construction.
 *
 * Users: the producer's and consumer's network clients, the admin client, the Raft requests of
 * a KRaft controller, a broker's requests to the controller (KRaft and ZooKeeper mode) and the
 * ZooKeeper-mode controller's channels to brokers. The ZooKeeper client keeps its own session
 * rules (docs/architecture.md "Client request layer").
 */
import type { ActorContext, Message } from "../../sim/actor.js";
import type { EventId } from "../../sim/scheduler.js";
import type { Micros } from "../../sim/time.js";

/** What the tracker needs from its actor; `H` is the handle of an armed timeout, `M` the requests it sends. */
export interface RequestIo<H, M extends Message = Message> {
  now(): Micros;
  send(node: string, message: M): void;
  /** Arm the timeout of request `correlationId`: when it fires, the owner calls {@link InFlightRequests.expire}. */
  armTimeout(delayUs: Micros, correlationId: number): H;
  cancelTimeout(handle: H): void;
  /** Close the connection to `node` (the actor's `disconnect`). */
  disconnect(node: string): void;
}

/** The tracker's I/O for an actor that owns it directly: its timeouts are its own timers, `timer(correlationId)` their payload. */
export function actorRequestIo<T>(ctx: ActorContext<Message, T>, timer: (correlationId: number) => T): RequestIo<EventId> {
  return {
    now: () => ctx.now(),
    send: (node, message) => ctx.send(node, message),
    armTimeout: (delayUs, correlationId) => ctx.setTimer(delayUs, timer(correlationId)),
    cancelTimeout: (handle) => ctx.cancelTimer(handle),
    disconnect: (node) => ctx.disconnect(node),
  };
}

/** One request in flight with the owner's data `D` (e.g. the batches of a Produce request). */
export interface InFlightRequest<D> {
  readonly node: string;
  readonly correlationId: number;
  readonly sentUs: Micros;
  readonly data: D;
}

interface Entry<D, H> extends InFlightRequest<D> {
  readonly timeout: H;
}

/** A component's host that arms timers for it (payload first), as the ZooKeeper-mode controller's channels and a broker's client to the controller have. */
export interface TimerHost<M extends Message, T> {
  now(): number;
  send(node: string, message: M): void;
  disconnect(node: string): void;
  setTimer(timer: T, delayUs: number): EventId;
  cancelTimer(id: EventId): void;
}

/** The tracker's I/O for a component inside an actor: its host arms the timeouts, `timer(correlationId)` their payload. */
export function hostRequestIo<M extends Message, T>(host: TimerHost<M, T>, timer: (correlationId: number) => T): RequestIo<EventId, M> {
  return {
    now: () => host.now(),
    send: (node, message) => host.send(node, message),
    armTimeout: (delayUs, correlationId) => host.setTimer(timer(correlationId), delayUs),
    cancelTimeout: (handle) => host.cancelTimer(handle),
    disconnect: (node) => host.disconnect(node),
  };
}

export class InFlightRequests<D, H, M extends Message & { readonly correlationId: number } = Message & { readonly correlationId: number }> {
  /** By correlation id; Map order is send order, which is correlation-id order. */
  private readonly requests = new Map<number, Entry<D, H>>();
  private readonly perNode = new Map<string, number>();
  private nextCorrelationId = 1;

  constructor(private readonly io: RequestIo<H, M>) {}

  newCorrelationId(): number {
    return this.nextCorrelationId++;
  }

  /** Arm the request's timeout and write it to `node` (NetworkClient.doSend: in flight, then sent). */
  send(node: string, message: M, data: D, timeoutUs: Micros): void {
    const correlationId = message.correlationId;
    if (this.requests.has(correlationId)) throw new Error(`correlation id ${correlationId} is already in flight`);
    const timeout = this.io.armTimeout(timeoutUs, correlationId);
    this.requests.set(correlationId, { node, correlationId, sentUs: this.io.now(), data, timeout });
    this.perNode.set(node, (this.perNode.get(node) ?? 0) + 1);
    this.io.send(node, message);
  }

  /** A response arrived: its request (undefined when it was already failed, or came from another node). */
  complete(correlationId: number, from?: string): InFlightRequest<D> | undefined {
    const entry = this.requests.get(correlationId);
    if (!entry || (from !== undefined && entry.node !== from)) return undefined;
    this.remove(entry);
    return entry;
  }

  /**
   * The timeout of `correlationId` fired: the request leaves and the connection to its node is
   * closed. The other requests on that connection are lost with it; the owner fails them with
   * {@link failNode} (after it handled this one, as Kafka's client does). Undefined for a
   * request that no longer is in flight.
   */
  expire(correlationId: number): InFlightRequest<D> | undefined {
    const entry = this.requests.get(correlationId);
    if (!entry) return undefined;
    this.remove(entry);
    this.io.disconnect(entry.node);
    return entry;
  }

  /** The connection to `node` is gone: its requests leave, oldest first, for the owner to fail. */
  failNode(node: string): InFlightRequest<D>[] {
    if (!this.perNode.get(node)) return [];
    const failed: Entry<D, H>[] = [];
    for (const entry of this.requests.values()) if (entry.node === node) failed.push(entry);
    for (const entry of failed) this.remove(entry);
    return failed;
  }

  /** The request in flight under `correlationId`, left in flight. */
  get(correlationId: number): InFlightRequest<D> | undefined {
    return this.requests.get(correlationId);
  }

  isInFlight(correlationId: number): boolean {
    return this.requests.has(correlationId);
  }

  /** Requests in flight over all nodes. */
  get size(): number {
    return this.requests.size;
  }

  countTo(node: string): number {
    return this.perNode.get(node) ?? 0;
  }

  /** True when some request in flight matches. */
  some(predicate: (request: InFlightRequest<D>) => boolean): boolean {
    for (const entry of this.requests.values()) if (predicate(entry)) return true;
    return false;
  }

  private remove(entry: Entry<D, H>): void {
    this.requests.delete(entry.correlationId);
    const left = (this.perNode.get(entry.node) ?? 1) - 1;
    if (left === 0) this.perNode.delete(entry.node);
    else this.perNode.set(entry.node, left);
    this.io.cancelTimeout(entry.timeout);
  }
}
