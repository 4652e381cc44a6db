/**
 * The sections of a one-seed report that the terminal and Markdown renderers share in meaning:
 * which anomalies to show, which invariants failed, how expectations, partitions and client
 * outcomes read. Each function returns plain facts or plain sentences; the renderers lay them out.
 */
import type { ExpectationResult, RunResult } from "../scenario/result.js";
import { ANOMALY_NAMES, OUTCOME_NAMES } from "./words.js";
import { formatMs, formatRate, formatThousands, formatTime, plural } from "./text.js";

type Anomaly = RunResult["anomalies"][number];

/** One anomaly type with its full count and the examples kept for display. */
export interface AnomalyGroup {
  type: string;
  count: number;
  shown: Anomaly[];
  hidden: number;
}

/**
 * Anomalies grouped by type in the checker's order, counts from `metrics` (the list in the result
 * is already capped), at most `perType` examples each.
 */
export function anomalyGroups(result: RunResult, perType: number): AnomalyGroup[] {
  const types = new Set<string>(result.anomalies.map((a) => a.type));
  for (const name of ANOMALY_NAMES) if ((result.metrics[name] ?? 0) > 0) types.add(name);
  const order = (t: string): number => {
    const i = ANOMALY_NAMES.indexOf(t);
    return i === -1 ? ANOMALY_NAMES.length : i;
  };
  return [...types]
    .sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1))
    .map((type) => {
      const all = result.anomalies.filter((a) => a.type === type);
      const count = Math.max(result.metrics[type] ?? 0, all.length);
      const shown = all.slice(0, perType);
      return { type, count, shown, hidden: count - shown.length };
    });
}

/** `orders-0 offset 812 "p1-812"` — where an anomaly is. */
export function anomalyWhere(anomaly: Anomaly): string {
  const parts = [anomaly.partition];
  if (anomaly.offset !== undefined) parts.push(`offset ${anomaly.offset}`);
  if (anomaly.value !== undefined) parts.push(JSON.stringify(anomaly.value));
  return parts.join(" ");
}

/** The invariants with violations, in the result's order. */
export function violatedInvariants(result: RunResult): RunResult["invariants"] {
  return result.invariants.filter((i) => i.violations > 0);
}

/** `lost-write >= 1` — the expectation as written (a bare number means `==`). */
export function expectationText(e: ExpectationResult): string {
  const expected = String(e.expected).trim();
  return /^[-+]?\d/.test(expected) ? `${e.metric} == ${expected}` : `${e.metric} ${expected}`;
}

/** `2000 produced, 1990 acked, 10 failed, 0 unknown, 1985 consumed, 1985 processed`. */
export function outcomeSentence(result: RunResult): string {
  return OUTCOME_NAMES.map((name) => `${result.metrics[name] ?? 0} ${name}`).join(", ");
}

/**
 * Why reads fall short of acknowledged writes when a group began at `auto.offset.reset=latest`
 * (Kafka's default): `g1 started at auto.offset.reset=latest (Kafka's default) on orders-0 at
 * offset 1,200 (7.090s): the 1,200 records written before it joined are not its to read`; null when
 * no group skipped anything that way.
 */
export function latestStartSentence(result: RunResult): string | null {
  const starts = result.stats.latestStarts ?? [];
  if (starts.length === 0) return null;
  const byGroup = new Map<string, typeof starts>();
  for (const s of starts) byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), s]);
  const parts = [...byGroup].map(([group, list]) => {
    const shown = list.slice(0, 3).map((s) => `offset ${formatThousands(s.offset)} of ${s.partition} (${formatTime(s.atUs)})`);
    const more = list.length > 3 ? ` and ${list.length - 3} more partitions` : "";
    return `${group} began at ${shown.join(", ")}${more}`;
  });
  const skipped = starts.reduce((sum, s) => sum + s.offset, 0);
  const one = byGroup.size === 1;
  return (
    `reads fall short of writes by design: with no committed offset and auto.offset.reset=latest (Kafka's default), ${parts.join("; ")}, ` +
    `so the ${formatThousands(skipped)} record${skipped === 1 ? "" : "s"} written before ${one ? "it" : "they"} joined ${skipped === 1 ? "is" : "are"} not ${one ? "its" : "theirs"} to read ` +
    "(auto.offset.reset=earliest reads from the start)"
  );
}

