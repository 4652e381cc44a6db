/**
 * ISR changes proposed by the leader through the controller (docs/kafka-rules.md §1.3, KIP-497): the
 * periodic shrink check, expansion on follower fetches, one AlterPartition in flight per partition,
 * and the controller's answer (accepted → committed; rejected → back to the last committed ISR).
 */
import type { AlterPartitionRequest, AlterPartitionResponse } from "../protocol/control.js";
import type { KafkaError } from "../protocol/errors.js";
import { ms } from "../../sim/time.js";
import { sortByTopicPartition } from "../topic-partition-keys.js";
import type { ReplicationContext } from "./context.js";
import { expansionBlocker, isrAtLogEnd, outOfSyncReplicas } from "./isr.js";
import type { Partition } from "./partition.js";
import type { LaggingReplica } from "../explain/replication.js";

/** Why a shrink is proposed: the followers that fell behind. */
interface Shrink {
  readonly outOfSync: readonly LaggingReplica[];
  readonly replicaLagTimeMaxMs: number;
}

/** Why an expansion is proposed: the follower that caught up, and what it caught up with. */
interface Expand {
  readonly follower: number;
  readonly logEndOffset: number;
  readonly highWatermark: number;
  readonly leaderEpochStartOffset: number;
}

/**
 * What the leader does with a partition's AlterPartition error (Partition.handleAlterPartitionError):
 * `reset` — the controller says the change was not applied (INELIGIBLE_REPLICA,
 * OPERATION_NOT_ATTEMPTED): back to the last committed ISR; `await-metadata` — the leader's state
 * is stale (FENCED_LEADER_EPOCH, INVALID_UPDATE_VERSION, INVALID_REQUEST, UNKNOWN_TOPIC_OR_PARTITION,
 * NEW_LEADER_ELECTED): the change stays pending until newer metadata replaces it; `retry` — any
 * other error: the same change is proposed again.
 */
function alterPartitionErrorAction(error: KafkaError): "reset" | "await-metadata" | "retry" {
  switch (error) {
    case "INELIGIBLE_REPLICA":
      return "reset";
    case "FENCED_LEADER_EPOCH":
    case "INVALID_UPDATE_VERSION":
    case "INVALID_REQUEST":
    case "UNKNOWN_TOPIC_OR_PARTITION":
    case "NEW_LEADER_ELECTED":
      return "await-metadata";
    default:
      return "retry";
  }
}

export class IsrManager {
  private nextCorrelationId = 1;
  /**
   * Partitions where an ISR follower may not be at the leader's LEO: every partition whose leader
   * LEO, ISR, role or follower states changed since the expiry check last found all its ISR
   * followers at the LEO. Kafka's maybeShrinkIsr looks at every leader partition; one whose ISR
   * followers are all at the LEO has nobody to remove (Replica.isCaughtUp), so the check looks only
   * at these, in the same (topic, partition) order.
   */
  private readonly expiryCandidates = new Set<Partition>();

  constructor(private readonly rc: ReplicationContext) {}

  /** Something the expiry check depends on changed for `p`. */
  markForExpiryCheck(p: Partition): void {
    this.expiryCandidates.add(p);
  }

  /** The leader's `isr-expiration` task (every replica.lag.time.max.ms / 2). Returns how many partitions it looked at. */
  shrinkCheck(): number {
    const rc = this.rc;
    const now = rc.services.ctx.now();
    const lagMaxMs = rc.settings.replicaLagTimeMaxMs;
    const candidates = sortByTopicPartition([...this.expiryCandidates]);
    for (const p of candidates) {
      if (!p.isLeader) {
        this.expiryCandidates.delete(p); // becoming leader again marks it
        continue;
      }
      if (p.pendingIsr) continue;
      const outOfSync = outOfSyncReplicas(p, now, ms(lagMaxMs));
      if (outOfSync.length === 0) {
        if (isrAtLogEnd(p)) this.expiryCandidates.delete(p);
        continue;
      }
      const removed = outOfSync.map((o) => o.brokerId);
      const newIsr = p.isr.filter((id) => !removed.includes(id));
      this.propose(p, "shrink", newIsr, removed, { outOfSync, replicaLagTimeMaxMs: lagMaxMs });
    }
    return candidates.length;
  }

  /** After a follower fetch: propose adding it when it is in sync and eligible. */
  maybeExpand(p: Partition, followerId: number): void {
    const rc = this.rc;
    if (!p.isLeader || p.pendingIsr || p.isr.includes(followerId)) return;
    const remote = p.remotes.get(followerId);
    if (!remote) return;
    const info = rc.services.metadata.brokers.get(followerId);
    const blocker = expansionBlocker(p, remote, {
      checkEpochStartOffset: rc.services.cluster.features.leaderEpochs,
      currentBrokerEpoch: info?.brokerEpoch,
      eligible: info ? !info.fenced && !info.inControlledShutdown : true,
    });
    if (blocker !== null) return;
    const newIsr = [...p.isr, followerId].sort((a, b) => a - b);
    this.propose(p, "expand", newIsr, [], {
      follower: followerId,
      logEndOffset: remote.logEndOffset,
      highWatermark: p.log.highWatermark,
      leaderEpochStartOffset: p.leaderEpochStartOffset,
    });
  }

