/**
 * How the leader advances its high watermark (docs/kafka-rules.md §1.2): the candidate is the leader's
 * LEO, lowered to the LEO of every maximal-ISR member and of every caught-up ISR-eligible follower;
 * it only moves forward; with strict min ISR (3.7+) it does not move while |ISR| < effective min ISR.
 */
import type { Micros } from "../../sim/time.js";
import { isCaughtUp } from "./isr.js";
import type { Partition } from "./partition.js";

export interface HighWatermarkPolicy {
  nowUs: Micros;
  replicaLagTimeMaxUs: Micros;
  /** KAFKA-15583: no advance under min ISR. */
  strictMinIsr: boolean;
  effectiveMinIsr: number;
  /** Mutant `hw-ignores-isr`: the HW is the leader's own LEO. */
  ignoreIsr: boolean;
  /** May this follower join the ISR (not fenced, not shutting down)? */
  isrEligible(brokerId: number): boolean;
}

/** The candidate HW and, when it is held back, the follower holding it (for the trace). */
export interface HighWatermarkCandidate {
  offset: number;
  heldBy: number | null;
  /** Set when strict min ISR blocks any advance. */
  blockedUnderMinIsr: boolean;
}

function leaderHighWatermarkCandidate(p: Partition, policy: HighWatermarkPolicy): HighWatermarkCandidate {
  const leaderEnd = p.log.logEndOffset;
  if (policy.ignoreIsr) return { offset: leaderEnd, heldBy: null, blockedUnderMinIsr: false };
  if (policy.strictMinIsr && p.isr.length < policy.effectiveMinIsr) {
    return { offset: p.log.highWatermark, heldBy: null, blockedUnderMinIsr: true };
  }
  const maximal = p.maximalIsr();
  let offset = leaderEnd;
  let heldBy: number | null = null;
  const remotes = p.sortedRemotes();
  for (let i = 0; i < remotes.length; i++) {
    const remote = remotes[i]!;
    if (remote.logEndOffset >= offset) continue;
    const waitForIt =
      maximal.includes(remote.brokerId) ||
      (remote.logEndOffset >= 0 && isCaughtUp(remote, leaderEnd, policy.nowUs, policy.replicaLagTimeMaxUs) && policy.isrEligible(remote.brokerId));
    if (waitForIt) {
      offset = remote.logEndOffset;
      heldBy = remote.brokerId;
    }
  }
  return { offset, heldBy, blockedUnderMinIsr: false };
}

/**
 * Apply the candidate: the leader's HW only moves forward within an epoch (`maybeIncrementHighWatermark`).
 * Returns the previous HW when it advanced, undefined otherwise.
 */
export function maybeIncrementLeaderHighWatermark(
  p: Partition,
  policy: HighWatermarkPolicy,
): { previous: number; candidate: HighWatermarkCandidate } | undefined {
  const candidate = leaderHighWatermarkCandidate(p, policy);
  const previous = p.log.highWatermark;
  if (candidate.offset <= previous) return undefined;
  p.log.setHighWatermark(candidate.offset);
  return p.log.highWatermark > previous ? { previous, candidate } : undefined;
}

/** Follower HW from a fetch response: clamp(leader HW, log start, own LEO) — may move backwards (§1.2 item 5). */
export function followerHighWatermark(p: Partition, leaderHighWatermark: number): boolean {
  return p.log.setHighWatermark(Math.min(leaderHighWatermark, p.log.logEndOffset));
}
