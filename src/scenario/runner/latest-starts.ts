/**
 * Where a consumer group began reading when it had no committed offset and
 * `auto.offset.reset=latest` (Kafka's default, ConsumerConfig AUTO_OFFSET_RESET_DOC: "latest:
 * automatically reset the offset to the latest offset"): the records below that offset were
 * written before the group joined and are never read by it. Reports use this to say why reads fall
 * short of acknowledged writes; the checker already owes such a group nothing below its start.
 */
import type { History } from "../../kafka/history.js";

/** A group's first position on a partition, chosen by `auto.offset.reset=latest` above offset 0. */
export interface LatestStart {
  group: string;
  /** `orders-0`. */
  partition: string;
  /** The offset it started at: the log end offset when it reset. */
  offset: number;
  atUs: number;
}

/** The first reset of each (group, partition), kept when it was `latest` and skipped records. */
export function latestStarts(history: History): LatestStart[] {
  const first = new Map<string, LatestStart | null>();
  for (const op of history) {
    if (op.kind !== "reset") continue;
    const key = `${op.group}\u0000${op.topic}-${op.partition}`;
    if (first.has(key)) continue;
    first.set(
      key,
      op.reason === "latest" && op.offset > 0 ? { group: op.group, partition: `${op.topic}-${op.partition}`, offset: op.offset, atUs: op.atUs } : null,
    );
  }
  return [...first.values()].filter((s): s is LatestStart => s !== null);
}