  private propose(p: Partition, kind: "expand" | "shrink", newIsr: number[], removed: number[], why: Shrink | Expand): void {
    const rc = this.rc;
    const correlationId = this.nextCorrelationId++;
    const now = rc.services.ctx.now();
    const localShrink = kind === "shrink" && rc.bug("local-isr-shrink");
    const fields = {
      isr: [...p.isr],
      proposedIsr: newIsr,
      ...(kind === "shrink" ? { removed } : {}),
      leaderEpoch: p.leaderEpoch,
      partitionEpoch: p.partitionEpoch,
    };
    if ("outOfSync" in why) rc.trace("isr-shrink-proposed", p, fields, { ...why, local: localShrink });
    else rc.trace("isr-expand-proposed", p, fields, why);
    if (localShrink) {
      p.isr = newIsr;
      p.pendingIsr = null;
    } else {
      p.pendingIsr = { kind, proposedIsr: newIsr, correlationId, sentAtUs: now };
    }
    this.send(p, correlationId, newIsr);
    if (localShrink) rc.maybeAdvanceHighWatermark(p, "local ISR shrink");
  }

  private send(p: Partition, correlationId: number, newIsr: number[]): void {
    const rc = this.rc;
    const ownEpoch = rc.services.controllerAgent().brokerEpoch();
    const request: AlterPartitionRequest = {
      type: "AlterPartition",
      correlationId,
      brokerId: rc.services.brokerId,
      brokerEpoch: ownEpoch,
      partitions: [
        {
          topic: p.topic,
          partition: p.partition,
          leaderEpoch: p.leaderEpoch,
          partitionEpoch: p.partitionEpoch,
          newIsr,
          newIsrBrokerEpochs: newIsr.map((id) => ({
            brokerId: id,
            brokerEpoch: id === rc.services.brokerId ? ownEpoch : (p.remotes.get(id)?.brokerEpoch ?? -1),
          })),
        },
      ],
    };
    rc.services.controllerAgent().sendAlterPartition(request);
  }

  /** The controller's answer to an AlterPartition. */
  handleResponse(response: AlterPartitionResponse): void {
    const rc = this.rc;
    if (response.partitions.length === 0 && response.error !== "NONE") {
      // A request-level failure (no controller answered in time): every proposal it carried rolls
      // back, so the leader can propose again instead of waiting forever for an answer.
      for (const p of rc.sortedPartitions()) {
        if (p.pendingIsr?.correlationId !== response.correlationId) continue;
        const proposed = p.pendingIsr.proposedIsr;
        p.pendingIsr = null;
        rc.trace(
          "isr-change-rejected",
          p,
          {
            error: response.error,
            proposedIsr: proposed,
            isr: [...p.isr],
          },
          { requestFailed: true },
        );
        rc.maybeAdvanceHighWatermark(p, "ISR change rolled back");
      }
      return;
    }
    for (const result of response.partitions) {
      const p = rc.partition(result.topic, result.partition);
      if (!p) continue;
      const ours = p.pendingIsr?.correlationId === response.correlationId;
      const error = response.error !== "NONE" ? response.error : result.error;
      if (error === "NONE") {
        if (!p.isLeader || result.leaderEpoch !== p.leaderEpoch || result.partitionEpoch <= p.partitionEpoch) {
          if (ours) p.pendingIsr = null;
          continue;
        }
        p.isr = [...result.isr];
        p.partitionEpoch = result.partitionEpoch;
        p.pendingIsr = null;
        rc.trace("isr-change-accepted", p, {
          isr: [...p.isr],
          partitionEpoch: p.partitionEpoch,
        });
        rc.replicaChanged(p);
        rc.maybeAdvanceHighWatermark(p, "ISR change committed");
      } else if (ours) {
        const pending = p.pendingIsr!;
        // Kafka 2.7+ (Partition.handleAlterPartitionError) in KRaft mode. The ZooKeeper-mode
        // controller model answers FENCED_LEADER_EPOCH where Kafka's answers NOT_CONTROLLER (a
        // newer epoch than its own), so there the leader keeps falling back to its committed ISR.
        const action = rc.services.cluster.mode === "kraft" ? alterPartitionErrorAction(error) : "reset";
        if (action === "await-metadata") {
          rc.trace("isr-change-fenced", p, {
            error,
            proposedIsr: [...pending.proposedIsr],
            isr: [...p.isr],
          });
          continue;
        }
        if (action === "retry") {
          const correlationId = this.nextCorrelationId++;
          p.pendingIsr = { ...pending, correlationId };
          rc.trace("isr-change-retried", p, {
            error,
            proposedIsr: [...pending.proposedIsr],
          });
          this.send(p, correlationId, pending.proposedIsr);
          continue;
        }
        p.pendingIsr = null;
        rc.trace(
          "isr-change-rejected",
          p,
          {
            error,
            proposedIsr: pending.proposedIsr,
            isr: [...p.isr],
          },
          { requestFailed: false },
        );
        rc.maybeAdvanceHighWatermark(p, "ISR change rolled back");
      }
    }
  }
}
