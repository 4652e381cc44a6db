import { describe, expect, it } from "vitest";
import type { Actor, ActorContext, Message } from "../../src/sim/actor.js";
import { World } from "../../src/sim/world.js";
import { ping, Recorder } from "./helpers.js";

describe("Hosts: pause, restart (docs/architecture.md principle 2 and 6)", () => {
  it("a paused node handles nothing, then handles overdue timers and queued messages in (time, seq) order at the resume time", () => {
    const world = new World({ seed: 1, latency: { kind: "fixed", us: 1000 } });
    let b!: Recorder;
    let a!: Recorder;
    world.addHost("a", "t", (ctx) => (a = new Recorder(ctx)));
    world.addHost("b", "t", (ctx) => (b = new Recorder(ctx)));
    world.start("a");
    world.start("b");
    b.ctx.setTimer(5000, "t1");
    world.pause("b");
    world.at(2000, () => a.ctx.send("b", ping(1)));
    world.at(8000, () => a.ctx.send("b", ping(2)));
    world.at(20_000, () => world.resume("b"));
    world.run(30_000);
    const events = [
      ...b.timers.map((t) => ({ what: String(t.payload), atUs: t.atUs })),
      ...b.received.map((r) => ({ what: `m${(r.message as ReturnType<typeof ping>).n}`, atUs: r.atUs })),
    ];
    expect(events.map((e) => e.atUs)).toEqual([20_000, 20_000, 20_000]);
    // original order: m1 (3 ms), t1 (5 ms), m2 (9 ms)
    expect([...b.received.map((r) => r.message), ...b.timers.map((t) => t.payload)]).toHaveLength(3);
    expect(b.received.map((r) => (r.message as ReturnType<typeof ping>).n)).toEqual([1, 2]);
  });

  it("a restart builds a fresh actor from the disk only: volatile state does not leak", () => {
    class Counter implements Actor {
      volatile = 0;
      constructor(readonly ctx: ActorContext) {}
      onStart(): void {
        const file = this.ctx.disk.checkpoint<number>("count");
        this.volatile = 0;
        file.write((file.read() ?? 0) + 1, this.ctx.now(), true);
      }
      onMessage(_: string, __: Message): void {
        this.volatile++;
      }
      onTimer(): void {}
    }
    const world = new World({ seed: 1 });
    const instances: Counter[] = [];
    world.addHost("n", "t", (ctx) => {
      const c = new Counter(ctx);
      instances.push(c);
      return c;
    });
    world.start("n");
    instances[0]!.volatile = 42;
    world.crash("n");
    world.start("n");
    expect(instances).toHaveLength(2);
    expect(instances[1]!.volatile).toBe(0);
    expect(instances[1]!.ctx.incarnation).toBe(2);
    expect(world.host("n")!.disk.checkpoint<number>("count").read()).toBe(2);
  });

  it("timers of a crashed incarnation never fire in the next one", () => {
    const world = new World({ seed: 1 });
    const actors: Recorder[] = [];
    world.addHost("n", "t", (ctx) => {
      const r = new Recorder(ctx);
      actors.push(r);
      return r;
    });
    world.start("n");
    actors[0]!.ctx.setTimer(10_000, "old");
    world.crash("n");
    world.start("n");
    world.run(50_000);
    expect(actors[1]!.timers).toHaveLength(0);
  });
});
