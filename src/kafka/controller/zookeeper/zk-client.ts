/**
 * The broker's ZooKeeper client (Kafka's ZooKeeperClient over the ZooKeeper handle). It holds one
 * session at a time on one server, pings every third of the session timeout, and treats 2/3 of it
 * without any answer as a lost connection: it then fails over to the next server with the same
 * session. Requests interrupted by a lost connection are re-sent once connected again (Kafka's
 * retry-until-connected). When a server says the session expired, the client reports it and opens
 * a new session; requests still waiting go out on the new session — which is why every controller
 * write must also check the controller epoch (KAFKA-6082).
 */
import type { Message } from "../../../sim/actor.js";
import { dispatch, type HandlerTable } from "../../../sim/handlers.js";
import type { Random } from "../../../sim/random.js";
import { ms } from "../../../sim/time.js";
import type * as P from "../../protocol/zookeeper.js";

export type ZkSessionEvent = "connected" | "reconnected" | "disconnected" | "expired" | "closed";

/** What the client needs from its broker component. */
export interface ZkClientHost {
  now(): number;
  send(to: string, message: Message): void;
  disconnect(peer: string): void;
  setTimer(timer: ZkClientTimer, delayUs: number): void;
  random: Random;
}

/** What a ZooKeeper server sends to its client. */
type ZkServerMessage = P.ZkConnectResponse | P.ZkResponse | P.ZkPingResponse | P.ZkWatchEvent | P.ZkDisconnect;

interface Call {
  xid: number;
  op: P.ZkOp;
  done: (result: P.ZkResult) => void;
}

/** The client's timers: the periodic session check, and the end of the sleep between rounds of servers. */
export type ZkClientTimer = { kind: "check" } | { kind: "reconnect" };

const CHECK: ZkClientTimer = { kind: "check" };
const RECONNECT: ZkClientTimer = { kind: "reconnect" };
/** After trying every server in turn, the ZooKeeper client sleeps up to a second before the next round. */
const ROUND_BACKOFF_MAX_MS = 1000;

export class ZkClient {
  state: "connecting" | "connected" | "closing" | "closed" = "connecting";
  sessionId = 0;
  server: string | null = null;
  private readonly servers: string[];
  private nextServer = 0;
  private attempts = 0;
  private xid = 0;
  private readonly inFlight = new Map<number, Call>();
  private queue: Call[] = [];
  private readonly watches = new Map<string, { path: string; kind: P.ZkWatchKind }>();
  private lastZxidSeen = 0;
  private lastReceivedUs = 0;
  private lastSentUs = 0;
  private connectStartedUs = 0;
  private closeDone: (() => void) | null = null;
  private closeStartedUs = 0;
  sessionListener: (event: ZkSessionEvent) => void = () => {};
  watchListener: (event: P.ZkEventType, path: string) => void = () => {};

