/**
 * Building blocks of the mutant scenarios (test/check/mutants/scenarios.ts): the raw scenario
 * shape, the one-partition topic, the cluster block, and the acks=all producer.
 */

/** A raw scenario document (what a YAML file parses to). */
export type RawScenario = Record<string, unknown>;

/** The topic of every case: one partition, three replicas. */
export const TOPIC = { name: "orders", partitions: 1, "replication-factor": 3 };

/** The cluster block shared by every case: three brokers, three KRaft voters unless overridden. */
export function cluster(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { brokers: 3, controller: { mode: "kraft", nodes: 3 }, ...extra };
}

/** A 20 s scenario on the default cluster and topic; `rest` overrides or adds keys. */
export function base(name: string, description: string, rest: RawScenario): RawScenario {
  return { name, description, seed: 1, duration: "20s", cluster: cluster(), topics: [TOPIC], ...rest };
}

/** acks=all at a modest rate; idempotence on (Kafka's default with acks=all); a dropped request is noticed after 3 s, not 30 s. */
export const ACKS_ALL_PRODUCER = { name: "p1", topic: "orders", config: { acks: "all", "request.timeout.ms": 3000 }, rate: "50/s" };

/** Shorter lag limit so that ISR shrinks happen within a short run. */
export const FAST_LAG = { "replica.lag.time.max.ms": 2000 };
