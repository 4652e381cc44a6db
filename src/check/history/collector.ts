/**
 * Counts every anomaly and keeps the most telling few of each type. A candidate carries a weight
 * (higher = more telling) and a builder, so explanations are only written for the kept ones.
 */
import { ANOMALY_TYPES, type Anomaly, type AnomalyType } from "./types.js";

interface Candidate {
  weight: number;
  /** Tie-break: earlier first (a time in µs, or an offset). */
  order: number;
  build: () => Anomaly;
}

export class AnomalyCollector {
  readonly counts: Record<AnomalyType, number>;
  private readonly kept = new Map<AnomalyType, Candidate[]>();

  constructor(readonly capPerType: number) {
    if (!(Number.isInteger(capPerType) && capPerType >= 0)) {
      throw new Error(`capPerType must be a non-negative integer, got ${capPerType}`);
    }
    this.counts = Object.fromEntries(ANOMALY_TYPES.map((type) => [type, 0])) as Record<AnomalyType, number>;
  }

  /** Counts one anomaly; `build` runs only if it is among the kept ones. */
  add(type: AnomalyType, weight: number, order: number, build: () => Anomaly): void {
    this.counts[type]++;
    if (this.capPerType === 0) return;
    let list = this.kept.get(type);
    if (list === undefined) {
      list = [];
      this.kept.set(type, list);
    }
    list.push({ weight, order, build });
    // Prune now and then, so that a million anomalies of one type stay cheap: O(n log cap).
    if (list.length >= this.capPerType * 4 + 16) this.kept.set(type, this.best(list));
  }

  /** The kept anomalies, in ANOMALY_TYPES order, most telling first within a type. */
  anomalies(): Anomaly[] {
    const out: Anomaly[] = [];
    for (const type of ANOMALY_TYPES) {
      const list = this.kept.get(type);
      if (list === undefined) continue;
      for (const candidate of this.best(list)) {
        const anomaly = candidate.build();
        if (anomaly.type !== type) throw new Error(`anomaly built as ${anomaly.type}, counted as ${type}`);
        out.push(anomaly);
      }
    }
    return out;
  }

  private best(list: Candidate[]): Candidate[] {
    return list.sort((a, b) => b.weight - a.weight || a.order - b.order).slice(0, this.capPerType);
  }
}
