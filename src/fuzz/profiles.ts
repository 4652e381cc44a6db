/**
 * Fuzz profiles: each pairs *what is generated* (a {@link GenerationSpec}) with *what must hold*
 * (an `expect` block, written into every generated scenario, so the scenario runner decides
 * pass/fail exactly as `kafkasim run` will on the written counterexample). The properties are
 * the "Expected outcomes" of docs/anomalies.md: configurations Kafka promises something
 * for, and only those promises.
 */
import fc from "fast-check";
import { MUTANT_NAMES, MUTANTS } from "../check/mutants.js";
import { KNOWN_INVARIANTS } from "../scenario/expect.js";
import type { ConfigMap, GenerationSpec } from "./arbitraries.js";
import type { FuzzFaultKind } from "./fault-arbitraries.js";

/** A named fuzz profile. */
export interface FuzzProfile {
  readonly name: string;
  /** What is generated, in one sentence. */
  readonly generates: string;
  /** What must hold, in one sentence (also written into counterexample descriptions). */
  readonly property: string;
  /** The property as a scenario `expect` block. Invariant violations fail a run in any case. */
  readonly expect: Readonly<Record<string, number | string>>;
  /** True when the profile needs the list of protocol mutants (`cluster.bugs`). */
  readonly needsMutants: boolean;
  /**
   * True for a profile over settings Kafka makes no such promise for (acks=1, unclean election,
   * …): a counterexample is expected, and finding it shows that the search works.
   */
  readonly expectsCounterexample?: boolean;
  /** What to generate; `mutants` is the list to draw `cluster.bugs` from (mutants profile). */
  generation(mutants: readonly string[]): GenerationSpec;
}

/** Every fault kind but power loss (which may legitimately lose acknowledged writes). */
const NO_POWER_LOSS: readonly FuzzFaultKind[] = ["crash", "isolate", "pause", "shutdown", "partition", "cut", "delay", "drop", "restart"];

/** acks=all, RF 3, min.insync.replicas=2, clean elections: the durable configuration. */
function durableGeneration(): GenerationSpec {
  return {
    replicationFactors: [3],
    topicConfig: () => fc.constant<ConfigMap>({ "min.insync.replicas": 2, "unclean.leader.election.enable": false }),
    // Mostly idempotent (Kafka's default with acks=all), sometimes not: durability must not depend on it.
    producerConfig: fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.constant<ConfigMap>({ acks: "all" }), weight: 2 },
      { arbitrary: fc.constant<ConfigMap>({ acks: "all", "enable.idempotence": false }), weight: 1 },
    ),
    faultKinds: NO_POWER_LOSS,
  };
}

/**
 * The durable configuration with Kafka's idempotent producer and a consumer group that commits
 * after processing (auto or explicit), plus one mutant: every promise of that configuration is
 * checked — the group's too (no committed record goes unprocessed, no stale generation commits),
 * so every run has one.
 */
function mutantGeneration(bugs: readonly string[]): GenerationSpec {
  return {
    ...durableGeneration(),
    producerConfig: fc.constant<ConfigMap>({ acks: "all" }),
    commitModes: ["auto", "after-processing"],
    consumerGroups: "always",
    bugs,
  };
}

