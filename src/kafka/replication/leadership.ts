/**
 * Role transitions driven by the controller's partition state (docs/kafka-rules.md §1.3, §1.7, §1.8):
 * become leader (keep the HW, record the epoch start offset, reset follower state) and become
 * follower (pre-KIP-101: truncate to the own HW; with leader epochs: no truncation here, divergence
 * is found on fetch). Stale states (older leader epoch) are ignored.
 */
import type { PartitionState } from "../metadata/partition-state.js";
import type { ReplicationContext } from "./context.js";
import type { Partition } from "./partition.js";
import { assert } from "../../sim/assert.js";

export interface LeadershipHooks {
  readonly rc: ReplicationContext;
  /** Start (or refresh) fetching for a follower partition. */
  follow(p: Partition): void;
  /** Role or epoch changed: fail/complete parked requests and tell listeners. */
  roleChanged(p: Partition): void;
}

/** Apply the controller's decision for a partition hosted here. Returns what happened, for tests. */
export function applyPartitionState(hooks: LeadershipHooks, p: Partition, state: PartitionState): "leader" | "follower" | "isr-update" | "stale" | "no-leader" {
  const me = p.brokerId;
  if (p.role !== "none" && state.leaderEpoch < p.leaderEpoch) return "stale";
  if (p.role !== "none" && state.leaderEpoch === p.leaderEpoch && state.partitionEpoch <= p.partitionEpoch) return "stale";
  const newEpoch = p.role === "none" || state.leaderEpoch > p.leaderEpoch;
  if (state.leader === me) {
    if (newEpoch || !p.isLeader) makeLeader(hooks, p, state);
    else updateCommittedState(hooks, p, state);
    return p.isLeader && !newEpoch ? "isr-update" : "leader";
  }
  if (state.leader < 0) {
    p.role = "follower";
    p.leaderId = -1;
    adopt(p, state);
    hooks.rc.trace("partition-offline", p, { leaderEpoch: p.leaderEpoch });
    hooks.roleChanged(p);
    return "no-leader";
  }
  if (newEpoch || p.role !== "follower" || p.leaderId !== state.leader) makeFollower(hooks, p, state);
  else adopt(p, state);
  return "follower";
}

function adopt(p: Partition, state: PartitionState): void {
  assert(
    p.role === "none" || state.leaderEpoch >= p.leaderEpoch,
    () => `${p.topic}-${p.partition} on broker ${p.brokerId}: leader epoch ${state.leaderEpoch} would replace the newer ${p.leaderEpoch}`,
  );
  p.leaderEpoch = state.leaderEpoch;
  p.partitionEpoch = state.partitionEpoch;
  p.replicas = [...state.replicas];
  p.isr = [...state.isr];
  p.pendingIsr = null;
}

function updateCommittedState(hooks: LeadershipHooks, p: Partition, state: PartitionState): void {
  adopt(p, state);
  p.ensureRemotes(hooks.rc.services.ctx.now());
  hooks.rc.trace("isr-updated", p, {
    isr: [...p.isr],
    partitionEpoch: p.partitionEpoch,
  });
  hooks.rc.replicaChanged(p);
  hooks.rc.maybeAdvanceHighWatermark(p, "ISR update from the controller");
}

/** Partition.makeLeader. */
export function makeLeader(hooks: LeadershipHooks, p: Partition, state: PartitionState): void {
  const rc = hooks.rc;
  const now = rc.services.ctx.now();
  adopt(p, state);
  p.role = "leader";
  p.leaderId = p.brokerId;
  const leo = p.log.logEndOffset;
  if (rc.services.cluster.features.leaderEpochs) p.log.epochCache.assign(p.leaderEpoch, leo, now);
  p.leaderEpochStartOffset = leo;
  p.resetRemotes(now);
  rc.trace("become-leader", p, {
    leaderEpoch: p.leaderEpoch,
    isr: [...p.isr],
    logEndOffset: leo,
    highWatermark: p.log.highWatermark,
  });
  rc.replicaChanged(p);
  hooks.roleChanged(p);
  rc.maybeAdvanceHighWatermark(p, "became leader");
}

/** Partition.makeFollower. */
function makeFollower(hooks: LeadershipHooks, p: Partition, state: PartitionState): void {
  const rc = hooks.rc;
  adopt(p, state);
  p.role = "follower";
  p.leaderId = state.leader;
  p.clearRemotes();
  rc.trace("become-follower", p, {
    leader: p.leaderId,
    leaderEpoch: p.leaderEpoch,
    logEndOffset: p.log.logEndOffset,
  });
  if (!rc.services.cluster.features.leaderEpochs && !rc.bug("no-follower-truncation") && p.log.logEndOffset > p.log.highWatermark) {
    rc.truncate(p, p.log.highWatermark, "truncate-to-high-watermark", { kind: "truncate-to-high-watermark" });
  }
  rc.replicaChanged(p);
  hooks.roleChanged(p);
  hooks.follow(p);
}
