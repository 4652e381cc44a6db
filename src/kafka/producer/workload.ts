/**
 * A producer's workload (docs/scenario-format.md "producers"): `send()` calls at Poisson or evenly spaced
 * times from the producer's own random stream, from `startUs` until `count` records were sent or
 * `stopUs`. Keys `key-0 … key-(keys-1)` are drawn uniformly (null keys when `keys` is 0); values
 * are unique: `p1-812` in the first incarnation, `p1#2-5` after a restart.
 *
 * The number of `send()` calls made so far survives a restart of the producer (a checkpoint on the
 * client's disk, the harness's own bookkeeping), so `count` bounds the whole run. With
 * `resendOnRestart` the same checkpoint holds the application's outbox of unacknowledged records,
 * which a restarted process sends again (same key, same value) before new ones.
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
  /**
   * The application keeps every record it handed to `send()` until the send is acknowledged (an
   * outbox on its own disk) and, after a restart of its process, sends the unacknowledged ones
   * again, with the same key and value, before any new record. The restarted producer has a new
   * producer id, so the brokers cannot recognise a re-sent record that was already written
   * (KIP-98: sequence numbers are per producer id and epoch).
   */
  resendOnRestart?: boolean;
}

/** A record the application handed to `send()` and has not seen acknowledged. */
export interface OutboxRecord {
  key: string | null;
  value: string;
}

interface WorkloadCheckpoint {
  sent: number;
  /** Only with `resendOnRestart`: unacknowledged records by value, in `send()` order. */
  outbox?: Map<string, OutboxRecord>;
}

const WORKLOAD_CHECKPOINT = "producer/workload";

export class Workload {
  private readonly file: CheckpointFile<WorkloadCheckpoint>;
  /** With `resendOnRestart`: the outbox (shared with the checkpoint, written with every send). */
  private readonly outbox: Map<string, OutboxRecord> | undefined;
  /** Records of the outbox still to be sent again by this process, in their first `send()` order. */
  private readonly resends: OutboxRecord[];
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
    const saved = this.file.read();
    this.sent = saved?.sent ?? 0;
    this.outbox = spec.resendOnRestart === true ? (saved?.outbox ?? new Map()) : undefined;
    this.resends = this.outbox === undefined ? [] : [...this.outbox.values()];
    this.arrivals = ctx.random.fork("arrivals");
    this.keys = ctx.random.fork("keys");
    this.valuePrefix = ctx.incarnation === 1 ? name : `${name}#${ctx.incarnation}`;
  }

  /** The runner's StopSending (or the end of the workload): no more `send()` calls. */
  stop(): void {
    this.stopped = true;
  }

  get active(): boolean {
    if (this.stopped || this.spec.ratePerSec <= 0) return false;
    return this.resends.length > 0 || this.spec.count === undefined || this.sent < this.spec.count;
  }

  /** The send callback: an acknowledged record leaves the outbox. */
  acknowledged(value: string): void {
    this.outbox?.delete(value);
  }

  /** How many records this process still has to send again from the outbox. */
  get pendingResends(): number {
    return this.resends.length;
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

  /**
   * The next record's key and value: first the outbox's unacknowledged records again (with
   * `resendOnRestart`, after a restart; they do not count against `count`), then a new record with
   * a unique value, which counts one `send()` call.
   */
  nextRecord(nowUs: Micros): { key: string | null; value: string; resent: boolean } {
    const again = this.resends.shift();
    if (again !== undefined) return { key: again.key, value: again.value, resent: true };
    const key = this.spec.keys > 0 ? `key-${this.keys.int(this.spec.keys)}` : null;
    const value = `${this.valuePrefix}-${this.n++}`;
    this.sent++;
    this.outbox?.set(value, { key, value });
    this.file.write(this.outbox === undefined ? { sent: this.sent } : { sent: this.sent, outbox: this.outbox }, nowUs, true);
    return { key, value, resent: false };
  }
}
