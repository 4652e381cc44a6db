/**
 * The scenario's admin client: creates the declared topics at start through the controller
 * (KRaft: any controller node, non-leaders answer NOT_CONTROLLER; ZooKeeper mode: any broker,
 * non-controllers answer NOT_CONTROLLER). It tries the candidates in turn until every topic exists.
 * Later it raises partition counts on request (`add-partitions`, Admin.createPartitions), the same
 * way, until the controller accepts or refuses for good (INVALID_PARTITIONS, …). One request is in
 * flight at a time, tracked by the clients' one {@link InFlightRequests}: its timeout
 * (`request.timeout.ms`) closes the connection and the next candidate is tried.
 */
import type { Actor, ActorContext, Message } from "../../sim/actor.js";
import { dispatch, fireTimer, type HandlerTable, type TimerTable } from "../../sim/handlers.js";
import type { EventId } from "../../sim/scheduler.js";
import { ms, type Millis } from "../../sim/time.js";
import { actorRequestIo, InFlightRequests } from "../client/in-flight-requests.js";
import type { CreatePartitionsRequest, CreatePartitionsResponse, CreateTopicsRequest, CreateTopicsResponse } from "../protocol/control.js";
import { emit } from "../explain/catalogue.js";

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
type AdminResponse = CreateTopicsResponse | CreatePartitionsResponse;

export class AdminClient implements Actor<AdminTimer> {
  private pending: CreateTopicsRequest["topics"];
  /** At most one request in flight. */
  private readonly requests: InFlightRequests<undefined, EventId>;
  /** add-partitions requests not yet answered, in order (sent once the topics exist). */
  private partitionRequests: CreatePartitionsRequest["topics"] = [];
  private next = 0;
  done = false;

  private readonly responses: HandlerTable<AdminResponse> = {
    CreateTopicsResponse: (from, response) => this.onTopicsResponse(from, response),
    CreatePartitionsResponse: (from, response) => this.onPartitionsResponse(from, response),
  };

  private readonly timers: TimerTable<AdminTimer> = {
    attempt: () => this.attempt(),
    timeout: (timer) => {
      if (!this.requests.expire(timer.correlationId)) return;
      this.next++;
      this.attempt();
    },
  };

  constructor(
    private readonly ctx: ActorContext<Message, AdminTimer>,
    private readonly options: AdminOptions,
  ) {
    this.pending = [...options.topics];
    this.requests = new InFlightRequests(actorRequestIo(ctx, (correlationId): AdminTimer => ({ kind: "timeout", correlationId })));
  }

  onStart(): void {
    if (this.pending.length === 0) {
      this.done = true;
      return;
    }
    this.ctx.setTimer(this.options.initialDelayUs, { kind: "attempt" });
  }

  /** Admin.createPartitions(topic → NewPartitions.increaseTo(count)). */
  createPartitions(topic: string, count: number): void {
    const queued = this.partitionRequests.find((t) => t.name === topic);
    if (queued)
      queued.count = Math.max(queued.count, count); // one entry per topic, as Kafka's request requires
    else this.partitionRequests.push({ name: topic, count });
    emit(this.ctx, "admin-create-partitions", { topic, count });
    this.attempt();
  }

  onMessage(from: string, message: Message): void {
    dispatch(this.responses, from, message);
  }

  onTimer(timer: AdminTimer): void {
    fireTimer(this.timers, timer);
  }

  onConnectionReset(peer: string): void {
    if (this.requests.failNode(peer).length === 0) return;
    this.next++;
    this.ctx.setTimer(ms(this.options.retryBackoffMs), { kind: "attempt" });
  }

  private onTopicsResponse(from: string, response: CreateTopicsResponse): void {
    if (!this.requests.complete(response.correlationId)) return;
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
    this.ctx.setTimer(ms(this.options.retryBackoffMs), { kind: "attempt" });
  }

  private onPartitionsResponse(from: string, response: CreatePartitionsResponse): void {
    if (!this.requests.complete(response.correlationId)) return;
    const retry = response.topics.filter((t) => t.error === "NOT_CONTROLLER");
    for (const t of response.topics) {
      if (t.error === "NOT_CONTROLLER") continue;
      this.ctx.trace(t.error === "NONE" ? "partitions-added" : "create-partitions-failed", { topic: t.name, error: t.error, message: t.message, via: from });
    }
    const answered = new Set(response.topics.filter((t) => t.error !== "NOT_CONTROLLER").map((t) => t.name));
    this.partitionRequests = this.partitionRequests.filter((t) => !answered.has(t.name));
    if (retry.length > 0) this.next++;
    if (this.partitionRequests.length > 0) this.ctx.setTimer(ms(this.options.retryBackoffMs), { kind: "attempt" });
  }

  private attempt(): void {
    if (this.requests.size > 0) return;
    if (this.done) return this.attemptPartitions();
    if (this.pending.length === 0) return;
    const candidates = this.options.candidates;
    const node = candidates[this.next % candidates.length]!;
    const request: CreateTopicsRequest = { type: "CreateTopics", correlationId: this.requests.newCorrelationId(), topics: this.pending };
    this.requests.send(node, request, undefined, ms(this.options.requestTimeoutMs));
  }

  private attemptPartitions(): void {
    if (this.partitionRequests.length === 0) return;
    const candidates = this.options.candidates;
    const node = candidates[this.next % candidates.length]!;
    const request: CreatePartitionsRequest = {
      type: "CreatePartitions",
      correlationId: this.requests.newCorrelationId(),
      topics: this.partitionRequests.map((t) => ({ ...t })),
    };
    this.requests.send(node, request, undefined, ms(this.options.requestTimeoutMs));
  }
}
