/**
 * A bounded sample of the messages around each fault, for the HTML report's space-time diagram
 * (lanes per node, an arrow per message). It watches the network through its {@link MessageTap}
 * (no trace record is added, so trace hashes do not move) and only when a run asks for it.
 *
 * Every fault moment (a fault firing, its scheduled heal or restart) gets a window, seen at two
 * widths: a close-up and a wide view. In each view the messages are grouped by (type, sender,
 * receiver, lost or not); a group that grows too much is thinned evenly (every other message kept,
 * then every fourth, ...), so memory stays bounded however busy the cluster is, and rare messages
 * (an election, an AlterPartition, a dropped fetch) survive beside the steady produce and fetch
 * traffic. At the end each view keeps at most {@link ARROWS_PER_VIEW} arrows, shared fairly
 * between the groups.
 */
import type { Message } from "../../sim/actor.js";
import type { MessageTap } from "../../sim/network.js";
import type { Micros } from "../../sim/time.js";
import type { FaultSpec } from "../types.js";
import { messageDetail } from "./message-detail.js";

/** At most this many fault moments get a window (the earliest ones). */
const MAX_WINDOWS = 10;
/** Arrows kept per view in the result. */
export const ARROWS_PER_VIEW = 240;
/** Messages held per view while the run goes on, before the final choice. */
const HELD_PER_VIEW = 1500;

/** The widths of a window: how long before and after its fault moment. */
const MESSAGE_VIEWS = [
  { name: "close-up", beforeUs: 250_000, afterUs: 1_750_000 },
  { name: "wide", beforeUs: 1_000_000, afterUs: 9_000_000 },
] as const;

/** One message: sent at `sentUs` by `from`, delivered to `to` at `endUs` (or lost then, `lost` says why). */
export interface SampledMessage {
  sentUs: number;
  endUs: number;
  from: string;
  to: string;
  type: string;
  lost?: string;
  /** What it carried, in a few words (partitions, offsets, errors). */
  detail?: string;
}

/** One width of one window. */
export interface MessageView {
  name: string;
  fromUs: number;
  toUs: number;
  /** Messages that crossed this view in all, and how many `messages` shows. */
  seen: number;
  messages: SampledMessage[];
}

/** The messages around one fault moment. */
export interface MessageWindow {
  atUs: number;
  views: MessageView[];
}

/** The sample a run keeps (`RunResult.messages`). */
export interface MessageSample {
  /** Every node of the run and its role (broker, controller, zookeeper, producer, consumer, admin). */
  nodes: { name: string; role: string }[];
  windows: MessageWindow[];
}

/** A group of messages thinned as one: keep every `stride`-th. */
interface Group {
  seen: number;
  stride: number;
  items: SampledMessage[];
}

class ViewSampler {
  readonly groups = new Map<string, Group>();
  held = 0;
  seen = 0;

  constructor(
    readonly name: string,
    readonly fromUs: number,
    readonly toUs: number,
  ) {}

  offer(key: string, make: () => SampledMessage): void {
    this.seen++;
    let group = this.groups.get(key);
    if (group === undefined) {
      if (this.held >= HELD_PER_VIEW && !this.thin()) return;
      group = { seen: 0, stride: 1, items: [] };
      this.groups.set(key, group);
    }
    const index = group.seen++;
    if (index % group.stride !== 0) return;
    group.items.push(make());
    this.held++;
    if (this.held > HELD_PER_VIEW) this.thin();
  }

  /** Halve the largest group (keep every other message); false when no group has two to halve. */
  private thin(): boolean {
    let largest: Group | null = null;
    for (const group of this.groups.values()) if (largest === null || group.items.length > largest.items.length) largest = group;
    if (largest === null || largest.items.length < 2) return false;
    const kept = largest.items.filter((_, i) => i % 2 === 0);
    this.held -= largest.items.length - kept.length;
    largest.items = kept;
    largest.stride *= 2;
    return true;
  }

