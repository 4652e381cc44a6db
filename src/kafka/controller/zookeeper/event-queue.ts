/**
 * The controller's single event thread (ControllerEventManager): events run one at a time, each to
 * completion (it calls `done`, possibly after ZooKeeper round trips), in the order they were
 * queued. That order is what makes the KAFKA-6082 race possible: an event queued before the
 * session-expiry event still runs, with the controller believing it is active.
 */
export type ControllerEvent = { name: string; run: (done: () => void) => void };

export class EventQueue {
  private readonly queue: ControllerEvent[] = [];
  private running: string | null = null;
  private draining = false;

  enqueue(name: string, run: (done: () => void) => void): void {
    this.queue.push({ name, run });
    this.drain();
  }

  get current(): string | null {
    return this.running;
  }

  get length(): number {
    return this.queue.length;
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    while (this.running === null && this.queue.length > 0) {
      const event = this.queue.shift()!;
      this.running = event.name;
      let finished = false;
      event.run(() => {
        if (finished) return;
        finished = true;
        this.running = null;
        if (!this.draining) this.drain();
      });
    }
    this.draining = false;
  }
}
