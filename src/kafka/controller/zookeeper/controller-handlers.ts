/**
 * The ZooKeeper-mode controller's events besides election and failover: broker change (failure,
 * return, quick bounce detected by a new broker epoch), AlterPartition from leaders (Kafka 3.9:
 * validate leader epoch, partition (znode) version and ISR eligibility), controlled shutdown, topic
 * creation, and ISR-change notifications written by pre-2.7 leaders.
 */
import { NO_LEADER, type PartitionState } from "../../metadata/partition-state.js";
import type {
  AlterPartitionRequest,
  AlterPartitionResponse,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
} from "../../protocol/control.js";
import type { ControlledShutdownRequest, ControlledShutdownResponse } from "../../protocol/controller-requests.js";
import type { KafkaError } from "../../protocol/errors.js";
import type { ZkWriteOp } from "../../protocol/zookeeper.js";
import { assignReplicas } from "../assignment.js";
import { toZnode } from "./controller-state.js";
import { afterBrokerFailure, electForControlledShutdown } from "./election.js";
import * as paths from "./paths.js";
import type { PlannedChange, ZkController } from "./zk-controller.js";
import { emit } from "../../explain/catalogue.js";
import type { AlterRejection } from "../../explain/controllers.js";

const sortIds = (ids: Iterable<number>): number[] => [...ids].sort((a, b) => a - b);

/** BrokerChange: compare /brokers/ids with the live set; a changed epoch is a failure then a return. */
export function brokerChange(ctrl: ZkController, done: () => void): void {
  ctrl.loadBrokers((current) => {
    if (!ctrl.active) return done();
    const known = ctrl.state.liveBrokers;
    const dead = sortIds(known.keys()).filter((id) => !current.has(id));
    const bounced = sortIds(known.keys()).filter((id) => current.has(id) && current.get(id) !== known.get(id));
    const added = sortIds(current.keys()).filter((id) => !known.has(id));
    const failed = [...dead, ...bounced];
    const ctx = ctrl.host.services.ctx;
    for (const id of failed) {
      known.delete(id);
      ctrl.state.shuttingDown.delete(id);
      ctrl.channels.removeBroker(id);
      emit(ctx, "broker-failed", { broker: id, bounced: bounced.includes(id) }, { brokerEpoch: current.get(id) });
    }
    const live = ctrl.state.liveSet();
    const deadSet = new Set(failed);
    const changes: PlannedChange[] = [];
    for (const p of ctrl.state.sortedPartitions()) {
      const outcome = afterBrokerFailure(p.replicas, p, deadSet, live, ctrl.uncleanAllowed(p.topic));
      if (outcome && (outcome.leader !== p.leader || outcome.isr.join() !== p.isr.join())) changes.push({ before: p, ...outcome, reason: "broker failure" });
    }
    ctrl.applyChanges(changes, () => {
      const returned = [...added, ...bounced];
      if (returned.length === 0 || !ctrl.active) return done();
      for (const id of returned) {
        known.set(id, current.get(id)!);
        ctrl.channels.addBroker(id);
        emit(ctx, "broker-online", { broker: id, brokerEpoch: current.get(id) });
      }
      ctrl.sendUpdateMetadata(ctrl.state.liveIds(), null);
      for (const p of ctrl.state.sortedPartitions()) {
        const hosted = p.replicas.filter((r) => returned.includes(r));
        if (hosted.length > 0) ctrl.sendLeaderAndIsr(p, hosted);
      }
      ctrl.electOffline("broker returned", done);
    });
  });
}

type AlterResult = AlterPartitionResponse["partitions"][number];

