/**
 * How requests travel through a ZooKeeper ensemble (abstract ZAB broadcast): a client's request
 * goes to the leader (ZabForward); the leader's pipeline (zab-leader.ts) proposes each write
 * (ZabPropose), followers log and fsync it and acknowledge (ZabAck), and once a majority has it the
 * leader sends ZabCommit; every server applies commits to its committed tree and fires the watches
 * of its clients; the answer goes back to the server the client is attached to (ZabReply). Session
 * pings are touches: a follower forwards them to the leader, which expires silent sessions.
 */
import type { Message } from "../../../sim/actor.js";
import type { ZkResult } from "../../protocol/zookeeper.js";
import type { LeaderHost } from "./zab-leader.js";
import type * as Z from "./zab-messages.js";
import type { ZkServerShared } from "./zk-server-core.js";
import type { ZkServing } from "./zk-serving.js";
import { ZnodeTree, type WatchTrigger, type ZkLogEntry } from "./znode-tree.js";
import { emit } from "../../explain/catalogue.js";

/** Requests, proposals, commits and sessions (see zk-server-core.ts for the parts). */
export class ZabBroadcast {
  constructor(
    private readonly zk: ZkServerShared,
    private readonly clients: ZkServing,
  ) {}

  /** Route a client's request to the leader (or admit it here when this server leads). */
  forward(request: Z.LeaderRequest): void {
    const { zk } = this;
    if (zk.leader) zk.leader.admit(request, zk.ctx.name);
    else zk.tell(zk.state.leaderName!, { type: "ZabForward", epoch: zk.currentEpoch, request } satisfies Z.ZabForward);
  }

  /** A client pinged: keep its session alive (followers forward touches with their heartbeat). */
  touch(sessionId: number): void {
    if (this.zk.leader) this.zk.leader.touch(sessionId);
    else this.zk.touches.add(sessionId);
  }

  /** Follower: log and fsync a proposal of its leader, then acknowledge it. */
  onPropose(from: string, m: Z.ZabPropose): void {
    const { zk } = this;
    if (zk.state.following()?.leader !== from || m.epoch !== zk.currentEpoch) return;
    zk.log.append(m.entry, zk.ctx.now());
    zk.log.fsync();
    zk.tell(from, { type: "ZabAck", epoch: m.epoch, zxid: m.entry.zxid } satisfies Z.ZabAck);
  }

  onAck(from: string, m: Z.ZabAck): void {
    const leader = this.zk.leader;
    if (leader && m.epoch === leader.epoch && leader.ready.has(from)) leader.ack(from, m.zxid);
  }

  onCommit(from: string, m: Z.ZabCommit): void {
    const following = this.zk.state.following();
    if (following !== null && from === following.leader && m.epoch === this.zk.currentEpoch) this.applyCommitted(m.zxid);
  }

  onForward(from: string, m: Z.ZabForward): void {
    const leader = this.zk.leader;
    if (leader && this.zk.state.serving && m.epoch === leader.epoch) leader.admit(m.request, from);
  }

  onReply(from: string, m: Z.ZabReply): void {
    const following = this.zk.state.following();
    if (following !== null && from === following.leader && following.serving) this.clients.deliver(m.request, m.sessionId, m.result);
  }

  /** Follower: apply the logged entries up to `zxid` to its committed tree (it serves from then on). */
  private applyCommitted(zxid: number): void {
    const { zk } = this;
    const following = zk.state.following()!;
    if (!following.tree) following.tree = new ZnodeTree();
    const wasServing = following.serving;
    following.serving = true;
    while (following.applied < zk.log.length && zk.log.entries[following.applied]!.zxid <= zxid) {
      const entry = zk.log.entries[following.applied++]!;
      const { triggers } = following.tree.apply(entry);
      if (wasServing) this.clients.committed(entry, triggers);
    }
  }

  /** What the leader's pipeline (zab-leader.ts) may do through this server. */
  leaderHost(): LeaderHost {
    const { zk, clients } = this;
    return {
      name: zk.ctx.name,
      now: () => zk.ctx.now(),
      majority: () => zk.majority(),
      persist(entry: ZkLogEntry) {
        zk.log.append(entry, zk.ctx.now());
        zk.log.fsync();
      },
      broadcast(message: Message, to: readonly string[]) {
        for (const peer of to) zk.tell(peer, message);
      },
      applied(entry: ZkLogEntry, triggers: WatchTrigger[]) {
        clients.committed(entry, triggers);
      },
      reply(origin: string, request: Z.LeaderRequest, sessionId: number, result: ZkResult) {
        if (origin === zk.ctx.name) clients.deliver(request, sessionId, result);
        else zk.tell(origin, { type: "ZabReply", epoch: zk.leader!.epoch, request, sessionId, result, zxid: zk.leader!.committedZxid } satisfies Z.ZabReply);
      },
      expire(sessionId: number, silentForUs: number) {
        const ephemerals = zk.leader!.tree.ephemeralsOf(sessionId);
        emit(zk.ctx, "zk-session-expired", { sessionId, ephemerals }, { silentForUs });
      },
    };
  }
}
