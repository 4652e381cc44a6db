/**
 * The world: scheduler, network, hosts, random streams and trace of one run. Faults are methods
 * here; the scenario runner decides when to call them (docs/architecture.md principle 6).
 */
import type { ActorFactory, Message } from "./actor.js";
import { Host, type HostEnvironment } from "./host.js";
import { DEFAULT_LATENCY, type LatencyModel } from "./latency.js";
import { Network } from "./network.js";
import { RandomStreams } from "./random.js";
import { Scheduler, type EventTarget, type RunLimits } from "./scheduler.js";
import type { Micros } from "./time.js";
import { Trace, type TraceFields, type TraceType } from "./trace.js";

export interface WorldOptions {
  seed: number;
  latency?: LatencyModel;
}

class Callback implements EventTarget {
  constructor(private readonly fn: () => void) {}
  fire(): void {
    this.fn();
  }
}

export class World implements HostEnvironment {
  readonly scheduler = new Scheduler();
  readonly trace = new Trace();
  readonly streams: RandomStreams;
  readonly network: Network;
  private readonly hosts = new Map<string, Host>();

  constructor(readonly options: WorldOptions) {
    this.streams = new RandomStreams(options.seed);
    this.network = new Network(
      this.scheduler,
      { host: (name) => this.hosts.get(name) },
      this.trace,
      this.streams.stream("network"),
      options.latency ?? DEFAULT_LATENCY,
    );
  }

  get now(): Micros {
    return this.scheduler.now;
  }

  addHost(name: string, role: string, factory: ActorFactory): Host {
    if (this.hosts.has(name)) throw new Error(`host ${name} already exists`);
    const host = new Host(name, role, factory, this);
    this.hosts.set(name, host);
    return host;
  }

  host(name: string): Host | undefined {
    return this.hosts.get(name);
  }

  hostNames(): string[] {
    return [...this.hosts.keys()];
  }

  /** Run `fn` at absolute time `atUs` (runner-level events: faults, workload phases). */
  at(atUs: Micros, fn: () => void): void {
    this.scheduler.schedule(atUs, new Callback(fn));
  }

  /** Hand a command straight to a running node's actor (runner → actor, not over the network). */
  inject(name: string, message: Message): void {
    const host = this.mustHost(name);
    if (host.alive) host.deliver("runner", message);
  }

  /** The budgets every {@link run} applies unless it is given its own (the runner sets them once). */
  limits: RunLimits = {};

  run(untilUs: Micros, limits: RunLimits = this.limits): void {
    this.scheduler.runUntil(untilUs, limits);
  }

  // ---- faults ------------------------------------------------------------------------------

  start(name: string): void {
    const host = this.mustHost(name);
    if (host.alive) return;
    if (host.incarnation > 0) this.network.hostRestarted(name);
    this.record("host-start", name, { incarnation: host.incarnation + 1 });
    host.start();
  }

  crash(name: string): void {
    const host = this.mustHost(name);
    if (!host.alive) return;
    host.crash();
    this.record("host-crash", name);
    this.network.processDied(name);
  }

  powerLoss(name: string): void {
    const host = this.mustHost(name);
    if (!host.alive) return;
    host.powerLoss();
    this.record("host-power-loss", name);
  }

  pause(name: string): void {
    const host = this.mustHost(name);
    if (host.status !== "running") return;
    host.pause();
    this.record("host-pause", name);
  }

  resume(name: string): void {
    const host = this.mustHost(name);
    if (host.status !== "paused") return;
    this.record("host-resume", name);
    host.resume();
  }

  /** Stop a node cleanly from outside (its disk flushed; peers see the connection closed). */
  stop(name: string): void {
    const host = this.mustHost(name);
    if (!host.alive) return;
    this.exited(host);
  }

  wipeDisk(name: string): void {
    const host = this.mustHost(name);
    if (host.alive) {
      host.crash();
      this.network.processDied(name);
    }
    host.disk.wipe();
    this.record("host-disk-loss", name);
  }

  // ---- HostEnvironment ----------------------------------------------------------------------

  send(from: Host, to: string, message: Message): void {
    this.network.send(from, to, message);
  }

  disconnect(from: Host, peer: string): void {
    this.network.disconnect(from.name, peer);
  }

  closeConnection(from: Host, peer: string): void {
    this.network.close(from.name, peer);
  }

  exited(host: Host): void {
    host.stopCleanly();
    this.record("host-stop", host.name);
    this.network.processDied(host.name);
  }

  private record(type: TraceType, node: string, fields: TraceFields = {}): void {
    this.trace.record({ atUs: this.scheduler.now, type, node, ...fields });
  }

  private mustHost(name: string): Host {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`unknown host ${name}`);
    return host;
  }
}