/** AlterPartition from a partition leader (KIP-497, ZooKeeper controller of Kafka 3.9). */
export function alterPartition(ctrl: ZkController, from: string, request: AlterPartitionRequest, done: () => void): void {
  const respond = (error: KafkaError, partitions: AlterResult[]) => {
    ctrl.host.send(from, { type: "AlterPartitionResponse", correlationId: request.correlationId, error, partitions } satisfies AlterPartitionResponse);
    done();
  };
  if (!ctrl.active) return respond("NOT_CONTROLLER", []);
  if (ctrl.state.liveBrokers.get(request.brokerId) !== request.brokerEpoch) return respond("STALE_BROKER_EPOCH", []);
  const results: AlterResult[] = [];
  const writes: { current: PartitionState; isr: number[] }[] = [];
  const reject = (current: PartitionState | undefined, p: AlterPartitionRequest["partitions"][number], error: KafkaError, why: AlterRejection) => {
    emit(ctrl.host.services.ctx, "alter-partition-rejected", { topic: p.topic, partition: p.partition, broker: request.brokerId, error }, why);
    results.push({
      topic: p.topic,
      partition: p.partition,
      error,
      leader: current?.leader ?? NO_LEADER,
      leaderEpoch: current?.leaderEpoch ?? -1,
      isr: current ? [...current.isr] : [],
      partitionEpoch: current?.partitionEpoch ?? -1,
    });
  };
  for (const p of request.partitions) {
    const current = ctrl.state.partition(p.topic, p.partition);
    if (!current) {
      reject(current, p, "UNKNOWN_TOPIC_OR_PARTITION", { kind: "zk-unknown-partition" });
      continue;
    }
    if (p.leaderEpoch !== current.leaderEpoch) {
      reject(current, p, "FENCED_LEADER_EPOCH", { kind: "zk-fenced-leader-epoch", leaderEpoch: p.leaderEpoch, currentLeaderEpoch: current.leaderEpoch });
      continue;
    }
    if (p.newIsr.join() === current.isr.join() && request.brokerId === current.leader) {
      results.push(stateResult(current));
      continue;
    }
    if (p.partitionEpoch !== current.partitionEpoch) {
      reject(current, p, "INVALID_UPDATE_VERSION", {
        kind: "zk-stale-partition-epoch",
        partitionEpoch: p.partitionEpoch,
        currentPartitionEpoch: current.partitionEpoch,
      });
      continue;
    }
    // KIP-841: only replicas being *added* must be live, not shutting down and of the current broker
    // epoch (a leader in controlled shutdown may still grow its ISR so that it can hand over).
    const ineligible = p.newIsr
      .filter((b) => !current.isr.includes(b))
      .filter((b) => {
        const epoch = p.newIsrBrokerEpochs.find((e) => e.brokerId === b)?.brokerEpoch ?? -1;
        return !ctrl.state.liveBrokers.has(b) || ctrl.state.shuttingDown.has(b) || (epoch >= 0 && epoch !== ctrl.state.liveBrokers.get(b));
      });
    if (ineligible.length > 0) {
      reject(current, p, "INELIGIBLE_REPLICA", { kind: "zk-ineligible", brokers: ineligible });
      continue;
    }
    writes.push({ current, isr: [...p.newIsr] });
  }
  let remaining = writes.length;
  if (remaining === 0) return respond("NONE", results);
  const written: PartitionState[] = [];
  for (const { current, isr } of writes) {
    const znode = toZnode(current.leader, current.leaderEpoch, isr, ctrl.epoch);
    const op: ZkWriteOp = { op: "setData", path: paths.partitionStatePath(current.topic, current.partition), data: znode, version: current.partitionEpoch };
    ctrl.write([op], (outcome, res) => {
      if (outcome === "ok") {
        const state = ctrl.state.store(current.topic, current.partition, znode, res[0]!.stat!.version);
        written.push(state);
        const cause = { kind: isr.length < current.isr.length ? "zk-leader-shrank" : "zk-leader-expanded", leader: current.leader } as const;
        ctrl.traceChange({ before: current, leader: current.leader, isr, unclean: false, cause, reason: "AlterPartition" }, state);
        results.push(stateResult(state));
      } else {
        const error: KafkaError = outcome === "fenced" ? "NOT_CONTROLLER" : "INVALID_UPDATE_VERSION";
        results.push({ ...stateResult(current), error });
        if (outcome === "failed") ctrl.refreshPartition(current.topic, current.partition, () => {});
      }
      if (--remaining > 0) return;
      if (outcome === "fenced" || !ctrl.active) ctrl.resign({ kind: "fenced-write", write: "AlterPartition" });
      else if (written.length > 0) ctrl.sendUpdateMetadata(ctrl.state.liveIds(), written);
      respond("NONE", results);
    });
  }
}

