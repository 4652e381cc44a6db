/**
 * A ZooKeeper server (zk-1..K), modelled as an abstract ZAB: the lowest-numbered server that hears
 * from a majority leads; it establishes a new epoch with a majority (adopting the most up-to-date
 * history), syncs followers, and broadcasts proposals that commit when a majority has fsynced
 * them. Every server keeps the committed tree, serves the clients attached to it (forwarding
 * their requests to the leader), and fires their watches. A server that loses its leader or its
 * quorum stops serving: its clients fail over to another server, keeping their session.
 *
 * The server is composed of parts, one concept per file (zk-server-core.ts lists them): shared
 * state with the role state machine (zab-state.ts), request broadcast and sessions
 * (zk-server-broadcast.ts), election and sync (zk-server-quorum.ts). This file is the actor: the
 * tick loop, heartbeats that tell which peers are alive, and the routing of messages.
 */
import type { Actor, ActorContext, ActorFactory, Message } from "../../../sim/actor.js";
import { dispatch, type HandlerTable } from "../../../sim/handlers.js";
import { ms } from "../../../sim/time.js";
import type { ZabLeader } from "./zab-leader.js";
import type * as Z from "./zab-messages.js";
import { ZabBroadcast } from "./zk-server-broadcast.js";
import { ZkServerShared, type ZookeeperOptions } from "./zk-server-core.js";
import { ZabElection } from "./zk-server-quorum.js";
import { ZkServing } from "./zk-serving.js";
import type { ZnodeTree } from "./znode-tree.js";

export { byServerNumber, type ZookeeperOptions } from "./zk-server-core.js";

/** Builds the actor of one ZooKeeper server. */
export function createZookeeperActor(options: ZookeeperOptions): ActorFactory {
  return (ctx) => new ZookeeperServer(ctx, options);
}

/** The server's one timer: the tick that sends heartbeats and checks which peers are alive. */
interface ServerTimer {
  readonly kind: "tick";
}
const TICK: ServerTimer = { kind: "tick" };

/** One server of the ensemble; its roles and their legal transitions are in zab-state.ts. */
export class ZookeeperServer implements Actor<ServerTimer> {
  private readonly zk: ZkServerShared;
  readonly clients: ZkServing;
  private readonly broadcast: ZabBroadcast;
  private readonly election: ZabElection;
  private readonly lastHeard = new Map<string, number>();
  private readonly lastReset = new Map<string, number>();
  /** ZAB messages between the servers of the ensemble. */
  private readonly peerHandlers: HandlerTable<Z.ZabMessage> = {
    ZabHeartbeat: (from, m) => this.onHeartbeat(from, m),
    ZabNewEpoch: (from, m) => this.election.onNewEpoch(from, m),
    ZabNackEpoch: (from, m) => this.election.onNackEpoch(from, m),
    ZabAckEpoch: (from, m) => this.election.onAckEpoch(from, m),
    ZabFollowerInfo: (from) => this.election.onFollowerInfo(from),
    ZabSync: (from, m) => this.election.onSync(from, m),
    ZabAckSync: (from, m) => this.election.onAckSync(from, m),
    ZabPropose: (from, m) => this.broadcast.onPropose(from, m),
    ZabAck: (from, m) => this.broadcast.onAck(from, m),
    ZabCommit: (from, m) => this.broadcast.onCommit(from, m),
    ZabForward: (from, m) => this.broadcast.onForward(from, m),
    ZabReply: (from, m) => this.broadcast.onReply(from, m),
  };

  constructor(
    readonly ctx: ActorContext<Message, ServerTimer>,
    options: ZookeeperOptions,
  ) {
    this.zk = new ZkServerShared(ctx, options);
    this.clients = new ZkServing(this);
    this.broadcast = new ZabBroadcast(this.zk, this.clients);
    this.election = new ZabElection(this.zk, this.broadcast, this.clients);
  }

  get role(): Z.ZabRole {
    return this.zk.state.role;
  }

  /** The leader it follows or is (null while looking). */
  get leaderName(): string | null {
    return this.zk.state.leaderName;
  }

  /** Follower: synced with its leader and applying commits; leader: established. */
  get serving(): boolean {
    return this.zk.state.serving;
  }

  /** The leader's request pipeline while leading (from the end of discovery). */
  get leader(): ZabLeader | null {
    return this.zk.leader;
  }

  /** The committed tree this server serves from (null while not serving). */
  get tree(): ZnodeTree | null {
    return this.zk.tree;
  }

  get log(): ZkServerShared["log"] {
    return this.zk.log;
  }

  get acceptedEpoch(): number {
    return this.zk.acceptedEpoch;
  }

  get currentEpoch(): number {
    return this.zk.currentEpoch;
  }

  /** Route a client's request to the leader (or admit it here when this server leads). */
  forward(request: Z.LeaderRequest): void {
    this.broadcast.forward(request);
  }

