/**
 * Messages between the servers of the ZooKeeper ensemble: an abstract ZAB. Heartbeats carry each
 * server's view (role, leader, accepted epoch, whether it reaches a majority) and the session
 * touches a follower forwards to the leader. A leader-elect establishes a new epoch with a majority
 * (NewEpoch/AckEpoch, taking the most up-to-date history), syncs followers (Sync/AckSync), then
 * broadcasts proposals that commit once a majority has acknowledged them (fsynced to their logs).
 */
import type { Message } from "../../../sim/actor.js";
import type { ZkOp, ZkResult, ZkWatchKind } from "../../protocol/zookeeper.js";
import type { ZkLogEntry } from "./znode-tree.js";

export type ZabRole = "looking" | "leading" | "following";

export interface ZabHeartbeat extends Message {
  type: "ZabHeartbeat";
  role: ZabRole;
  /** The leader this server follows or is (null while looking). */
  leader: string | null;
  acceptedEpoch: number;
  /** The leader is established (serving); followers: synced with their leader. */
  serving: boolean;
  /** The sender currently hears from a majority of the ensemble (itself included). */
  reachesQuorum: boolean;
  /** Follower → leader: sessions its clients pinged since the last heartbeat. */
  touches: number[];
  /**
   * Leader → a peer: whether the leader holds it as a synced follower. ZooKeeper's leader serves
   * each follower over one connection (a LearnerHandler); when it gives up on that connection
   * (nothing heard within syncLimit) the follower's reads fail and it goes back to looking.
   */
  holdsYou: boolean;
}

export interface ZabNewEpoch extends Message {
  type: "ZabNewEpoch";
  epoch: number;
}

export interface ZabAckEpoch extends Message {
  type: "ZabAckEpoch";
  epoch: number;
  currentEpoch: number;
  history: readonly ZkLogEntry[];
}

export interface ZabNackEpoch extends Message {
  type: "ZabNackEpoch";
  epoch: number;
  acceptedEpoch: number;
}

/** A server that found an established leader asks to join. */
export interface ZabFollowerInfo extends Message {
  type: "ZabFollowerInfo";
  acceptedEpoch: number;
}

export interface ZabSync extends Message {
  type: "ZabSync";
  epoch: number;
  history: readonly ZkLogEntry[];
}

export interface ZabAckSync extends Message {
  type: "ZabAckSync";
  epoch: number;
  lastZxid: number;
}

export interface ZabPropose extends Message {
  type: "ZabPropose";
  epoch: number;
  entry: ZkLogEntry;
}

export interface ZabAck extends Message {
  type: "ZabAck";
  epoch: number;
  zxid: number;
}

export interface ZabCommit extends Message {
  type: "ZabCommit";
  epoch: number;
  zxid: number;
}

/** A client request as the leader processes it (forwarded by the server the client is attached to). */
export type LeaderRequest =
  | { kind: "op"; client: string; sessionId: number; xid: number; op: ZkOp }
  | { kind: "connect"; client: string; sessionId: number; timeoutMs: number; lastZxidSeen: number; watches: { path: string; kind: ZkWatchKind }[] }
  | { kind: "close"; client: string; sessionId: number; xid: number };

export interface ZabForward extends Message {
  type: "ZabForward";
  epoch: number;
  request: LeaderRequest;
}

/** Leader → the server the client is attached to: the answer, after the commits it depends on. */
export interface ZabReply extends Message {
  type: "ZabReply";
  epoch: number;
  request: LeaderRequest;
  /** For connect: the session id (new or re-attached). */
  sessionId: number;
  result: ZkResult;
  zxid: number;
}

export type ZabMessage =
  ZabHeartbeat | ZabNewEpoch | ZabAckEpoch | ZabNackEpoch | ZabFollowerInfo | ZabSync | ZabAckSync | ZabPropose | ZabAck | ZabCommit | ZabForward | ZabReply;
