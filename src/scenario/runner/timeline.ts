/**
 * Builds the teaching timeline from the trace: faults, leader and ISR changes, elections,
 * controller changes, delayed restarts, client errors — each with the Kafka rule that fired.
 * Noisy record types (per-fetch state) are left out; the list is capped.
 */
import type { TraceRecord } from "../../sim/trace.js";
import type { TimelineLine } from "../result.js";

const QUIET = new Set(["unhandled-message", "hw", "fetch", "append", "heartbeat", "poll", "metadata-refresh"]);
const CAP = 600;

const FIELD_ORDER = ["topic", "partition", "leader", "leaderEpoch", "epoch", "isr", "elr", "removed", "added", "broker", "group", "generation", "error", "offset"];

export class TimelineCollector {
  readonly lines: TimelineLine[] = [];
  dropped = 0;

  add(line: TimelineLine): void {
    if (this.lines.length >= CAP) {
      this.dropped++;
      return;
    }
    this.lines.push(line);
  }

  onRecord(record: TraceRecord): void {
    if (QUIET.has(record.type)) return;
    const { atUs, type, node, rule, text, ...fields } = record;
    const partition = typeof fields.topic === "string" && typeof fields.partition === "number" ? `${fields.topic}-${fields.partition}` : undefined;
    this.add({
      atUs,
      kind: type,
      node,
      partition,
      text: typeof text === "string" ? text : describe(type, fields),
      rule: typeof rule === "string" ? rule : undefined,
    });
  }
}

function describe(type: string, fields: Record<string, unknown>): string {
  const parts: string[] = [];
  const keys = [...FIELD_ORDER.filter((k) => k in fields), ...Object.keys(fields).filter((k) => !FIELD_ORDER.includes(k)).sort()];
  for (const key of keys) {
    const value = fields[key];
    if (value === undefined || (typeof value === "object" && value !== null && !Array.isArray(value))) continue;
    parts.push(`${key}=${Array.isArray(value) ? `{${value.join(",")}}` : String(value)}`);
  }
  return parts.length ? `${type} ${parts.join(" ")}` : type;
}
