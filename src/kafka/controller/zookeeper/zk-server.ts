/**
 * A ZooKeeper server (zk-1..K), modelled as an abstract ZAB: the lowest-numbered server that hears
 * from a majority leads; it establishes a new epoch with a majority (adopting the most up-to-date
 * history), syncs followers, and broadcasts proposals that commit when a majority has fsynced
 * them. Every server keeps the committed tree, serves the clients attached to it (forwarding
 * their requests to the leader), and fires their watches. A server that loses its leader or its
 * quorum stops serving: its clients fail over to another server, keeping their session.
 */
import type { Actor, ActorContext, ActorFactory, Message } from "../../../sim/actor.js";
import type { AppendFile, CheckpointFile } from "../../../sim/disk.js";
import { ms } from "../../../sim/time.js";
import type { ConfigView } from "../../config-view.js";
import type { ClusterSpec } from "../../features.js";
import type { ClusterObserver } from "../../observer.js";
import type { ZkResult } from "../../protocol/zookeeper.js";
import { ZabLeader } from "./zab-leader.js";
import type * as Z from "./zab-messages.js";
import { ZkServing } from "./zk-serving.js";
import { ZnodeTree, type WatchTrigger, type ZkLogEntry } from "./znode-tree.js";

/** Options of the ensemble (ZooKeeper's zoo.cfg); the servers are `cluster.controllerNodes`. */
export interface ZookeeperOptions {
  /** This server's node name (informational: the actor uses its context's name). */
  node?: string;
  cluster: Pick<ClusterSpec, "controllerNodes">;
  config?: ConfigView;
  observer?: ClusterObserver;
  /** ZooKeeper `tickTime` (default 2000 ms): heartbeat period and session-expiry granularity. */
  tickTimeMs?: number;
  /** ZooKeeper `syncLimit` in ticks (default 5): a peer silent for this long is considered gone. */
  syncLimit?: number;
  /** ZooKeeper `initLimit` in ticks (default 10): a leader-elect gives up after this long. */
  initLimit?: number;
}

/** Builds the actor of one ZooKeeper server. */
export function createZookeeperActor(options: ZookeeperOptions): ActorFactory {
  return (ctx) => new ZookeeperServer(ctx, options);
}

interface Epochs {
  acceptedEpoch: number;
  currentEpoch: number;
}

const TICK = { tick: true };

