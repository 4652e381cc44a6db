/**
 * The sizes kafkasim accepts (docs/limits.md). A size beyond them is a validation error at its
 * line, found before anything is allocated for it: `brokers: 99999999` would otherwise exhaust
 * the V8 heap building broker names, and `controller: { nodes: 999999 }` would run for minutes
 * electing a Raft leader among a million voters.
 */
import { DEFAULT_MAX_EVENTS } from "../sim/budget.js";
import type { Diagnostics } from "./diagnostics.js";
import type { PathSegment } from "./errors.js";
import type { RawScenario } from "./schema.js";

/** The documented limits. */
export const LIMITS = {
  /** Brokers in the cluster. */
  brokers: 1_000,
  /** KRaft voters or ZooKeeper ensemble members (Raft quorums of more than 9 are not deployed). */
  controllerNodes: 9,
  /** Consumer instances in one group. */
  instances: 1_000,
  /** Partition replicas of all topics together (partitions × replication factor, __consumer_offsets included). */
  partitionReplicas: 1_000_000,
  /** Events a record costs at most (send, produce request and response, follower fetches, consumer fetch). */
  eventsPerRecord: 5,
} as const;

/**
 * The records a run may produce: a fifth of its event budget, or of the default budget when
 * `--max-events` is smaller (10 M records by default). A smaller budget stops the run early
 * instead, as `--max-events` always does; a larger one lets a file produce more.
 */
export function recordLimit(maxEvents: number = DEFAULT_MAX_EVENTS): number {
  return Math.floor(Math.max(maxEvents, DEFAULT_MAX_EVENTS) / LIMITS.eventsPerRecord);
}

const count = (n: number): string => n.toLocaleString("en-US");

/** The sizes written in the file that are checked before anything is built from them. */
export function checkCountLimits(file: RawScenario, diagnostics: Diagnostics): void {
  const over = (path: readonly PathSegment[], what: string, value: number, limit: number, hint: string): void => {
    if (value > limit)
      diagnostics.error(path, `${count(value)} ${what}: kafkasim simulates at most ${count(limit)}`, {
        expected: `at most ${count(limit)}`,
        found: count(value),
        hint,
      });
  };
  over(["cluster", "brokers"], "brokers", file.cluster.brokers, LIMITS.brokers, "a larger cluster is not simulated (docs/limits.md)");
  const nodes = file.cluster.controller?.nodes;
  if (nodes !== undefined) {
    over(
      ["cluster", "controller", "nodes"],
      "controller nodes",
      nodes,
      LIMITS.controllerNodes,
      "a KRaft quorum or ZooKeeper ensemble has 3 or 5 voters in practice, never more than 9 (docs/limits.md)",
    );
  }
  (file.consumers ?? []).forEach((group, index) => {
    if (group.instances !== undefined) {
      over(
        ["consumers", index, "instances"],
        `consumer instances in group ${group.group}`,
        group.instances,
        LIMITS.instances,
        "split the consumers over several groups, or use fewer (docs/limits.md)",
      );
    }
  });
}

/** One topic's share of the partition replicas, and where to point at it. */
export interface TopicSize {
  readonly path: readonly PathSegment[];
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}

/** Partition replicas of every topic together must stay within {@link LIMITS.partitionReplicas}. */
export function checkReplicaLimit(topics: readonly TopicSize[], diagnostics: Diagnostics): void {
  const total = topics.reduce((sum, topic) => sum + topic.partitions * topic.replicationFactor, 0);
  if (total <= LIMITS.partitionReplicas) return;
  const largest = [...topics].sort((a, b) => b.partitions * b.replicationFactor - a.partitions * a.replicationFactor)[0]!;
  diagnostics.error(
    largest.path,
    `the topics have ${count(total)} partition replicas (partitions × replication factor${topics.some((t) => t.name.startsWith("__")) ? ", __consumer_offsets included" : ""}), ` +
      `above kafkasim's limit of ${count(LIMITS.partitionReplicas)}; ${largest.name} alone has ${count(largest.partitions)} × ${largest.replicationFactor}`,
    {
      expected: `at most ${count(LIMITS.partitionReplicas)} replicas in total`,
      found: count(total),
      hint: "use fewer partitions or a lower replication factor (docs/limits.md)",
    },
  );
}

/** One producer's expected records: `count`, or its rate over the time it runs. */
export interface ProducerLoad {
  readonly path: readonly PathSegment[];
  readonly name: string;
  readonly records: number;
}

/** The producers together must fit the event budget: at most {@link recordLimit} records. */
export function checkRecordLimit(producers: readonly ProducerLoad[], maxEvents: number | undefined, diagnostics: Diagnostics): void {
  const limit = recordLimit(maxEvents);
  const total = producers.reduce((sum, producer) => sum + producer.records, 0);
  if (total <= limit) return;
  const largest = [...producers].sort((a, b) => b.records - a.records)[0]!;
  diagnostics.error(
    largest.path,
    `the producers would send about ${count(Math.round(total))} records, more than the event budget allows ` +
      `(${count(limit)} records: ${count(limit * LIMITS.eventsPerRecord)} events at up to ${LIMITS.eventsPerRecord} per record); ${largest.name} alone sends ${count(Math.round(largest.records))}`,
    { hint: "lower the rate, set count or a shorter duration, or raise the budget with --max-events (docs/limits.md)" },
  );
}
