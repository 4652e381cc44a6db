/**
 * Retention (docs/kafka-rules.md §8): delete whole segments, oldest first, while retention.ms or
 * retention.bytes is breached — but only segments wholly below the HW; the scan stops at the first
 * segment that may not go. Deleting moves the log start offset.
 */
import { ms, type Micros } from "../../sim/time.js";
import type { PartitionLog } from "./partition-log.js";
import type { LogSettings } from "./settings.js";

/** What one retention pass deleted. */
export interface RetentionResult {
  deletedSegments: number;
  reason: "retention.ms" | "retention.bytes" | null;
  logStartOffset: number;
}

/** How many of the oldest segments may be deleted (UnifiedLog.deletableSegments). */
function deletableCount(log: PartitionLog, predicate: (index: number) => boolean): number {
  const segments = log.segmentList();
  let count = 0;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const upperBound = i + 1 < segments.length ? segments[i + 1]!.baseOffset : log.logEndOffset;
    if (segment.isEmpty || log.highWatermark < upperBound || !predicate(i)) break;
    count++;
  }
  return count;
}

export function applyRetention(log: PartitionLog, settings: LogSettings, nowUs: Micros): RetentionResult {
  const segments = log.segmentList();
  if (settings.retentionMs >= 0) {
    const limitUs = ms(settings.retentionMs);
    const count = deletableCount(log, (i) => {
      const largest = segments[i]!.largestTimestampUs();
      return largest !== undefined && nowUs - largest > limitUs;
    });
    if (count > 0) return { deletedSegments: count, reason: "retention.ms", logStartOffset: log.deleteOldestSegments(count, nowUs) };
  }
  if (settings.retentionBytes >= 0) {
    let excess = log.sizeBytes - settings.retentionBytes;
    const count = deletableCount(log, (i) => {
      const size = segments[i]!.sizeBytes;
      if (excess < size) return false;
      excess -= size;
      return true;
    });
    if (count > 0) return { deletedSegments: count, reason: "retention.bytes", logStartOffset: log.deleteOldestSegments(count, nowUs) };
  }
  return { deletedSegments: 0, reason: null, logStartOffset: log.logStartOffset };
}
