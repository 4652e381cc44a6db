/**
 * ZooKeeper's data tree, replicated on every server of the ensemble: znodes with versioned data,
 * ephemeral ownership, sequential children, and the table of open sessions. Transactions are
 * applied in zxid order; a multi-op is all-or-nothing (its changes are rolled back when a member
 * fails). Applying returns the watch triggers the change causes.
 */
import type { ZkCode, ZkEventType, ZkReadOp, ZkResult, ZkStat, ZkWriteOp } from "../../protocol/zookeeper.js";
import { ANY_VERSION } from "../../protocol/zookeeper.js";

interface Znode {
  readonly data: unknown;
  readonly stat: ZkStat;
  /** Sorted child names. */
  readonly children: readonly string[];
}

/** A replicated transaction (already validated by the leader: it always applies). */
export type ZkTxn =
  | { kind: "createSession"; sessionId: number; timeoutMs: number }
  | { kind: "closeSession"; sessionId: number; reason: "close" | "expire" }
  | { kind: "ops"; sessionId: number; ops: ZkWriteOp[] };

/** One entry of the transaction log. zxid = epoch · 2^32 + counter, as in ZooKeeper. */
export interface ZkLogEntry {
  readonly zxid: number;
  readonly epoch: number;
  readonly txn: ZkTxn;
}

export interface WatchTrigger {
  path: string;
  event: ZkEventType;
}

const ZXID_EPOCH_FACTOR = 2 ** 32;
export const makeZxid = (epoch: number, counter: number): number => epoch * ZXID_EPOCH_FACTOR + counter;

const parentOf = (path: string): string => {
  const cut = path.lastIndexOf("/");
  return cut <= 0 ? "/" : path.slice(0, cut);
};
const nameOf = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

const freshStat = (zxid: number, owner: number): ZkStat => ({
  czxid: zxid,
  mzxid: zxid,
  pzxid: zxid,
  version: 0,
  cversion: 0,
  ephemeralOwner: owner,
  numChildren: 0,
});

export class ZnodeTree {
  private readonly nodes = new Map<string, Znode>();
  /** Open sessions: id → negotiated timeout (ms). */
  readonly sessions = new Map<number, number>();
  lastZxid = 0;

  constructor() {
    this.nodes.set("/", { data: null, stat: freshStat(0, 0), children: [] });
  }

  /** A tree rebuilt by replaying a committed history. */
  static replay(entries: readonly ZkLogEntry[]): ZnodeTree {
    const tree = new ZnodeTree();
    for (const entry of entries) tree.apply(entry);
    return tree;
  }

  /** Apply a committed (or, on the leader's prepare tree, proposed) transaction. */
  apply(entry: ZkLogEntry): { results: ZkResult[]; triggers: WatchTrigger[] } {
    this.lastZxid = entry.zxid;
    const txn = entry.txn;
    if (txn.kind === "createSession") {
      this.sessions.set(txn.sessionId, txn.timeoutMs);
      return { results: [{ code: "OK" }], triggers: [] };
    }
    if (txn.kind === "closeSession") return { results: [{ code: "OK" }], triggers: this.closeSession(txn.sessionId, entry.zxid) };
    return this.tryOps(txn.ops, txn.sessionId, entry.zxid);
  }

  /** Execute ops atomically; on any failure nothing changes and every result says why. */
  tryOps(ops: readonly ZkWriteOp[], sessionId: number, zxid: number): { ok: boolean; results: ZkResult[]; triggers: WatchTrigger[]; resolved: ZkWriteOp[] } {
    const undo: [string, Znode | undefined][] = [];
    const results: ZkResult[] = [];
    const triggers: WatchTrigger[] = [];
    const resolved: ZkWriteOp[] = [];
    let failedAt = -1;
    for (let i = 0; i < ops.length; i++) {
      const result = this.execute(ops[i]!, sessionId, zxid, undo, triggers, resolved);
      results.push(result);
      if (result.code !== "OK") {
        failedAt = i;
        break;
      }
    }
    if (failedAt < 0) return { ok: true, results, triggers, resolved };
    for (let i = undo.length - 1; i >= 0; i--) {
      const [path, before] = undo[i]!;
      if (before) this.nodes.set(path, before);
      else this.nodes.delete(path);
    }
    const failed = results[failedAt]!;
    const all = ops.map((_, i): ZkResult => (i === failedAt ? failed : { code: "RUNTIMEINCONSISTENCY" }));
    return { ok: false, results: all, triggers: [], resolved: [] };
  }

