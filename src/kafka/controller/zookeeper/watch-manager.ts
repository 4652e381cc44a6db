/**
 * One server's watch registrations. Watches are one-shot: a data or exists watch fires on
 * NodeCreated, NodeDataChanged or NodeDeleted of its path; a children watch fires on
 * NodeChildrenChanged or NodeDeleted. Re-attaching clients re-register their watches with the
 * highest zxid they saw, and watches whose node changed since then fire at once (SetWatches).
 */
import type { ZkEventType, ZkWatchKind } from "../../protocol/zookeeper.js";
import type { WatchTrigger, ZnodeTree } from "./znode-tree.js";

export interface FiredWatch {
  sessionId: number;
  path: string;
  event: ZkEventType;
}

const FIRES: Record<ZkEventType, readonly ZkWatchKind[]> = {
  NodeCreated: ["data", "exists"],
  NodeDataChanged: ["data", "exists"],
  NodeDeleted: ["data", "exists", "children"],
  NodeChildrenChanged: ["children"],
};

export class WatchManager {
  /** path → session → kinds registered. */
  private readonly byPath = new Map<string, Map<number, Set<ZkWatchKind>>>();

  register(sessionId: number, path: string, kind: ZkWatchKind): void {
    let sessions = this.byPath.get(path);
    if (!sessions) this.byPath.set(path, (sessions = new Map()));
    let kinds = sessions.get(sessionId);
    if (!kinds) sessions.set(sessionId, (kinds = new Set()));
    kinds.add(kind);
  }

  /** Watches fired by a committed change, removed as they fire (one-shot), in a stable order. */
  trigger(triggers: readonly WatchTrigger[]): FiredWatch[] {
    const fired: FiredWatch[] = [];
    for (const { path, event } of triggers) {
      const sessions = this.byPath.get(path);
      if (!sessions) continue;
      for (const sessionId of [...sessions.keys()].sort((a, b) => a - b)) {
        const kinds = sessions.get(sessionId)!;
        const matching = FIRES[event].filter((k) => kinds.has(k));
        if (matching.length === 0) continue;
        for (const k of matching) kinds.delete(k);
        if (kinds.size === 0) sessions.delete(sessionId);
        fired.push({ sessionId, path, event });
      }
      if (sessions.size === 0) this.byPath.delete(path);
    }
    return fired;
  }

  /** Forget every watch of a session (closed, expired, or moved to another server). */
  dropSession(sessionId: number): void {
    for (const [path, sessions] of this.byPath) {
      sessions.delete(sessionId);
      if (sessions.size === 0) this.byPath.delete(path);
    }
  }

  /** SetWatches on re-attach: fire at once what changed after `lastZxidSeen`, register the rest. */
  reattach(sessionId: number, watches: readonly { path: string; kind: ZkWatchKind }[], lastZxidSeen: number, tree: ZnodeTree): FiredWatch[] {
    const fired: FiredWatch[] = [];
    for (const { path, kind } of watches) {
      const stat = tree.stat(path);
      let event: ZkEventType | null = null;
      if (kind === "children") {
        if (!stat) event = "NodeDeleted";
        else if (stat.pzxid > lastZxidSeen) event = "NodeChildrenChanged";
      } else if (kind === "exists") {
        // An exists watch is only kept for a missing node (the client files it as a data watch otherwise).
        if (stat) event = "NodeCreated";
      } else if (!stat) event = "NodeDeleted";
      else if (stat.mzxid > lastZxidSeen) event = "NodeDataChanged";
      if (event) fired.push({ sessionId, path, event });
      else this.register(sessionId, path, kind);
    }
    return fired;
  }
}
