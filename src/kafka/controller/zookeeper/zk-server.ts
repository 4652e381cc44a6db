/**
 * A ZooKeeper server (zk-1..K), modelled as an abstract ZAB: the lowest-numbered server that hears
 * from a majority leads; it establishes a new epoch with a majority (adopting the most up-to-date
 * history), syncs followers, and broadcasts proposals that commit when a majority has fsynced
 * them. Every server keeps the committed tree, serves the clients attached to it (forwarding
 * their requests to the leader), and fires their watches. A server that loses its leader or its
 * quorum stops serving: its clients fail over to another server, keeping their session.
 *
 * The server is built in layers, one concept per file (zk-server-core.ts lists them): shared
 * state, request broadcast and sessions (zk-server-broadcast.ts), election and sync
 * (zk-server-quorum.ts). This file is the actor: the tick loop, heartbeats that tell which peers
 * are alive, and the routing of messages.
 */
import type { Actor, ActorFactory, Message } from "../../../sim/actor.js";
import { ms } from "../../../sim/time.js";
import type * as Z from "./zab-messages.js";
import { ZkServerQuorum } from "./zk-server-quorum.js";
import type { ZookeeperOptions } from "./zk-server-core.js";

export { byServerNumber, type ZookeeperOptions } from "./zk-server-core.js";

/** Builds the actor of one ZooKeeper server. */
export function createZookeeperActor(options: ZookeeperOptions): ActorFactory {
  return (ctx) => new ZookeeperServer(ctx, options);
}

const TICK = { tick: true };

/**
 * One server of the ensemble. Roles (ZAB) and their transitions:
 *   looking   → following (joins a serving leader, or accepts a leader-elect's new epoch)
 *             | leading (the lowest-numbered contender that hears from a majority)
 *   following → following (a higher new epoch, while not yet serving) | looking (leader lost)
 *   leading   → looking (not established within initLimit, a peer already accepted a higher
 *               epoch, or quorum lost)
 * `serving` is true once a follower is synced and applying commits, or once a leader is
 * established; it is false again on every return to looking.
 */
export class ZookeeperServer extends ZkServerQuorum implements Actor {
  private readonly lastHeard = new Map<string, number>();
  private readonly lastReset = new Map<string, number>();

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
      case "ZabHeartbeat": return this.onHeartbeat(from, m);
      case "ZabNewEpoch": return this.onNewEpoch(from, m);
      case "ZabNackEpoch": return this.onNackEpoch(from, m);
      case "ZabAckEpoch": return this.onAckEpoch(from, m);
      case "ZabFollowerInfo": return this.onFollowerInfo(from);
      case "ZabSync": return this.onSync(from, m);
      case "ZabAckSync": return this.onAckSync(from, m);
      case "ZabPropose": return this.onPropose(from, m);
      case "ZabAck": return this.onAck(from, m);
      case "ZabCommit": return this.onCommit(from, m);
      case "ZabForward": return this.onForward(from, m);
      case "ZabReply": return this.onReply(from, m);
    }
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
      reachesQuorum: reachable.length + 1 >= this.majority(),
      touches: toLeader ? [...this.touches].sort((a, b) => a - b) : [],
    };
    this.tell(peer, beat);
  }

  /** The peers heard from within syncLimit; silent ones are forgotten and their connection dropped. */
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
    // A leader that was paused (or cut off) wakes to heartbeats of peers that moved on: it is no
    // longer their leader, whatever its own state says.
    const leadingEpoch = this.leader?.epoch;
    if (this.role === "leading" && this.serving && leadingEpoch !== undefined && beat.leader !== null && beat.leader !== this.ctx.name && beat.acceptedEpoch > leadingEpoch) {
      return this.stepDown(`${from} has moved on to epoch ${beat.acceptedEpoch} under ${beat.leader}`);
    }
    if (this.leader && this.serving && beat.leader === this.ctx.name) for (const s of beat.touches) this.leader.touch(s);
  }
}
