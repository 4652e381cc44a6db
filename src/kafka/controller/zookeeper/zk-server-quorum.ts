/**
 * Leader election and recovery in a ZooKeeper ensemble (abstract ZAB): a looking server joins a
 * leader that serves with a quorum; otherwise the lowest-numbered server that hears from a
 * majority starts a new epoch (ZabNewEpoch), adopts the most up-to-date history of the majority
 * that accepts it (discovery: by current epoch, then last zxid), sends that history to each
 * follower (ZabSync) and is established once a majority has acknowledged it (ZabAckSync). A leader
 * steps down when it cannot establish within initLimit or loses its quorum; a follower when it
 * loses its leader. A server that steps down stops serving its clients.
 */
import type * as Z from "./zab-messages.js";
import { ZabLeader } from "./zab-leader.js";
import { ZkServerBroadcast } from "./zk-server-broadcast.js";
import { byServerNumber } from "./zk-server-core.js";
import type { ZkLogEntry } from "./znode-tree.js";

/** Layer 3 of {@link ZookeeperServer}: election, discovery, sync (see zk-server-core.ts). */
export abstract class ZkServerQuorum extends ZkServerBroadcast {
  /** Leader-elect bookkeeping. */
  private discovery: { epoch: number; startedUs: number; acks: Map<string, Z.ZabAckEpoch>; syncing: boolean } | null = null;
  protected syncReceived = false;

  /** Looking: follow a serving leader within reach, or lead if this is the lowest-numbered contender with a majority. */
  protected lookForLeader(reachable: string[]): void {
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

  protected onNewEpoch(from: string, m: Z.ZabNewEpoch): void {
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

  protected onNackEpoch(from: string, m: Z.ZabNackEpoch): void {
    this.maxSeenEpoch = Math.max(this.maxSeenEpoch, m.acceptedEpoch);
    if (this.discovery?.epoch === m.epoch && !this.discovery.syncing) this.stepDown(`${from} already accepted epoch ${m.acceptedEpoch}`);
  }

  protected onAckEpoch(from: string, m: Z.ZabAckEpoch): void {
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

  /** A follower (re)joining an established or syncing leader asks for the history. */
  protected onFollowerInfo(from: string): void {
    if (this.role === "leading" && this.discovery?.syncing) this.sendSync(from);
  }

  protected onSync(from: string, m: Z.ZabSync): void {
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

  protected onAckSync(from: string, m: Z.ZabAckSync): void {
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

  /** Every tick while leading: retry NewEpoch, give up after initLimit, step down without a quorum, expire sessions. */
  protected checkLeadership(reachable: string[]): void {
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

  protected stepDown(reason: string): void {
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
}

function compareHistory(a: { currentEpoch: number; history: readonly ZkLogEntry[] }, b: { currentEpoch: number; history: readonly ZkLogEntry[] }): number {
  if (a.currentEpoch !== b.currentEpoch) return a.currentEpoch - b.currentEpoch;
  const lastA = a.history.length > 0 ? a.history[a.history.length - 1]!.zxid : 0;
  const lastB = b.history.length > 0 ? b.history[b.history.length - 1]!.zxid : 0;
  return lastA - lastB;
}
