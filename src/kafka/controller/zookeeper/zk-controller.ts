/**
 * The ZooKeeper-mode controller (KafkaController, Kafka 3.9) running inside every broker: election
 * through the ephemeral /controller znode and /controller_epoch (one multi-op with a version check),
 * failover (read brokers, topics and partition states; push metadata; elect offline leaders),
 * broker failure and return, and epoch-fenced writes of partition state: every write carries a
 * check of /controller_epoch's version, so a deposed controller's writes fail (KAFKA-6082).
 */
import type { EventId } from "../../../sim/scheduler.js";
import type { BrokerServices } from "../../broker/services.js";
import { brokerNode, clonePartitionState, NO_LEADER, sharedPartitionState, type PartitionState } from "../../metadata/partition-state.js";
import type { AlterPartitionResponse, CreatePartitionsResponse, CreateTopicsResponse } from "../../protocol/control.js";
import type * as C from "../../protocol/controller-requests.js";
import type { ZkReadOp, ZkResult, ZkWriteOp } from "../../protocol/zookeeper.js";
import { readUncleanLeaderElection } from "../election-settings.js";
import { ControllerChannels, type ControllerChannelTimer } from "./controller-channel.js";
import { ControllerState, toZnode } from "./controller-state.js";
import { afterBrokerFailure, electOfflineLeader, type ElectionOutcome } from "./election.js";
import { EventQueue } from "./event-queue.js";
import * as paths from "./paths.js";
import type { ZkClient } from "./zk-client.js";
import { emit } from "../../explain/catalogue.js";
import type { ZkElection } from "../../explain/partition-changes.js";
import type { Resignation } from "../../explain/controllers.js";

/** A partition-state write the controller wants, with why. */
export interface PlannedChange {
  before: PartitionState;
  leader: number;
  isr: number[];
  unclean: boolean;
  /** Which rule decided, for the explanation of the trace records. */
  cause: ZkElection;
  reason: string;
}

/** What the controller sends: its requests to brokers and its answers to their requests. */
export type ControllerOutbound =
  C.ControllerToBrokerRequest | AlterPartitionResponse | C.ControlledShutdownResponse | CreateTopicsResponse | CreatePartitionsResponse;

/** A timer of the controller's channels to brokers (`ControllerChannels.onTimer`). */
export interface ChannelTimer {
  readonly kind: "controller-channel";
  readonly timer: ControllerChannelTimer;
}

export interface ControllerHost {
  readonly services: BrokerServices;
  /** Send to a broker node (to this broker itself without the network). */
  send(to: string, message: ControllerOutbound): void;
  zk(): ZkClient;
  setTimer(timer: ChannelTimer, delayUs: number): EventId;
}

export class ZkController {
  active = false;
  epoch = 0;
  private epochZkVersion = -1;
  /** The controller as last seen in /controller (-1 unknown). */
  controllerId = -1;
  readonly state = new ControllerState();
  readonly events = new EventQueue();
  readonly channels: ControllerChannels;

  constructor(readonly host: ControllerHost) {
    const s = host.services;
    this.channels = new ControllerChannels({
      now: () => s.ctx.now(),
      send: (to, m) => host.send(to, m),
      disconnect: (peer) => s.ctx.disconnect(peer),
      setTimer: (timer, delayUs) => host.setTimer({ kind: "controller-channel", timer }, delayUs),
      cancelTimer: (id) => s.ctx.cancelTimer(id),
    });
  }

  get brokerId(): number {
    return this.host.services.brokerId;
  }

  // ---- ZooKeeper helpers ------------------------------------------------------------------------

  read(op: ZkReadOp, done: (result: ZkResult) => void): void {
    this.host.zk().request(op, done);
  }

  readMany(ops: ZkReadOp[], done: (results: ZkResult[]) => void): void {
    if (ops.length === 0) return done([]);
    const results: ZkResult[] = new Array(ops.length);
    let remaining = ops.length;
    ops.forEach((op, i) =>
      this.read(op, (r) => {
        results[i] = r;
        if (--remaining === 0) done(results);
      }),
    );
  }

  /** A controller write: wrapped with a check of /controller_epoch's version unless the mutant is on. */
  write(ops: ZkWriteOp[], done: (outcome: "ok" | "fenced" | "failed", results: ZkResult[]) => void): void {
    const skipCheck = this.host.services.cluster.bugs.has("no-controller-epoch-check");
    const guarded: ZkWriteOp[] = skipCheck ? ops : [{ op: "check", path: paths.CONTROLLER_EPOCH_PATH, version: this.epochZkVersion }, ...ops];
    this.host.zk().request({ op: "multi", ops: guarded }, (result) => {
      const results = result.results ?? [result];
      const own = skipCheck ? results : results.slice(1);
      if (result.code === "OK") return done("ok", own);
      if (!skipCheck && results[0]!.code !== "OK" && results[0]!.code !== "RUNTIMEINCONSISTENCY") {
        emit(this.host.services.ctx, "controller-fenced", { epoch: this.epoch }, { epochZkVersion: this.epochZkVersion });
        return done("fenced", own);
      }
      done("failed", own);
    });
  }

