/**
 * ISR bookkeeping on the leader (docs/kafka-rules.md §1.3): the lastCaughtUpTime rule, which followers
 * are out of sync (shrink) and which may join (expand).
 */
import type { Micros } from "../../sim/time.js";
import type { Partition, RemoteReplica } from "./partition.js";

/**
 * Replica.updateFetchStateOrThrow: a fetch at ≥ the leader's LEO now catches the follower up now;
 * a fetch at ≥ the leader's LEO of the previous fetch catches it up as of that previous fetch.
 */
export function updateFollowerFetchState(remote: RemoteReplica, fetchOffset: number, leaderLogEndOffset: number, nowUs: Micros, brokerEpoch: number): void {
  if (fetchOffset >= leaderLogEndOffset) remote.lastCaughtUpTimeUs = Math.max(remote.lastCaughtUpTimeUs, nowUs);
  else if (remote.lastFetchLeaderLogEndOffset >= 0 && fetchOffset >= remote.lastFetchLeaderLogEndOffset) {
    remote.lastCaughtUpTimeUs = Math.max(remote.lastCaughtUpTimeUs, remote.lastFetchTimeUs);
  }
  remote.logEndOffset = fetchOffset;
  remote.lastFetchLeaderLogEndOffset = leaderLogEndOffset;
  remote.lastFetchTimeUs = nowUs;
  remote.brokerEpoch = brokerEpoch;
}

/** Replica.isCaughtUp: at the leader's LEO, or caught up within replica.lag.time.max.ms. */
export function isCaughtUp(remote: RemoteReplica, leaderLogEndOffset: number, nowUs: Micros, lagMaxUs: Micros): boolean {
  return remote.logEndOffset === leaderLogEndOffset || nowUs - remote.lastCaughtUpTimeUs <= lagMaxUs;
}

/** ISR followers that are out of sync: LEO ≠ leader LEO and not caught up for longer than the lag limit. */
export function outOfSyncReplicas(p: Partition, nowUs: Micros, lagMaxUs: Micros): { brokerId: number; lagUs: Micros }[] {
  const leaderEnd = p.log.logEndOffset;
  const out: { brokerId: number; lagUs: Micros }[] = [];
  // The common case, every ISR follower in sync, allocates nothing; the sorted walk below only runs when one is not.
  if (!p.isr.some((id) => id !== p.brokerId && isOutOfSync(p.remotes.get(id), leaderEnd, nowUs, lagMaxUs))) return out;
  for (const id of [...p.isr].sort((a, b) => a - b)) {
    if (id === p.brokerId) continue;
    const remote = p.remotes.get(id);
    if (!remote) continue;
    if (remote.logEndOffset !== leaderEnd && nowUs - remote.lastCaughtUpTimeUs > lagMaxUs) out.push({ brokerId: id, lagUs: nowUs - remote.lastCaughtUpTimeUs });
  }
  return out;
}

/** Every ISR follower the leader has a state for is at the leader's LEO: none can fall out of sync until something changes. */
export function isrAtLogEnd(p: Partition): boolean {
  const leaderEnd = p.log.logEndOffset;
  for (const id of p.isr) {
    if (id === p.brokerId) continue;
    const remote = p.remotes.get(id);
    if (remote !== undefined && remote.logEndOffset !== leaderEnd) return false;
  }
  return true;
}

function isOutOfSync(remote: RemoteReplica | undefined, leaderEnd: number, nowUs: Micros, lagMaxUs: Micros): boolean {
  return remote !== undefined && remote.logEndOffset !== leaderEnd && nowUs - remote.lastCaughtUpTimeUs > lagMaxUs;
}

/** Why a follower outside the ISR may not join yet, or null when it may (Partition.isFollowerInSync + eligibility). */
export function expansionBlocker(
  p: Partition,
  remote: RemoteReplica,
  options: { checkEpochStartOffset: boolean; currentBrokerEpoch: number | undefined; eligible: boolean },
): string | null {
  if (remote.logEndOffset < 0) return "has not fetched in the current leader epoch";
  if (remote.logEndOffset < p.log.highWatermark) return `its LEO ${remote.logEndOffset} is below the HW ${p.log.highWatermark}`;
  if (options.checkEpochStartOffset && remote.logEndOffset < p.leaderEpochStartOffset) {
    return `its LEO ${remote.logEndOffset} is below the leader epoch start offset ${p.leaderEpochStartOffset}`;
  }
  if (!options.eligible) return "the broker is fenced or shutting down";
  if (options.currentBrokerEpoch !== undefined && options.currentBrokerEpoch >= 0 && remote.brokerEpoch !== options.currentBrokerEpoch) {
    return `its fetch carried broker epoch ${remote.brokerEpoch}, the current one is ${options.currentBrokerEpoch}`;
  }
  return null;
}
