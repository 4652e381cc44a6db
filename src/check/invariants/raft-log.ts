/**
 * Raft safety on the KRaft metadata log (`__cluster_metadata`), checked live (docs/anomalies.md, "KRaft
 * metadata log"; Raft §5.3–5.4, KIP-595):
 * - `raft-log-matching`: once an offset is committed, every voter that commits that offset commits
 *   the same entry (same epoch and record) — committed entries never change;
 * - `raft-leader-completeness`: a newly elected leader's log holds every entry committed in earlier
 *   epochs, at the same offset and with the same epoch and record.
 * A restarted voter re-delivers its committed prefix from offset 0; that is the same entries again.
 */
import type { RaftEntryView, RaftLogView } from "../../kafka/observer.js";
import type { ViolationTally } from "./tally.js";

export class RaftLogCheck {
  /** The committed entry at each offset, as first reported: offset → entry and the voter that reported it. */
  private readonly committed: { entry: RaftEntryView; node: string }[] = [];

  constructor(private readonly tally: ViolationTally) {}

  committedEntries(node: string, entries: readonly RaftEntryView[]): void {
    for (const entry of entries) {
      const known = this.committed[entry.offset];
      if (known === undefined) {
        if (entry.offset === this.committed.length) this.committed.push({ entry, node });
        continue;
      }
      if (!sameEntry(known.entry, entry)) {
        this.tally.violate(
          "raft-log-matching",
          `${node} committed metadata offset ${entry.offset} with an entry of epoch ${entry.epoch}, but ${known.node} had committed a different entry (epoch ${known.entry.epoch}) there: a committed metadata record changed`,
        );
      }
    }
  }

  leaderElected(node: string, epoch: number, log: RaftLogView): void {
    for (let offset = 0; offset < this.committed.length; offset++) {
      const known = this.committed[offset]!;
      const held = offset < log.endOffset ? log.entryAt(offset) : undefined;
      if (held !== undefined && sameEntry(held, known.entry)) continue;
      const what = held === undefined ? `its log ends at ${log.endOffset}` : `it holds an entry of epoch ${held.epoch} there`;
      this.tally.violate(
        "raft-leader-completeness",
        `${node} was elected KRaft leader in epoch ${epoch} without the committed metadata entry at offset ${offset} (epoch ${known.entry.epoch}, committed by ${known.node}): ${what}`,
      );
      return;
    }
  }
}

/**
 * Same epoch and record. Voters normally hold the very same entry object (followers append the
 * leader's fetched entries, restarts reread them from the disk), so the record's content is
 * compared only when the objects differ.
 */
function sameEntry(a: RaftEntryView, b: RaftEntryView): boolean {
  return a.epoch === b.epoch && (a.record === b.record || JSON.stringify(a.record) === JSON.stringify(b.record));
}
