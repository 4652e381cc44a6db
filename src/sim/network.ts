/**
 * The simulated network. Kafka speaks TCP, so traffic flows over connections (one per node pair,
 * with an epoch): FIFO, never skipping a message. What failures look like from the other side:
 * - a process crash: messages it already sent are still delivered, then its peers see a reset;
 *   connecting to it is refused (the sender sees a reset one latency later);
 * - a process that closes a connection (Kafka's `RequestChannel.closeConnection`): the same, for
 *   that one connection;
 * - a reset (RST, or the FIN of a dead or closing process) always reaches the side it is meant for,
 *   even if the other side restarts meanwhile: it belongs to the old connection, so it never breaks
 *   a later one. Until it arrives, what that side writes goes to the dead socket and is lost;
 * - power loss, pause, partition, cut: silence, noticed only by the peers' own timeouts;
 * - a lost message (partition, cut, drop) breaks its connection: later messages on it, either
 *   way, are discarded until a side disconnects (after its timeout) and a new epoch starts.
 * Messages to a paused node are queued by its host; to a dead process, dropped.
 */
import type { Message } from "./actor.js";
import type { Host } from "./host.js";
import { sampleLatency, type LatencyModel } from "./latency.js";
import type { Random } from "./random.js";
import type { EventTarget, Scheduler } from "./scheduler.js";
import type { Micros } from "./time.js";
import type { Trace } from "./trace.js";

/** A network fault, with node names already resolved. */
export type NetworkRule =
  | { kind: "partition"; groups: string[][] }
  | { kind: "cut"; from: string[]; to: string[] }
  | { kind: "delay"; between: [string[], string[]]; extraUs: Micros }
  | { kind: "drop"; between: [string[], string[]]; probability: number };

interface Connection {
  epoch: number;
  broken: boolean;
  /** A message was sent in this epoch: both sides hold an open connection (a socket) in it. */
  open: boolean;
  /** After a crash of `drainFrom`, its messages sent in `drainEpoch` are still delivered. */
  drainEpoch: number;
  drainFrom: string;
  /**
   * After a host restarted, the peer named here still holds the old connection: its next message
   * reaches a process that never had it, which answers with a reset (TCP RST), as a real kernel does.
   */
  staleFor: string;
  /**
   * The side a reset notice is travelling to ("" when none), and that notice's id. Until it
   * arrives, that side still writes on the dead connection: its messages are lost.
   */
  resetFor: string;
  resetId: number;
  lastArrivalLow: Micros; // low → high direction (names compared)
  lastArrivalHigh: Micros;
}

interface InFlight {
  from: string;
  to: string;
  message: Message | null; // null = a connection reset notice
  epoch: number;
  toIncarnation: number;
  /** A reset notice's id (0 for a message). */
  resetId: number;
  sentUs: Micros;
}

/**
 * Sees every message with its send time when it arrives or is lost (the HTML report's space-time
 * diagram samples them). It observes only: it neither changes delivery nor adds to the trace
 * hash. Connection resets are reported as messages of type `connection-reset`.
 */
export interface MessageTap {
  delivered(sentUs: Micros, atUs: Micros, from: string, to: string, message: Message): void;
  lost(sentUs: Micros, atUs: Micros, from: string, to: string, message: Message | null, reason: string): void;
}

export interface HostLookup {
  host(name: string): Host | undefined;
}