  // ---- election ---------------------------------------------------------------------------------

  /** Elect event: find the controller, or try to become it. */
  elect(done: () => void): void {
    this.read({ op: "exists", path: paths.CONTROLLER_PATH, watch: true }, (exists) => {
      if (exists.code === "OK") {
        return this.read({ op: "getData", path: paths.CONTROLLER_PATH, watch: false }, (r) => {
          if (r.code !== "OK") return this.elect(done);
          const owner = (r.data as paths.ControllerZnode).brokerid;
          const mine = r.stat!.ephemeralOwner === this.host.zk().sessionId;
          if (this.active && !mine) this.resign({ kind: "controller-moved", owner });
          // This session holds /controller but the controller is not active: its election went
          // through on this session after the expiry of the previous one was handled (the model's
          // ZooKeeper client sends the requests of an expired session again on the new one, where
          // Kafka's fail). Nobody else can win while the znode stands, so it takes over.
          if (mine && !this.active) return this.resumeOwnElection(done);
          this.controllerId = owner;
          done();
        });
      }
      if (this.active) this.resign({ kind: "controller-deleted" });
      this.register(done);
    });
  }

  private register(done: () => void): void {
    this.read({ op: "getData", path: paths.CONTROLLER_EPOCH_PATH, watch: false }, (r) => {
      if (r.code === "NONODE") {
        const create: ZkWriteOp = { op: "create", path: paths.CONTROLLER_EPOCH_PATH, data: 0, ephemeral: false, sequential: false };
        return this.host.zk().request(create, () => this.register(done));
      }
      if (r.code !== "OK") return done();
      const epoch = (r.data as number) + 1;
      const version = r.stat!.version;
      const ops: ZkWriteOp[] = [
        { op: "create", path: paths.CONTROLLER_PATH, data: { brokerid: this.brokerId } satisfies paths.ControllerZnode, ephemeral: true, sequential: false },
        { op: "setData", path: paths.CONTROLLER_EPOCH_PATH, data: epoch, version },
      ];
      this.host.zk().request({ op: "multi", ops }, (result) => {
        if (result.code === "OK") return this.becomeController(epoch, version + 1, done);
        // NODEEXISTS or BADVERSION: another broker won, or this very multi was applied and its
        // answer lost with the connection (the client sends it again after reconnecting).
        this.checkControllerAndEpoch(epoch, done);
      });
    });
  }

  /**
   * KafkaZkClient.registerControllerAndIncrementControllerEpoch's checkControllerAndEpoch: when
   * /controller names this broker and /controller_epoch holds the epoch it tried to write, its own
   * multi went through (only a later election writes a larger epoch): it is the controller. Else
   * it looks again, and follows whoever holds /controller.
   */
  private checkControllerAndEpoch(epoch: number, done: () => void): void {
    this.readMany(
      [
        { op: "getData", path: paths.CONTROLLER_PATH, watch: false },
        { op: "getData", path: paths.CONTROLLER_EPOCH_PATH, watch: false },
      ],
      ([controller, current]) => {
        const mine = controller!.code === "OK" && (controller!.data as paths.ControllerZnode).brokerid === this.brokerId;
        if (mine && current!.code === "OK" && current!.data === epoch) return this.becomeController(epoch, current!.stat!.version, done);
        this.elect(done);
      },
    );
  }

  /** Take over as the controller of the epoch in /controller_epoch, which this session's election wrote. */
  private resumeOwnElection(done: () => void): void {
    this.read({ op: "getData", path: paths.CONTROLLER_EPOCH_PATH, watch: false }, (r) => {
      if (r.code !== "OK") return done();
      this.becomeController(r.data as number, r.stat!.version, done);
    });
  }

  private becomeController(epoch: number, epochZkVersion: number, done: () => void): void {
    this.active = true;
    this.epoch = epoch;
    this.epochZkVersion = epochZkVersion;
    this.controllerId = this.brokerId;
    const s = this.host.services;
    emit(s.ctx, "controller-elected", { broker: this.brokerId, epoch });
    s.observer.controllerLeadership?.(brokerNode(this.brokerId), epoch, true);
    this.failover(done);
  }

