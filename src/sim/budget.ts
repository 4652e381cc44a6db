/**
 * The budgets of a run: events, simulated time, events at one instant (a livelock guard) and
 * memory. Each stops a run with a clear {@link BudgetExceededError} instead of an endless run or a
 * V8 out-of-memory crash. The memory budget is measured by a probe the runner passes in
 * ({@link MemoryProbe}): the kernel only asks it, every so many events, so model code stays
 * deterministic and a run that stays within its budget is the same run, bit for bit.
 */

/** The default event budget of one run (`--max-events`). */
export const DEFAULT_MAX_EVENTS = 50_000_000;

/** How the runner measures memory; the kernel calls `heapUsedBytes` every `everyEvents` events. */
export interface MemoryProbe {
  /** Stop the run once the heap in use exceeds this many bytes. */
  readonly limitBytes: number;
  /** Events between two measurements. */
  readonly everyEvents: number;
  /** The heap in use now, in bytes (outside the model: e.g. `v8.getHeapStatistics().used_heap_size`). */
  heapUsedBytes(): number;
}

const MIB = 1024 * 1024;

/** Raised when a run exceeds one of its budgets: a clear stop instead of an OOM or a hung run. */
export class BudgetExceededError extends Error {
  constructor(
    readonly kind: "events" | "simulated-time" | "stalled-time" | "memory",
    readonly limit: number,
    readonly atUs: number,
    /** For `memory`: the heap in use when the run stopped, in bytes. */
    readonly used?: number,
  ) {
    super(
      kind === "events"
        ? `run stopped: event budget of ${limit} events exhausted at ${(atUs / 1e6).toFixed(3)}s of simulated time (raise it with --max-events)`
        : kind === "stalled-time"
          ? `run stopped: ${limit} events in a row at ${(atUs / 1e6).toFixed(6)}s without the clock advancing — a component keeps rescheduling itself at the same instant (a livelock in the model)`
          : kind === "memory"
            ? `run stopped: memory budget of ${Math.round(limit / MIB)} MiB exceeded at ${(atUs / 1e6).toFixed(3)}s of simulated time ` +
              `(${Math.round((used ?? 0) / MIB)} MiB of JavaScript heap in use); make the scenario smaller or shorter, or raise the budget with --max-memory`
            : `run stopped: simulated-time budget of ${(limit / 1e6).toFixed(3)}s exhausted`,
    );
    this.name = "BudgetExceededError";
  }
}
