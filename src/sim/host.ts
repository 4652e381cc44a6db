/**
 * A host runs one actor process. Status transitions:
 *   new → running (start); running → crashed (crash) | off (power loss) | stopped (clean exit);
 *   running ⇄ paused (pause/resume); crashed|off|stopped → running (restart: a new incarnation
 *   built from the disk). A paused host queues its timers and messages and handles them on
 *   resume in their original (time, sequence) order, with its clock reading the resume time.
 */
import type { Actor, ActorContext, ActorFactory, Message } from "./actor.js";
import { Disk } from "./disk.js";
import type { Random, RandomStreams } from "./random.js";
import type { EventId, EventTarget, Scheduler } from "./scheduler.js";
import type { Trace, TraceFields, TraceType } from "./trace.js";
import { AssertionFailure } from "./assert.js";

export type HostStatus = "new" | "running" | "paused" | "crashed" | "off" | "stopped";

/** What the host needs from the world around it. */
export interface HostEnvironment {
  readonly scheduler: Scheduler;
  readonly trace: Trace;
  readonly streams: RandomStreams;
  send(from: Host, to: string, message: Message): void;
  disconnect(from: Host, peer: string): void;
  closeConnection(from: Host, peer: string): void;
  exited(host: Host): void;
}

const QUEUED_TIMER = 0;
const QUEUED_MESSAGE = 1;
const QUEUED_RESET = 2;

export class Host implements EventTarget {
  status: HostStatus = "new";
  incarnation = 0;
  readonly disk = new Disk();
  actor: Actor | null = null;
  /** The host's own stream (power-loss tail, restarts) — not the actor's. */
  readonly random: Random;
  private queue: { kind: number; a: unknown; b: unknown }[] = [];

  constructor(
    readonly name: string,
    readonly role: string,
    private readonly factory: ActorFactory,
    private readonly env: HostEnvironment,
  ) {
    this.random = env.streams.stream(`host-${name}`);
  }

  get alive(): boolean {
    return this.status === "running" || this.status === "paused";
  }

  /** Start (or restart) a fresh incarnation from the disk. */
  start(): void {
    this.incarnation++;
    this.status = "running";
    this.queue = [];
    this.actor = this.factory(this.makeContext());
    this.actor.onStart();
  }

  crash(): void {
    this.status = "crashed";
    this.actor = null;
    this.queue = [];
  }

  powerLoss(): void {
    this.status = "off";
    this.actor = null;
    this.queue = [];
    this.disk.powerLoss(this.env.scheduler.now, this.random);
  }

  stopCleanly(): void {
    this.disk.flushAll();
    this.status = "stopped";
    this.actor = null;
    this.queue = [];
  }

  pause(): void {
    if (this.status === "running") this.status = "paused";
  }

  resume(): void {
    if (this.status !== "paused") return;
    this.status = "running";
    const queued = this.queue;
    this.queue = [];
    for (const item of queued) {
      if (this.status !== "running") {
        if (this.status === "paused") this.queue.push(item);
        continue;
      }
      this.dispatch(item.kind, item.a, item.b);
    }
  }

  /** Timer event from the scheduler: a = incarnation, b = payload. */
  fire(a: unknown, b: unknown): void {
    if (a !== this.incarnation) return;
    this.handle(QUEUED_TIMER, b, undefined);
  }

  /** A message delivered by the network. */
  deliver(from: string, message: Message): void {
    this.handle(QUEUED_MESSAGE, from, message);
  }

  /** The network reports the connection to `peer` reset. */
  connectionReset(peer: string): void {
    this.handle(QUEUED_RESET, peer, undefined);
  }

  private handle(kind: number, a: unknown, b: unknown): void {
    if (this.status === "paused") {
      this.queue.push({ kind, a, b });
      return;
    }
    if (this.status !== "running") return;
    this.dispatch(kind, a, b);
  }

  private dispatch(kind: number, a: unknown, b: unknown): void {
    const actor = this.actor!;
    if (kind === QUEUED_TIMER) {
      this.env.trace.timer(this.env.scheduler.now, this.name);
      actor.onTimer(a);
    } else if (kind === QUEUED_MESSAGE) actor.onMessage(a as string, b as Message);
    else actor.onConnectionReset?.(a as string);
  }

  private makeContext(): ActorContext {
    const host = this;
    const env = this.env;
    const incarnation = this.incarnation;
    const live = () => host.incarnation === incarnation && host.alive;
    return {
      name: host.name,
      incarnation,
      disk: host.disk,
      random: env.streams.stream(`${host.name}#${incarnation}`),
      now: () => env.scheduler.now,
      send(to: string, message: Message) {
        if (live()) env.send(host, to, message);
      },
      disconnect(peer: string) {
        if (live()) env.disconnect(host, peer);
      },
      closeConnection(peer: string) {
        if (live()) env.closeConnection(host, peer);
      },
      setTimer(delayUs: number, payload: unknown): EventId {
        if (!(delayUs >= 0)) throw new AssertionFailure(`${host.name}: a timer with a negative or unknown delay (${delayUs} µs)`);
        return env.scheduler.after(Math.round(delayUs), host, incarnation, payload);
      },
      cancelTimer(id: EventId) {
        env.scheduler.cancel(id);
      },
      trace(type: TraceType, fields?: TraceFields) {
        if (live()) env.trace.record({ atUs: env.scheduler.now, type, node: host.name, ...fields });
      },
      exit() {
        if (live()) env.exited(host);
      },
    };
  }
}
