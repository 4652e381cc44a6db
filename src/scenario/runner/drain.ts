/**
 * The drain phase (docs/scenario-format.md "The drain phase", Jepsen's final reads, TigerBeetle's liveness
 * phase): producers stop calling send() (already-sent records keep retrying), network faults heal,
 * paused nodes resume, stopped and crashed nodes restart; then the run goes on until every partition
 * converged and every group read up to the HW, at most 180 simulated seconds.
 */
import { AssertionFailure } from "../../sim/assert.js";
import { brokerNode } from "../../kafka/metadata/partition-state.js";
import type { PartitionConvergence } from "../result.js";
import type { Scenario } from "../types.js";
import type { BuiltCluster } from "./build-cluster.js";
import type { NodeControl } from "./fault-schedule.js";

const DRAIN_LIMIT_US = 180_000_000;
const CHECK_EVERY_US = 250_000;

/** Convergence of one partition: a leader, every live assigned replica in the ISR, HW = LEO on the leader. */
export function partitionConvergence(cluster: BuiltCluster, topic: string, partition: number): PartitionConvergence {
  const name = `${topic}-${partition}`;
  const state = cluster.view.partition(name);
  const base = { partition: name, leader: null as string | null, isr: [] as string[], highWatermark: 0, logEndOffset: 0 };
  if (!state) return { ...base, converged: false, why: "the partition was never created" };
  const isr = state.isr.map(brokerNode);
  if (state.leader < 0) return { ...base, isr, converged: false, why: `no leader (ISR {${state.isr.join(",")}}, ELR {${state.elr.join(",")}})` };
  const leader = brokerNode(state.leader);
  const alive = (id: number) => cluster.world.host(brokerNode(id))?.status === "running";
  if (!alive(state.leader)) return { ...base, leader, isr, converged: false, why: `leader ${leader} is not running` };
  const log = cluster.brokers.get(state.leader)?.replicaManager.localLog(topic, partition);
  if (!log) return { ...base, leader, isr, converged: false, why: `${leader} has no replica of ${name}` };
  const result = { partition: name, leader, isr, highWatermark: log.highWatermark, logEndOffset: log.logEndOffset };
  const outside = state.replicas.filter((r) => alive(r) && !state.isr.includes(r));
  if (outside.length > 0) return { ...result, converged: false, why: `live replicas ${outside.map(brokerNode).join(", ")} not in the ISR` };
  if (log.highWatermark !== log.logEndOffset)
    return { ...result, converged: false, why: `${HW_BEHIND}${log.highWatermark} < LEO ${log.logEndOffset} on ${leader}` };
  return { ...result, converged: true };
}

/** How the `why` of a partition whose only shortfall is its HW below its LEO begins. */
const HW_BEHIND = "HW ";

/**
 * Whether a partition was left without a working leader or with a live replica outside its ISR:
 * what the metric `unconverged` counts (Kafka's OfflinePartitionsCount and
 * UnderReplicatedPartitions). A leader whose HW is below its LEO with every live replica in its
 * ISR is not counted: a write its followers have not fetched yet, which a drain stopped at its limit
 * for another reason can catch (an offset commit landing at that instant); an HW held back for good
 * by an ISR member shrinks the ISR within replica.lag.time.max.ms, and that is counted.
 */
export function leftUnrecovered(p: PartitionConvergence): boolean {
  return !p.converged && p.why?.startsWith(HW_BEHIND) !== true;
}

/**
 * Tracks, from the history and incrementally, which consumer process owns each partition for its
 * group (assignments, revocations, crashes) and where each process's position is: the offset after
 * the last record it polled, or where a reset (committed offset, auto.offset.reset, a detected log
 * truncation) put it. A group has read a partition to the HW when its owner's position is the HW:
 * a position above it (records it read were truncated away and it has not noticed) is not.
 */
class GroupProgress {
  private cursor = 0;
  /** `group|topic-p` → the owning process. */
  private readonly owner = new Map<string, string>();
  /** `process|topic-p` → that process's position. */
  private readonly positions = new Map<string, number>();

  constructor(private readonly cluster: BuiltCluster) {}

