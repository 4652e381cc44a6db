/** Counts violations per invariant and keeps the first description of each. */
import { formatTime } from "../../sim/time.js";
import { INVARIANT_NAMES, type InvariantName, type InvariantResult } from "./types.js";

export class ViolationTally {
  private readonly counts = new Map<InvariantName, InvariantResult>();

  constructor(private readonly now: () => number) {
    for (const name of INVARIANT_NAMES) this.counts.set(name, { name, violations: 0 });
  }

  violate(name: InvariantName, description: string): void {
    const result = this.counts.get(name)!;
    result.violations++;
    if (!result.first) result.first = { atUs: this.now(), description: `at ${formatTime(this.now())}: ${description}` };
  }

  results(): InvariantResult[] {
    return INVARIANT_NAMES.map((name) => ({ ...this.counts.get(name)! }));
  }
}