  resign(why: Resignation): void {
    if (!this.active) return;
    this.active = false;
    this.channels.clear();
    this.state.clear();
    const s = this.host.services;
    emit(s.ctx, "controller-resigned", { broker: this.brokerId, epoch: this.epoch }, why);
    s.observer.controllerLeadership?.(brokerNode(this.brokerId), this.epoch, false);
  }

  // ---- failover -----------------------------------------------------------------------------------

  private failover(done: () => void): void {
    this.state.clear();
    this.loadBrokers((ids) => {
      for (const [id, epoch] of ids) this.state.liveBrokers.set(id, epoch);
      for (const id of this.state.liveIds()) this.channels.addBroker(id);
      this.read({ op: "getChildren", path: paths.TOPICS_PATH, watch: true }, (r) => {
        const topics = (r.children ?? []).slice().sort();
        this.loadTopics(topics, () => {
          this.read({ op: "getChildren", path: paths.ISR_CHANGE_PATH, watch: true }, () => {
            // What ZooKeeper holds is committed, including writes whose writer (a controller that
            // stopped or was fenced) never saw the result: report it to the observers as read.
            for (const p of this.state.sortedPartitions())
              this.host.services.observer.partitionCommitted?.(p, { unclean: false, reason: "read from ZooKeeper by the new controller" });
            this.sendUpdateMetadata(this.state.liveIds(), null);
            for (const p of this.state.sortedPartitions()) this.sendLeaderAndIsr(p, p.replicas);
            this.electOffline("controller failover", done);
          });
        });
      });
    });
  }

  /** Read /brokers/ids (with a watch) and each broker's epoch (czxid). */
  loadBrokers(done: (brokers: Map<number, number>) => void): void {
    this.read({ op: "getChildren", path: paths.BROKER_IDS_PATH, watch: true }, (r) => {
      const ids = (r.children ?? []).map(Number).sort((a, b) => a - b);
      this.readMany(
        ids.map((id) => ({ op: "exists", path: paths.brokerIdPath(id), watch: false })),
        (stats) => {
          const brokers = new Map<number, number>();
          ids.forEach((id, i) => {
            if (stats[i]!.code === "OK") brokers.set(id, stats[i]!.stat!.czxid);
          });
          done(brokers);
        },
      );
    });
  }

  loadTopics(topics: string[], done: () => void): void {
    this.readMany(
      topics.map((t) => ({ op: "getData", path: paths.topicPath(t), watch: false })),
      (results) => {
        const reads: ZkReadOp[] = [];
        const keys: [string, number][] = [];
        topics.forEach((t, i) => {
          if (results[i]!.code !== "OK") return;
          const topic = results[i]!.data as paths.TopicZnode;
          this.state.topics.set(t, topic);
          topic.partitions.forEach((_, p) => {
            reads.push({ op: "getData", path: paths.partitionStatePath(t, p), watch: false });
            keys.push([t, p]);
          });
        });
        this.readMany(reads, (states) => {
          keys.forEach(([t, p], i) => {
            const r = states[i]!;
            if (r.code === "OK") this.state.store(t, p, r.data as paths.PartitionStateZnode, r.stat!.version);
          });
          done();
        });
      },
    );
  }

  // ---- elections and partition-state writes ---------------------------------------------------------

  uncleanAllowed(topic: string): boolean {
    const s = this.host.services;
    if (s.cluster.bugs.has("zk-unclean-election-always")) return true;
    return readUncleanLeaderElection(s.config.overlay(this.state.topics.get(topic)?.config ?? {}));
  }

  /**
   * Bring every partition in line with the live brokers: dead members leave ISRs (never emptying
   * them), offline partitions get a leader when an eligible replica is live.
   */
  electOffline(reason: string, done: () => void): void {
    const live = this.state.liveSet();
    const changes: PlannedChange[] = [];
    for (const p of this.state.sortedPartitions()) {
      const dead = new Set([...p.isr, p.leader].filter((b) => b !== NO_LEADER && !live.has(b)));
      if (dead.size === 0 && p.leader !== NO_LEADER) continue;
      const outcome: ElectionOutcome | null =
        p.leader === NO_LEADER
          ? electOfflineLeader(p.replicas, p.isr, live, this.uncleanAllowed(p.topic))
          : afterBrokerFailure(p.replicas, p, dead, live, this.uncleanAllowed(p.topic));
      if (outcome && (outcome.leader !== p.leader || outcome.isr.join() !== p.isr.join())) changes.push({ before: p, ...outcome, reason });
    }
    this.applyChanges(changes, done);
  }

