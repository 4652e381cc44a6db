/**
 * What a campaign generated, for the end-of-run statistics: how often each fault kind, controller
 * mode, protocol, configuration value, commit mode and mutant occurred, and how many simulated
 * seconds the runs covered. Counts add up across shards (merge.ts).
 */
import type { RawScenario } from "../scenario/schema.js";

/** Counts by name. */
export type Counts = Record<string, number>;

/** The statistics of a campaign. */
export interface FuzzStats {
  /** Generated runs counted (shrink candidates and self-check repeats are not). */
  runs: number;
  /** Simulated seconds of those runs (including the drain). */
  simulatedSeconds: number;
  faultKinds: Counts;
  controllerModes: Counts;
  protocols: Counts;
  /** `key=value` of the producer, topic and consumer settings that matter for the properties. */
  configs: Counts;
  bugs: Counts;
  /** Runs whose determinism self-check ran. */
  selfChecks: number;
}

/** Empty statistics. */
export function emptyStats(): FuzzStats {
  return { runs: 0, simulatedSeconds: 0, faultKinds: {}, controllerModes: {}, protocols: {}, configs: {}, bugs: {}, selfChecks: 0 };
}

function bump(counts: Counts, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** Keys of a fault entry that are not its kind. */
const FAULT_FIELDS = new Set(["at", "restart-after", "heal-after", "for"]);

/** Count one generated scenario that ran for `simulatedMs`. */
export function addRun(stats: FuzzStats, raw: RawScenario, simulatedMs: number): void {
  stats.runs++;
  stats.simulatedSeconds += simulatedMs / 1000;
  for (const fault of raw.faults ?? []) {
    const kind = Object.keys(fault).find((key) => !FAULT_FIELDS.has(key));
    if (kind !== undefined) bump(stats.faultKinds, kind);
  }
  const cluster = raw.cluster;
  bump(stats.controllerModes, String(cluster?.controller?.mode ?? "kraft"));
  const protocol = cluster?.protocol;
  bump(stats.protocols, typeof protocol === "string" ? protocol : protocol === undefined ? "modern" : "custom");
  for (const bug of cluster?.bugs ?? []) bump(stats.bugs, bug);
  const seen = new Set<string>();
  const note = (key: string, value: unknown) => {
    if (value !== undefined) seen.add(`${key}=${String(value)}`);
  };
  for (const producer of raw.producers ?? []) {
    const config = (producer.config ?? {}) as Record<string, unknown>;
    note("acks", config["acks"] ?? "all");
    note("enable.idempotence", config["enable.idempotence"] ?? "default");
  }
  for (const topic of raw.topics ?? []) {
    const config = (topic.config ?? {}) as Record<string, unknown>;
    note("replication.factor", topic["replication-factor"]);
    note("min.insync.replicas", config["min.insync.replicas"] ?? 1);
    note("unclean.leader.election.enable", config["unclean.leader.election.enable"] ?? false);
  }
  for (const group of raw.consumers ?? []) note("commit", group.commit ?? "auto");
  for (const key of seen) bump(stats.configs, key);
}

/** The sum of statistics (shards of one campaign). */
export function mergeStats(all: readonly FuzzStats[]): FuzzStats {
  const total = emptyStats();
  for (const stats of all) {
    total.runs += stats.runs;
    total.simulatedSeconds += stats.simulatedSeconds;
    total.selfChecks += stats.selfChecks;
    for (const key of ["faultKinds", "controllerModes", "protocols", "configs", "bugs"] as const) {
      for (const [name, count] of Object.entries(stats[key])) bump(total[key], name, count);
    }
  }
  return total;
}
