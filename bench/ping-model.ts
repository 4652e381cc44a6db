/**
 * The bench's ping model, also used by the determinism tests: three actors pass messages around a
 * ring over the simulated network (uniform 1–5 ms latency); each hop draws a random think time.
 */
import type { Actor, ActorContext, Message } from "../src/sim/actor.js";
import { World } from "../src/sim/world.js";

interface Token extends Message {
  type: "token";
  hops: number;
}

class Pinger implements Actor {
  constructor(
    private readonly ctx: ActorContext,
    private readonly next: string,
    private readonly initiator: boolean,
  ) {}

  onStart(): void {
    // Start after every node is up (sending to a node that never started is lost).
    if (this.initiator) for (let i = 0; i < 8; i++) this.ctx.setTimer(1000 + i, 0);
  }

  onMessage(_from: string, message: Message): void {
    const token = message as Token;
    this.ctx.setTimer(this.ctx.random.int(200), token.hops + 1);
  }

  onTimer(payload: unknown): void {
    this.ctx.send(this.next, { type: "token", hops: payload as number } as Token);
  }
}

export function buildPingWorld(seed: number): World {
  const world = new World({ seed, latency: { kind: "uniform", minUs: 1000, maxUs: 5000 } });
  const names = ["n1", "n2", "n3"];
  names.forEach((name, i) => {
    world.addHost(name, "ping", (ctx) => new Pinger(ctx, names[(i + 1) % names.length]!, i === 0));
  });
  for (const name of names) world.start(name);
  return world;
}

/** Runs the ping model for `simulatedUs`; returns events fired and the trace hash. */
export function runPing(seed: number, simulatedUs: number): { events: number; traceHash: string } {
  const world = buildPingWorld(seed);
  world.run(simulatedUs);
  return { events: world.scheduler.eventsFired, traceHash: world.trace.hash() };
}
