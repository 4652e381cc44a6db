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
import type { LeadingState } from "./zab-state.js";
import type { ZabBroadcast } from "./zk-server-broadcast.js";
import { byServerNumber, type ZkServerShared } from "./zk-server-core.js";
import type { ZkServing } from "./zk-serving.js";
import type { ZkLogEntry } from "./znode-tree.js";
import { emit } from "../../explain/catalogue.js";

/** Election, discovery, sync and stepping down (see zk-server-core.ts for the parts). */
export class ZabElection {
  constructor(
    private readonly zk: ZkServerShared,
    private readonly broadcast: ZabBroadcast,
    private readonly clients: ZkServing,
  ) {}

  /** Looking: follow a serving leader within reach, or lead if this is the lowest-numbered contender with a majority. */
  lookForLeader(reachable: string[]): void {
    const { zk } = this;
    const serving = reachable.find((p) => {
      const v = zk.views.get(p);
      return v?.role === "leading" && v.serving && v.reachesQuorum;
    });
    if (serving) {
      zk.state.transitionToFollowing(serving);
      zk.tell(serving, { type: "ZabFollowerInfo", acceptedEpoch: zk.acceptedEpoch } satisfies Z.ZabFollowerInfo);
      return;
    }
    if (reachable.length + 1 < zk.majority()) return;
    const rivals = reachable.filter((p) => zk.views.get(p)?.reachesQuorum && zk.views.get(p)?.role !== "following");
    if (rivals.some((p) => byServerNumber(p, zk.ctx.name) < 0)) return;
    const epoch = Math.max(zk.acceptedEpoch, zk.maxSeenEpoch) + 1;
    zk.saveEpochs({ acceptedEpoch: epoch, currentEpoch: zk.currentEpoch });
    const leading = zk.state.transitionToLeading(epoch, zk.ctx.now());
    for (const peer of reachable) zk.tell(peer, { type: "ZabNewEpoch", epoch } satisfies Z.ZabNewEpoch);
    this.maybeCompleteDiscovery(leading);
  }

  onNewEpoch(from: string, m: Z.ZabNewEpoch): void {
    const { zk } = this;
    const following = zk.state.following();
    const again = m.epoch === zk.acceptedEpoch && following !== null && following.leader === from && !following.syncReceived;
    const busy = zk.state.role === "leading" || (following !== null && following.serving);
    if (!again && (busy || m.epoch <= zk.acceptedEpoch)) {
      zk.tell(from, { type: "ZabNackEpoch", epoch: m.epoch, acceptedEpoch: zk.acceptedEpoch } satisfies Z.ZabNackEpoch);
      return;
    }
    zk.saveEpochs({ acceptedEpoch: m.epoch, currentEpoch: zk.currentEpoch });
    zk.state.transitionToFollowing(from);
    const ack: Z.ZabAckEpoch = { type: "ZabAckEpoch", epoch: m.epoch, currentEpoch: zk.currentEpoch, history: zk.log.entries.slice() };
    zk.tell(from, ack);
  }

  onNackEpoch(from: string, m: Z.ZabNackEpoch): void {
    const { zk } = this;
    zk.maxSeenEpoch = Math.max(zk.maxSeenEpoch, m.acceptedEpoch);
    const leading = zk.state.leading();
    if (leading?.epoch === m.epoch && !leading.syncing) this.stepDown(`${from} already accepted epoch ${m.acceptedEpoch}`);
  }

  onAckEpoch(from: string, m: Z.ZabAckEpoch): void {
    const leading = this.zk.state.leading();
    if (!leading || leading.syncing || m.epoch !== leading.epoch) return;
    leading.acks.set(from, m);
    this.maybeCompleteDiscovery(leading);
  }

  private maybeCompleteDiscovery(d: LeadingState): void {
    const { zk } = this;
    if (d.syncing || d.acks.size + 1 < zk.majority()) return;
    // ZAB discovery: adopt the most up-to-date history of the quorum (by current epoch, then last zxid).
    let best: { currentEpoch: number; history: readonly ZkLogEntry[] } = { currentEpoch: zk.currentEpoch, history: zk.log.entries };
    for (const peer of [...d.acks.keys()].sort(byServerNumber)) {
      const ack = d.acks.get(peer)!;
      if (compareHistory(ack, best) > 0) best = ack;
    }
    const history = best.history.slice();
    zk.replaceLog(history);
    zk.saveEpochs({ acceptedEpoch: d.epoch, currentEpoch: d.epoch });
    d.syncing = true;
    d.pipeline = new ZabLeader(d.epoch, history, this.broadcast.leaderHost());
    for (const peer of [...d.acks.keys()].sort(byServerNumber)) this.sendSync(d.pipeline, peer);
    this.maybeEstablish(d);
  }

