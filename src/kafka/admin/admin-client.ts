/**
 * The scenario's admin client: creates the declared topics at start through the controller
 * (KRaft: any controller node, non-leaders answer NOT_CONTROLLER; ZooKeeper mode: any broker,
 * non-controllers answer NOT_CONTROLLER). It tries the candidates in turn until every topic exists.
 */
import type { Actor, ActorContext, Message } from "../../sim/actor.js";
import { ms } from "../../sim/time.js";
import type { CreateTopicsRequest, CreateTopicsResponse } from "../protocol/control.js";

export interface AdminOptions {
  /** Nodes that may accept CreateTopics, in the order to try them. */
  candidates: string[];
  topics: CreateTopicsRequest["topics"];
  /** First attempt after this delay (let the cluster elect a controller). */
  initialDelayUs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
}

type AdminTimer = { kind: "attempt" } | { kind: "timeout"; correlationId: number };

export class AdminClient implements Actor {
  private pending: CreateTopicsRequest["topics"];
  private correlationId = 0;
  private inFlight: { correlationId: number; node: string; timer: number } | null = null;
  private next = 0;
  done = false;

  constructor(
    private readonly ctx: ActorContext,
    private readonly options: AdminOptions,
  ) {
    this.pending = [...options.topics];
  }

  onStart(): void {
    if (this.pending.length === 0) {
      this.done = true;
      return;
    }
    this.ctx.setTimer(this.options.initialDelayUs, { kind: "attempt" } satisfies AdminTimer);
  }

  onMessage(from: string, message: Message): void {
    if (message.type !== "CreateTopicsResponse") return;
    const response = message as CreateTopicsResponse;
    if (!this.inFlight || response.correlationId !== this.inFlight.correlationId) return;
    this.ctx.cancelTimer(this.inFlight.timer);
    this.inFlight = null;
    const created = new Set(response.topics.filter((t) => t.error === "NONE" || t.error === "TOPIC_ALREADY_EXISTS").map((t) => t.name));
    for (const name of created) this.ctx.trace("topic-created", { topic: name, via: from });
    this.pending = this.pending.filter((t) => !created.has(t.name));
    const failed = response.topics.find((t) => t.error !== "NONE" && t.error !== "TOPIC_ALREADY_EXISTS");
    if (this.pending.length === 0) {
      this.done = true;
      return;
    }
    if (failed) this.next++;
    this.ctx.setTimer(ms(this.options.retryBackoffMs), { kind: "attempt" } satisfies AdminTimer);
  }

  onTimer(payload: unknown): void {
    const timer = payload as AdminTimer;
    if (timer.kind === "attempt") return this.attempt();
    if (this.inFlight && this.inFlight.correlationId === timer.correlationId) {
      this.ctx.disconnect(this.inFlight.node);
      this.inFlight = null;
      this.next++;
      this.attempt();
    }
  }

  onConnectionReset(peer: string): void {
    if (this.inFlight && this.inFlight.node === peer) {
      this.ctx.cancelTimer(this.inFlight.timer);
      this.inFlight = null;
      this.next++;
      this.ctx.setTimer(ms(this.options.retryBackoffMs), { kind: "attempt" } satisfies AdminTimer);
    }
  }

  private attempt(): void {
    if (this.done || this.inFlight || this.pending.length === 0) return;
    const candidates = this.options.candidates;
    const node = candidates[this.next % candidates.length]!;
    const correlationId = ++this.correlationId;
    const request: CreateTopicsRequest = { type: "CreateTopics", correlationId, topics: this.pending };
    this.ctx.send(node, request);
    const timer = this.ctx.setTimer(ms(this.options.requestTimeoutMs), { kind: "timeout", correlationId } satisfies AdminTimer);
    this.inFlight = { correlationId, node, timer };
  }
}