  constructor(
    private readonly host: ZkClientHost,
    servers: readonly string[],
    readonly sessionTimeoutMs: number,
  ) {
    // ZooKeeper's StaticHostProvider shuffles the connect string.
    const order = [...servers];
    for (let i = order.length - 1; i > 0; i--) {
      const j = host.random.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    this.servers = order;
  }

  start(): void {
    this.connect();
    this.host.setTimer(CHECK, this.checkIntervalUs());
  }

  /** Send (or queue until connected) one operation; `done` gets its result. */
  request(op: P.ZkOp, done: (result: P.ZkResult) => void): void {
    if (this.state === "closed" || this.state === "closing") return done({ code: "SESSIONEXPIRED" });
    const call: Call = { xid: ++this.xid, op, done };
    if (this.state === "connected") this.transmit(call);
    else this.queue.push(call);
  }

  /** Clean shutdown: close the session so its ephemeral znodes go at once; `done` is called either way. */
  close(done: () => void): void {
    if (this.state === "closed") return done();
    this.closeDone = done;
    this.closeStartedUs = this.host.now();
    const wasConnected = this.state === "connected";
    this.state = "closing";
    if (wasConnected) this.send({ type: "ZkCloseSession", sessionId: this.sessionId, xid: ++this.xid } satisfies P.ZkCloseSession);
    else this.finishClose();
  }

  /** The messages a ZooKeeper server sends its client. */
  private readonly handlers: HandlerTable<ZkServerMessage> = {
    ZkConnectResponse: (_from, m) => {
      if (m.code === "OK" && this.state === "connecting") return this.connected(m.sessionId);
      if (m.code === "SESSIONEXPIRED" && (m.sessionId === this.sessionId || this.sessionId === 0)) return this.expired();
      if (m.code === "CONNECTIONLOSS") return this.connectionLost();
    },
    ZkResponse: (_from, m) => {
      if (this.state === "closing") return this.finishClose();
      this.answered(m);
    },
    ZkWatchEvent: (_from, m) => {
      if (m.sessionId !== this.sessionId) return;
      this.lastZxidSeen = Math.max(this.lastZxidSeen, m.zxid);
      for (const kind of ["data", "exists", "children"] as const) this.watches.delete(`${kind}:${m.path}`);
      this.watchListener(m.event, m.path);
    },
    ZkDisconnect: () => this.connectionLost(),
    ZkPingResponse: () => {},
  };

  /** The broker's ZooKeeper agent routes the {@link ZkServerMessage} types here. */
  onMessage(from: string, message: Message): void {
    if (from !== this.server || this.state === "closed") return;
    this.lastReceivedUs = this.host.now();
    dispatch(this.handlers, from, message);
  }

  onConnectionReset(peer: string): void {
    if (peer === this.server && this.state !== "closed") {
      if (this.state === "closing") return this.finishClose();
      this.connectionLost();
    }
  }

  onTimer(timer: ZkClientTimer): void {
    if (timer.kind === "reconnect") {
      if (this.state === "connecting" && this.server === null) this.connect();
      return;
    }
    if (this.state === "closed") return;
    this.host.setTimer(CHECK, this.checkIntervalUs());
    const now = this.host.now();
    const timeoutUs = ms(this.sessionTimeoutMs);
    if (this.state === "closing") {
      if (now - this.closeStartedUs >= timeoutUs / 3) this.finishClose();
      return;
    }
    if (this.state === "connecting") {
      if (this.server === null) return; // sleeping between rounds
      // ZooKeeper's connect timeout: the session timeout divided by the number of servers.
      if (now - this.connectStartedUs >= timeoutUs / this.servers.length) this.connectionLost();
      return;
    }
    if (now - this.lastReceivedUs >= (2 * timeoutUs) / 3) return this.connectionLost();
    if (now - this.lastSentUs >= timeoutUs / 3) this.send({ type: "ZkPing", sessionId: this.sessionId } satisfies P.ZkPing);
  }

  private checkIntervalUs(): number {
    return ms(this.sessionTimeoutMs) / 6;
  }

  private connect(): void {
    this.state = "connecting";
    this.server = this.servers[this.nextServer % this.servers.length]!;
    this.nextServer++;
    this.attempts++;
    this.connectStartedUs = this.host.now();
    const connect: P.ZkConnect = {
      type: "ZkConnect",
      sessionId: this.sessionId,
      timeoutMs: this.sessionTimeoutMs,
      lastZxidSeen: this.lastZxidSeen,
      watches: [...this.watches.values()],
    };
    this.send(connect);
  }

  private connected(sessionId: number): void {
    const fresh = this.sessionId !== sessionId;
    this.sessionId = sessionId;
    this.state = "connected";
    this.attempts = 0;
    const waiting = [...this.queue].sort((a, b) => a.xid - b.xid);
    this.queue = [];
    for (const call of waiting) this.transmit(call);
    this.sessionListener(fresh ? "connected" : "reconnected");
  }

  private answered(m: P.ZkResponse): void {
    const call = this.inFlight.get(m.xid);
    if (!call || m.sessionId !== this.sessionId) return;
    this.inFlight.delete(m.xid);
    this.lastZxidSeen = Math.max(this.lastZxidSeen, m.zxid);
    const op = call.op;
    if ((op.op === "getData" || op.op === "exists" || op.op === "getChildren") && op.watch) {
      const kind: P.ZkWatchKind = op.op === "getChildren" ? "children" : op.op === "exists" && m.result.code !== "OK" ? "exists" : "data";
      if (m.result.code === "OK" || kind === "exists") this.watches.set(`${kind}:${op.path}`, { path: op.path, kind });
    }
    call.done(m.result);
  }

  /** Lost the server: re-queue what was in flight (retry until connected) and fail over. */
  private connectionLost(): void {
    if (this.state === "closed" || this.state === "closing") return;
    const wasConnected = this.state === "connected";
    if (this.server) this.host.disconnect(this.server);
    this.requeueInFlight();
    if (wasConnected) this.sessionListener("disconnected");
    this.reconnect();
  }

  private reconnect(): void {
    if (this.attempts < this.servers.length) return this.connect();
    this.state = "connecting";
    this.server = null;
    this.attempts = 0;
    this.host.setTimer(RECONNECT, ms(this.host.random.uniform(0, ROUND_BACKOFF_MAX_MS)));
  }

  private expired(): void {
    if (this.server) this.host.disconnect(this.server);
    this.requeueInFlight();
    this.sessionId = 0;
    this.watches.clear();
    this.lastZxidSeen = 0;
    this.attempts = 0;
    this.sessionListener("expired");
    if (this.state !== "closed" && this.state !== "closing") this.connect();
  }

  private requeueInFlight(): void {
    this.queue = [...this.inFlight.values(), ...this.queue].sort((a, b) => a.xid - b.xid);
    this.inFlight.clear();
  }

  private finishClose(): void {
    this.state = "closed";
    for (const call of [...this.inFlight.values(), ...this.queue]) call.done({ code: "SESSIONEXPIRED" });
    this.inFlight.clear();
    this.queue = [];
    const done = this.closeDone;
    this.closeDone = null;
    this.sessionListener("closed");
    done?.();
  }

  private transmit(call: Call): void {
    this.inFlight.set(call.xid, call);
    this.send({ type: "ZkRequest", sessionId: this.sessionId, xid: call.xid, op: call.op } satisfies P.ZkRequest);
  }

  private send<T extends Message>(message: T): void {
    if (this.server === null) return;
    this.lastSentUs = this.host.now();
    this.host.send(this.server, message);
  }
}
