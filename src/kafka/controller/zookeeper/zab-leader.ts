/**
 * The ZooKeeper leader's request pipeline (ZAB broadcast). Requests are handled in arrival order:
 * a write is validated against the "prepare" tree (committed state plus outstanding proposals),
 * proposed with the next zxid, fsynced, and committed once a majority (the leader included) has
 * acknowledged it; reads and failed writes are answered from the committed tree once every earlier
 * request is done, so each client sees a linearizable order. The leader also owns session expiry.
 */
import type { ZkOp, ZkResult } from "../../protocol/zookeeper.js";
import type { LeaderRequest } from "./zab-messages.js";
import { makeZxid, type WatchTrigger, type ZkLogEntry, type ZkTxn, ZnodeTree } from "./znode-tree.js";

interface Proposal {
  entry: ZkLogEntry;
  acks: Set<string>;
}

interface PipelineItem {
  request: LeaderRequest;
  origin: string;
  /** Waits for this zxid to commit; null = answer as soon as everything before is done. */
  zxid: number | null;
  sessionId: number;
  result: ZkResult | null;
}

/** What the leader needs from its server. */
export interface LeaderHost {
  readonly name: string;
  now(): number;
  majority(): number;
  /** Append to the local log and fsync. */
  persist(entry: ZkLogEntry): void;
  broadcast(
    message: { type: "ZabPropose"; epoch: number; entry: ZkLogEntry } | { type: "ZabCommit"; epoch: number; zxid: number },
    to: readonly string[],
  ): void;
  /** A committed entry was applied to the committed tree (fire watches, notify expired sessions). */
  applied(entry: ZkLogEntry, triggers: WatchTrigger[]): void;
  /** Hand an answer to the server the client is attached to (possibly this one). */
  reply(origin: string, request: LeaderRequest, sessionId: number, result: ZkResult): void;
  expire(sessionId: number, silentForUs: number): void;
}

const isRead = (op: ZkOp): boolean => op.op === "getData" || op.op === "exists" || op.op === "getChildren";

export class ZabLeader {
  /** Followers sent the history: they receive proposals and commits. */
  readonly synced = new Set<string>();
  /** Followers that acknowledged the history: their acks count towards a majority. */
  readonly ready = new Set<string>();
  readonly tree: ZnodeTree;
  private readonly prepare: ZnodeTree;
  private counter = 0;
  committedZxid: number;
  private readonly outstanding: Proposal[] = [];
  private readonly pipeline: PipelineItem[] = [];
  /** Session id → deadline (µs) and timeout. */
  private readonly deadlines = new Map<number, { deadline: number; timeoutUs: number; lastTouch: number }>();
  private readonly expiring = new Set<number>();

  constructor(
    readonly epoch: number,
    history: readonly ZkLogEntry[],
    private readonly host: LeaderHost,
  ) {
    this.tree = ZnodeTree.replay(history);
    this.prepare = ZnodeTree.replay(history);
    this.committedZxid = this.tree.lastZxid;
    // A new leader gives every session a full timeout (ZooKeeper does not expire sessions across an election).
    for (const [sessionId, timeoutMs] of [...this.tree.sessions].sort((a, b) => a[0] - b[0])) this.track(sessionId, timeoutMs * 1000);
  }

  touch(sessionId: number): void {
    const entry = this.deadlines.get(sessionId);
    if (!entry) return;
    entry.lastTouch = this.host.now();
    entry.deadline = entry.lastTouch + entry.timeoutUs;
  }

  /** Called every tick: expire sessions whose deadline passed. */
  checkSessions(): void {
    const now = this.host.now();
    for (const sessionId of [...this.deadlines.keys()].sort((a, b) => a - b)) {
      const entry = this.deadlines.get(sessionId)!;
      if (entry.deadline > now || this.expiring.has(sessionId)) continue;
      this.expiring.add(sessionId);
      this.host.expire(sessionId, now - entry.lastTouch);
      this.propose({ kind: "closeSession", sessionId, reason: "expire" });
    }
  }

