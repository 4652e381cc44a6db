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
import { ZkServerCore } from "./zk-server-core.js";
import { ZkServing } from "./zk-serving.js";
import { ZnodeTree, type WatchTrigger, type ZkLogEntry } from "./znode-tree.js";

/** Layer 2 of {@link ZookeeperServer}: requests, proposals, commits and sessions (see zk-server-core.ts). */
export abstract class ZkServerBroadcast extends ZkServerCore {
  readonly clients: ZkServing = new ZkServing(this);

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

  /** Follower: log and fsync a proposal of its leader, then acknowledge it. */
  protected onPropose(from: string, m: Z.ZabPropose): void {
    if (this.role !== "following" || from !== this.leaderName || m.epoch !== this.currentEpoch) return;
    this.log.append(m.entry, this.ctx.now());
    this.log.fsync();
    this.tell(from, { type: "ZabAck", epoch: m.epoch, zxid: m.entry.zxid } satisfies Z.ZabAck);
  }

  protected onAck(from: string, m: Z.ZabAck): void {
    if (this.leader && m.epoch === this.leader.epoch && this.leader.ready.has(from)) this.leader.ack(from, m.zxid);
  }

  protected onCommit(from: string, m: Z.ZabCommit): void {
    if (this.role === "following" && from === this.leaderName && m.epoch === this.currentEpoch) this.applyCommitted(m.zxid);
  }

  protected onForward(from: string, m: Z.ZabForward): void {
    if (this.leader && this.serving && m.epoch === this.leader.epoch) this.leader.admit(m.request, from);
  }

  protected onReply(from: string, m: Z.ZabReply): void {
    if (this.role === "following" && from === this.leaderName && this.serving) this.clients.deliver(m.request, m.sessionId, m.result);
  }

  /** Follower: apply the logged entries up to `zxid` to its committed tree (it serves from then on). */
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

  /** What the leader's pipeline (zab-leader.ts) may do through this server. */
  protected leaderHost(): LeaderHost {
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