const stateResult = (s: PartitionState): AlterResult => ({
  topic: s.topic,
  partition: s.partition,
  error: "NONE",
  leader: s.leader,
  leaderEpoch: s.leaderEpoch,
  isr: [...s.isr],
  partitionEpoch: s.partitionEpoch,
});

/** ControlledShutdown: move leaderships away, shrink the broker out of ISRs it follows. */
export function controlledShutdown(ctrl: ZkController, from: string, request: ControlledShutdownRequest, done: () => void): void {
  const respond = (error: KafkaError, remaining: { topic: string; partition: number }[]) => {
    ctrl.host.send(from, {
      type: "ControlledShutdownResponse",
      correlationId: request.correlationId,
      error,
      remainingPartitions: remaining,
    } satisfies ControlledShutdownResponse);
    done();
  };
  if (!ctrl.active) return respond("NOT_CONTROLLER", []);
  const id = request.brokerId;
  if (ctrl.state.liveBrokers.get(id) !== request.brokerEpoch) return respond("STALE_BROKER_EPOCH", []);
  ctrl.state.shuttingDown.add(id);
  const live = ctrl.state.liveSet();
  const changes: PlannedChange[] = [];
  for (const p of ctrl.state.sortedPartitions()) {
    if (!p.replicas.includes(id) || p.replicas.length <= 1) continue;
    if (p.leader === id) {
      const next = electForControlledShutdown(p.replicas, p.isr, live, ctrl.state.shuttingDown);
      if (next)
        changes.push({
          before: p,
          ...next,
          unclean: false,
          reason: "controlled shutdown",
          cause: { kind: "zk-shutdown-leader", broker: id, leader: next.leader },
        });
    } else if (p.isr.includes(id) && p.isr.length > 1) {
      changes.push({
        before: p,
        leader: p.leader,
        isr: p.isr.filter((b) => b !== id),
        unclean: false,
        reason: "controlled shutdown",
        cause: { kind: "zk-shutdown-isr", broker: id },
      });
    }
  }
  ctrl.applyChanges(changes, () => {
    if (!ctrl.active) return respond("NOT_CONTROLLER", []);
    const remaining = ctrl.state
      .sortedPartitions()
      .filter((p) => p.leader === id && p.replicas.length > 1)
      .map((p) => ({ topic: p.topic, partition: p.partition }));
    respond("NONE", remaining);
  });
}