  read(op: ZkReadOp): ZkResult {
    const node = this.nodes.get(op.path);
    if (op.op === "exists") return node ? { code: "OK", stat: node.stat } : { code: "NONODE" };
    if (!node) return { code: "NONODE" };
    if (op.op === "getData") return { code: "OK", data: node.data, stat: node.stat };
    return { code: "OK", children: [...node.children], stat: node.stat };
  }

  stat(path: string): ZkStat | undefined {
    return this.nodes.get(path)?.stat;
  }

  /** Paths of a session's ephemeral znodes, sorted. */
  ephemeralsOf(sessionId: number): string[] {
    const paths: string[] = [];
    for (const [path, node] of this.nodes) if (node.stat.ephemeralOwner === sessionId) paths.push(path);
    return paths.sort();
  }

  private closeSession(sessionId: number, zxid: number): WatchTrigger[] {
    this.sessions.delete(sessionId);
    const triggers: WatchTrigger[] = [];
    const ops = this.ephemeralsOf(sessionId).map((path): ZkWriteOp => ({ op: "delete", path, version: ANY_VERSION }));
    for (const op of ops) this.execute(op, sessionId, zxid, [], triggers, []);
    return triggers;
  }

  private execute(
    op: ZkWriteOp,
    sessionId: number,
    zxid: number,
    undo: [string, Znode | undefined][],
    triggers: WatchTrigger[],
    resolved: ZkWriteOp[],
  ): ZkResult {
    const node = this.nodes.get(op.path);
    const fail = (code: ZkCode): ZkResult => ({ code });
    const versionOk = (n: Znode) => op.op === "create" || op.version === ANY_VERSION || op.version === n.stat.version;
    switch (op.op) {
      case "check":
        if (!node) return fail("NONODE");
        return versionOk(node) ? { code: "OK" } : fail("BADVERSION");
      case "setData": {
        if (!node) return fail("NONODE");
        if (!versionOk(node)) return fail("BADVERSION");
        const stat = { ...node.stat, mzxid: zxid, version: node.stat.version + 1 };
        this.replace(op.path, { ...node, data: op.data, stat }, undo);
        triggers.push({ path: op.path, event: "NodeDataChanged" });
        resolved.push(op);
        return { code: "OK", stat };
      }
      case "delete": {
        if (!node) return fail("NONODE");
        if (!versionOk(node)) return fail("BADVERSION");
        if (node.children.length > 0) return fail("NOTEMPTY");
        const parentPath = parentOf(op.path);
        const parent = this.nodes.get(parentPath)!;
        this.replace(op.path, undefined, undo);
        this.replace(
          parentPath,
          withChildren(
            parent,
            parent.children.filter((c) => c !== nameOf(op.path)),
            zxid,
          ),
          undo,
        );
        triggers.push({ path: op.path, event: "NodeDeleted" }, { path: parentPath, event: "NodeChildrenChanged" });
        resolved.push(op);
        return { code: "OK" };
      }
      case "create": {
        const parentPath = parentOf(op.path);
        const parent = this.nodes.get(parentPath);
        if (!parent) return fail("NONODE");
        if (parent.stat.ephemeralOwner !== 0) return fail("NOCHILDRENFOREPHEMERALS");
        const path = op.sequential ? op.path + String(parent.stat.cversion).padStart(10, "0") : op.path;
        if (this.nodes.has(path)) return fail("NODEEXISTS");
        const stat = freshStat(zxid, op.ephemeral ? sessionId : 0);
        this.replace(path, { data: op.data, stat, children: [] }, undo);
        this.replace(parentPath, withChildren(parent, [...parent.children, nameOf(path)].sort(), zxid), undo);
        triggers.push({ path, event: "NodeCreated" }, { path: parentPath, event: "NodeChildrenChanged" });
        resolved.push({ ...op, path, sequential: false });
        return { code: "OK", path, stat };
      }
    }
  }

  private replace(path: string, node: Znode | undefined, undo: [string, Znode | undefined][]): void {
    undo.push([path, this.nodes.get(path)]);
    if (node) this.nodes.set(path, node);
    else this.nodes.delete(path);
  }
}

function withChildren(parent: Znode, children: string[], zxid: number): Znode {
  const stat = { ...parent.stat, pzxid: zxid, cversion: parent.stat.cversion + 1, numChildren: children.length };
  return { ...parent, stat, children };
}