  /** A follower (re)joining an established or syncing leader asks for the history. */
  onFollowerInfo(from: string): void {
    const leading = this.zk.state.leading();
    if (leading?.syncing) this.sendSync(leading.pipeline!, from);
  }

  onSync(from: string, m: Z.ZabSync): void {
    const { zk } = this;
    const following = zk.state.following();
    if (following === null || from !== following.leader || m.epoch < zk.acceptedEpoch) return;
    if (following.syncReceived && m.epoch === zk.currentEpoch) return; // a duplicate (FollowerInfo was resent)
    zk.replaceLog(m.history.slice());
    zk.saveEpochs({ acceptedEpoch: m.epoch, currentEpoch: m.epoch });
    following.syncReceived = true;
    following.tree = null;
    following.applied = 0;
    const last = m.history.length > 0 ? m.history[m.history.length - 1]!.zxid : 0;
    zk.tell(from, { type: "ZabAckSync", epoch: m.epoch, lastZxid: last } satisfies Z.ZabAckSync);
  }

  onAckSync(from: string, m: Z.ZabAckSync): void {
    const leading = this.zk.state.leading();
    const leader = leading?.pipeline;
    if (!leading || !leader || m.epoch !== leader.epoch) return;
    leader.ready.add(from);
    leader.ack(from, m.lastZxid);
    if (leading.serving) this.zk.tell(from, { type: "ZabCommit", epoch: leader.epoch, zxid: leader.committedZxid } satisfies Z.ZabCommit);
    else this.maybeEstablish(leading);
  }

  private maybeEstablish(leading: LeadingState): void {
    const { zk } = this;
    const leader = leading.pipeline!;
    if (!leading.serving && leader.ready.size + 1 >= zk.majority()) {
      leading.serving = true;
      emit(
        zk.ctx,
        "zk-leader-elected",
        { epoch: leader.epoch, followers: [...leader.ready].sort(byServerNumber) },
        { majority: zk.majority(), servers: zk.peers.length + 1, committedZxid: leader.committedZxid },
      );
      for (const peer of [...leader.ready].sort(byServerNumber)) {
        zk.tell(peer, { type: "ZabCommit", epoch: leader.epoch, zxid: leader.committedZxid } satisfies Z.ZabCommit);
      }
    }
  }

  /** Every tick while leading: retry NewEpoch, give up after initLimit, step down without a quorum, expire sessions. */
  checkLeadership(reachable: string[]): void {
    const { zk } = this;
    const d = zk.state.leading()!;
    if (!d.serving && zk.ctx.now() - d.startedUs > zk.initTimeoutUs) return this.stepDown(`no majority synced within initLimit for epoch ${d.epoch}`);
    if (!d.syncing) {
      for (const peer of reachable) if (!d.acks.has(peer)) zk.tell(peer, { type: "ZabNewEpoch", epoch: d.epoch } satisfies Z.ZabNewEpoch);
    }
    if (!d.serving) return;
    const synced = reachable.filter((p) => d.pipeline!.ready.has(p));
    if (synced.length + 1 < zk.majority()) return this.stepDown(`only ${synced.length + 1} of ${zk.peers.length + 1} servers in contact: quorum lost`);
    d.pipeline!.checkSessions();
  }

  stepDown(reason: string): void {
    const { zk } = this;
    const was = zk.state.role;
    const serving = zk.state.serving;
    zk.state.transitionToLooking(reason);
    if (serving) emit(zk.ctx, "zk-stop-serving", { was, reason });
    this.clients.stopServing();
  }

  /** Send the whole history; proposals that follow travel after it on the same FIFO connection. */
  private sendSync(leader: ZabLeader, peer: string): void {
    leader.synced.add(peer);
    this.zk.tell(peer, { type: "ZabSync", epoch: leader.epoch, history: this.zk.log.entries.slice() } satisfies Z.ZabSync);
  }
}

function compareHistory(a: { currentEpoch: number; history: readonly ZkLogEntry[] }, b: { currentEpoch: number; history: readonly ZkLogEntry[] }): number {
  if (a.currentEpoch !== b.currentEpoch) return a.currentEpoch - b.currentEpoch;
  const lastA = a.history.length > 0 ? a.history[a.history.length - 1]!.zxid : 0;
  const lastB = b.history.length > 0 ? b.history[b.history.length - 1]!.zxid : 0;
  return lastA - lastB;
}
