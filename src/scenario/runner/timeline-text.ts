/**
 * Plain-words text for the timeline's most important record types ("orders-0: leader broker-3 in
 * epoch 1, ISR {3,1}"), falling back to `type key=value …` for the rest.
 */
import type { TraceType } from "../../kafka/trace-events.js";
import type { TraceEvents } from "../../sim/trace.js";

type Fields = Record<string, unknown>;

/** Longest list a timeline line spells out: a topic of 1,000 partitions must not make a 4 kB line. */
const LIST_LIMIT = 16;
const set = (v: unknown): string => {
  if (!Array.isArray(v)) return String(v);
  if (v.length <= LIST_LIMIT) return `{${v.join(",")}}`;
  return `{${v.slice(0, LIST_LIMIT).join(",")},… ${v.length} in all}`;
};
const tp = (f: Fields): string => (typeof f.topic === "string" && f.partition !== undefined ? `${f.topic}-${f.partition}` : "");
const broker = (v: unknown): string => (typeof v === "number" ? (v < 0 ? "none" : `broker-${v}`) : String(v));

/**
 * Keyed by declared trace types (src/kafka/trace-events.ts): a misspelt key fails to compile, and
 * each format reads its type's declared fields (a field the record does not carry fails to compile).
 */
const FORMATS: { readonly [T in TraceType]?: (f: TraceEvents[T], node: string) => string } = {
  "host-start": (f, node) => `${node} started (incarnation ${f.incarnation})`,
  "host-crash": (_f, node) => `${node} crashed (process died; its page cache survives)`,
  "host-power-loss": (_f, node) => `${node} lost power (unsynced writes lost)`,
  "host-pause": (_f, node) => `${node} paused`,
  "host-resume": (_f, node) => `${node} resumed`,
  "host-stop": (_f, node) => `${node} stopped cleanly`,
  "host-disk-loss": (_f, node) => `${node} lost its disk`,
  "leader-change": (f) =>
    `${tp(f)}: leader ${f.previousLeader !== undefined ? `${broker(f.previousLeader)} → ` : ""}${broker(f.leader)} in epoch ${f.leaderEpoch}, ISR ${set(f.isr)}`,
  "isr-change": (f) =>
    `${tp(f)}: ISR ${set(f.isr)}${Array.isArray(f.removed) && f.removed.length ? `, removed ${set(f.removed)}` : ""}${Array.isArray(f.added) && f.added.length ? `, added ${set(f.added)}` : ""}`,
  "elr-change": (f) =>
    `${tp(f)}: ELR ${set(f.elr)}${f.removed.length ? `, removed ${set(f.removed)}` : ""}${f.added.length ? `, added ${set(f.added)}` : ""} in epoch ${f.leaderEpoch}`,
  "unclean-election": (f) => `${tp(f)}: UNCLEAN election of ${broker(f.leader)}`,
  "become-leader": (f, node) => `${node} leads ${tp(f)} in epoch ${f.leaderEpoch} (HW ${f.highWatermark}, LEO ${f.logEndOffset})`,
  "become-follower": (f, node) => `${node} follows ${broker(f.leader)} for ${tp(f)} in epoch ${f.leaderEpoch}`,
  "log-truncated": (f, node) => `${node} truncated ${tp(f)} from offset ${f.from} to ${f.to}`,
  "replica-fetcher-exit": (f, node) =>
    `${node} exits: its ${tp(f)} log ends at ${f.logEndOffset}, beyond leader ${broker(f.leader)}'s ${f.leaderLogEndOffset}, and truncation is not allowed`,
  "broker-fenced": (f) => `broker-${f.broker} fenced`,
  "broker-unfenced": (f) => `broker-${f.broker} unfenced (broker epoch ${f.brokerEpoch})`,
  "broker-registered": (f) =>
    `broker-${f.broker} registered (broker epoch ${f.brokerEpoch})${f.unclean ? ", previous incarnation treated as an unclean shutdown" : ""}`,
  "controller-elected": (f, node) => `${node} elected controller (epoch ${f.epoch})`,
  "controller-active": (f, node) => `${node} is the active controller (epoch ${f.epoch})`,
  "client-error": (f, node) => `${node}: ${f.error}${tp(f) ? ` on ${tp(f)}` : ""}${f.broker ? ` from ${f.broker}` : ""}`,
  "delivery-timeout": (f, node) =>
    `${node}: TimeoutException "${f.message}"${f.lastError ? `; its retries last saw ${f.lastError}` : ""} (outcome ${f.outcome})`,
  "produce-rejected": (f, node) => `${node} rejected a produce to ${tp(f)}: ${f.error}`,
  "isr-shrink-proposed": (f, node) => `${node} proposes ISR ${set(f.proposedIsr)} for ${tp(f)}`,
  "isr-expand-proposed": (f, node) => `${node} proposes ISR ${set(f.proposedIsr)} for ${tp(f)}`,
  "restart-delayed": (_f, node) => `${node} restart delayed: previous ZooKeeper session still alive`,
  "group-stable": (f) => `group ${f.group} stable in generation ${f.generation} (${f.protocol})`,
  "consumer-assigned": (f, node) => `${node} assigned ${set(f.assigned)} in generation ${f.generation}`,
  "consumer-truncation-detected": (f, node) =>
    f.divergingOffset === undefined
      ? `${node}: truncation detected on ${tp(f)} at offset ${f.offset}; the leader cannot place epoch ${f.offsetEpoch}: reset by auto.offset.reset`
      : `${node}: truncation detected on ${tp(f)}: its position ${f.offset} is past the end of epoch ${f.divergingEpoch} (${f.divergingOffset}) on ${f.leader}; it resumes at ${f.divergingOffset}`,
  "member-expired": (f) => `group ${f.group}: member ${f.memberId ?? ""} expired`,
};

export function describeRecord(type: TraceType, fields: Fields, node: string | undefined): string {
  const format = FORMATS[type] as ((f: Fields, node: string) => string) | undefined;
  if (format) {
    const text = format(fields, node ?? "");
    if (!text.includes("undefined")) return text;
  }
  const parts: string[] = [];
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (value === undefined || (typeof value === "object" && value !== null && !Array.isArray(value))) continue;
    parts.push(`${key}=${set(value)}`);
  }
  return parts.length ? `${type} ${parts.join(" ")}` : type;
}