  update(): void {
    const ops = this.cluster.history.ops();
    for (; this.cursor < ops.length; this.cursor++) {
      const op = ops[this.cursor]!;
      if (op.kind === "poll") {
        for (const r of op.records) this.positions.set(`${op.process}|${r.topic}-${r.partition}`, r.offset + 1);
      } else if (op.kind === "reset") {
        this.positions.set(`${op.process}|${op.topic}-${op.partition}`, op.offset);
      } else if (op.kind === "assign") {
        for (const tp of op.revoked)
          if (this.owner.get(`${op.group}|${tp.topic}-${tp.partition}`) === op.process) this.owner.delete(`${op.group}|${tp.topic}-${tp.partition}`);
        for (const tp of op.assigned) this.owner.set(`${op.group}|${tp.topic}-${tp.partition}`, op.process);
      } else if (op.kind === "client-crash" || op.kind === "client-stop") {
        for (const [key, process] of [...this.owner]) if (process === op.process) this.owner.delete(key);
      }
    }
  }

  /** The owner of a group's partition and its position (undefined: no owner, or no position yet). */
  position(group: string, partition: string): { process: string; offset: number | undefined } | undefined {
    const process = this.owner.get(`${group}|${partition}`);
    return process === undefined ? undefined : { process, offset: this.positions.get(`${process}|${partition}`) };
  }
}

export interface DrainOutcome {
  converged: boolean;
  partitions: PartitionConvergence[];
  /** Why the drain ended without convergence (groups behind, sends still pending). */
  notes: string[];
}

/** The drain; `onTick` (progress) receives the simulated time after each check. */
export function drain(scenario: Scenario, cluster: BuiltCluster, control: NodeControl, onTick?: (nowUs: number) => void): DrainOutcome {
  const { world, nodes } = cluster;
  const startUs = world.now;
  cluster.timeline.add({ atUs: startUs, kind: "drain", text: "drain phase: producers stop sending, faults heal, nodes resume and restart" });
  for (const producer of nodes.producers) world.inject(producer, { type: "StopSending" });
  world.network.clearRules();
  for (const node of nodes.all) {
    const host = world.host(node)!;
    if (host.status === "paused") control.resume(node);
    else if (!host.alive) control.restart(node);
  }
  const progress = new GroupProgress(cluster);
  const partitions = new ConvergenceScan(cluster);
  // Every 250 ms only whether the drain is over; the details (each partition's convergence, what is
  // still missing) once, at the end.
  let done = drainDone(scenario, cluster, progress, partitions);
  while (!done && world.now < startUs + DRAIN_LIMIT_US) {
    world.run(world.now + CHECK_EVERY_US);
    // A node whose controlled shutdown was still under way when the drain began stops later: restart it too.
    for (const node of nodes.all) if (!world.host(node)!.alive) control.restart(node);
    done = drainDone(scenario, cluster, progress, partitions);
    onTick?.(world.now);
  }
  const status = check(scenario, cluster, progress);
  if (status.done !== done)
    throw new AssertionFailure(`drain: the quick check says ${done ? "done" : "not done"}, the full check the opposite (${status.notes.join("; ")})`);
  const converged = status.partitions.every((p) => p.converged);
  cluster.timeline.add({
    atUs: world.now,
    kind: "drain",
    text: status.done
      ? `drain complete after ${((world.now - startUs) / 1e6).toFixed(2)}s: every partition converged and every group read to the HW`
      : `drain stopped at the 180 s limit: ${status.notes.join("; ") || "not converged"}`,
  });
  return { converged, partitions: status.partitions, notes: status.notes };
}

/**
 * Whether every partition has converged, asked every 250 ms of the drain: a scan that starts at the
 * partition that was not converged the previous time, wraps around, and stops at the first partition
 * not converged now. Converged answers only after looking at every partition at this instant, as a
 * scan from the first partition would; one that is not converged usually looks at one partition
 * instead of every partition before it (10,000 partitions: 10,000 lookups per check).
 */
class ConvergenceScan {
  private readonly topics: string[] = [];
  private readonly numbers: number[] = [];
  private next = 0;

  constructor(private readonly cluster: BuiltCluster) {}

  allConverged(): boolean {
    // The partitions every check judges (a topic's count only grows: built again when it did).
    let count = 0;
    for (const topic of this.cluster.topics) count += topic.partitions;
    if (count !== this.topics.length) this.list();
    const n = this.topics.length;
    for (let k = 0; k < n; k++) {
      const i = (this.next + k) % n;
      if (!partitionConverged(this.cluster, this.topics[i]!, this.numbers[i]!)) {
        this.next = i;
        return false;
      }
    }
    return true;
  }