export class ZookeeperServer implements Actor {
  role: Z.ZabRole = "looking";
  leaderName: string | null = null;
  /** Follower: synced with its leader and applying commits; leader: established. */
  serving = false;
  leader: ZabLeader | null = null;
  readonly log: AppendFile<ZkLogEntry>;
  private readonly epochs: CheckpointFile<Epochs>;
  private readonly peers: string[];
  private readonly tickUs: number;
  private readonly peerTimeoutUs: number;
  private readonly initTimeoutUs: number;
  private readonly lastHeard = new Map<string, number>();
  private readonly lastReset = new Map<string, number>();
  private readonly views = new Map<string, Z.ZabHeartbeat>();
  private maxSeenEpoch = 0;
  /** Leader-elect bookkeeping. */
  private discovery: { epoch: number; startedUs: number; acks: Map<string, Z.ZabAckEpoch>; syncing: boolean } | null = null;
  private syncReceived = false;
  /** Follower: committed tree and how many log entries it has applied. */
  private followerTree: ZnodeTree | null = null;
  private applied = 0;
  private readonly touches = new Set<number>();
  readonly clients: ZkServing;

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
    this.clients = new ZkServing(this);
  }

  get acceptedEpoch(): number {
    return this.epochs.read()?.acceptedEpoch ?? 0;
  }

  get currentEpoch(): number {
    return this.epochs.read()?.currentEpoch ?? 0;
  }

  /** The committed tree this server serves from (null while not serving). */
  get tree(): ZnodeTree | null {
    if (!this.serving) return null;
    return this.leader ? this.leader.tree : this.followerTree;
  }

  tell<T extends Message>(to: string, message: T): void {
    this.ctx.send(to, message);
  }

  majority(): number {
    return Math.floor((this.peers.length + 1) / 2) + 1;
  }

  onStart(): void {
    // First heartbeat shortly after start, once the other servers of the ensemble are up too.
    this.ctx.setTimer(ms(50), TICK);
  }

  onTimer(payload: unknown): void {
    if (payload !== TICK) return;
    this.ctx.setTimer(this.tickUs, TICK);
    const reachable = this.reachable();
    for (const peer of this.peers) this.heartbeat(peer, reachable);
    this.touches.clear();
    if (this.role === "following" && !reachable.includes(this.leaderName!)) this.stepDown(`lost contact with leader ${this.leaderName}`);
    else if (this.role === "leading") this.checkLeadership(reachable);
    else if (this.role === "following" && !this.syncReceived) this.tell(this.leaderName!, { type: "ZabFollowerInfo", acceptedEpoch: this.acceptedEpoch } satisfies Z.ZabFollowerInfo);
    if (this.role === "looking") this.lookForLeader(reachable);
  }

  onConnectionReset(peer: string): void {
    if (!this.peers.includes(peer)) return this.clients.connectionReset(peer);
    this.lastHeard.delete(peer);
    if (this.role === "following" && peer === this.leaderName) this.stepDown(`connection to leader ${peer} reset`);
    else if (this.role === "leading") this.leader?.forget(peer);
  }

  onMessage(from: string, message: Message): void {
    if (!this.peers.includes(from)) return this.clients.onClientMessage(from, message);
    this.lastHeard.set(from, this.ctx.now());
    const m = message as Z.ZabMessage;
    switch (m.type) {
      case "ZabHeartbeat":
        return this.onHeartbeat(from, m);
      case "ZabNewEpoch":
        return this.onNewEpoch(from, m);
      case "ZabNackEpoch":
        this.maxSeenEpoch = Math.max(this.maxSeenEpoch, m.acceptedEpoch);
        if (this.discovery?.epoch === m.epoch && !this.discovery.syncing) this.stepDown(`${from} already accepted epoch ${m.acceptedEpoch}`);
        return;
      case "ZabAckEpoch":
        return this.onAckEpoch(from, m);
      case "ZabFollowerInfo":
        if (this.role === "leading" && this.discovery?.syncing) this.sendSync(from);
        return;
      case "ZabSync":
        return this.onSync(from, m);
      case "ZabAckSync":
        return this.onAckSync(from, m);
      case "ZabPropose":
        if (this.role !== "following" || from !== this.leaderName || m.epoch !== this.currentEpoch) return;
        this.log.append(m.entry, this.ctx.now());
        this.log.fsync();
        this.tell(from, { type: "ZabAck", epoch: m.epoch, zxid: m.entry.zxid } satisfies Z.ZabAck);
        return;
      case "ZabAck":
        if (this.leader && m.epoch === this.leader.epoch && this.leader.ready.has(from)) this.leader.ack(from, m.zxid);
        return;
      case "ZabCommit":
        if (this.role === "following" && from === this.leaderName && m.epoch === this.currentEpoch) this.applyCommitted(m.zxid);
        return;
      case "ZabForward":
        if (this.leader && this.serving && m.epoch === this.leader.epoch) this.leader.admit(m.request, from);
        return;
      case "ZabReply":
        if (this.role === "following" && from === this.leaderName && this.serving) this.clients.deliver(m.request, m.sessionId, m.result);
        return;
    }
  }

  /** Route a client's request to the leader (or admit it here when this server leads). */
  forward(request: Z.LeaderRequest): void {
    if (this.leader) this.leader.admit(request, this.ctx.name);
    else this.tell(this.leaderName!, { type: "ZabForward", epoch: this.currentEpoch, request } satisfies Z.ZabForward);
  }

  /** A client pinged: keep its session alive (followers forward touches with their heartbeat). */
  touch(sessionId: number): void {
    if (this.leader) this.leader.touch(sessionId);
    else this.touches.add(sessionId);
  }

  private heartbeat(peer: string, reachable: string[]): void {
    const toLeader = this.role === "following" && peer === this.leaderName;
    const beat: Z.ZabHeartbeat = {
      type: "ZabHeartbeat",
      role: this.role,
      leader: this.role === "leading" ? this.ctx.name : this.leaderName,
      acceptedEpoch: this.acceptedEpoch,
      serving: this.serving,
      reachesQuorum: reachable.length + 1 >= this.majority(),
      touches: toLeader ? [...this.touches].sort((a, b) => a - b) : [],
    };
    this.tell(peer, beat);
  }

  private reachable(): string[] {
    const now = this.ctx.now();
    const live: string[] = [];
    for (const peer of this.peers) {
      const heard = this.lastHeard.get(peer);
      if (heard !== undefined && now - heard <= this.peerTimeoutUs) {
        live.push(peer);
        continue;
      }
      if (heard !== undefined) {
        this.lastHeard.delete(peer);
        if (this.role === "leading") this.leader?.forget(peer);
      }
      // Silent past syncLimit: give up on the connection (once per syncLimit) so a fresh one can carry later traffic.
      if (now - (this.lastReset.get(peer) ?? -Infinity) >= this.peerTimeoutUs) {
        this.lastReset.set(peer, now);
        this.ctx.disconnect(peer);
      }
    }
    return live;
  }

  private onHeartbeat(from: string, beat: Z.ZabHeartbeat): void {
    this.views.set(from, beat);
    this.maxSeenEpoch = Math.max(this.maxSeenEpoch, beat.acceptedEpoch);
    if (this.role === "following" && from === this.leaderName && beat.role !== "leading") this.stepDown(`leader ${from} stopped leading`);
    if (this.leader && this.serving && beat.leader === this.ctx.name) for (const s of beat.touches) this.leader.touch(s);
  }

  private lookForLeader(reachable: string[]): void {
    const serving = reachable.find((p) => {
      const v = this.views.get(p);
      return v?.role === "leading" && v.serving && v.reachesQuorum;
    });
    if (serving) {
      this.role = "following";
      this.leaderName = serving;
      this.syncReceived = false;
      this.tell(serving, { type: "ZabFollowerInfo", acceptedEpoch: this.acceptedEpoch } satisfies Z.ZabFollowerInfo);
      return;
    }
    if (reachable.length + 1 < this.majority()) return;
    const rivals = reachable.filter((p) => this.views.get(p)?.reachesQuorum && this.views.get(p)?.role !== "following");
    if (rivals.some((p) => byServerNumber(p, this.ctx.name) < 0)) return;
    const epoch = Math.max(this.acceptedEpoch, this.maxSeenEpoch) + 1;
    this.saveEpochs({ acceptedEpoch: epoch, currentEpoch: this.currentEpoch });
    this.role = "leading";
    this.leaderName = this.ctx.name;
    this.discovery = { epoch, startedUs: this.ctx.now(), acks: new Map(), syncing: false };
    for (const peer of reachable) this.tell(peer, { type: "ZabNewEpoch", epoch } satisfies Z.ZabNewEpoch);
    this.maybeCompleteDiscovery();
  }

  private onNewEpoch(from: string, m: Z.ZabNewEpoch): void {
    const again = m.epoch === this.acceptedEpoch && this.role === "following" && this.leaderName === from && !this.syncReceived;
    const busy = this.role === "leading" || (this.role === "following" && this.serving);
    if (!again && (busy || m.epoch <= this.acceptedEpoch)) {
      this.tell(from, { type: "ZabNackEpoch", epoch: m.epoch, acceptedEpoch: this.acceptedEpoch } satisfies Z.ZabNackEpoch);
      return;
    }
    this.saveEpochs({ acceptedEpoch: m.epoch, currentEpoch: this.currentEpoch });
    this.role = "following";
    this.leaderName = from;
    this.syncReceived = false;
    const ack: Z.ZabAckEpoch = { type: "ZabAckEpoch", epoch: m.epoch, currentEpoch: this.currentEpoch, history: this.log.entries.slice() };
    this.tell(from, ack);
  }

  private onAckEpoch(from: string, m: Z.ZabAckEpoch): void {
    const d = this.discovery;
    if (!d || d.syncing || m.epoch !== d.epoch) return;
    d.acks.set(from, m);
    this.maybeCompleteDiscovery();
  }

  private maybeCompleteDiscovery(): void {
    const d = this.discovery!;
    if (d.syncing || d.acks.size + 1 < this.majority()) return;
    // ZAB discovery: adopt the most up-to-date history of the quorum (by current epoch, then last zxid).
    let best: { currentEpoch: number; history: readonly ZkLogEntry[] } = { currentEpoch: this.currentEpoch, history: this.log.entries };
    for (const peer of [...d.acks.keys()].sort(byServerNumber)) {
      const ack = d.acks.get(peer)!;
      if (compareHistory(ack, best) > 0) best = ack;
    }
    const history = best.history.slice();
    this.replaceLog(history);
    this.saveEpochs({ acceptedEpoch: d.epoch, currentEpoch: d.epoch });
    d.syncing = true;
    this.leader = new ZabLeader(d.epoch, history, this.leaderHost());
    for (const peer of [...d.acks.keys()].sort(byServerNumber)) this.sendSync(peer);
    this.maybeEstablish();
  }

  private onSync(from: string, m: Z.ZabSync): void {
    if (this.role !== "following" || from !== this.leaderName || m.epoch < this.acceptedEpoch) return;
    if (this.syncReceived && m.epoch === this.currentEpoch) return; // a duplicate (FollowerInfo was resent)
    this.replaceLog(m.history.slice());
    this.saveEpochs({ acceptedEpoch: m.epoch, currentEpoch: m.epoch });
    this.syncReceived = true;
    this.followerTree = null;
    this.applied = 0;
    const last = m.history.length > 0 ? m.history[m.history.length - 1]!.zxid : 0;
    this.tell(from, { type: "ZabAckSync", epoch: m.epoch, lastZxid: last } satisfies Z.ZabAckSync);
  }

  private onAckSync(from: string, m: Z.ZabAckSync): void {
    const leader = this.leader;
    if (!leader || m.epoch !== leader.epoch) return;
    leader.ready.add(from);
    leader.ack(from, m.lastZxid);
    if (this.serving) this.tell(from, { type: "ZabCommit", epoch: leader.epoch, zxid: leader.committedZxid } satisfies Z.ZabCommit);
    else this.maybeEstablish();
  }

  private maybeEstablish(): void {
    const leader = this.leader!;
    if (!this.serving && leader.ready.size + 1 >= this.majority()) {
      this.serving = true;
      this.ctx.trace("zk-leader-elected", {
        epoch: leader.epoch,
        followers: [...leader.ready].sort(byServerNumber),
        rule: `a majority (${this.majority()} of ${this.peers.length + 1}) accepted epoch ${leader.epoch} and synced its history; the leader serves from zxid ${leader.committedZxid}`,
      });
      for (const peer of [...leader.ready].sort(byServerNumber)) {
        this.tell(peer, { type: "ZabCommit", epoch: leader.epoch, zxid: leader.committedZxid } satisfies Z.ZabCommit);
      }
    }
  }

  private applyCommitted(zxid: number): void {
    if (!this.followerTree) this.followerTree = new ZnodeTree();
    const wasServing = this.serving;
    this.serving = true;
    while (this.applied < this.log.length && this.log.entries[this.applied]!.zxid <= zxid) {
      const entry = this.log.entries[this.applied++]!;
      const { triggers } = this.followerTree.apply(entry);
      if (wasServing) this.clients.committed(entry, triggers);
    }
  }

  private checkLeadership(reachable: string[]): void {
    const d = this.discovery!;
    if (!this.serving && this.ctx.now() - d.startedUs > this.initTimeoutUs) return this.stepDown(`no majority synced within initLimit for epoch ${d.epoch}`);
    if (!d.syncing) {
      for (const peer of reachable) if (!d.acks.has(peer)) this.tell(peer, { type: "ZabNewEpoch", epoch: d.epoch } satisfies Z.ZabNewEpoch);
    }
    if (!this.serving) return;
    const synced = reachable.filter((p) => this.leader!.ready.has(p));
    if (synced.length + 1 < this.majority()) return this.stepDown(`only ${synced.length + 1} of ${this.peers.length + 1} servers in contact: quorum lost`);
    this.leader!.checkSessions();
  }

  private stepDown(reason: string): void {
    const was = this.role;
    this.role = "looking";
    this.leaderName = null;
    this.leader = null;
    this.discovery = null;
    this.followerTree = null;
    this.applied = 0;
    if (this.serving) this.ctx.trace("zk-stop-serving", { was, reason, rule: "a ZooKeeper server serves clients only while it is part of a quorum with an established leader" });
    this.serving = false;
    this.clients.stopServing();
  }

  /** Send the whole history; proposals that follow travel after it on the same FIFO connection. */
  private sendSync(peer: string): void {
    this.leader!.synced.add(peer);
    this.tell(peer, { type: "ZabSync", epoch: this.leader!.epoch, history: this.log.entries.slice() } satisfies Z.ZabSync);
  }

  private replaceLog(history: ZkLogEntry[]): void {
    this.log.truncate(0);
    for (const entry of history) this.log.append(entry, this.ctx.now());
    this.log.fsync();
  }

  private saveEpochs(epochs: Epochs): void {
    this.epochs.write(epochs, this.ctx.now(), true);
  }

  private leaderHost() {
    const server = this;
    return {
      name: server.ctx.name,
      now: () => server.ctx.now(),
      majority: () => server.majority(),
      persist(entry: ZkLogEntry) {
        server.log.append(entry, server.ctx.now());
        server.log.fsync();
      },
      broadcast(message: Message, to: readonly string[]) {
        for (const peer of to) server.tell(peer, message);
      },
      applied(entry: ZkLogEntry, triggers: WatchTrigger[]) {
        server.clients.committed(entry, triggers);
      },
      reply(origin: string, request: Z.LeaderRequest, sessionId: number, result: ZkResult) {
        if (origin === server.ctx.name) server.clients.deliver(request, sessionId, result);
        else server.tell(origin, { type: "ZabReply", epoch: server.leader!.epoch, request, sessionId, result, zxid: server.leader!.committedZxid } satisfies Z.ZabReply);
      },
      expire(sessionId: number, silentForUs: number) {
        const ephemerals = server.leader!.tree.ephemeralsOf(sessionId);
        server.ctx.trace("zk-session-expired", {
          sessionId,
          ephemerals,
          rule: `no ping for ${Math.round(silentForUs / 1000)} ms ≥ the session timeout: ZooKeeper expires the session and deletes its ephemeral znodes`,
        });
      },
    };
  }

}

function compareHistory(a: { currentEpoch: number; history: readonly ZkLogEntry[] }, b: { currentEpoch: number; history: readonly ZkLogEntry[] }): number {
  if (a.currentEpoch !== b.currentEpoch) return a.currentEpoch - b.currentEpoch;
  const lastA = a.history.length > 0 ? a.history[a.history.length - 1]!.zxid : 0;
  const lastB = b.history.length > 0 ? b.history[b.history.length - 1]!.zxid : 0;
  return lastA - lastB;
}

/** zk-2 < zk-10: order servers by their number. */
export function byServerNumber(a: string, b: string): number {
  const na = Number(/(\d+)$/.exec(a)?.[1] ?? 0);
  const nb = Number(/(\d+)$/.exec(b)?.[1] ?? 0);
  return na - nb || (a < b ? -1 : a > b ? 1 : 0);
}
