/**
 * The event scheduler: one total order of events by (virtual time, sequence number).
 * An event is a record (target object + two arguments), not a closure, so the hot loop allocates
 * nothing per event. Cancelling is O(1): the slot is freed and its heap entry skipped when popped.
 */
import { BudgetExceededError, type MemoryProbe } from "./budget.js";
import { EventHeap } from "./event-heap.js";
import type { Micros } from "./time.js";
import { AssertionFailure } from "./assert.js";

/** Something that can receive a scheduled event. */
export interface EventTarget {
  fire(a: unknown, b: unknown): void;
}

/** Opaque handle for cancel(); encodes (seq, slot). */
export type EventId = number;

const SLOT_BITS = 2 ** 22;

export interface RunLimits {
  /** Stop with BudgetExceededError after this many events in total. */
  maxEvents?: number;
  /** Stop with BudgetExceededError after this many events in a row at one instant (default 1 M). */
  maxEventsPerInstant?: number;
  /** Stop with BudgetExceededError once the probe reports more heap in use than its limit. */
  memory?: MemoryProbe;
}

export class Scheduler {
  /** Current virtual time in microseconds. */
  now: Micros = 0;
  /** Events fired so far. */
  eventsFired = 0;
  private readonly heap = new EventHeap(4096);
  private targets: (EventTarget | null)[] = [];
  private argsA: unknown[] = [];
  private argsB: unknown[] = [];
  private slotSeq = new Float64Array(4096);
  private freeSlots: number[] = [];
  private nextSlot = 0;
  private nextSeq = 1;
  private live = 0;
  private stopRequested = false;

  /** Number of events scheduled and not yet fired or cancelled. */
  get pending(): number {
    return this.live;
  }

  /** Schedule `target.fire(a, b)` at absolute time `at` (never in the past: asserted). */
  schedule(at: Micros, target: EventTarget, a?: unknown, b?: unknown): EventId {
    // Hot path: a plain test, no closure.
    if (at < this.now) throw new AssertionFailure(`scheduler: an event at ${at} µs is in the past (now ${this.now} µs)`);
    const seq = this.nextSeq++;
    let slot: number;
    if (this.freeSlots.length > 0) slot = this.freeSlots.pop()!;
    else {
      slot = this.nextSlot++;
      if (slot >= SLOT_BITS) throw new Error("scheduler: more than 4M pending events");
      if (slot >= this.slotSeq.length) {
        const grown = new Float64Array(this.slotSeq.length * 2);
        grown.set(this.slotSeq);
        this.slotSeq = grown;
      }
    }
    this.targets[slot] = target;
    this.argsA[slot] = a;
    this.argsB[slot] = b;
    this.slotSeq[slot] = seq;
    this.heap.push(at, seq, slot);
    this.live++;
    return seq * SLOT_BITS + slot;
  }

  /** Schedule after a delay from now. */
  after(delay: Micros, target: EventTarget, a?: unknown, b?: unknown): EventId {
    return this.schedule(this.now + delay, target, a, b);
  }

  /** Cancel a pending event; returns false if it already fired or was cancelled. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    const seq = (id - slot) / SLOT_BITS;
    if (this.slotSeq[slot] !== seq) return false;
    this.release(slot);
    this.live--;
    return true;
  }

  /** Time of the next live event, or Infinity. */
  nextTime(): Micros {
    this.skipCancelled();
    return this.heap.peekTime();
  }

  /** Ask the running loop to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Fire events in order while their time is ≤ endUs; then the clock reads endUs (unless stopped).
   * Returns the number of events fired by this call.
   */
  runUntil(endUs: Micros, limits: RunLimits = {}): number {
    const maxEvents = limits.maxEvents ?? Infinity;
    const maxPerInstant = limits.maxEventsPerInstant ?? 1_000_000;
    const memory = limits.memory;
    let instant = -1;
    let atInstant = 0;
    const heap = this.heap;
    const firedBefore = this.eventsFired;
    this.stopRequested = false;
    while (heap.size > 0) {
      const time = heap.peekTime();
      if (time > endUs) break;
      const seq = heap.peekSeq();
      const slot = heap.peekSlot();
      heap.pop();
      if (this.slotSeq[slot] !== seq) continue;
      const target = this.targets[slot]!;
      const a = this.argsA[slot];
      const b = this.argsB[slot];
      this.release(slot);
      this.live--;
      this.now = time;
      if (this.eventsFired >= maxEvents) throw new BudgetExceededError("events", maxEvents, time);
      if (time === instant) {
        if (++atInstant > maxPerInstant) throw new BudgetExceededError("stalled-time", maxPerInstant, time);
      } else {
        instant = time;
        atInstant = 1;
      }
      this.eventsFired++;
      if (memory !== undefined && this.eventsFired % memory.everyEvents === 0) {
        const used = memory.heapUsedBytes();
        if (used > memory.limitBytes) throw new BudgetExceededError("memory", memory.limitBytes, time, used);
      }
      target.fire(a, b);
      if (this.stopRequested) return this.eventsFired - firedBefore;
    }
    if (endUs !== Infinity && endUs > this.now) this.now = endUs;
    return this.eventsFired - firedBefore;
  }

  private skipCancelled(): void {
    const heap = this.heap;
    while (heap.size > 0 && this.slotSeq[heap.peekSlot()] !== heap.peekSeq()) heap.pop();
  }

  private release(slot: number): void {
    this.slotSeq[slot] = 0;
    this.targets[slot] = null;
    this.argsA[slot] = undefined;
    this.argsB[slot] = undefined;
    this.freeSlots.push(slot);
  }
}