export class Network implements EventTarget {
  /** Connections by the lower node name, then the higher (no key string built per message). */
  private readonly connections = new Map<string, Map<string, Connection>>();
  private readonly rules = new Map<number, NetworkRule>();
  private nextRuleId = 1;
  private nextResetId = 1;
  messagesSent = 0;
  messagesDropped = 0;
  /** An observer of messages (none by default: then the only cost is one test per message). */
  tap: MessageTap | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly hosts: HostLookup,
    private readonly trace: Trace,
    private readonly random: Random,
    public latency: LatencyModel,
  ) {}

  addRule(rule: NetworkRule): number {
    const id = this.nextRuleId++;
    this.rules.set(id, rule);
    return id;
  }

  removeRule(id: number): void {
    this.rules.delete(id);
  }

  clearRules(): void {
    this.rules.clear();
  }

  activeRules(): NetworkRule[] {
    return [...this.rules.values()];
  }

  send(from: Host, to: string, message: Message): void {
    if (typeof to !== "string") throw new Error(`${from.name}: send of ${message.type} to a non-node (${String(to)})`);
    if (typeof message.type !== "string")
      throw new Error(`${from.name} → ${to}: a message needs a string \`type\` (got ${JSON.stringify(message).slice(0, 200)})`);
    this.messagesSent++;
    const now = this.scheduler.now;
    const conn = this.connection(from.name, to);
    // Written on a connection the peer already reset; the reset is on its way to the writer.
    if (conn.resetFor === from.name) return this.lose(from.name, to, message, "connection-reset");
    if (conn.broken) return this.lose(from.name, to, message, "connection-broken");
    if (conn.staleFor !== "") {
      if (conn.staleFor === from.name) {
        // The peer still uses its connection to the old incarnation: reset, as a TCP RST would.
        conn.staleFor = "";
        this.newEpoch(conn);
        this.lose(from.name, to, message, "reset-by-restarted-host");
        this.notifyReset(to, from.name, conn);
        return;
      }
      conn.staleFor = ""; // the restarted host opened a new connection itself
    }
    const target = this.hosts.host(to);
    if (!target || target.status === "new" || target.status === "off") {
      conn.broken = true;
      return this.lose(from.name, to, message, "no-route");
    }
    if (target.status === "crashed" || target.status === "stopped") {
      // Connection refused: the sender learns it one latency later, even if the host restarts meanwhile.
      this.lose(from.name, to, message, "refused");
      this.newEpoch(conn);
      this.notifyReset(to, from.name, conn);
      return;
    }
    if (this.dropDraw(from.name, to)) {
      conn.broken = true;
      return this.lose(from.name, to, message, "dropped");
    }
    conn.open = true;
    const inFlight: InFlight = { from: from.name, to, message, epoch: conn.epoch, toIncarnation: target.incarnation, resetId: 0, sentUs: now };
    this.scheduler.schedule(this.arrival(conn, from.name, to), this, inFlight);
  }

  /** A side gives up on the connection (its timeout): a new epoch starts. A reset on its way to it is moot. */
  disconnect(from: string, peer: string): void {
    const conn = this.connection(from, peer);
    this.newEpoch(conn);
    conn.broken = false;
    conn.drainFrom = "";
    if (conn.resetFor === from) conn.resetFor = "";
  }

  /**
   * `from` closes its connection with `peer` (Kafka's `RequestChannel.closeConnection`): what it
   * already sent is still delivered, then the peer sees the reset; what the peer sent or sends before
   * it learns is discarded.
   */
  close(from: string, peer: string): void {
    const conn = this.connection(from, peer);
    if (conn.resetFor === peer) return; // already closed: the peer is about to learn it
    if (conn.broken) {
      // A connection that already lost a message: nothing reaches the peer; it notices by its timeout.
      this.newEpoch(conn);
      conn.broken = false;
      return;
    }
    conn.drainEpoch = conn.epoch;
    conn.drainFrom = from;
    this.notifyReset(from, peer, conn);
    this.newEpoch(conn);
  }

  /** The process on `host` died: peers with an open connection see a reset after its already-sent messages. */
  processDied(host: string): void {
    for (const [key, conn] of this.sortedConnectionsOf(host)) {
      const peer = key.split("|").find((n) => n !== host);
      if (conn.resetFor === host) conn.resetFor = ""; // the reset was for the process that just died
      if (peer !== undefined && !conn.broken && conn.open && conn.resetFor !== peer) {
        conn.drainEpoch = conn.epoch;
        conn.drainFrom = host;
        this.notifyReset(host, peer, conn);
      }
      this.newEpoch(conn);
      conn.broken = false;
    }
  }

  /**
   * A host came back with a new incarnation: its old connections are gone (fresh epochs). A peer
   * that still holds an open connection to the old process (after a power loss: nobody told it) gets
   * a reset on its next message. Resets already on their way to a peer are still delivered, and
   * what the old process sent before it died still drains.
   */
  hostRestarted(host: string): void {
    for (const [key, conn] of this.sortedConnectionsOf(host)) {
      const peer = key.split("|").find((n) => n !== host) ?? "";
      if (conn.resetFor === host) conn.resetFor = ""; // meant for the old process
      const peerHoldsOldConnection = conn.open && conn.resetFor !== peer;
      this.newEpoch(conn);
      conn.broken = false;
      conn.staleFor = peerHoldsOldConnection ? peer : "";
    }
  }

  /** Scheduler callback: a message (or reset notice) arrives. */
  fire(a: unknown): void {
    const inFlight = a as InFlight;
    const { from, to, message } = inFlight;
    const now = this.scheduler.now;
    const conn = this.connection(from, to);
    if (message === null) return this.deliverReset(inFlight, conn);
    const current = inFlight.epoch === conn.epoch && !conn.broken;
    const draining = inFlight.epoch === conn.drainEpoch && conn.drainFrom === from;
    if (!current && !draining) return this.lose(from, to, message, "stale-connection", inFlight.sentUs);
    if (this.blocked(from, to)) {
      if (current) conn.broken = true;
      return this.lose(from, to, message, "partitioned", inFlight.sentUs);
    }
    const target = this.hosts.host(to);
    if (!target || !target.alive || target.incarnation !== inFlight.toIncarnation) {
      if (current) conn.broken = true;
      return this.lose(from, to, message, "destination-down", inFlight.sentUs);
    }
    this.trace.deliver(now, from, to, message.type);
    if (this.tap !== null) this.tap.delivered(inFlight.sentUs, now, from, to, message);
    target.deliver(from, message);
  }

  /**
   * A reset notice arrives: delivered unless the side it is for gave up on that connection itself
   * (disconnect) or died meanwhile. A restart of the other side does not cancel it.
   */
  private deliverReset(notice: InFlight, conn: Connection): void {
    const { from, to } = notice;
    if (conn.resetFor !== to || conn.resetId !== notice.resetId) return this.lose(from, to, null, "stale-reset", notice.sentUs);
    conn.resetFor = "";
    const target = this.hosts.host(to);
    if (!target || !target.alive || target.incarnation !== notice.toIncarnation) return this.lose(from, to, null, "destination-down", notice.sentUs);
    if (this.blocked(from, to)) {
      // The RST is lost like any packet: the connection is dead and silent until a side disconnects.
      conn.broken = true;
      return this.lose(from, to, null, "partitioned", notice.sentUs);
    }
    this.trace.deliver(this.scheduler.now, from, to, "connection-reset");
    if (this.tap !== null) this.tap.delivered(notice.sentUs, this.scheduler.now, from, to, { type: "connection-reset" });
    target.connectionReset(from);
  }

  /** True when a partition or cut currently blocks from → to. */
  blocked(from: string, to: string): boolean {
    for (const rule of this.rules.values()) {
      if (rule.kind === "partition") {
        let fromGroup = -1;
        let toGroup = -1;
        rule.groups.forEach((group, i) => {
          if (group.includes(from)) fromGroup = i;
          if (group.includes(to)) toGroup = i;
        });
        if (fromGroup >= 0 && toGroup >= 0 && fromGroup !== toGroup) return true;
      } else if (rule.kind === "cut") {
        if (rule.from.includes(from) && rule.to.includes(to)) return true;
      }
    }
    return false;
  }

  private dropDraw(from: string, to: string): boolean {
    for (const rule of this.rules.values()) {
      if (rule.kind === "drop" && between(rule.between, from, to) && this.random.chance(rule.probability)) return true;
    }
    return false;
  }

  private extraDelay(from: string, to: string): Micros {
    let extra = 0;
    for (const rule of this.rules.values()) {
      if (rule.kind === "delay" && between(rule.between, from, to)) extra += rule.extraUs;
    }
    return extra;
  }

  private arrival(conn: Connection, from: string, to: string): Micros {
    const delay = from === to ? 0 : sampleLatency(this.latency, this.random) + this.extraDelay(from, to);
    let at = this.scheduler.now + delay;
    if (from < to) {
      if (at < conn.lastArrivalLow) at = conn.lastArrivalLow;
      conn.lastArrivalLow = at;
    } else {
      if (at < conn.lastArrivalHigh) at = conn.lastArrivalHigh;
      conn.lastArrivalHigh = at;
    }
    return at;
  }

  /** Sends `to` a reset of its connection with `from`, after what `from` already sent (FIFO). */
  private notifyReset(from: string, to: string, conn: Connection): void {
    conn.resetFor = to;
    conn.resetId = this.nextResetId++;
    const target = this.hosts.host(to);
    const notice: InFlight = {
      from,
      to,
      message: null,
      epoch: conn.epoch,
      toIncarnation: target ? target.incarnation : 0,
      resetId: conn.resetId,
      sentUs: this.scheduler.now,
    };
    this.scheduler.schedule(this.arrival(conn, from, to), this, notice);
  }

  private newEpoch(conn: Connection): void {
    conn.epoch++;
    conn.open = false;
  }

  /** A message lost (sent at `sentUs`; by default now, when it is lost as it is sent). */
  private lose(from: string, to: string, message: Message | null, reason: string, sentUs: Micros = this.scheduler.now): void {
    this.messagesDropped++;
    this.trace.drop(this.scheduler.now, from, to, message ? message.type : "connection-reset", reason);
    if (this.tap !== null) this.tap.lost(sentUs, this.scheduler.now, from, to, message, reason);
  }

  private connection(a: string, b: string): Connection {
    const low = a < b ? a : b;
    const high = a < b ? b : a;
    let peers = this.connections.get(low);
    if (peers === undefined) this.connections.set(low, (peers = new Map()));
    let conn = peers.get(high);
    if (!conn) {
      conn = {
        epoch: 1,
        broken: false,
        open: false,
        drainEpoch: 0,
        drainFrom: "",
        staleFor: "",
        resetFor: "",
        resetId: 0,
        lastArrivalLow: 0,
        lastArrivalHigh: 0,
      };
      peers.set(high, conn);
    }
    return conn;
  }

  /** The connections `host` is a side of, as `low|high` with the connection, in the order of those names. */
  private sortedConnectionsOf(host: string): [string, Connection][] {
    const found: [string, Connection][] = [];
    for (const [low, peers] of this.connections) {
      if (low === host) {
        for (const [high, conn] of peers) found.push([`${low}|${high}`, conn]);
      } else {
        const conn = peers.get(host);
        if (conn !== undefined) found.push([`${low}|${host}`, conn]);
      }
    }
    return found.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  }
}

function between(pair: [string[], string[]], from: string, to: string): boolean {
  return (pair[0].includes(from) && pair[1].includes(to)) || (pair[1].includes(from) && pair[0].includes(to));
}
