/**
 * A context that captures an actor's effects instead of performing them, so a single handler can
 * be tested alone, transcript-style: feed a message, look at what it sent and which timers it set.
 */
import type { ActorContext, Message } from "./actor.js";
import { Disk } from "./disk.js";
import { Random } from "./random.js";
import type { EventId } from "./scheduler.js";
import type { Micros } from "./time.js";
import type { TraceFields, TraceType } from "./trace.js";

export interface CapturedTimer {
  id: EventId;
  atUs: Micros;
  payload: unknown;
  cancelled: boolean;
}

export class TestContext implements ActorContext {
  readonly sent: { to: string; message: Message }[] = [];
  readonly timers: CapturedTimer[] = [];
  readonly traces: { type: TraceType; fields?: TraceFields }[] = [];
  readonly disconnects: string[] = [];
  /** Peers whose connection this actor closed (`closeConnection`). */
  readonly closed: string[] = [];
  exited = false;
  nowUs: Micros = 0;
  private nextTimer = 1;

  constructor(
    readonly name = "node-1",
    readonly incarnation = 1,
    readonly disk = new Disk(),
    readonly random = new Random(1, `${name}#${incarnation}`),
  ) {}

  now(): Micros {
    return this.nowUs;
  }

  send(to: string, message: Message): void {
    this.sent.push({ to, message });
  }

  disconnect(peer: string): void {
    this.disconnects.push(peer);
  }

  closeConnection(peer: string): void {
    this.closed.push(peer);
  }

  setTimer(delayUs: Micros, payload: unknown): EventId {
    const id = this.nextTimer++;
    this.timers.push({ id, atUs: this.nowUs + delayUs, payload, cancelled: false });
    return id;
  }

  cancelTimer(id: EventId): void {
    const timer = this.timers.find((t) => t.id === id);
    if (timer) timer.cancelled = true;
  }

  trace(type: TraceType, fields?: TraceFields): void {
    this.traces.push({ type, fields });
  }

  exit(): void {
    this.exited = true;
  }

  /** Sent messages of one type, drained from the capture. */
  take<T extends Message>(type: string): { to: string; message: T }[] {
    const taken = this.sent.filter((s) => s.message.type === type) as { to: string; message: T }[];
    for (const t of taken) this.sent.splice(this.sent.indexOf(t), 1);
    return taken;
  }

  /** Live timers due at or before `atUs`, in order. */
  dueTimers(atUs: Micros): CapturedTimer[] {
    return this.timers.filter((t) => !t.cancelled && t.atUs <= atUs).sort((a, b) => a.atUs - b.atUs || a.id - b.id);
  }
}