/** Known profiles; the first is the default. */
export const PROFILES: readonly FuzzProfile[] = [
  {
    name: "acks-all-durability",
    generates:
      "acks=all producers on topics with RF 3, min.insync.replicas=2 and unclean leader election off, under crashes, " +
      "shutdowns, pauses, partitions, one-way cuts, lossy and slow links (no power loss, no disk loss)",
    property: "no acknowledged write is lost (lost-write = 0) and no cluster invariant is violated",
    expect: { "lost-write": 0 },
    needsMutants: false,
    generation: () => durableGeneration(),
  },
  {
    name: "idempotence",
    generates:
      "idempotent producers (enable.idempotence=true, acks=all, 1–5 requests in flight) on durable topics " +
      "(min.insync.replicas=2, clean elections) whose links drop and delay messages",
    property: "no record is written twice (duplicate = 0) and a producer's sends land in order (nonmonotonic-send = 0)",
    expect: { duplicate: 0, "nonmonotonic-send": 0 },
    needsMutants: false,
    generation: () => ({
      replicationFactors: [2, 3],
      topicConfig: () => fc.constant<ConfigMap>({ "min.insync.replicas": 2, "unclean.leader.election.enable": false }),
      producerConfig: fc.integer({ min: 1, max: 5 }).map((inFlight): ConfigMap => ({
        acks: "all",
        "enable.idempotence": true,
        "max.in.flight.requests.per.connection": inFlight,
      })),
      faultKinds: ["drop", "delay"],
    }),
  },
  {
    name: "invariants",
    generates: "anything: acks 0, 1 or all, RF 2–3, min.insync.replicas 1–RF, unclean election on or off, " + "and every fault kind including power loss",
    property:
      "the cluster invariants hold (one leader per epoch, leader HW monotonic, HW ≤ LEO, committed-prefix agreement, …); " + "client anomalies are allowed",
    expect: Object.fromEntries(KNOWN_INVARIANTS.map((name) => [name, 0])),
    needsMutants: false,
    generation: () => ({
      replicationFactors: [2, 3],
      topicConfig: (replicationFactor) =>
        fc.record({
          "min.insync.replicas": fc.integer({ min: 1, max: replicationFactor }),
          "unclean.leader.election.enable": fc.boolean(),
        }),
      producerConfig: fc.constantFrom<ConfigMap>({ acks: "all" }, { acks: 1 }, { acks: 0 }),
      faultKinds: [...NO_POWER_LOSS, "power-loss"],
    }),
  },
  {
    name: "mutants",
    generates:
      "acks-all-durability scenarios with idempotent producers, a consumer group that commits after processing, " +
      "and one deliberate protocol mutant switched on (cluster.bugs)",
    property:
      "no acknowledged write is lost, none is written twice or out of order, no committed record goes unprocessed, " +
      "no commit of a stale generation is accepted, no cluster invariant is violated, and every partition recovers once the faults heal " +
      "(a running leader and its whole ISR back) — a mutant is expected to break this: finding the counterexample shows that the search works",
    expect: { "lost-write": 0, duplicate: 0, "nonmonotonic-send": 0, "lost-processing": 0, "stale-commit": 0, unconverged: 0 },
    needsMutants: true,
    expectsCounterexample: true,
    generation: (mutants) => mutantGeneration(mutants),
  },
  {
    name: "acks1",
    generates:
      "acks=1 producers (the leader answers alone) on topics with RF 3, min.insync.replicas=2 and clean elections, " +
      "under crashes, shutdowns, pauses and network faults (no power loss)",
    property:
      "no acknowledged write is lost (lost-write = 0) — acks=1 does not promise it: a leader that fails before its " +
      "followers copied a record takes it along, so a counterexample is expected",
    expect: { "lost-write": 0 },
    needsMutants: false,
    expectsCounterexample: true,
    generation: () => ({
      ...durableGeneration(),
      producerConfig: fc.constant<ConfigMap>({ acks: 1 }),
    }),
  },
  {
    name: "unclean",
    generates:
      "acks=all producers on topics with unclean.leader.election.enable=true and min.insync.replicas=1 (RF 2–3), " +
      "replica.lag.time.max.ms=5000, under crashes, shutdowns, pauses and network faults (no power loss)",
    property:
      "no acknowledged write is lost (lost-write = 0) — unclean election gives it up for availability: an " +
      "out-of-sync replica may become leader, so a counterexample is expected",
    expect: { "lost-write": 0 },
    needsMutants: false,
    expectsCounterexample: true,
    generation: () => ({
      ...durableGeneration(),
      replicationFactors: [2, 3],
      topicConfig: () => fc.constant<ConfigMap>({ "min.insync.replicas": 1, "unclean.leader.election.enable": true }),
      // A follower must first fall out of the ISR: with a 5 s lag limit (Kafka: 30 s) that
      // happens inside a short run.
      brokerConfig: { "replica.lag.time.max.ms": 5000 },
    }),
  },
  {
    name: "no-idempotence",
    generates:
      "producers with enable.idempotence=false, acks=all, retries and 2–5 requests in flight, on durable topics, " +
      "under lossy and slow links, crashes and network faults",
    property:
      "no record is written twice (duplicate = 0) and a producer's sends land in order (nonmonotonic-send = 0) — " +
      "without idempotence a retried batch is appended again and may pass a later one, so a counterexample is expected",
    expect: { duplicate: 0, "nonmonotonic-send": 0 },
    needsMutants: false,
    expectsCounterexample: true,
    generation: () => ({
      ...durableGeneration(),
      producerConfig: fc.integer({ min: 2, max: 5 }).map((inFlight): ConfigMap => ({
        acks: "all",
        "enable.idempotence": false,
        "max.in.flight.requests.per.connection": inFlight,
      })),
      faultKinds: ["drop", "delay", "isolate", "cut", "crash", "partition", "pause"],
    }),
  },
  {
    name: "kafka-0.10",
    generates:
      "Kafka 0.10 (protocol kafka-0.10: no leader epochs, followers truncate to their high watermark; ZooKeeper mode, " +
      "its session and lag defaults) with acks=all on RF 2–3, under crashes with restarts, shutdowns, pauses and network faults " +
      "(no power loss)",
    property:
      "no acknowledged write is lost and replicas never diverge (no invariant violation) — before KIP-101 a follower " +
      "that truncates to a stale high watermark can lose committed records or diverge, so a counterexample is expected",
    expect: { "lost-write": 0 },
    needsMutants: false,
    expectsCounterexample: true,
    generation: () => ({
      replicationFactors: [2, 3],
      topicConfig: () => fc.constant<ConfigMap>({ "min.insync.replicas": 1, "unclean.leader.election.enable": false }),
      producerConfig: fc.constant<ConfigMap>({ acks: "all", "enable.idempotence": false }),
      faultKinds: ["crash", "restart", "shutdown", "isolate", "pause", "partition"],
      protocol: "kafka-0.10",
      controllerModes: ["zookeeper"],
      brokerConfig: { "zookeeper.session.timeout.ms": 6000, "replica.lag.time.max.ms": 10000 },
    }),
  },
  {
    name: "commit-before-processing",
    generates:
      "a consumer group that commits each batch before processing it (commit: before-processing), reading durable " +
      "topics, while its consumers, brokers and links fail",
    property:
      "every committed record is processed (lost-processing = 0) — committing first is at-most-once: a consumer " +
      "that dies between the commit and the processing skips those records, so a counterexample is expected",
    expect: { "lost-processing": 0 },
    needsMutants: false,
    expectsCounterexample: true,
    generation: () => ({
      ...durableGeneration(),
      commitModes: ["before-processing"],
      consumerGroups: "always",
      clientFaultsFirst: true,
      faultKinds: ["crash", "shutdown", "pause", "isolate", "partition", "restart"],
    }),
  },
];

