/**
 * Choosing the moments a terminal report shows (the Markdown report shows all of them). A run's
 * timeline holds every teaching moment, which for a one-minute run is well over a hundred lines;
 * a reader wants the story: the faults and what the cluster did about them. So:
 * - when the run has faults, the start-up before the first fault (controllers elected, brokers
 *   registered, topics created, groups formed) becomes one summary line;
 * - a moment that repeats (same kind, same node or partition) is shown twice, then counted;
 * - faults, leader and ISR changes, truncations, elections and the drain are never folded.
 */
import type { TimelineLine } from "../scenario/result.js";

/** One line of the chosen timeline: a moment, or a summary of moments left out. */
export type ShownMoment =
  | { kind: "moment"; line: TimelineLine }
  | { kind: "startup"; fromUs: number; toUs: number; count: number; what: string[] }
  | { kind: "repeats"; count: number; untilUs: number; of: string };

const NEVER_FOLDED = /^(fault|leader-change|isr-change$|log-truncated|unclean|election|drain|note|host-crash|power-loss|disk-loss)/;

const STARTUP_WORDS: readonly [RegExp, string][] = [
  [/^controller-(elected|active)/, "controller elected"],
  [/^broker-(registered|unfenced)/, "brokers registered"],
  [/^topic-created/, "topics created"],
  [/^become-leader/, "leaders chosen"],
  [/^(group-|member-|consumer-assigned)/, "groups formed"],
  [/^producer-/, "producers started"],
];

function isFault(line: TimelineLine): boolean {
  return line.kind.startsWith("fault");
}

function repeatKey(line: TimelineLine): string {
  return `${line.kind}|${line.node ?? ""}|${line.partition ?? ""}`;
}

/** The moments to show, with start-up and repeats folded (see the module comment). */
export function chooseMoments(timeline: readonly TimelineLine[], keepRepeats = 2): ShownMoment[] {
  const firstFault = timeline.findIndex(isFault);
  const shown: ShownMoment[] = [];
  let start = 0;
  if (firstFault > 3) {
    const startup = timeline.slice(0, firstFault);
    const what: string[] = [];
    for (const [pattern, words] of STARTUP_WORDS) {
      if (startup.some((l) => pattern.test(l.kind)) && !what.includes(words)) what.push(words);
    }
    shown.push({ kind: "startup", fromUs: startup[0]?.atUs ?? 0, toUs: startup[startup.length - 1]?.atUs ?? 0, count: startup.length, what });
    start = firstFault;
  }
  const rest = timeline.slice(start);
  const totals = new Map<string, { count: number; lastUs: number }>();
  for (const line of rest) {
    const key = repeatKey(line);
    const t = totals.get(key) ?? { count: 0, lastUs: 0 };
    totals.set(key, { count: t.count + 1, lastUs: line.atUs });
  }
  const seen = new Map<string, number>();
  for (const line of rest) {
    const key = repeatKey(line);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const total = totals.get(key) ?? { count: 1, lastUs: line.atUs };
    if (NEVER_FOLDED.test(line.kind) || n <= keepRepeats) {
      shown.push({ kind: "moment", line });
      if (!NEVER_FOLDED.test(line.kind) && n === keepRepeats && total.count > keepRepeats) {
        shown.push({ kind: "repeats", count: total.count - keepRepeats, untilUs: total.lastUs, of: `${line.kind}${line.node === undefined ? "" : ` on ${line.node}`}` });
      }
    }
  }
  return shown;
}
