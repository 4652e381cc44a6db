/**
 * Chained faults (docs/scenario-format.md "Chained faults"): a fault with `after: { fault: <id> }` is
 * armed at its `at` and fires `delay` after the earlier fault `<id>` starts (fires and acts on at
 * least one node or link) or, with `on: end`, ends (its restart, heal or resume). The earlier fault
 * may itself be timed, triggered by an event or chained, so chains compose. A chained fault whose
 * earlier fault never started or ended while it was armed, or too late for its delay, is skipped,
 * and the timeline says why at `duration`.
 */
import type { World } from "../../sim/world.js";
import { formatDurationUs } from "../durations.js";
import type { FaultChain, FaultSpec } from "../types.js";
import { faultLabel } from "./fault-triggers.js";
import type { TimelineCollector } from "./timeline.js";

/** What the chains need from the run. */
export interface ChainEnvironment {
  readonly world: World;
  readonly timeline: TimelineCollector;
  /** The scenario's duration: a chained fault that has not fired by then is given up. */
  readonly durationUs: number;
}

/** A fault with `after: { fault }`. */
export type ChainedFault = FaultSpec & { readonly after: FaultChain };

interface Link {
  readonly fault: ChainedFault;
  fired: boolean;
  /** Why the earlier fault's start or end did not fire this one (null: it has not come yet). */
  missed: string | null;
}

/** The chained faults of one run. */
export class FaultChains {
  /** Links by the index of the fault they follow. */
  private readonly links = new Map<number, Link[]>();
  /** The faults of the list by index, to name an earlier fault. */
  private readonly byIndex: ReadonlyMap<number, FaultSpec>;

  constructor(
    faults: readonly FaultSpec[],
    private readonly env: ChainEnvironment,
    private readonly fire: (fault: FaultSpec) => void,
  ) {
    this.byIndex = new Map(faults.map((fault) => [fault.index, fault]));
  }

  /** Wait for the earlier fault of `fault`; give up at `duration` if it has not fired by then. */
  schedule(fault: ChainedFault): void {
    const link: Link = { fault, fired: false, missed: null };
    const list = this.links.get(fault.after.faultIndex) ?? [];
    list.push(link);
    this.links.set(fault.after.faultIndex, list);
    const { world, durationUs } = this.env;
    world.at(durationUs, () => {
      if (link.fired) return;
      const reason =
        link.missed ?? `${this.earlier(fault)} did not ${fault.after.on === "end" ? "end" : "start"} before the end at ${formatDurationUs(durationUs)}`;
      this.env.timeline.add({
        atUs: world.now,
        kind: "fault-skipped",
        text: `${faultLabel(fault)} skipped (armed at ${formatDurationUs(fault.atUs)}): ${reason}`,
      });
    });
  }

  /** `fault` fired; `acted`: it stopped, started or cut off at least one node (or changed the topic). */
  started(fault: FaultSpec, acted: boolean): void {
    if (acted) for (const link of this.waitingOn(fault, "start")) this.follow(link, "started");
    else {
      // A fault that did nothing neither starts nor ends: what follows it waits in vain.
      const now = formatDurationUs(this.env.world.now);
      for (const link of [...this.waitingOn(fault, "start"), ...this.waitingOn(fault, "end")])
        link.missed = `${this.earlier(link.fault)} did nothing at ${now}`;
    }
  }

  /** `fault` ended: its nodes restarted or resumed, its link healed. */
  ended(fault: FaultSpec): void {
    for (const link of this.waitingOn(fault, "end")) this.follow(link, "ended");
  }

  private waitingOn(fault: FaultSpec, on: FaultChain["on"]): Link[] {
    return (this.links.get(fault.index) ?? []).filter((link) => !link.fired && link.missed === null && link.fault.after.on === on);
  }

  private follow(link: Link, what: "started" | "ended"): void {
    const { world, durationUs } = this.env;
    const { fault } = link;
    const atUs = world.now + fault.after.delayUs;
    if (world.now < fault.atUs) {
      link.missed = `${this.earlier(fault)} ${what} at ${formatDurationUs(world.now)}, before this fault was armed`;
      return;
    }
    if (atUs > durationUs) {
      link.missed = `${this.earlier(fault)} ${what} at ${formatDurationUs(world.now)}, too late for its ${formatDurationUs(fault.after.delayUs)} delay`;
      return;
    }
    link.fired = true;
    const when = fault.after.delayUs === 0 ? "now" : `in ${formatDurationUs(fault.after.delayUs)}`;
    this.env.timeline.add({ atUs: world.now, kind: "trigger", text: `${this.earlier(fault)} ${what}: ${faultLabel(fault)} fires ${when}` });
    world.at(atUs, () => this.fire(fault));
  }

  /** "isolate controller-2 (cut-voter)": the earlier fault as written, with its id. */
  private earlier(fault: ChainedFault): string {
    const source = this.byIndex.get(fault.after.faultIndex);
    return source === undefined ? fault.after.fault : `${faultLabel(source)} (${fault.after.fault})`;
  }
}