/** The profile `kafkasim fuzz` uses without `--profile`. */
export const DEFAULT_PROFILE = "acks-all-durability";

/** The profile named `name`, or undefined. */
export function findProfile(name: string): FuzzProfile | undefined {
  return PROFILES.find((profile) => profile.name === name);
}

/** The names of every profile, for usage messages. */
export function profileNames(): string[] {
  return PROFILES.map((profile) => profile.name);
}

/** The protocol mutants of src/check/mutants.ts, sorted: what the mutants profile draws from. */
export function mutantNames(): readonly string[] {
  return [...MUTANT_NAMES].sort();
}

/** One line per profile: `name  what it generates → what must hold` (for `--list-profiles`, `--help`). */
export function profileLines(): string[] {
  const width = Math.max(...PROFILES.map((profile) => profile.name.length));
  return PROFILES.map(
    (profile) => `${profile.name.padEnd(width)}  ${profile.expectsCounterexample === true ? "(counterexample expected) " : ""}${profileSummary(profile)}`,
  );
}

/** The property of a profile in a few words: its expect block. */
function profileSummary(profile: FuzzProfile): string {
  const keys = Object.keys(profile.expect);
  const invariantsOnly = keys.length > 0 && keys.every((key) => KNOWN_INVARIANTS.includes(key));
  if (invariantsOnly) return "every cluster invariant";
  return `${keys.map((key) => `${key} = ${String(profile.expect[key])}`).join(", ")}, no invariant violation`;
}

/** One line per catalogue mutant: `name  layer: caught by …` (for `--list-bugs`). */
export function bugLines(): string[] {
  const width = Math.max(...MUTANTS.map((mutant) => mutant.name.length));
  return [...MUTANTS]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((mutant) => `${mutant.name.padEnd(width)}  ${mutant.layer}: caught by ${mutant.caughtBy}`);
}
