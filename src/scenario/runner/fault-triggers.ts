/**
 * Faults triggered by events (docs/scenario-format.md "Faults triggered by events"): a fault with
 * `after` is armed at its `at` and fires `delay` after the first matching change of the cluster's
 * authoritative committed metadata (a new partition leader, an ISR that loses or gains a member, a
 * new active controller) or of a consumer group (a new generation) from then on, as the runner's
 * ClusterView sees it. Every step happens inside the simulation, so a run with triggers replays
 * bit for bit from its seed. A trigger whose event never comes before `duration` (or comes too
 * late for its delay) leaves the fault skipped, and the timeline says so at `duration`.
 */
import { brokerNode } from "../../kafka/metadata/partition-state.js";
import type { World } from "../../sim/world.js";
import { formatDurationUs } from "../durations.js";
import { formatTarget } from "../targets.js";
import type { FaultSpec, FaultTrigger } from "../types.js";
import type { ClusterView, MetadataEvent } from "./cluster-view.js";
import type { TimelineCollector } from "./timeline.js";

/** What the triggers need from the run. */
export interface TriggerEnvironment {
  readonly world: World;
  readonly view: ClusterView;
  readonly timeline: TimelineCollector;
  /** The scenario's duration: a trigger still waiting then is given up. */
  readonly durationUs: number;
}

interface Waiting {
  readonly fault: FaultSpec & { readonly after: FaultTrigger };
  state: "waiting" | "armed" | "fired";
  /** Why an event that came did not fire the fault (too late for the delay). */
  late: string | null;
}

/** The event-triggered faults of one run. */
export class FaultTriggers {
  private readonly armed: Waiting[] = [];

  constructor(
    private readonly env: TriggerEnvironment,
    private readonly fire: (fault: FaultSpec) => void,
  ) {}

  /** Arm `fault` at its `at`; give it up at `duration` if it has not fired by then. */
  schedule(fault: FaultSpec & { readonly after: FaultTrigger }): void {
    const entry: Waiting = { fault, state: "waiting", late: null };
    const { world, durationUs } = this.env;
    world.at(fault.atUs, () => {
      entry.state = "armed";
      this.armed.push(entry);
      this.env.view.onEvent ??= (event) => this.seen(event);
    });
    world.at(durationUs, () => {
      if (entry.state === "fired") return;
      const index = this.armed.indexOf(entry);
      if (index >= 0) this.armed.splice(index, 1);
      const reason = entry.late ?? `no ${describeTrigger(fault.after)} before the end at ${formatDurationUs(durationUs)}`;
      this.env.timeline.add({
        atUs: world.now,
        kind: "fault-skipped",
        text: `${faultLabel(fault)} skipped (armed at ${formatDurationUs(fault.atUs)}): ${reason}`,
      });
    });
  }

  private seen(event: MetadataEvent): void {
    const { world, durationUs } = this.env;
    for (const entry of [...this.armed]) {
      const trigger = entry.fault.after;
      if (!matches(trigger, event)) continue;
      this.armed.splice(this.armed.indexOf(entry), 1);
      const atUs = world.now + trigger.delayUs;
      if (atUs > durationUs) {
        entry.late = `the ${describeEvent(event)} at ${formatDurationUs(world.now)} came too late for its ${formatDurationUs(trigger.delayUs)} delay`;
        continue;
      }
      entry.state = "fired";
      const when = trigger.delayUs === 0 ? "now" : `in ${formatDurationUs(trigger.delayUs)}`;
      this.env.timeline.add({ atUs: world.now, kind: "trigger", text: `${describeEvent(event)}: ${faultLabel(entry.fault)} fires ${when}` });
      world.at(atUs, () => this.fire(entry.fault));
    }
  }
}

function matches(trigger: FaultTrigger, event: MetadataEvent): boolean {
  if (trigger.event !== event.kind) return false;
  switch (event.kind) {
    case "leader-change":
    case "isr-shrink":
    case "isr-expand":
      return trigger.partition === null || `${trigger.partition.topic}-${trigger.partition.partition}` === event.partition;
    case "rebalance":
      return trigger.group === null || trigger.group === event.group;
    case "controller-change":
      return true;
  }
}

/** "leader-change of orders-0", "rebalance of g1", "controller-change". */
function describeTrigger(trigger: FaultTrigger): string {
  if (trigger.partition !== null) return `${trigger.event} of ${trigger.partition.topic}-${trigger.partition.partition}`;
  if (trigger.group !== null) return `${trigger.event} of ${trigger.group}`;
  return trigger.event;
}

function describeEvent(event: MetadataEvent): string {
  const broker = (id: number) => (id < 0 ? "none" : brokerNode(id));
  switch (event.kind) {
    case "leader-change":
      return `leader-change of ${event.partition} (${broker(event.from)} → ${broker(event.to)})`;
    case "isr-shrink":
    case "isr-expand":
      return `${event.kind} of ${event.partition} (ISR [${event.isr.map(broker).join(", ")}])`;
    case "controller-change":
      return `controller-change (${event.node}, epoch ${event.epoch})`;
    case "rebalance":
      return `rebalance of ${event.group} (generation ${event.generation})`;
  }
}

/** The fault's kind and targets as written: "crash leader(orders-0)", "cut broker-1 → [controller-1, controller-2]". */
export function faultLabel(fault: FaultSpec): string {
  switch (fault.kind) {
    case "crash":
    case "power-loss":
    case "shutdown":
    case "disk-loss":
    case "restart":
    case "pause":
    case "isolate":
      return `${fault.kind} ${formatTarget(fault.target)}`;
    case "partition":
      return `partition ${fault.groups.map(formatTarget).join(" | ")}`;
    case "cut":
      return `cut ${formatTarget(fault.from)} → ${formatTarget(fault.to)}`;
    case "delay":
    case "drop":
      return `${fault.kind} ${formatTarget(fault.between[0])} ↔ ${formatTarget(fault.between[1])}`;
    case "heal":
      return "heal all";
    case "add-partitions":
      return `add-partitions ${fault.topic}`;
  }
}
