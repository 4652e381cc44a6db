/**
 * What the parts of a ZooKeeper server share: its ZAB role state machine (zab-state.ts), the
 * transaction log and the accepted/current epochs on disk, the other servers of the ensemble and
 * their last heartbeats.
 *
 * {@link ZookeeperServer} (zk-server.ts: the actor, tick loop, heartbeats, message routing) is
 * composed of parts, one concept per file, each holding its own state: ZabBroadcast
 * (zk-server-broadcast.ts: requests, proposals, commits, sessions) and ZabElection
 * (zk-server-quorum.ts: leader election, discovery, sync, stepping down).
 */
import type { ActorContext, Message } from "../../../sim/actor.js";
import type { AppendFile, CheckpointFile } from "../../../sim/disk.js";
import { ms, type Millis } from "../../../sim/time.js";
import type { ConfigView } from "../../config-view.js";
import type { ClusterSpec } from "../../features.js";
import type { ClusterObserver } from "../../observer.js";
import type { ZabLeader } from "./zab-leader.js";
import type * as Z from "./zab-messages.js";
import { ZabState } from "./zab-state.js";
import type { ZkLogEntry, ZnodeTree } from "./znode-tree.js";

/** Options of the ensemble (ZooKeeper's zoo.cfg); the servers are `cluster.controllerNodes`. */
export interface ZookeeperOptions {
  /** This server's node name (informational: the actor uses its context's name). */
  node?: string;
  cluster: Pick<ClusterSpec, "controllerNodes">;
  config?: ConfigView;
  observer?: ClusterObserver;
  /** ZooKeeper `tickTime` (default 2000 ms): heartbeat period and session-expiry granularity. */
  tickTimeMs?: Millis;
  /** ZooKeeper `syncLimit` in ticks (default 5): a peer silent for this long is considered gone. */
  syncLimit?: number;
  /** ZooKeeper `initLimit` in ticks (default 10): a leader-elect gives up after this long. */
  initLimit?: number;
}

/** What a server keeps on disk besides its log (ZooKeeper's acceptedEpoch and currentEpoch files). */
export interface Epochs {
  acceptedEpoch: number;
  currentEpoch: number;
}

/** Shared state and helpers of a ZooKeeper server (see the list of parts above). */
export class ZkServerShared {
  readonly state: ZabState;
  readonly log: AppendFile<ZkLogEntry>;
  private readonly epochs: CheckpointFile<Epochs>;
  readonly peers: string[];
  readonly tickUs: number;
  readonly peerTimeoutUs: number;
  readonly initTimeoutUs: number;
  /** The last heartbeat of each peer: its role, leader, epoch and whether it reaches a quorum. */
  readonly views = new Map<string, Z.ZabHeartbeat>();
  maxSeenEpoch = 0;
  /** Sessions this server's clients pinged since the last heartbeat (a follower forwards them). */
  readonly touches = new Set<number>();

  constructor(
    readonly ctx: ActorContext,
    options: ZookeeperOptions,
  ) {
    this.peers = options.cluster.controllerNodes.filter((s) => s !== ctx.name).sort(byServerNumber);
    this.tickUs = ms(options.tickTimeMs ?? 2000);
    this.peerTimeoutUs = this.tickUs * (options.syncLimit ?? 5);
    this.initTimeoutUs = this.tickUs * (options.initLimit ?? 10);
    this.log = ctx.disk.appendFile<ZkLogEntry>("zookeeper/txnlog");
    this.epochs = ctx.disk.checkpoint<Epochs>("zookeeper/epochs");
    this.state = new ZabState(ctx.name);
  }

  /** The leader's request pipeline while leading (from the end of discovery), else null. */
  get leader(): ZabLeader | null {
    return this.state.leading()?.pipeline ?? null;
  }

  get acceptedEpoch(): number {
    return this.epochs.read()?.acceptedEpoch ?? 0;
  }

  get currentEpoch(): number {
    return this.epochs.read()?.currentEpoch ?? 0;
  }

  /** The committed tree this server serves from (null while not serving). */
  get tree(): ZnodeTree | null {
    if (!this.state.serving) return null;
    return this.leader ? this.leader.tree : (this.state.following()?.tree ?? null);
  }

  tell<T extends Message>(to: string, message: T): void {
    this.ctx.send(to, message);
  }

  majority(): number {
    return Math.floor((this.peers.length + 1) / 2) + 1;
  }

  saveEpochs(epochs: Epochs): void {
    this.epochs.write(epochs, this.ctx.now(), true);
  }

  replaceLog(history: ZkLogEntry[]): void {
    this.log.truncate(0);
    for (const entry of history) this.log.append(entry, this.ctx.now());
    this.log.fsync();
  }
}

/** zk-2 < zk-10: order servers by their number. */
export function byServerNumber(a: string, b: string): number {
  const na = Number(/(\d+)$/.exec(a)?.[1] ?? 0);
  const nb = Number(/(\d+)$/.exec(b)?.[1] ?? 0);
  return na - nb || (a < b ? -1 : a > b ? 1 : 0);
}
