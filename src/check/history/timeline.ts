/**
 * The runner's cluster timeline, indexed for explanations: the events around an anomaly that
 * concern its partition or the broker involved ("broker-1 crashed at 5.004s").
 */
import { seconds } from "./format.js";
import type { TimelineEntry } from "./types.js";

/** How many timeline entries an explanation quotes. */
const QUOTED_MAX = 3;

export class TimelineIndex {
  private readonly entries: TimelineEntry[];

  constructor(entries: readonly TimelineEntry[] | undefined) {
    // A stable sort keeps the runner's order for entries at the same instant.
    this.entries = entries === undefined ? [] : [...entries].sort((a, b) => a.atUs - b.atUs);
  }

  /** Up to 3 relevant entries at or after `fromUs`, earliest first: the likely causes of a loss. */
  after(fromUs: number, partition: string, broker?: string): TimelineEntry[] {
    const found: TimelineEntry[] = [];
    for (let i = this.firstAtOrAfter(fromUs); i < this.entries.length && found.length < QUOTED_MAX; i++) {
      const entry = this.entries[i]!;
      if (relevant(entry, partition, broker)) found.push(entry);
    }
    return found;
  }

  /** Up to 3 relevant entries at or before `toUs`, in time order, nearest last. */
  before(toUs: number, partition: string, broker?: string): TimelineEntry[] {
    const found: TimelineEntry[] = [];
    for (let i = this.firstAtOrAfter(toUs + 1) - 1; i >= 0 && found.length < QUOTED_MAX; i--) {
      const entry = this.entries[i]!;
      if (relevant(entry, partition, broker)) found.push(entry);
    }
    return found.reverse();
  }

  /** `; cluster: 5.004s broker-1 crashed; 5.050s broker-2 became leader` or "" if nothing. */
  static quote(entries: readonly TimelineEntry[], label = "cluster"): string {
    if (entries.length === 0) return "";
    return `; ${label}: ${entries.map((entry) => `${seconds(entry.atUs)} ${entry.text}`).join("; ")}`;
  }

  private firstAtOrAfter(atUs: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.atUs < atUs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** An entry about this partition, or a partition-less entry about the broker involved (or any broker if none is). */
function relevant(entry: TimelineEntry, partition: string, broker: string | undefined): boolean {
  if (entry.partition !== undefined) return entry.partition === partition;
  const node = entry.broker ?? entry.node;
  return broker === undefined || node === undefined || node === broker;
}
