/**
 * Bookkeeping of partition moves during one run of the sticky assignor's general path (Kafka's
 * `AbstractStickyAssignor.PartitionMovements`). It lets a move that would send a partition back
 * along an earlier move of the same topic pick the partition that already made that trip, so that
 * partitions of one topic do not swap between two members (which would break stickiness).
 */
import { tpKey } from "./common.js";
import { JavaHashSet, javaTopicPartitionHash } from "./java-order.js";
import type { TopicPartition } from "./types.js";

interface Move {
  src: string;
  dst: string;
}

function pairKey(src: string, dst: string): string {
  return `${src}\u0000${dst}`;
}

/** Records, per partition, where it came from and where it is now (within one assignment run). */
export class PartitionMovements {
  private readonly byTopic = new Map<string, Map<string, JavaHashSet<TopicPartition>>>();
  private readonly moves = new Map<string, Move>();

  /**
   * The partition that should actually move from `oldOwner` to `newOwner` when the algorithm wants
   * to move `tp`: if some partition of the same topic previously moved the opposite way, that one
   * goes back instead (first in Java `HashSet` order, as Kafka does).
   */
  partitionToMove(tp: TopicPartition, oldOwner: string, newOwner: string): TopicPartition {
    const forTopic = this.byTopic.get(tp.topic);
    if (forTopic === undefined) return tp;
    const earlier = this.moves.get(tpKey(tp));
    const origin = earlier !== undefined ? earlier.src : oldOwner;
    const reverse = forTopic.get(pairKey(newOwner, origin));
    return reverse?.first() ?? tp;
  }

  /** Record that `tp` moved from `oldOwner` to `newOwner`, folding it into an earlier move. */
  move(tp: TopicPartition, oldOwner: string, newOwner: string): void {
    const earlier = this.moves.get(tpKey(tp));
    if (earlier === undefined) {
      this.add(tp, { src: oldOwner, dst: newOwner });
      return;
    }
    this.remove(tp, earlier);
    // Moving back to where it started cancels the move.
    if (earlier.src !== newOwner) this.add(tp, { src: earlier.src, dst: newOwner });
  }

  private add(tp: TopicPartition, move: Move): void {
    this.moves.set(tpKey(tp), move);
    let forTopic = this.byTopic.get(tp.topic);
    if (forTopic === undefined) {
      forTopic = new Map();
      this.byTopic.set(tp.topic, forTopic);
    }
    const pk = pairKey(move.src, move.dst);
    let set = forTopic.get(pk);
    if (set === undefined) {
      set = new JavaHashSet<TopicPartition>(tpKey, javaTopicPartitionHash);
      forTopic.set(pk, set);
    }
    set.add(tp);
  }

  private remove(tp: TopicPartition, move: Move): void {
    this.moves.delete(tpKey(tp));
    const forTopic = this.byTopic.get(tp.topic)!;
    const pk = pairKey(move.src, move.dst);
    const set = forTopic.get(pk)!;
    set.delete(tp);
    if (set.size === 0) forTopic.delete(pk);
    if (forTopic.size === 0) this.byTopic.delete(tp.topic);
  }
}
