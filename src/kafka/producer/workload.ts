/**
 * A producer's workload (docs/scenario-format.md "producers"): `send()` calls at Poisson or evenly spaced
 * times from the producer's own random stream, from `startUs` until `count` records were sent or
 * `stopUs`. Keys `key-0 … key-(keys-1)` are drawn uniformly (null keys when `keys` is 0); values
 * are unique: `p1-812` in the first incarnation, `p1#2-5` after a restart.
 *
 * The number of `send()` calls made so far survives a restart of the producer (a checkpoint on the
 * client's disk, the harness's own bookkeeping), so `count` bounds the whole run.
 */
import type { ActorContext } from "../../sim/actor.js";
import type { CheckpointFile } from "../../sim/disk.js";
import type { Random } from "../../sim/random.js";
import type { Micros } from "../../sim/time.js";
import { US_PER_S } from "../../sim/time.js";

/** The workload part of a scenario's producer entry, with times in microseconds. */
export interface ProducerWorkload {
  ratePerSec: number;
  arrivals: "poisson" | "fixed";
  /** Stop after this many `send()` calls in total (all incarnations); undefined = until stopUs. */
  count?: number;
  /** Distinct keys; 0 = null keys. */
  keys: number;
  startUs: Micros;
  stopUs: Micros;
}

const WORKLOAD_CHECKPOINT = "producer/workload";

export class Workload {
  private readonly file: CheckpointFile<{ sent: number }>;
  private readonly arrivals: Random;
  private readonly keys: Random;
  private readonly valuePrefix: string;
  private n = 0;
  private sent: number;
  private stopped = false;

  constructor(
    private readonly spec: ProducerWorkload,
    ctx: ActorContext,
    name: string,
  ) {
    this.file = ctx.disk.checkpoint(WORKLOAD_CHECKPOINT);
    this.sent = this.file.read()?.sent ?? 0;
    this.arrivals = ctx.random.fork("arrivals");
    this.keys = ctx.random.fork("keys");
    this.valuePrefix = ctx.incarnation === 1 ? name : `${name}#${ctx.incarnation}`;
  }

  /** The runner's StopSending (or the end of the workload): no more `send()` calls. */
  stop(): void {
    this.stopped = true;
  }

  get active(): boolean {
    return !this.stopped && (this.spec.count === undefined || this.sent < this.spec.count) && this.spec.ratePerSec > 0;
  }

  /** Time of the next `send()` after `fromUs` (the first one: from max(now, startUs)); undefined when done. */
  nextArrivalUs(fromUs: Micros, first: boolean): Micros | undefined {
    if (!this.active) return undefined;
    const interval = US_PER_S / this.spec.ratePerSec;
    const base = Math.max(fromUs, this.spec.startUs);
    let at: Micros;
    if (this.spec.arrivals === "fixed") at = first ? base : base + Math.round(interval);
    else at = base + Math.max(1, Math.round(this.arrivals.exponential(interval)));
    return at < this.spec.stopUs ? at : undefined;
  }

  /** The next record's key and unique value; counts one `send()` call. */
  nextRecord(nowUs: Micros): { key: string | null; value: string } {
    const key = this.spec.keys > 0 ? `key-${this.keys.int(this.spec.keys)}` : null;
    const value = `${this.valuePrefix}-${this.n++}`;
    this.sent++;
    this.file.write({ sent: this.sent }, nowUs, true);
    return { key, value };
  }
}