/** CreateTopics from the admin client: assign replicas, write topic and partition znodes in one multi. */
export function createTopics(ctrl: ZkController, from: string, request: CreateTopicsRequest, done: () => void): void {
  const results: CreateTopicsResponse["topics"] = [];
  const finish = () => {
    ctrl.host.send(from, { type: "CreateTopicsResponse", correlationId: request.correlationId, topics: results } satisfies CreateTopicsResponse);
    done();
  };
  const next = (i: number): void => {
    if (i >= request.topics.length) return finish();
    const t = request.topics[i]!;
    if (!ctrl.active) {
      results.push({ name: t.name, error: "NOT_CONTROLLER", message: `the controller is broker-${ctrl.controllerId}` });
      return next(i + 1);
    }
    if (ctrl.state.topics.has(t.name)) {
      results.push({ name: t.name, error: "TOPIC_ALREADY_EXISTS" });
      return next(i + 1);
    }
    const live = ctrl.state.liveIds();
    if (t.replicationFactor > live.length || t.replicationFactor < 1) {
      results.push({
        name: t.name,
        error: "INVALID_REPLICATION_FACTOR",
        message: `replication factor ${t.replicationFactor} larger than available brokers ${live.length}`,
      });
      return next(i + 1);
    }
    const assignment = assignReplicas(live, t.partitions, t.replicationFactor, ctrl.host.services.ctx.random);
    const topic: paths.TopicZnode = { partitions: assignment, config: { ...t.config } };
    const ops: ZkWriteOp[] = [
      { op: "create", path: paths.topicPath(t.name), data: topic, ephemeral: false, sequential: false },
      { op: "create", path: paths.partitionsPath(t.name), data: null, ephemeral: false, sequential: false },
    ];
    assignment.forEach((replicas, p) => {
      ops.push({ op: "create", path: paths.partitionPath(t.name, p), data: null, ephemeral: false, sequential: false });
      ops.push({
        op: "create",
        path: paths.partitionStatePath(t.name, p),
        data: toZnode(replicas[0]!, 0, replicas, ctrl.epoch),
        ephemeral: false,
        sequential: false,
      });
    });
    ctrl.write(ops, (outcome, res) => {
      if (outcome !== "ok") {
        const exists = res.some((r) => r.code === "NODEEXISTS");
        if (outcome === "fenced") ctrl.resign({ kind: "fenced-write", write: "topic-creation" });
        if (exists && ctrl.active) {
          // An earlier attempt of ours may have committed while its answer was lost (the ZooKeeper
          // client re-sends after a connection loss): adopt what ZooKeeper holds and start it.
          return ctrl.loadTopics([t.name], () => {
            const loaded = ctrl.state.sortedPartitions().filter((state) => state.topic === t.name);
            for (const state of loaded) {
              ctrl.host.services.observer.partitionCommitted?.(state, { unclean: false, reason: "topic read from ZooKeeper" });
              ctrl.sendLeaderAndIsr(state, state.replicas);
            }
            if (loaded.length > 0) ctrl.sendUpdateMetadata(ctrl.state.liveIds(), loaded);
            results.push({ name: t.name, error: "TOPIC_ALREADY_EXISTS" });
            next(i + 1);
          });
        }
        results.push({ name: t.name, error: exists ? "TOPIC_ALREADY_EXISTS" : "NOT_CONTROLLER" });
        return next(i + 1);
      }
      ctrl.state.topics.set(t.name, topic);
      const created = assignment.map((replicas, p) => ctrl.state.store(t.name, p, toZnode(replicas[0]!, 0, replicas, ctrl.epoch), 0));
      emit(ctrl.host.services.ctx, "topic-created", { topic: t.name, partitions: t.partitions, assignment });
      onNewPartitionCreation(ctrl, created, "topic created");
      results.push({ name: t.name, error: "NONE" });
      next(i + 1);
    });
  };
  next(0);
}

/**
 * CreatePartitions on the controller broker. In Kafka's ZooKeeper mode the request handler
 * (ZkAdminManager.createPartitions → AdminZkClient.addPartitions) rewrites the topic znode with
 * the longer assignment, and the controller's watch on it (PartitionModificationsHandler →
 * onNewPartitionCreation) writes each new partition's state znode and sends LeaderAndIsr and
 * UpdateMetadata. Here the controller does both steps in one event: one multi-op updates the
 * topic znode and creates the new partitions' znodes.
 */