  /** A client pinged: keep its session alive. */
  touch(sessionId: number): void {
    this.broadcast.touch(sessionId);
  }

  onStart(): void {
    // First heartbeat shortly after start, once the other servers of the ensemble are up too.
    this.ctx.setTimer(ms(50), TICK);
  }

  onTimer(timer: ServerTimer): void {
    if (timer.kind !== "tick") return;
    this.ctx.setTimer(this.zk.tickUs, TICK);
    const reachable = this.reachable();
    for (const peer of this.zk.peers) this.heartbeat(peer, reachable);
    this.zk.touches.clear();
    const following = this.zk.state.following();
    if (following !== null && !reachable.includes(following.leader)) this.election.stepDown(`lost contact with leader ${following.leader}`);
    else if (this.role === "leading") this.election.checkLeadership(reachable);
    else if (following !== null && !following.syncReceived)
      this.zk.tell(following.leader, { type: "ZabFollowerInfo", acceptedEpoch: this.acceptedEpoch } satisfies Z.ZabFollowerInfo);
    if (this.role === "looking") this.election.lookForLeader(reachable);
  }

  onConnectionReset(peer: string): void {
    if (!this.zk.peers.includes(peer)) return this.clients.connectionReset(peer);
    this.lastHeard.delete(peer);
    if (this.role === "following" && peer === this.leaderName) this.election.stepDown(`connection to leader ${peer} reset`);
    else if (this.role === "leading") this.leader?.forget(peer);
  }

  onMessage(from: string, message: Message): void {
    if (!this.zk.peers.includes(from)) return this.clients.onClientMessage(from, message);
    this.lastHeard.set(from, this.ctx.now());
    dispatch(this.peerHandlers, from, message);
  }

  // ---- heartbeats and peer liveness ---------------------------------------------------------------

  private heartbeat(peer: string, reachable: string[]): void {
    const toLeader = this.role === "following" && peer === this.leaderName;
    const beat: Z.ZabHeartbeat = {
      type: "ZabHeartbeat",
      role: this.role,
      leader: this.role === "leading" ? this.ctx.name : this.leaderName,
      acceptedEpoch: this.acceptedEpoch,
      serving: this.serving,
      reachesQuorum: reachable.length + 1 >= this.zk.majority(),
      touches: toLeader ? [...this.zk.touches].sort((a, b) => a - b) : [],
      holdsYou: this.role === "leading" && this.leader !== null && this.leader.synced.has(peer),
    };
    this.zk.tell(peer, beat);
  }

  /** The peers heard from within syncLimit; silent ones are forgotten and their connection dropped. */
  private reachable(): string[] {
    const now = this.ctx.now();
    const live: string[] = [];
    for (const peer of this.zk.peers) {
      const heard = this.lastHeard.get(peer);
      if (heard !== undefined && now - heard <= this.zk.peerTimeoutUs) {
        live.push(peer);
        continue;
      }
      if (heard !== undefined) {
        this.lastHeard.delete(peer);
        if (this.role === "leading") this.leader?.forget(peer);
      }
      // Silent past syncLimit: give up on the connection (once per syncLimit) so a fresh one can carry later traffic.
      if (now - (this.lastReset.get(peer) ?? -Infinity) >= this.zk.peerTimeoutUs) {
        this.lastReset.set(peer, now);
        this.ctx.disconnect(peer);
      }
    }
    return live;
  }

  private onHeartbeat(from: string, beat: Z.ZabHeartbeat): void {
    this.zk.views.set(from, beat);
    this.zk.maxSeenEpoch = Math.max(this.zk.maxSeenEpoch, beat.acceptedEpoch);
    if (this.role === "following" && from === this.leaderName && beat.role !== "leading") this.election.stepDown(`leader ${from} stopped leading`);
    // The leader gave up on this follower (nothing heard within syncLimit, e.g. a one-way cut): in
    // ZooKeeper it closes the follower's connection, the follower stops serving and syncs again —
    // it must not go on answering its clients from a tree that no longer receives commits.
    const following = this.zk.state.following();
    if (following !== null && following.syncReceived && from === following.leader && beat.role === "leading" && !beat.holdsYou) {
      return this.election.stepDown(`leader ${from} no longer holds this server as a follower (it heard nothing from it within syncLimit)`);
    }
    // A leader that was paused (or cut off) wakes to heartbeats of peers that moved on: it is no
    // longer their leader, whatever its own state says.
    const leadingEpoch = this.leader?.epoch;
    if (
      this.role === "leading" &&
      this.serving &&
      leadingEpoch !== undefined &&
      beat.leader !== null &&
      beat.leader !== this.ctx.name &&
      beat.acceptedEpoch > leadingEpoch
    ) {
      return this.election.stepDown(`${from} has moved on to epoch ${beat.acceptedEpoch} under ${beat.leader}`);
    }
    if (this.leader && this.serving && beat.leader === this.ctx.name) for (const s of beat.touches) this.leader.touch(s);
  }
}
