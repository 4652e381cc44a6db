/**
 * The base of the tests' simulation harnesses (replication, KRaft, ZooKeeper): a world, and one
 * way to move it on — `runFor` counts simulated milliseconds in every harness.
 */
import type { RunLimits } from "../src/sim/scheduler.js";
import { ms } from "../src/sim/time.js";
import type { World } from "../src/sim/world.js";

export class SimHarness {
  constructor(
    readonly world: World,
    /** Event budget of one runFor (default: the world's own limits). */
    private readonly maxEventsPerRun?: number,
  ) {}

  /** Run the world for `durationMs` more milliseconds of simulated time. */
  runFor(durationMs: number): void {
    const limits: RunLimits | undefined = this.maxEventsPerRun === undefined ? undefined : { maxEvents: this.maxEventsPerRun };
    this.world.run(this.world.now + ms(durationMs), limits);
  }
}
