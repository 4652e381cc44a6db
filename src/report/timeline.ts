/**
 * Choosing the moments a terminal report shows (the Markdown report shows all of them). A run's
 * timeline holds every teaching moment, which for a one-minute run is well over a hundred lines;
 * a reader wants the story: the faults the scenario injected and what the cluster did about them.
 * Every moment has a tier:
 *   1. the scenario's own faults and their heals — always shown;
 *   2. what the cluster did: leader, ISR and epoch changes, elections, truncations, fencing,
 *      crashes and restarts, the drain;
 *   3. what the clients saw: their errors, expired batches, the end of the workload;
 *   4. client chatter: reconnect backoffs, coordinator lookups, fetch sessions, group traffic.
 * So:
 * - when the run has faults, the start-up before the first fault (controllers elected, brokers
 *   registered, topics created, groups formed) becomes one summary line;
 * - a moment of tier 3 or 4 that repeats (same kind, same node or partition) is shown twice,
 *   then counted;
 * - when more than `max` lines remain, tier 4 is folded first, then tier 3 (each run of folded
 *   moments becomes one line that counts them), and only then are tier-2 moments elided from the
 *   middle; tier 1 is never folded.
 */
import type { TimelineLine } from "../scenario/result.js";

/** One line of the chosen timeline: a moment, or a summary of moments left out. */
export type ShownMoment =
  | { kind: "moment"; line: TimelineLine }
  | { kind: "startup"; fromUs: number; toUs: number; count: number; what: string[] }
  | { kind: "repeats"; count: number; untilUs: number; of: string }
  | { kind: "folded"; count: number; fromUs: number; untilUs: number; what: string[] };

/** How much a moment matters to the story (1 most; see the module comment). */
export type Tier = 1 | 2 | 3 | 4;

const CLUSTER_KINDS =
  /^(leader-change|isr-|log-truncated|unclean|election|elr|drain|note|host-|power-loss|disk-loss|broker-(fenced|unfenced|registered|shutdown|controlled)|controlled-shutdown|controller-|become-leader|fetch-diverging-epoch|zk-session|session-expired)/;
const CLIENT_OUTCOME_KINDS = /^(client-error|delivery-timeout|producer-stop-sending|producer-fenced|consumer-crash|rebalance-timeout|max-poll)/;

const STARTUP_WORDS: readonly [RegExp, string][] = [
  [/^controller-(elected|active)/, "controller elected"],
  [/^broker-(registered|unfenced)/, "brokers registered"],
  [/^topic-created/, "topics created"],
  [/^become-leader/, "leaders chosen"],
  [/^(group-|member-|consumer-assigned)/, "groups formed"],
  [/^producer-/, "producers started"],
];

/** The words a folded run of chatter is summed up with. */
const CHATTER_WORDS: readonly [RegExp, string][] = [
  [/^client-reconnect|^producer-disconnect|^client-disconnect/, "reconnects"],
  [/coordinator/, "coordinator lookups"],
  [/^fetch-session/, "fetch sessions"],
  [/^(group-|member-|consumer-)/, "group traffic"],
  [/^follower-fetch|^fetch-/, "replica fetches"],
  [/^client-error|^delivery-timeout/, "client errors"],
  [/^producer-/, "producer moments"],
];

/** The tier of a timeline kind. */
export function tierOf(kind: string): Tier {
  if (kind.startsWith("fault")) return 1;
  if (CLUSTER_KINDS.test(kind)) return 2;
  if (CLIENT_OUTCOME_KINDS.test(kind)) return 3;
  return 4;
}

function isFault(line: TimelineLine): boolean {
  return line.kind.startsWith("fault");
}

function repeatKey(line: TimelineLine): string {
  return `${line.kind}|${line.node ?? ""}|${line.partition ?? ""}`;
}

function itemTier(item: ShownMoment): Tier {
  if (item.kind === "moment") return tierOf(item.line.kind);
  if (item.kind === "startup") return 1;
  return 4;
}