  result(): MessageView {
    return {
      name: this.name,
      fromUs: this.fromUs,
      toUs: this.toUs,
      seen: this.seen,
      messages: fairShare(
        [...this.groups.values()].map((g) => g.items),
        ARROWS_PER_VIEW,
      ),
    };
  }
}

/**
 * At most `budget` items from the lists: small lists whole, the rest an even share each (evenly
 * spaced within a list), in time order.
 */
export function fairShare(lists: readonly SampledMessage[][], budget: number): SampledMessage[] {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  const out: SampledMessage[] = [];
  let left = budget;
  sorted.forEach((list, i) => {
    const share = Math.floor(left / (sorted.length - i));
    const take = Math.min(list.length, share);
    for (let k = 0; k < take; k++) out.push(list[Math.floor((k * list.length) / take)]!);
    left -= take;
  });
  return out.sort((a, b) => a.sentUs - b.sentUs || a.endUs - b.endUs);
}

/** The moments faults happen at: each fault's time and the time of its scheduled heal, restart or end. */
export function faultMoments(faults: readonly FaultSpec[]): number[] {
  const moments = new Set<number>();
  for (const fault of faults) {
    moments.add(fault.atUs);
    for (const [key, value] of Object.entries(fault)) {
      if (/(AfterUs|^forUs)$/.test(key) && typeof value === "number" && value > 0) moments.add(fault.atUs + value);
    }
  }
  return [...moments].sort((a, b) => a - b).slice(0, MAX_WINDOWS);
}

/** The network tap that fills the windows. */
export class MessageSampler implements MessageTap {
  private readonly windows: { atUs: number; views: ViewSampler[] }[];
  private readonly views: ViewSampler[];
  private readonly firstUs: number;
  private readonly lastUs: number;

  constructor(
    moments: readonly number[],
    private readonly roleOf: (node: string) => string,
  ) {
    this.windows = moments.map((atUs) => ({
      atUs,
      views: MESSAGE_VIEWS.map((v) => new ViewSampler(v.name, Math.max(0, atUs - v.beforeUs), atUs + v.afterUs)),
    }));
    this.views = this.windows.flatMap((w) => w.views);
    this.firstUs = Math.min(Infinity, ...this.views.map((v) => v.fromUs));
    this.lastUs = Math.max(-Infinity, ...this.views.map((v) => v.toUs));
  }

  delivered(sentUs: Micros, atUs: Micros, from: string, to: string, message: Message): void {
    this.offer(sentUs, atUs, from, to, message, undefined);
  }

  lost(sentUs: Micros, atUs: Micros, from: string, to: string, message: Message | null, reason: string): void {
    this.offer(sentUs, atUs, from, to, message, reason);
  }

  private offer(sentUs: number, endUs: number, from: string, to: string, message: Message | null, lost: string | undefined): void {
    if (endUs < this.firstUs || sentUs > this.lastUs) return;
    const type = message === null ? "connection-reset" : message.type;
    let made: SampledMessage | null = null;
    const make = (): SampledMessage => {
      if (made !== null) return made;
      const detail = message === null ? "" : messageDetail(message);
      made = { sentUs, endUs, from, to, type, ...(lost === undefined ? {} : { lost }), ...(detail === "" ? {} : { detail }) };
      return made;
    };
    const key = `${type}|${from}|${to}|${lost === undefined ? "" : "lost"}`;
    for (const view of this.views) if (endUs >= view.fromUs && sentUs <= view.toUs) view.offer(key, make);
  }

  /** The sample, once the run is over. */
  result(nodes: readonly string[]): MessageSample {
    return {
      nodes: nodes.map((name) => ({ name, role: this.roleOf(name) })),
      windows: this.windows.map((w) => ({ atUs: w.atUs, views: w.views.map((v) => v.result()) })),
    };
  }
}
