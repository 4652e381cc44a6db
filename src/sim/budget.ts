/** Raised when a run exceeds its event or simulated-time budget: a clear stop instead of an OOM. */
export class BudgetExceededError extends Error {
  constructor(
    readonly kind: "events" | "simulated-time" | "stalled-time",
    readonly limit: number,
    readonly atUs: number,
  ) {
    super(
      kind === "events"
        ? `run stopped: event budget of ${limit} events exhausted at ${(atUs / 1e6).toFixed(3)}s of simulated time (raise it with --max-events)`
        : kind === "stalled-time"
          ? `run stopped: ${limit} events in a row at ${(atUs / 1e6).toFixed(6)}s without the clock advancing — a component keeps rescheduling itself at the same instant (a livelock in the model)`
          : `run stopped: simulated-time budget of ${(limit / 1e6).toFixed(3)}s exhausted`,
    );
    this.name = "BudgetExceededError";
  }
}
