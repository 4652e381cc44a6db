/**
 * A tiny in-test client actor that sends raw Produce / Fetch / ListOffsets requests and records the
 * responses by correlation id. No retries, no metadata: tests address brokers directly.
 */
import type { Actor, ActorContext, Message } from "../../../../src/sim/actor.js";
import type { Micros } from "../../../../src/sim/time.js";

export interface Exchange<T extends Message = Message> {
  to: string;
  request: Message & { correlationId: number };
  sentAtUs: Micros;
  response?: T;
  answeredAtUs?: Micros;
}

export class TestClient implements Actor {
  readonly exchanges = new Map<number, Exchange>();
  private nextCorrelationId = 1;
  resets: string[] = [];

  constructor(readonly ctx: ActorContext) {}

  onStart(): void {}

  onTimer(): void {}

  onConnectionReset(peer: string): void {
    this.resets.push(peer);
    this.ctx.disconnect(peer);
  }

  onMessage(_from: string, message: Message): void {
    const id = (message as Message & { correlationId?: number }).correlationId;
    const exchange = id === undefined ? undefined : this.exchanges.get(id);
    if (!exchange || exchange.response) return;
    exchange.response = message;
    exchange.answeredAtUs = this.ctx.now();
  }

  /** Send `build(correlationId)` to `to`; the returned exchange fills in when answered. */
  send<T extends Message>(to: string, build: (correlationId: number) => Message & { correlationId: number }): Exchange<T> {
    const correlationId = this.nextCorrelationId++;
    const request = build(correlationId);
    const exchange: Exchange = { to, request, sentAtUs: this.ctx.now() };
    this.exchanges.set(correlationId, exchange);
    this.ctx.send(to, request);
    return exchange as Exchange<T>;
  }
}
