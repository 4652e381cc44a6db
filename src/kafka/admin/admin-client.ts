/**
 * The scenario's admin client: creates the declared topics at start through the controller
 * (KRaft: any controller node, non-leaders answer NOT_CONTROLLER; ZooKeeper mode: any broker,
 * non-controllers answer NOT_CONTROLLER). It tries the candidates in turn until every topic exists.
 * Later it raises partition counts on request (`add-partitions`, Admin.createPartitions), the same
 * way, until the controller accepts or refuses for good (INVALID_PARTITIONS, …).
 */
import type { Actor, ActorContext, Message } from "../../sim/actor.js";
import { ms, type Millis } from "../../sim/time.js";
import type { CreatePartitionsRequest, CreatePartitionsResponse, CreateTopicsRequest, CreateTopicsResponse } from "../protocol/control.js";

export interface AdminOptions {
  /** Nodes that may accept CreateTopics, in the order to try them. */
  candidates: string[];
  topics: CreateTopicsRequest["topics"];
  /** First attempt after this delay (let the cluster elect a controller). */
  initialDelayUs: number;
  requestTimeoutMs: Millis;
  retryBackoffMs: Millis;
}

type AdminTimer = { kind: "attempt" } | { kind: "timeout"; correlationId: number };

export class AdminClient implements Actor {
  private pending: CreateTopicsRequest["topics"];
  private correlationId = 0;
  private inFlight: { correlationId: number; node: string; timer: number } | null = null;
  /** add-partitions requests not yet answered, in order (sent once the topics exist). */
  private partitionRequests: CreatePartitionsRequest["topics"] = [];
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

  /** Admin.createPartitions(topic → NewPartitions.increaseTo(count)). */
  createPartitions(topic: string, count: number): void {
    const queued = this.partitionRequests.find((t) => t.name === topic);
    if (queued)
      queued.count = Math.max(queued.count, count); // one entry per topic, as Kafka's request requires
    else this.partitionRequests.push({ name: topic, count });
    this.ctx.trace("admin-create-partitions", { topic, count, rule: "the admin client asks the controller to raise the partition count (CreatePartitions)" });
    this.attempt();
  }

  onMessage(from: string, message: Message): void {
    if (message.type === "CreatePartitionsResponse") return this.onPartitionsResponse(from, message as CreatePartitionsResponse);
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
      if (this.partitionRequests.length > 0) this.attempt();
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

  private onPartitionsResponse(from: string, response: CreatePartitionsResponse): void {
    if (!this.inFlight || response.correlationId !== this.inFlight.correlationId) return;
    this.ctx.cancelTimer(this.inFlight.timer);
    this.inFlight = null;
    const retry = response.topics.filter((t) => t.error === "NOT_CONTROLLER");
    for (const t of response.topics) {
      if (t.error === "NOT_CONTROLLER") continue;
      this.ctx.trace(t.error === "NONE" ? "partitions-added" : "create-partitions-failed", { topic: t.name, error: t.error, message: t.message, via: from });
    }
    const answered = new Set(response.topics.filter((t) => t.error !== "NOT_CONTROLLER").map((t) => t.name));
    this.partitionRequests = this.partitionRequests.filter((t) => !answered.has(t.name));
    if (retry.length > 0) this.next++;
    if (this.partitionRequests.length > 0) this.ctx.setTimer(ms(this.options.retryBackoffMs), { kind: "attempt" } satisfies AdminTimer);
  }

  private attempt(): void {
    if (this.inFlight) return;
    if (this.done) return this.attemptPartitions();
    if (this.pending.length === 0) return;
    const candidates = this.options.candidates;
    const node = candidates[this.next % candidates.length]!;
    const correlationId = ++this.correlationId;
    const request: CreateTopicsRequest = { type: "CreateTopics", correlationId, topics: this.pending };
    this.ctx.send(node, request);
    const timer = this.ctx.setTimer(ms(this.options.requestTimeoutMs), { kind: "timeout", correlationId } satisfies AdminTimer);
    this.inFlight = { correlationId, node, timer };
  }

  private attemptPartitions(): void {
    if (this.partitionRequests.length === 0) return;
    const candidates = this.options.candidates;
    const node = candidates[this.next % candidates.length]!;
    const correlationId = ++this.correlationId;
    const request: CreatePartitionsRequest = { type: "CreatePartitions", correlationId, topics: this.partitionRequests.map((t) => ({ ...t })) };
    this.ctx.send(node, request);
    const timer = this.ctx.setTimer(ms(this.options.requestTimeoutMs), { kind: "timeout", correlationId } satisfies AdminTimer);
    this.inFlight = { correlationId, node, timer };
  }
}
