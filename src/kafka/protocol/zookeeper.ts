/**
 * The ZooKeeper client protocol as the simulator models it: a client (a broker) opens a session on
 * one server of the ensemble, pings it, sends requests (reads, writes, multi-ops) and receives
 * one-shot watch notifications. Result codes are ZooKeeper's `KeeperException.Code` names.
 */
import type { Message } from "../../sim/actor.js";
import type { Millis } from "../../sim/time.js";

/** ZooKeeper result codes (KeeperException.Code), the subset the model produces. */
export type ZkCode =
  | "OK"
  | "NONODE"
  | "NODEEXISTS"
  | "BADVERSION"
  | "NOTEMPTY"
  | "NOCHILDRENFOREPHEMERALS"
  | "SESSIONEXPIRED"
  | "CONNECTIONLOSS"
  /** A multi-op member that was not executed because another member failed. */
  | "RUNTIMEINCONSISTENCY";

/** `version: -1` matches any version (ZooKeeper's convention). */
export const ANY_VERSION = -1;

/** Metadata of a znode (ZooKeeper's Stat). `czxid` of /brokers/ids/<id> is Kafka's broker epoch. */
export interface ZkStat {
  czxid: number;
  mzxid: number;
  /** zxid of the last change to the children list. */
  pzxid: number;
  /** Data version, +1 on every setData. */
  version: number;
  /** Children version, +1 on every child create/delete. */
  cversion: number;
  /** Owning session of an ephemeral znode, 0 for persistent ones. */
  ephemeralOwner: number;
  numChildren: number;
}

export type ZkCreateOp = { op: "create"; path: string; data: unknown; ephemeral: boolean; sequential: boolean };
export type ZkDeleteOp = { op: "delete"; path: string; version: number };
export type ZkSetDataOp = { op: "setData"; path: string; data: unknown; version: number };
export type ZkCheckOp = { op: "check"; path: string; version: number };
/** Members of a multi-op (executed atomically: all or nothing). */
export type ZkWriteOp = ZkCreateOp | ZkDeleteOp | ZkSetDataOp | ZkCheckOp;

export type ZkReadOp =
  { op: "getData"; path: string; watch: boolean } | { op: "exists"; path: string; watch: boolean } | { op: "getChildren"; path: string; watch: boolean };

export type ZkOp = ZkWriteOp | ZkReadOp | { op: "multi"; ops: ZkWriteOp[] };

/** Result of one op. `path` is the created path (sequential creates append a 10-digit counter). */
export interface ZkResult {
  code: ZkCode;
  stat?: ZkStat;
  data?: unknown;
  children?: string[];
  path?: string;
  /** Multi-op: one result per member. */
  results?: ZkResult[];
}

export type ZkWatchKind = "data" | "exists" | "children";
export type ZkEventType = "NodeCreated" | "NodeDeleted" | "NodeDataChanged" | "NodeChildrenChanged";

/** Client → server: open a new session (sessionId 0) or re-attach an existing one after failover. */
export interface ZkConnect extends Message {
  type: "ZkConnect";
  sessionId: number;
  timeoutMs: Millis;
  /** Highest zxid the client has seen; watches changed since then fire at once (SetWatches). */
  lastZxidSeen: number;
  watches: { path: string; kind: ZkWatchKind }[];
}

export interface ZkConnectResponse extends Message {
  type: "ZkConnectResponse";
  sessionId: number;
  code: "OK" | "SESSIONEXPIRED" | "CONNECTIONLOSS";
}

export interface ZkRequest extends Message {
  type: "ZkRequest";
  sessionId: number;
  xid: number;
  op: ZkOp;
}

export interface ZkResponse extends Message {
  type: "ZkResponse";
  sessionId: number;
  xid: number;
  /** Committed zxid at the time of the answer. */
  zxid: number;
  result: ZkResult;
}

export interface ZkPing extends Message {
  type: "ZkPing";
  sessionId: number;
}

export interface ZkPingResponse extends Message {
  type: "ZkPingResponse";
  sessionId: number;
}

/** Client → server: close the session now (clean shutdown): its ephemeral znodes go at once. */
export interface ZkCloseSession extends Message {
  type: "ZkCloseSession";
  sessionId: number;
  xid: number;
}

/** Server → client: a one-shot watch fired. */
export interface ZkWatchEvent extends Message {
  type: "ZkWatchEvent";
  sessionId: number;
  event: ZkEventType;
  path: string;
  zxid: number;
}

/** Server → client: the server stopped serving (lost its quorum); the client must fail over. */
export interface ZkDisconnect extends Message {
  type: "ZkDisconnect";
  sessionId: number;
}