export function createPartitions(ctrl: ZkController, from: string, request: CreatePartitionsRequest, done: () => void): void {
  const results: CreatePartitionsResponse["topics"] = [];
  const finish = () => {
    ctrl.host.send(from, {
      type: "CreatePartitionsResponse",
      correlationId: request.correlationId,
      topics: results,
    } satisfies CreatePartitionsResponse);
    done();
  };
  const next = (i: number): void => {
    if (i >= request.topics.length) return finish();
    const t = request.topics[i]!;
    if (!ctrl.active) {
      results.push({ name: t.name, error: "NOT_CONTROLLER", message: `the controller is broker-${ctrl.controllerId}` });
      return next(i + 1);
    }
    const topic = ctrl.state.topics.get(t.name);
    if (!topic || topic.partitions.length === 0) {
      results.push({ name: t.name, error: "UNKNOWN_TOPIC_OR_PARTITION", message: `The topic '${t.name}' does not exist.` });
      return next(i + 1);
    }
    const existing = topic.partitions.length;
    if (t.count <= existing) {
      results.push({
        name: t.name,
        error: "INVALID_PARTITIONS",
        message:
          t.count === existing
            ? `Topic already has ${existing} partitions.`
            : `Topic currently has ${existing} partitions, which is higher than the requested ${t.count}.`,
      });
      return next(i + 1);
    }
    const live = ctrl.state.liveIds();
    const replicationFactor = topic.partitions[0]!.length;
    if (replicationFactor > live.length) {
      results.push({
        name: t.name,
        error: "INVALID_REPLICATION_FACTOR",
        message: `replication factor ${replicationFactor} larger than available brokers ${live.length}`,
      });
      return next(i + 1);
    }
    const added = assignReplicas(live, t.count - existing, replicationFactor, ctrl.host.services.ctx.random);
    const updated: paths.TopicZnode = { partitions: [...topic.partitions.map((r) => [...r]), ...added], config: { ...topic.config } };
    const ops: ZkWriteOp[] = [{ op: "setData", path: paths.topicPath(t.name), data: updated, version: -1 }];
    added.forEach((replicas, k) => {
      const p = existing + k;
      ops.push({ op: "create", path: paths.partitionPath(t.name, p), data: null, ephemeral: false, sequential: false });
      ops.push({
        op: "create",
        path: paths.partitionStatePath(t.name, p),
        data: toZnode(replicas[0]!, 0, replicas, ctrl.epoch),
        ephemeral: false,
        sequential: false,
      });
    });
    ctrl.write(ops, (outcome) => {
      if (outcome !== "ok") {
        if (outcome === "fenced") ctrl.resign({ kind: "fenced-write", write: "partition-creation" });
        results.push({ name: t.name, error: "NOT_CONTROLLER" });
        return next(i + 1);
      }
      ctrl.state.topics.set(t.name, updated);
      const created = added.map((replicas, k) => ctrl.state.store(t.name, existing + k, toZnode(replicas[0]!, 0, replicas, ctrl.epoch), 0));
      emit(ctrl.host.services.ctx, "partitions-created", { topic: t.name, from: existing, to: t.count, assignment: added }, "zookeeper");
      onNewPartitionCreation(ctrl, created, "partitions added");
      results.push({ name: t.name, error: "NONE" });
      next(i + 1);
    });
  };
  next(0);
}

/**
 * KafkaController.onNewPartitionCreation, shared by topic creation and added partitions: report the
 * new partition states, send LeaderAndIsr to their replicas and UpdateMetadata to every live broker.
 */
function onNewPartitionCreation(ctrl: ZkController, created: PartitionState[], reason: string): void {
  for (const state of created) {
    ctrl.host.services.observer.partitionCommitted?.(state, { unclean: false, reason });
    ctrl.sendLeaderAndIsr(state, state.replicas);
  }
  ctrl.sendUpdateMetadata(ctrl.state.liveIds(), created);
}

/** Pre-2.7 leaders wrote ISR changes themselves; the controller re-reads them and spreads the news. */
export function isrChangeNotification(ctrl: ZkController, done: () => void): void {
  ctrl.read({ op: "getChildren", path: paths.ISR_CHANGE_PATH, watch: true }, (r) => {
    const children = (r.children ?? []).slice().sort();
    if (!ctrl.active || children.length === 0) return done();
    const notePaths = children.map((c) => `${paths.ISR_CHANGE_PATH}/${c}`);
    ctrl.readMany(
      notePaths.map((path) => ({ op: "getData", path, watch: false })),
      (notes) => {
        const keys = new Map<string, { topic: string; partition: number }>();
        for (const note of notes) for (const p of (note.data as paths.IsrChangeZnode | undefined)?.partitions ?? []) keys.set(`${p.topic}-${p.partition}`, p);
        const list = [...keys.keys()].sort().map((k) => keys.get(k)!);
        let remaining = list.length;
        const after = () => {
          const refreshed = list.map((p) => ctrl.state.partition(p.topic, p.partition)).filter((s): s is PartitionState => s !== undefined);
          if (refreshed.length > 0) ctrl.sendUpdateMetadata(ctrl.state.liveIds(), refreshed);
          ctrl.write(
            notePaths.map((path) => ({ op: "delete", path, version: -1 })),
            () => done(),
          );
        };
        if (remaining === 0) return after();
        for (const p of list) ctrl.refreshPartition(p.topic, p.partition, () => --remaining === 0 && after());
      },
    );
  });
}
