/**
 * Builds the teaching timeline from the trace: faults, leader and ISR changes, elections,
 * controller changes, delayed restarts, client errors — each with the Kafka rule that fired.
 * Noisy record types (per-fetch state) are left out; the list is capped.
 */
import type { TraceRecord } from "../../sim/trace.js";
import type { TraceType } from "../../kafka/trace-events.js";
import type { TimelineLine } from "../result.js";
import { describeRecord } from "./timeline-text.js";

/** Per-fetch and per-vote records: the story is in the state changes, not in every request. */
const QUIET: ReadonlySet<TraceType> = new Set<TraceType>([
  "unhandled-message",
  "hw-advanced",
  "fetch-completed-early",
  "log-flushed",
  "raft-vote",
  "raft-candidate",
  "producer-id-allocated",
  "replica-recovered",
  "member-id-required",
  "consumer-coordinator-found",
]);
const CAP = 600;
/** At most this many lines of one record type, so one flood cannot hide the rest. */
const CAP_PER_TYPE = 40;

export class TimelineCollector {
  readonly lines: TimelineLine[] = [];
  dropped = 0;
  private readonly perType = new Map<string, number>();

  add(line: TimelineLine): void {
    if (this.admit(line.kind)) this.lines.push(line);
  }

  /** Counts a line of `kind` and says whether it is kept (false: dropped by a cap, and counted as dropped). */
  private admit(kind: string): boolean {
    const seen = this.perType.get(kind) ?? 0;
    this.perType.set(kind, seen + 1);
    if (this.lines.length >= CAP || (seen >= CAP_PER_TYPE && !kind.startsWith("fault") && kind !== "drain")) {
      this.dropped++;
      return false;
    }
    return true;
  }

  onRecord(record: TraceRecord): void {
    if (QUIET.has(record.type)) return;
    // Internal topics (__consumer_offsets has 50 partitions) would drown the story; the group
    // coordinator's own records say what matters about them.
    if (typeof record.topic === "string" && record.topic.startsWith("__")) return;
    if ((record.type === "coordinator-loaded" || record.type === "coordinator-unloaded") && Array.isArray(record.groups) && record.groups.length === 0) return;
    // A record past its type's cap is only counted: its text is never built (a topic of 1,000
    // partitions traces thousands of become-leader/become-follower records).
    if (!this.admit(record.type)) return;
    const { atUs, type, node, rule, text, ...fields } = record;
    const partition = typeof fields.topic === "string" && typeof fields.partition === "number" ? `${fields.topic}-${fields.partition}` : undefined;
    this.lines.push({
      atUs,
      kind: type,
      node,
      partition,
      text: typeof text === "string" ? text : describeRecord(type, fields, node),
      rule: typeof rule === "string" ? rule : undefined,
    });
  }
}
