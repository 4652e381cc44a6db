import { describe, expect, it } from "vitest";
import { World } from "../../src/sim/world.js";
import { ping, Recorder } from "./helpers.js";

function pair(seed = 1) {
  const world = new World({ seed, latency: { kind: "uniform", minUs: 1000, maxUs: 5000 } });
  const actors = new Map<string, Recorder>();
  for (const name of ["a", "b", "c"]) {
    world.addHost(name, "test", (ctx) => {
      const actor = new Recorder(ctx);
      actors.set(name, actor);
      return actor;
    });
    world.start(name);
  }
  const ctxOf = (name: string) => actors.get(name)!.ctx;
  return { world, actors, get: (n: string) => actors.get(n)!, ctxOf };
}

describe("Network: TCP-like connections (docs/architecture.md principle 6, Connections)", () => {
  it("delivers FIFO per connection despite random latency", () => {
    const { world, get, ctxOf } = pair();
    for (let i = 0; i < 200; i++) ctxOf("a").send("b", ping(i));
    world.run(1_000_000);
    expect(get("b").received.map((r) => (r.message as ReturnType<typeof ping>).n)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("delivers nothing across a symmetric partition, and breaks the connection until a side disconnects", () => {
    const { world, get, ctxOf } = pair();
    const rule = world.network.addRule({ kind: "partition", groups: [["a"], ["b"]] });
    ctxOf("a").send("b", ping(1));
    ctxOf("b").send("a", ping(2));
    world.run(100_000);
    expect(get("b").received).toHaveLength(0);
    expect(get("a").received).toHaveLength(0);
    world.network.removeRule(rule);
    ctxOf("a").send("b", ping(3));
    world.run(200_000);
    expect(get("b").received).toHaveLength(0); // broken connection: discarded until reconnect
    ctxOf("a").disconnect("b");
    ctxOf("a").send("b", ping(4));
    world.run(300_000);
    expect(get("b").received.map((r) => (r.message as ReturnType<typeof ping>).n)).toEqual([4]);
    // c was never partitioned
    ctxOf("c").send("b", ping(5));
    world.run(400_000);
    expect(get("b").received).toHaveLength(2);
  });

  it("a one-way cut drops only one direction", () => {
    const { world, get, ctxOf } = pair();
    world.network.addRule({ kind: "cut", from: ["a"], to: ["b"] });
    ctxOf("a").send("c", ping(1));
    ctxOf("b").send("c", ping(2));
    ctxOf("a").send("b", ping(3));
    world.run(100_000);
    expect(get("c").received).toHaveLength(2);
    expect(get("b").received).toHaveLength(0);
  });

  it("a crashed node's already-sent messages are delivered, then its peers see a reset", () => {
    const { world, get, ctxOf } = pair();
    ctxOf("a").send("b", ping(1));
    ctxOf("a").send("b", ping(2));
    world.crash("a");
    world.run(100_000);
    expect(get("b").received).toHaveLength(2);
    expect(get("b").resets.map((r) => r.peer)).toEqual(["a"]);
    expect(get("b").resets[0]!.atUs).toBeGreaterThanOrEqual(get("b").received[1]!.atUs);
  });

  it("connecting to a crashed node is refused: the sender sees a reset one latency later", () => {
    const { world, get, ctxOf } = pair();
    world.crash("b");
    ctxOf("a").send("b", ping(1));
    world.run(100_000);
    expect(get("a").resets.map((r) => r.peer)).toEqual(["b"]);
    expect(get("a").resets[0]!.atUs).toBeGreaterThan(0);
  });

  it("power loss is silence: no reset reaches the peers", () => {
    const { world, get, ctxOf } = pair();
    world.powerLoss("b");
    ctxOf("a").send("b", ping(1));
    world.run(1_000_000);
    expect(get("a").resets).toHaveLength(0);
  });

  it("a dropped message breaks its connection: later messages are discarded until reconnect", () => {
    const { world, get, ctxOf } = pair();
    const rule = world.network.addRule({ kind: "drop", between: [["a"], ["b"]], probability: 1 });
    ctxOf("a").send("b", ping(1));
    world.network.removeRule(rule);
    ctxOf("a").send("b", ping(2));
    ctxOf("b").send("a", ping(3));
    world.run(100_000);
    expect(get("b").received).toHaveLength(0);
    expect(get("a").received).toHaveLength(0);
    ctxOf("b").disconnect("a");
    ctxOf("a").send("b", ping(4));
    world.run(200_000);
    expect(get("b").received.map((r) => (r.message as ReturnType<typeof ping>).n)).toEqual([4]);
  });

  it("extra delay applies between the named groups", () => {
    const { world, get, ctxOf } = pair();
    world.network.addRule({ kind: "delay", between: [["a"], ["b"]], extraUs: 200_000 });
    ctxOf("a").send("b", ping(1));
    ctxOf("a").send("c", ping(2));
    world.run(1_000_000);
    expect(get("b").received[0]!.atUs).toBeGreaterThanOrEqual(200_000);
    expect(get("c").received[0]!.atUs).toBeLessThan(10_000);
  });
});

describe("Network: loopback", () => {
  it("a node may send to itself, and its crash does not try to reset a connection to itself", () => {
    const world = new World({ seed: 1 });
    let self!: Recorder;
    world.addHost("a", "t", (ctx) => (self = new Recorder(ctx)));
    world.start("a");
    self.ctx.send("a", ping(1));
    world.run(10);
    expect(self.received).toHaveLength(1);
    self.ctx.send("a", ping(2));
    world.crash("a");
    world.run(100_000);
  });
});

describe("Network: a peer of a host that lost power and restarted", () => {
  it("gets a reset (TCP RST) on its next message to the new process, then talks to it on a new connection", () => {
    const { world, get, ctxOf } = pair();
    ctxOf("a").send("b", ping(0)); // a connection exists
    world.run(20_000);
    world.powerLoss("b");
    world.start("b");
    ctxOf("a").send("b", ping(1));
    world.run(100_000);
    expect(get("b").received).toHaveLength(0);
    expect(get("a").resets.map((r) => r.peer)).toEqual(["b"]);
    ctxOf("a").send("b", ping(2));
    world.run(200_000);
    expect(get("b").received.map((r) => (r.message as ReturnType<typeof ping>).n)).toEqual([2]);
  });

  it("is not reset twice after a crash it was already told about", () => {
    const { world, get, ctxOf } = pair();
    ctxOf("a").send("b", ping(0));
    world.run(20_000);
    world.crash("b");
    world.run(50_000);
    expect(get("a").resets).toHaveLength(1);
    world.start("b");
    ctxOf("a").send("b", ping(1));
    world.run(100_000);
    expect(get("b").received).toHaveLength(1);
    expect(get("a").resets).toHaveLength(1);
  });
});

describe("Network: resets always reach the side they are for (a TCP RST or FIN is never cancelled by a restart)", () => {
  const ns = (r: Recorder) => r.received.map((x) => (x.message as ReturnType<typeof ping>).n);

  it("a refused connect answers even when the host restarts before the reset arrives", () => {
    const { world, get, ctxOf } = pair();
    world.crash("b");
    ctxOf("a").send("b", ping(1)); // refused: the reset travels back for ≥ 1 ms
    world.start("b"); // restarted at once, within that latency
    world.run(100_000);
    expect(get("a").resets.map((r) => r.peer)).toEqual(["b"]);
    expect(get("b").received).toHaveLength(0);
  });

  it("the late reset of a refused connect does not break the restarted host's new connection", () => {
    const { world, get, ctxOf } = pair();
    world.crash("b");
    ctxOf("a").send("b", ping(1)); // refused
    world.start("b");
    ctxOf("b").send("a", ping(2)); // the new process opens a new connection to a
    ctxOf("a").send("b", ping(3)); // a still writes on its refused attempt: lost with it
    world.run(100_000);
    expect(ns(get("a"))).toEqual([2]);
    expect(get("a").resets.map((r) => r.peer)).toEqual(["b"]);
    expect(get("a").resets[0]!.atUs).toBeLessThanOrEqual(get("a").received[0]!.atUs);
    ctxOf("a").send("b", ping(4)); // after the reset: a new connection, no second reset
    ctxOf("b").send("a", ping(5));
    world.run(200_000);
    expect(ns(get("b"))).toEqual([4]);
    expect(ns(get("a"))).toEqual([2, 5]);
    expect(get("a").resets).toHaveLength(1);
  });

  it("a crash followed by a restart within one latency still resets the peer's connection", () => {
    const { world, get, ctxOf } = pair();
    ctxOf("a").send("b", ping(0));
    world.run(20_000);
    world.crash("b");
    world.start("b");
    world.run(100_000);
    expect(get("a").resets.map((r) => r.peer)).toEqual(["b"]);
    ctxOf("a").send("b", ping(1));
    world.run(200_000);
    expect(ns(get("b"))).toEqual([1]);
    expect(get("a").resets).toHaveLength(1);
  });

  it("a reset is moot once its side disconnected: it does not fail the next connection", () => {
    const { world, get, ctxOf } = pair();
    world.crash("b");
    ctxOf("a").send("b", ping(1));
    ctxOf("a").disconnect("b"); // a gives up on that attempt itself
    world.run(100_000);
    expect(get("a").resets).toHaveLength(0);
  });

  it("a peer that disconnected after a crash is not reset again by the restarted host", () => {
    const { world, get, ctxOf } = pair();
    ctxOf("a").send("b", ping(0));
    world.run(20_000);
    world.crash("b");
    world.run(50_000);
    expect(get("a").resets).toHaveLength(1);
    ctxOf("a").disconnect("b");
    world.start("b");
    ctxOf("a").send("b", ping(1));
    world.run(100_000);
    expect(ns(get("b"))).toEqual([1]);
    expect(get("a").resets).toHaveLength(1);
  });

  it("a crash resets only open connections: a peer that already closed its connection hears nothing", () => {
    const { world, get, ctxOf } = pair();
    ctxOf("a").send("b", ping(0));
    world.run(20_000);
    ctxOf("a").disconnect("b");
    world.crash("b");
    world.run(100_000);
    expect(get("a").resets).toHaveLength(0);
  });
});

describe("Network: a process closes a connection (RequestChannel.closeConnection)", () => {
  it("delivers what the closer already sent, then the reset; the peer's messages until it learns are discarded", () => {
    const { world, get, ctxOf } = pair();
    ctxOf("a").send("b", ping(0));
    world.run(20_000);
    ctxOf("a").send("b", ping(1)); // in flight towards b when b closes: discarded
    ctxOf("b").send("a", ping(10));
    ctxOf("b").closeConnection("a");
    ctxOf("a").send("b", ping(2)); // written before a learns: lost
    world.run(100_000);
    expect(get("a").received.map((r) => (r.message as ReturnType<typeof ping>).n)).toEqual([10]);
    expect(get("a").resets.map((r) => r.peer)).toEqual(["b"]);
    expect(get("a").resets[0]!.atUs).toBeGreaterThanOrEqual(get("a").received[0]!.atUs);
    expect(get("b").received.map((r) => (r.message as ReturnType<typeof ping>).n)).toEqual([0]);
    ctxOf("a").send("b", ping(3)); // a new connection
    world.run(200_000);
    expect(get("b").received.map((r) => (r.message as ReturnType<typeof ping>).n)).toEqual([0, 3]);
    expect(get("a").resets).toHaveLength(1);
  });

  it("closing twice before the peer learns sends one reset", () => {
    const { world, get, ctxOf } = pair();
    ctxOf("a").send("b", ping(0));
    world.run(20_000);
    ctxOf("b").closeConnection("a");
    ctxOf("b").closeConnection("a");
    world.run(100_000);
    expect(get("a").resets).toHaveLength(1);
  });
});
