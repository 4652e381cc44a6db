/**
 * The client-facing side of one ZooKeeper server: sessions attached to it, pings, requests
 * (forwarded to the leader, answered after the commits they depend on), watch registration and
 * delivery. A server that is not serving refuses connects and tells attached clients to fail over.
 */
import type { Message } from "../../../sim/actor.js";
import { dispatch, type HandlerTable } from "../../../sim/handlers.js";
import type * as P from "../../protocol/zookeeper.js";
import type { LeaderRequest } from "./zab-messages.js";
import { WatchManager, type FiredWatch } from "./watch-manager.js";
import type { WatchTrigger, ZkLogEntry, ZnodeTree } from "./znode-tree.js";

/** What the serving side needs from its server. */
export interface ServingHost {
  readonly ctx: { readonly name: string; send(to: string, message: Message): void };
  readonly serving: boolean;
  readonly tree: ZnodeTree | null;
  forward(request: LeaderRequest): void;
  touch(sessionId: number): void;
}

export class ZkServing {
  /** Sessions attached to this server → client node. */
  private readonly attached = new Map<number, string>();
  private watches = new WatchManager();

  constructor(private readonly server: ServingHost) {}

  private readonly handlers: HandlerTable<P.ZkConnect | P.ZkRequest | P.ZkPing | P.ZkCloseSession> = {
    ZkConnect: (from, m) => this.connect(from, m),
    ZkRequest: (from, m) => this.sessionRequest(from, m),
    ZkPing: (from, m) => this.sessionRequest(from, m),
    ZkCloseSession: (from, m) => this.sessionRequest(from, m),
  };

  onClientMessage(from: string, message: Message): void {
    dispatch(this.handlers, from, message);
  }

  private connect(from: string, m: P.ZkConnect): void {
    if (!this.server.tree) return this.send(from, { type: "ZkConnectResponse", sessionId: m.sessionId, code: "CONNECTIONLOSS" } satisfies P.ZkConnectResponse);
    this.server.forward({ kind: "connect", client: from, sessionId: m.sessionId, timeoutMs: m.timeoutMs, lastZxidSeen: m.lastZxidSeen, watches: m.watches });
  }

  /** A request, ping or close of a session this server may hold. */
  private sessionRequest(from: string, m: P.ZkRequest | P.ZkPing | P.ZkCloseSession): void {
    const tree = this.server.tree;
    if (!tree) return this.send(from, { type: "ZkDisconnect", sessionId: m.sessionId } satisfies P.ZkDisconnect);
    if (!tree.sessions.has(m.sessionId)) {
      if (m.type === "ZkCloseSession") return this.answer(from, m.sessionId, m.xid, { code: "OK" }, tree.lastZxid);
      return this.send(from, { type: "ZkConnectResponse", sessionId: m.sessionId, code: "SESSIONEXPIRED" } satisfies P.ZkConnectResponse);
    }
    if (m.type === "ZkPing") {
      this.server.touch(m.sessionId);
      return this.send(from, { type: "ZkPingResponse", sessionId: m.sessionId } satisfies P.ZkPingResponse);
    }
    if (m.type === "ZkCloseSession") this.server.forward({ kind: "close", client: from, sessionId: m.sessionId, xid: m.xid });
    else this.server.forward({ kind: "op", client: from, sessionId: m.sessionId, xid: m.xid, op: m.op });
  }

  /** The leader's answer to a request of a client attached here (this server's tree is at least as new). */
  deliver(request: LeaderRequest, sessionId: number, result: P.ZkResult): void {
    const tree = this.server.tree;
    if (!tree) return;
    if (request.kind === "connect") {
      if (result.code !== "OK") {
        return this.send(request.client, { type: "ZkConnectResponse", sessionId: request.sessionId, code: "SESSIONEXPIRED" } satisfies P.ZkConnectResponse);
      }
      this.attached.set(sessionId, request.client);
      this.watches.dropSession(sessionId);
      const fired = this.watches.reattach(sessionId, request.watches, request.lastZxidSeen, tree);
      this.send(request.client, { type: "ZkConnectResponse", sessionId, code: "OK" } satisfies P.ZkConnectResponse);
      return this.notify(fired, tree.lastZxid);
    }
    if (request.kind === "close") {
      this.attached.delete(sessionId);
      this.watches.dropSession(sessionId);
      return this.answer(request.client, sessionId, request.xid, result, tree.lastZxid);
    }
    const op = request.op;
    if ((op.op === "getData" || op.op === "exists" || op.op === "getChildren") && op.watch) {
      if (op.op === "getChildren" && result.code === "OK") this.watches.register(sessionId, op.path, "children");
      else if (op.op === "getData" && result.code === "OK") this.watches.register(sessionId, op.path, "data");
      else if (op.op === "exists") this.watches.register(sessionId, op.path, result.code === "OK" ? "data" : "exists");
    }
    this.answer(request.client, sessionId, request.xid, result, tree.lastZxid);
  }

  /** A transaction was committed here: fire watches, tell the owner of an expired session. */
  committed(entry: ZkLogEntry, triggers: readonly WatchTrigger[]): void {
    this.notify(this.watches.trigger(triggers), entry.zxid);
    const txn = entry.txn;
    if (txn.kind !== "closeSession") return;
    const client = this.attached.get(txn.sessionId);
    this.attached.delete(txn.sessionId);
    this.watches.dropSession(txn.sessionId);
    if (client && txn.reason === "expire") {
      this.send(client, { type: "ZkConnectResponse", sessionId: txn.sessionId, code: "SESSIONEXPIRED" } satisfies P.ZkConnectResponse);
    }
  }

  /** The server left its quorum: attached clients must fail over to another server. */
  stopServing(): void {
    for (const [sessionId, client] of [...this.attached].sort((a, b) => a[0] - b[0])) {
      this.send(client, { type: "ZkDisconnect", sessionId } satisfies P.ZkDisconnect);
    }
    this.attached.clear();
    this.watches = new WatchManager();
  }

  connectionReset(client: string): void {
    for (const [sessionId, node] of [...this.attached]) {
      if (node !== client) continue;
      this.attached.delete(sessionId);
      this.watches.dropSession(sessionId);
    }
  }

  private notify(fired: readonly FiredWatch[], zxid: number): void {
    for (const f of fired) {
      const client = this.attached.get(f.sessionId);
      if (client) this.send(client, { type: "ZkWatchEvent", sessionId: f.sessionId, event: f.event, path: f.path, zxid } satisfies P.ZkWatchEvent);
    }
  }

  private answer(client: string, sessionId: number, xid: number, result: P.ZkResult, zxid: number): void {
    this.send(client, { type: "ZkResponse", sessionId, xid, zxid, result } satisfies P.ZkResponse);
  }

  private send<T extends Message>(to: string, message: T): void {
    this.server.ctx.send(to, message);
  }
}