  admit(request: LeaderRequest, origin: string): void {
    const item: PipelineItem = { request, origin, zxid: null, sessionId: request.sessionId, result: null };
    const alive = this.prepare.sessions.has(request.sessionId);
    if (request.kind === "connect") {
      if (request.sessionId === 0) {
        const zxid = this.propose({ kind: "createSession", sessionId: this.nextZxid(), timeoutMs: request.timeoutMs });
        item.zxid = zxid;
        item.sessionId = zxid;
        item.result = { code: "OK" };
      } else {
        item.result = { code: alive ? "OK" : "SESSIONEXPIRED" };
        if (alive) this.touch(request.sessionId);
      }
    } else if (!alive) {
      item.result = { code: request.kind === "close" ? "OK" : "SESSIONEXPIRED" };
    } else if (request.kind === "close") {
      item.zxid = this.propose({ kind: "closeSession", sessionId: request.sessionId, reason: "close" });
      item.result = { code: "OK" };
    } else {
      this.touch(request.sessionId);
      if (!isRead(request.op)) this.prepareWrite(request, item);
    }
    this.pipeline.push(item);
    this.drain();
  }

  /** A synced follower acknowledged everything up to `zxid` (acks are cumulative: FIFO + fsync in order). */
  ack(follower: string, zxid: number): void {
    for (const proposal of this.outstanding) if (proposal.entry.zxid <= zxid) proposal.acks.add(follower);
    this.commitReady();
  }

  /** A follower that dropped out no longer counts. */
  forget(follower: string): void {
    this.synced.delete(follower);
    this.ready.delete(follower);
  }

  private prepareWrite(request: LeaderRequest & { kind: "op" }, item: PipelineItem): void {
    const op = request.op;
    const ops = op.op === "multi" ? op.ops : [op as Exclude<ZkOp, { op: "multi" } | { op: "getData" | "exists" | "getChildren" }>];
    const zxid = this.nextZxid();
    const outcome = this.prepare.tryOps(ops, request.sessionId, zxid);
    if (op.op === "multi") {
      const failed = outcome.results.find((r) => r.code !== "OK" && r.code !== "RUNTIMEINCONSISTENCY");
      item.result = { code: failed ? failed.code : "OK", results: outcome.results };
    } else item.result = outcome.results[0]!;
    if (!outcome.ok) return;
    this.counter++;
    item.zxid = zxid;
    this.record({ zxid, epoch: this.epoch, txn: { kind: "ops", sessionId: request.sessionId, ops: outcome.resolved } }, false);
  }

  private nextZxid(): number {
    return makeZxid(this.epoch, this.counter + 1);
  }

  private propose(txn: ZkTxn): number {
    this.counter++;
    const zxid = makeZxid(this.epoch, this.counter);
    this.record({ zxid, epoch: this.epoch, txn }, true);
    return zxid;
  }

  private record(entry: ZkLogEntry, applyToPrepare: boolean): void {
    if (applyToPrepare) this.prepare.apply(entry);
    else this.prepare.lastZxid = entry.zxid;
    this.host.persist(entry);
    this.outstanding.push({ entry, acks: new Set([this.host.name]) });
    this.host.broadcast({ type: "ZabPropose", epoch: this.epoch, entry }, this.sortedSynced());
    this.commitReady();
  }

  private commitReady(): void {
    let committed = false;
    while (this.outstanding.length > 0 && this.outstanding[0]!.acks.size >= this.host.majority()) {
      const { entry } = this.outstanding.shift()!;
      const { triggers } = this.tree.apply(entry);
      this.committedZxid = entry.zxid;
      committed = true;
      if (entry.txn.kind === "closeSession") {
        this.deadlines.delete(entry.txn.sessionId);
        this.expiring.delete(entry.txn.sessionId);
      } else if (entry.txn.kind === "createSession") this.track(entry.txn.sessionId, entry.txn.timeoutMs * 1000);
      this.host.broadcast({ type: "ZabCommit", epoch: this.epoch, zxid: entry.zxid }, this.sortedSynced());
      this.host.applied(entry, triggers);
      this.drain();
    }
    if (!committed) this.drain();
  }

  private drain(): void {
    while (this.pipeline.length > 0) {
      const head = this.pipeline[0]!;
      if (head.zxid !== null && head.zxid > this.committedZxid) return;
      this.pipeline.shift();
      let result = head.result;
      if (result === null && head.request.kind === "op") result = this.tree.read(head.request.op as Parameters<ZnodeTree["read"]>[0]);
      this.host.reply(head.origin, head.request, head.sessionId, result ?? { code: "OK" });
    }
  }

  private track(sessionId: number, timeoutUs: number): void {
    const now = this.host.now();
    this.deadlines.set(sessionId, { deadline: now + timeoutUs, timeoutUs, lastTouch: now });
  }

  private sortedSynced(): string[] {
    return [...this.synced].sort();
  }
}
