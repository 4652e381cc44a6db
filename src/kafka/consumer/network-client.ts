/**
 * The consumer's side of the network, as Kafka's NetworkClient behaves: correlation ids, one
 * timeout per request (request.timeout.ms unless given), and on timeout a disconnect that fails
 * every request in flight to that node (the connection's in-flight messages are gone). A reset
 * connection fails them too. After a failed connection the node is blacked out for
 * `reconnect.backoff.ms`, doubling per consecutive failure (±20 % jitter) up to
 * `reconnect.backoff.max.ms` (Kafka's ClusterConnectionStates); a response clears it. Also a tiny
 * timer table so each module sets timers with callbacks.
 */
import { exponentialBackoffMs } from "../producer/backoff.js";
import type { ActorContext, Message } from "../../sim/actor.js";
import type { EventId } from "../../sim/scheduler.js";
import type { Micros, Millis } from "../../sim/time.js";

/** Why a request produced no response. */
export type RequestFailure = "timeout" | "disconnected";

interface Pending {
  node: string;
  onResponse: (message: Message) => void;
  onFailure: (reason: RequestFailure) => void;
  timer: number;
}

/** Timers with callbacks, routed through the actor's single onTimer. Fire order is the kernel's. */
export class Timers {
  private readonly table = new Map<number, { event: EventId; fn: () => void }>();
  private next = 1;

  constructor(private readonly ctx: ActorContext) {}

  set(delayUs: Micros, fn: () => void): number {
    const id = this.next++;
    this.table.set(id, { event: this.ctx.setTimer(delayUs, id), fn });
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
  fire(payload: unknown): void {
    const entry = this.table.get(payload as number);
    if (!entry) return;
    this.table.delete(payload as number);
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

export class NetworkClient {
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  /** Nodes whose connection failed: consecutive failures and the end of the blackout. */
  private readonly blackout = new Map<string, { failures: number; untilUs: Micros }>();

  constructor(
    private readonly ctx: ActorContext,
    private readonly timers: Timers,
    private readonly requestTimeoutUs: Micros,
    private readonly reconnect: ReconnectBackoff = { initialMs: 0, maxMs: 0 },
  ) {}

  /** Kafka's `isReady`/`connectionDelay`: 0 when `node` may be used now, else µs until it may. */
  connectionDelayUs(node: string): Micros {
    const state = this.blackout.get(node);
    if (!state) return 0;
    return Math.max(0, state.untilUs - this.ctx.now());
  }

  /** Send a request built around a fresh correlation id. */
  send<R extends Message>(
    node: string,
    build: (correlationId: number) => Message,
    onResponse: (response: R) => void,
    onFailure: (reason: RequestFailure) => void,
    timeoutUs: Micros = this.requestTimeoutUs,
  ): number {
    const correlationId = this.nextCorrelationId++;
    const timer = this.timers.set(timeoutUs, () => this.timedOut(correlationId));
    this.pending.set(correlationId, { node, onResponse: onResponse as (m: Message) => void, onFailure, timer });
    this.ctx.send(node, build(correlationId));
    return correlationId;
  }

  /** Route a response; false when it answers nothing in flight (late, or after a disconnect). */
  receive(message: Message): boolean {
    const correlationId = (message as Message & { correlationId?: number }).correlationId;
    if (correlationId === undefined) return false;
    const pending = this.pending.get(correlationId);
    if (!pending) return false;
    this.pending.delete(correlationId);
    this.timers.cancel(pending.timer);
    this.blackout.delete(pending.node);
    pending.onResponse(message);
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
    let n = 0;
    for (const p of this.pending.values()) if (p.node === node) n++;
    return n;
  }

  private timedOut(correlationId: number): void {
    const pending = this.pending.get(correlationId);
    if (!pending) return;
    this.ctx.trace("client-request-timeout", {
      peer: pending.node,
      rule: "no response within the request timeout: the client disconnects and fails every request in flight on that connection",
    });
    this.ctx.disconnect(pending.node);
    this.pending.delete(correlationId);
    this.connectionFailed(pending.node);
    pending.onFailure("timeout");
    this.failAll(pending.node, "disconnected", false);
  }

  /** The connection to `node` failed: black it out for the next reconnect backoff. */
  private connectionFailed(node: string): void {
    if (this.reconnect.initialMs <= 0) return;
    const failures = (this.blackout.get(node)?.failures ?? 0) + 1;
    const delayMs = exponentialBackoffMs(this.reconnect.initialMs, this.reconnect.maxMs, failures - 1, this.ctx.random);
    this.blackout.set(node, { failures, untilUs: this.ctx.now() + delayMs * 1000 });
    this.ctx.trace("client-reconnect-backoff", {
      peer: node,
      failures,
      backoffMs: delayMs,
      rule: `the connection to ${node} failed: the client waits ${delayMs} ms before using it again (reconnect.backoff.ms, doubling per failure up to reconnect.backoff.max.ms)`,
    });
  }

  private failAll(node: string, reason: RequestFailure, markFailed = true): void {
    if (markFailed) this.connectionFailed(node);
    const ids = [...this.pending.keys()].filter((id) => this.pending.get(id)!.node === node).sort((a, b) => a - b);
    for (const id of ids) {
      const pending = this.pending.get(id);
      if (!pending) continue;
      this.pending.delete(id);
      this.timers.cancel(pending.timer);
      pending.onFailure(reason);
    }
  }
}
