/**
 * What a message carried, in a few words, for an arrow of the space-time diagram: the partitions
 * it names (at most two, then "+N"), records and offsets of produce and fetch traffic, and any
 * Kafka error other than NONE. Reads the protocol messages' common shape (a `partitions` list of
 * `{ topic, partition, error?, ... }`, a top-level `error`) without depending on each type.
 */
import type { Message } from "../../sim/actor.js";

interface PartitionLike {
  topic?: unknown;
  partition?: unknown;
  error?: unknown;
  batch?: { records?: unknown[] };
  batches?: { records?: unknown[] }[];
  baseOffset?: unknown;
  fetchOffset?: unknown;
  highWatermark?: unknown;
}

const SHOWN = 2;

function partitionName(p: PartitionLike): string | null {
  return typeof p.topic === "string" && typeof p.partition === "number" ? `${p.topic}-${p.partition}` : null;
}

function partitionWords(type: string, p: PartitionLike): string {
  const name = partitionName(p) ?? "?";
  if (typeof p.error === "string" && p.error !== "NONE") return `${name} ${p.error}`;
  if (type === "Produce" && p.batch?.records) return `${name} ${p.batch.records.length} rec`;
  if (type === "ProduceResponse" && typeof p.baseOffset === "number") return `${name} @${p.baseOffset}`;
  if (type === "Fetch" && typeof p.fetchOffset === "number") return `${name} from ${p.fetchOffset}`;
  if (type === "FetchResponse" && Array.isArray(p.batches)) {
    const records = p.batches.reduce((n, b) => n + (b.records?.length ?? 0), 0);
    return `${name}${records > 0 ? ` ${records} rec` : ""}${typeof p.highWatermark === "number" ? ` HW ${p.highWatermark}` : ""}`;
  }
  return name;
}

/** A few words on what `message` carried ("" when nothing is worth saying). */
export function messageDetail(message: Message): string {
  // Any message type may reach here: read the fields most messages share without assuming them.
  const error = "error" in message ? message.error : undefined;
  const carried = "partitions" in message ? message.partitions : undefined;
  const words: string[] = [];
  if (typeof error === "string" && error !== "NONE") words.push(error);
  if (Array.isArray(carried)) {
    const partitions = (carried as PartitionLike[]).filter((p) => p !== null && typeof p === "object");
    // Partitions with an error first: they are the news.
    const ordered = [
      ...partitions.filter((p) => typeof p.error === "string" && p.error !== "NONE"),
      ...partitions.filter((p) => !(typeof p.error === "string" && p.error !== "NONE")),
    ];
    words.push(...ordered.slice(0, SHOWN).map((p) => partitionWords(message.type, p)));
    if (ordered.length > SHOWN) words.push(`+${ordered.length - SHOWN} more`);
  }
  return words.join(", ");
}
