/** Small actors for kernel tests. */
import type { Actor, ActorContext, Message } from "../../src/sim/actor.js";

export interface Ping extends Message {
  type: "ping";
  n: number;
}

/** Records everything it receives; sends what the test asks it to. */
export class Recorder implements Actor {
  received: { from: string; message: Message; atUs: number }[] = [];
  resets: { peer: string; atUs: number }[] = [];
  timers: { payload: unknown; atUs: number }[] = [];

  constructor(readonly ctx: ActorContext) {}

  onStart(): void {}

  onMessage(from: string, message: Message): void {
    this.received.push({ from, message, atUs: this.ctx.now() });
  }

  onTimer(payload: unknown): void {
    this.timers.push({ payload, atUs: this.ctx.now() });
  }

  onConnectionReset(peer: string): void {
    this.resets.push({ peer, atUs: this.ctx.now() });
  }
}

export const ping = (n: number): Ping => ({ type: "ping", n });
