/**
 * The classic "hold" model for event-set benchmarks: a fixed number of pending events; each step
 * pops the earliest and schedules a new one a random increment later. Run on the bare typed-array
 * heap and on the kernel's scheduler (handler dispatch, cancellable ids, slot bookkeeping).
 */
import { EventHeap } from "../src/sim/event-heap.js";
import { Scheduler, type EventTarget } from "../src/sim/scheduler.js";
import { Random } from "../src/sim/random.js";

export interface HoldOptions {
  pending: number;
  warmup: number;
  operations: number;
}

function increments(count: number): Float64Array {
  const random = new Random(1, "bench-hold");
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = 1 + Math.floor(random.exponential(100_000));
  return out;
}

const INCREMENTS = increments(1 << 16);
const MASK = (1 << 16) - 1;

/** Events per second of the bare heap. */
export function holdBareHeap(options: HoldOptions): number {
  const heap = new EventHeap(options.pending * 2);
  let seq = 0;
  let k = 0;
  for (let i = 0; i < options.pending; i++) heap.push(INCREMENTS[k++ & MASK]!, seq++, i);
  const step = (n: number): void => {
    for (let i = 0; i < n; i++) {
      const time = heap.peekTime();
      const slot = heap.peekSlot();
      heap.pop();
      heap.push(time + INCREMENTS[k++ & MASK]!, seq++, slot);
    }
  };
  step(options.warmup);
  const start = performance.now();
  step(options.operations);
  return options.operations / ((performance.now() - start) / 1000);
}

/** Events per second of the kernel scheduler running the same model (stop() after n events). */
export function holdKernel(options: HoldOptions): number {
  const scheduler = new Scheduler();
  let k = 0;
  let remaining = 0;
  const target: EventTarget = {
    fire(): void {
      scheduler.after(INCREMENTS[k++ & MASK]!, target);
      if (--remaining === 0) scheduler.stop();
    },
  };
  for (let i = 0; i < options.pending; i++) scheduler.schedule(INCREMENTS[k++ & MASK]!, target);
  remaining = options.warmup;
  scheduler.runUntil(Infinity);
  remaining = options.operations;
  const start = performance.now();
  scheduler.runUntil(Infinity);
  return options.operations / ((performance.now() - start) / 1000);
}