  private list(): void {
    this.topics.length = 0;
    this.numbers.length = 0;
    this.next = 0;
    for (const topic of this.cluster.topics)
      for (let p = 0; p < topic.partitions; p++) {
        this.topics.push(topic.name);
        this.numbers.push(p);
      }
  }
}

/**
 * `check(...).done` without its details: no send awaiting an outcome, every group's owner of each
 * partition at the converged leader's HW, every partition converged (as {@link partitionConvergence}
 * judges). Asked cheapest first (while groups still read, the answer comes before any scan of every
 * partition) and stops at the first thing missing; builds no text.
 */
function drainDone(scenario: Scenario, cluster: BuiltCluster, progress: GroupProgress, partitions: ConvergenceScan): boolean {
  if (cluster.history.inFlightCount() !== 0) return false;
  progress.update();
  for (const group of scenario.consumers) {
    for (const topic of group.topics) {
      const spec = cluster.topics.find((t) => t.name === topic);
      for (let p = 0; p < (spec?.partitions ?? 0); p++) {
        const name = `${topic}-${p}`;
        const owned = progress.position(group.group, name);
        if (owned === undefined || owned.offset === undefined || owned.offset !== leaderHighWatermark(cluster, topic, p)) return false;
      }
    }
  }
  return partitions.allConverged();
}

/** {@link partitionConvergence}'s `converged`, without building its result. */
function partitionConverged(cluster: BuiltCluster, topic: string, partition: number): boolean {
  const state = cluster.view.partitionOf(topic, partition);
  if (!state || state.leader < 0 || !brokerRunning(cluster, state.leader)) return false;
  const log = cluster.brokers.get(state.leader)?.replicaManager.localLog(topic, partition);
  if (!log) return false;
  for (const r of state.replicas) if (brokerRunning(cluster, r) && !state.isr.includes(r)) return false;
  return log.highWatermark === log.logEndOffset;
}

/** The HW of the committed leader's replica (what `check` compares group positions with once the partition converged), undefined without one. */
function leaderHighWatermark(cluster: BuiltCluster, topic: string, partition: number): number | undefined {
  const state = cluster.view.partitionOf(topic, partition);
  if (state === undefined || state.leader < 0) return undefined;
  return cluster.brokers.get(state.leader)?.replicaManager.localLog(topic, partition)?.highWatermark;
}

function brokerRunning(cluster: BuiltCluster, id: number): boolean {
  return cluster.world.host(brokerNode(id))?.status === "running";
}

function check(scenario: Scenario, cluster: BuiltCluster, progress: GroupProgress): { done: boolean; partitions: PartitionConvergence[]; notes: string[] } {
  const partitions: PartitionConvergence[] = [];
  for (const topic of cluster.topics) for (let p = 0; p < topic.partitions; p++) partitions.push(partitionConvergence(cluster, topic.name, p));
  const notes = partitions.filter((p) => !p.converged).map((p) => `${p.partition}: ${p.why}`);
  progress.update();
  // Groups are judged on the partitions that converged (the HW of the others is not final); every
  // reason the drain is not over is listed, not only the first kind found.
  const hw = new Map(partitions.filter((p) => p.converged).map((p) => [p.partition, p.highWatermark]));
  for (const group of scenario.consumers) {
    for (const topic of group.topics) {
      const spec = cluster.topics.find((t) => t.name === topic);
      for (let p = 0; p < (spec?.partitions ?? 0); p++) {
        const name = `${topic}-${p}`;
        const target = hw.get(name);
        if (target === undefined) continue;
        const owned = progress.position(group.group, name);
        if (owned === undefined) notes.push(`no consumer of group ${group.group} owns ${name}`);
        else if (owned.offset === undefined) notes.push(`${owned.process} (group ${group.group}) has no position on ${name} yet, HW is ${target}`);
        else if (owned.offset < target) notes.push(`group ${group.group} has read ${name} to ${owned.offset}, HW is ${target}`);
        else if (owned.offset > target)
          notes.push(
            `${owned.process} (group ${group.group}) is at offset ${owned.offset} of ${name}, above the HW ${target} of the converged leader: records it read there are gone and it has not noticed`,
          );
      }
    }
  }
  const pending = cluster.history.inFlightCount();
  if (pending > 0) notes.push(`${pending} sends still awaiting an outcome`);
  return { done: notes.length === 0, partitions, notes };
}