function itemTimes(item: ShownMoment): { fromUs: number; untilUs: number; count: number; kinds: string[] } {
  if (item.kind === "moment") return { fromUs: item.line.atUs, untilUs: item.line.atUs, count: 1, kinds: [item.line.kind] };
  if (item.kind === "repeats") return { fromUs: item.untilUs, untilUs: item.untilUs, count: item.count, kinds: [item.of.split(" ")[0] ?? ""] };
  if (item.kind === "folded") return { fromUs: item.fromUs, untilUs: item.untilUs, count: item.count, kinds: [] };
  return { fromUs: item.fromUs, untilUs: item.toUs, count: item.count, kinds: [] };
}

/** Replace every item of tier ≥ `tier` by one `folded` line per run of consecutive ones. */
function foldFrom(items: readonly ShownMoment[], tier: Tier): ShownMoment[] {
  const out: ShownMoment[] = [];
  for (const item of items) {
    if (item.kind !== "folded" && itemTier(item) < tier) {
      out.push(item);
      continue;
    }
    const t = itemTimes(item);
    const what = item.kind === "folded" ? item.what : chatterWords(t.kinds);
    const last = out[out.length - 1];
    if (last?.kind === "folded") {
      out[out.length - 1] = { ...last, count: last.count + t.count, untilUs: Math.max(last.untilUs, t.untilUs), what: [...new Set([...last.what, ...what])] };
    } else {
      out.push({ kind: "folded", count: t.count, fromUs: t.fromUs, untilUs: t.untilUs, what });
    }
  }
  // A fold of one or two moments costs the line it saves: leave it out (the header says chatter is folded).
  return out.filter((item) => item.kind !== "folded" || item.count >= 3 || tier < 4);
}

function chatterWords(kinds: readonly string[]): string[] {
  const words: string[] = [];
  for (const kind of kinds) {
    const match = CHATTER_WORDS.find(([pattern]) => pattern.test(kind));
    const word = match?.[1];
    if (word !== undefined && !words.includes(word)) words.push(word);
  }
  return words;
}

/** Elide tier-2 moments (and folded lines) from the middle until at most `max` lines remain. */
function elideMiddle(items: readonly ShownMoment[], max: number): ShownMoment[] {
  const keep = new Set<number>();
  items.forEach((item, i) => {
    if (itemTier(item) === 1) keep.add(i);
  });
  const others = items.map((_, i) => i).filter((i) => !keep.has(i));
  const room = Math.max(0, max - keep.size - 1);
  const tail = Math.floor(room / 4);
  const head = room - tail;
  for (const i of [...others.slice(0, head), ...others.slice(others.length - tail)]) keep.add(i);
  const out: ShownMoment[] = [];
  items.forEach((item, i) => {
    if (keep.has(i)) {
      out.push(item);
      return;
    }
    const t = itemTimes(item);
    const last = out[out.length - 1];
    if (last?.kind === "folded") out[out.length - 1] = { ...last, count: last.count + t.count, untilUs: Math.max(last.untilUs, t.untilUs) };
    else out.push({ kind: "folded", count: t.count, fromUs: t.fromUs, untilUs: t.untilUs, what: [] });
  });
  return out;
}

/** The moments to show, folded as the module comment says; `max` bounds the lines (default: no bound). */
export function chooseMoments(timeline: readonly TimelineLine[], keepRepeats = 2, max = Number.POSITIVE_INFINITY): ShownMoment[] {
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
    const folds = tierOf(line.kind) >= 3;
    if (!folds || n <= keepRepeats) {
      shown.push({ kind: "moment", line });
      if (folds && n === keepRepeats && total.count > keepRepeats) {
        shown.push({
          kind: "repeats",
          count: total.count - keepRepeats,
          untilUs: total.lastUs,
          of: `${line.kind}${line.node === undefined ? "" : ` on ${line.node}`}`,
        });
      }
    }
  }
  if (shown.length <= max) return shown;
  const withoutChatter = foldFrom(shown, 4);
  if (withoutChatter.length <= max) return withoutChatter;
  const withoutClients = foldFrom(withoutChatter, 3);
  if (withoutClients.length <= max) return withoutClients;
  return elideMiddle(withoutClients, max);
}