  /**
   * Write each change with a version check on its state znode (and the controller-epoch check),
   * then tell replicas (LeaderAndIsr) and every live broker (UpdateMetadata).
   */
  applyChanges(changes: PlannedChange[], done: (written: PartitionState[]) => void): void {
    if (changes.length === 0 || !this.active) return done([]);
    const written: PartitionState[] = [];
    let remaining = changes.length;
    let fenced = false;
    const finish = () => {
      if (--remaining > 0) return;
      if (fenced) {
        this.resign({ kind: "fenced-write", write: "partition-state" });
        return done(written);
      }
      for (const state of written) this.sendLeaderAndIsr(state, state.replicas);
      if (written.length > 0) this.sendUpdateMetadata(this.state.liveIds(), written);
      done(written);
    };
    for (const change of changes) {
      const { before } = change;
      const leaderEpoch = before.leaderEpoch + 1;
      const znode = toZnode(change.leader, leaderEpoch, change.isr, this.epoch);
      const op: ZkWriteOp = { op: "setData", path: paths.partitionStatePath(before.topic, before.partition), data: znode, version: before.partitionEpoch };
      this.write([op], (outcome, results) => {
        if (outcome === "fenced") fenced = true;
        else if (outcome === "ok") {
          const state = this.state.store(before.topic, before.partition, znode, results[0]!.stat!.version);
          written.push(state);
          this.traceChange(change, state);
        } else {
          emit(
            this.host.services.ctx,
            "partition-state-conflict",
            { topic: before.topic, partition: before.partition },
            { partitionEpoch: before.partitionEpoch },
          );
          this.refreshPartition(before.topic, before.partition, () => {});
        }
        finish();
      });
    }
  }

  refreshPartition(topic: string, partition: number, done: () => void): void {
    this.read({ op: "getData", path: paths.partitionStatePath(topic, partition), watch: false }, (r) => {
      if (r.code === "OK") {
        const state = this.state.store(topic, partition, r.data as paths.PartitionStateZnode, r.stat!.version);
        this.host.services.observer.partitionCommitted?.(state, { unclean: false, reason: "re-read from ZooKeeper after a version conflict" });
      }
      done();
    });
  }

  traceChange(change: PlannedChange, state: PartitionState): void {
    const s = this.host.services;
    const base = {
      topic: state.topic,
      partition: state.partition,
      leader: state.leader,
      leaderEpoch: state.leaderEpoch,
      isr: [...state.isr],
      partitionEpoch: state.partitionEpoch,
      controllerEpoch: this.epoch,
    };
    if (change.unclean) emit(s.ctx, "unclean-election", { ...base, previousIsr: [...change.before.isr] }, change.cause);
    if (state.leader !== change.before.leader)
      emit(s.ctx, "leader-change", { ...base, previousLeader: change.before.leader, reason: change.reason }, change.cause);
    if (state.isr.join() !== change.before.isr.join())
      emit(s.ctx, "isr-change", { ...base, previousIsr: [...change.before.isr], reason: change.reason }, change.cause);
    s.observer.partitionCommitted?.(state, { unclean: change.unclean, reason: change.reason });
  }

  // ---- requests to brokers ------------------------------------------------------------------------------

  sendLeaderAndIsr(state: PartitionState, to: readonly number[]): void {
    for (const id of [...to].sort((a, b) => a - b)) {
      if (!this.state.liveBrokers.has(id)) continue;
      this.channels.enqueue(id, {
        type: "LeaderAndIsr",
        controllerId: this.brokerId,
        controllerEpoch: this.epoch,
        brokerEpoch: this.state.liveBrokers.get(id)!,
        partitions: [{ ...state, replicas: [...state.replicas], isr: [...state.isr] }],
      } as Omit<C.LeaderAndIsrRequest, "correlationId">);
    }
  }

  /** UpdateMetadata with the given partitions (null = all) to the given brokers. */
  sendUpdateMetadata(to: readonly number[], partitions: PartitionState[] | null): void {
    // One frozen copy of each state for every broker it goes to: each broker's metadata image keeps
    // it as is (a full UpdateMetadata to 100 brokers of 10,000 partitions was a million clones).
    const states = (partitions ?? this.state.sortedPartitions()).map((p) => sharedPartitionState(clonePartitionState(p)));
    const liveBrokers = this.state.brokerInfos();
    const topics = this.state.topicInfos();
    for (const id of to) {
      if (!this.state.liveBrokers.has(id)) continue;
      this.channels.enqueue(id, {
        type: "UpdateMetadata",
        controllerId: this.brokerId,
        controllerEpoch: this.epoch,
        brokerEpoch: this.state.liveBrokers.get(id)!,
        liveBrokers,
        topics,
        partitions: states,
      } as Omit<C.UpdateMetadataRequest, "correlationId">);
    }
  }
}