/** Kafka errors seen by clients (all clients: not the `errors.<client>.*` split), non-zero only, sorted: `NOT_ENOUGH_REPLICAS ×10`. */
export function errorList(result: RunResult): string[] {
  return Object.keys(result.metrics)
    .filter((name) => /^errors\.[A-Z]/.test(name) && (result.metrics[name] ?? 0) > 0)
    .sort()
    .map((name) => `${name.slice("errors.".length)} ×${result.metrics[name]}`);
}

/** `produce latency p50 2.1 ms, p99 8 ms; throughput 198/s`. */
export function performanceSentence(result: RunResult): string {
  const s = result.stats;
  return (
    `produce latency p50 ${formatMs(s.produceLatencyMsP50)}, p99 ${formatMs(s.produceLatencyMsP99)}; ` +
    `throughput ${formatRate(s.throughputPerSec)} acknowledged`
  );
}

/**
 * `orders-0 4.2 s` for each partition that was down for some time (`downtime`: no running leader),
 * or with `write` that could not take acks=all writes (`write-downtime`), sorted.
 */
export function unavailability(result: RunResult, write = false): string[] {
  const map = (write ? result.stats.writeDowntimeMs : result.stats.downtimeMs) ?? result.stats.unavailableMs ?? {};
  return Object.keys(map)
    .sort()
    .filter((p) => (map[p] ?? 0) > 0)
    .map((p) => `${p} ${formatMs(map[p])}`);
}

/** One line per partition: `orders-0  leader broker-2, ISR [broker-2, broker-3], HW 1990 = LEO`. */
export function partitionLine(p: RunResult["partitions"][number]): string {
  const leader = p.leader === null ? "no leader" : `leader ${p.leader}`;
  const offsets = p.highWatermark === p.logEndOffset ? `HW ${p.highWatermark} = LEO` : `HW ${p.highWatermark} < LEO ${p.logEndOffset}`;
  const state = `${leader}, ISR [${p.isr.join(", ")}], ${offsets}`;
  return p.converged ? state : `${state} — not converged${p.why === undefined ? "" : `: ${p.why}`}`;
}

/** `all 3 partitions converged` or `1 of 3 partitions did not converge`. */
export function convergenceSentence(result: RunResult): string {
  const total = result.partitionsSummary?.total ?? result.partitions.length;
  const bad = result.partitionsSummary
    ? result.partitionsSummary.total - result.partitionsSummary.converged
    : result.partitions.filter((p) => !p.converged).length;
  if (total === 0) return result.converged ? "the cluster converged" : "the cluster did not converge";
  const internal = result.partitionsSummary?.internal ?? result.partitions.filter((p) => p.partition.startsWith("__")).length;
  const of = internal === 0 ? "" : ` (${internal} internal)`;
  if (bad === 0) return total === 1 ? "the partition converged" : `all ${plural(total, "partition")} converged${of}`;
  return `${bad} of ${plural(total, "partition")} did not converge${of}`;
}

/** `all 9 invariants held` or `2 of 9 invariants violated`. */
export function invariantSentence(result: RunResult): string {
  const total = result.invariants.length;
  const bad = violatedInvariants(result).length;
  if (total === 0) return "no invariants were checked";
  if (bad === 0) return `all ${plural(total, "invariant")} held`;
  return `${bad} of ${plural(total, "invariant")} violated`;
}

/** `5 lost-write, 2 duplicate` (non-zero anomaly counts), or `none`. */
export function anomalyCountSentence(groups: readonly AnomalyGroup[]): string {
  return groups.length === 0 ? "none" : groups.map((g) => `${g.count} ${g.type}`).join(", ");
}

/**
 * The protocol line: "protocol kafka-0.10 (Kafka 0.10, ZooKeeper); defaults of Kafka 0.10: acks=1, …",
 * or null for a result without protocol (built by hand).
 */
export function protocolSentence(result: RunResult): string | null {
  const protocol = result.protocol;
  if (protocol === undefined) return null;
  const mode = protocol.mode === "kraft" ? "KRaft" : "ZooKeeper";
  const head = `protocol ${protocol.preset} (Kafka ${protocol.kafkaVersion}, ${mode})`;
  if (protocol.versionDefaults.length === 0) return `${head}, Kafka 4.x defaults`;
  return `${head}; defaults of Kafka ${protocol.kafkaVersion} where the file sets none: ${protocol.versionDefaults.join(", ")}`;
}
