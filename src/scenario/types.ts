/**
 * The normalised scenario: what the runner builds a cluster from. Every default is filled in,
 * every duration is an integer number of microseconds (`…Us`), Kafka configs are resolved objects
 * keyed by Kafka's names with Kafka's units (ms), and fault targets are parsed. Absent optional
 * values are `null`, never missing. The object is plain data (JSON-serialisable).
 */
import type { ConfigValue } from "../kafka/config/key-types.js";
import type { ResolvedProtocol } from "../kafka/config/protocol.js";
import type { BrokerConfig, CommitMode, ConsumerConfig, ControllerMode, ProducerConfig, TopicConfig } from "../kafka/config/resolve.js";
import type { RangeUs } from "./durations.js";
import type { CHAIN_POINTS, TRIGGER_EVENTS } from "./schema.js";
import type { Target } from "./targets.js";

export type { RangeUs } from "./durations.js";
export type { SingleTarget, Target } from "./targets.js";

/** A whole scenario. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** The file it was loaded from (or the name given to loadScenarioText / normaliseScenario). */
  readonly file: string;
  /** Default 1; `--seed` overrides it. */
  readonly seed: number;
  readonly durationUs: number;
  /** Default true. */
  readonly drain: boolean;
  readonly cluster: ClusterSpec;
  readonly topics: readonly TopicSpec[];
  readonly producers: readonly ProducerSpec[];
  readonly consumers: readonly ConsumerGroupSpec[];
  /** In file order (the runner orders them by `atUs`, file order breaking ties). */
  readonly faults: readonly FaultSpec[];
  /** Empty when the file has no `expect`. */
  readonly expect: readonly Expectation[];
}

/** The cluster: brokers, controllers, network, protocol and broker configs. */
export interface ClusterSpec {
  readonly brokers: number;
  /** broker-1 … broker-N */
  readonly brokerNames: readonly string[];
  readonly controller: {
    readonly mode: ControllerMode;
    /** Default 3. */
    readonly nodes: number;
    /** controller-1 … (KRaft voters) or zk-1 … (ZooKeeper ensemble) */
    readonly nodeNames: readonly string[];
  };
  readonly network: { readonly latency: LatencySpec };
  readonly protocol: ResolvedProtocol;
  /** Every broker and controller key, resolved (explicit values beat Kafka's defaults). */
  readonly brokerConfig: BrokerConfig;
  /** The keys written under `broker-config`, parsed. */
  readonly brokerConfigExplicit: Readonly<Record<string, ConfigValue>>;
  /** __consumer_offsets as created: RF = min(offsets.topic.replication.factor, brokers). */
  readonly offsetsTopic: { readonly partitions: number; readonly replicationFactor: number };
  /** Names of deliberate protocol mutants (validated by the checker); empty by default. */
  readonly bugs: readonly string[];
}

/** One-way message latency: uniform in `base`, or with probability `tailProbability` in `tail`. */
export interface LatencySpec {
  /** Default 1ms..5ms. */
  readonly base: RangeUs;
  /** 0 unless the long-tail form is used. */
  readonly tailProbability: number;
  readonly tail: RangeUs | null;
}

/** A declared topic. */
export interface TopicSpec {
  readonly name: string;
  /** Default: broker num.partitions (1). */
  readonly partitions: number;
  /** Default: broker default.replication.factor (1). */
  readonly replicationFactor: number;
  /** Topic override > broker twin > Kafka default. */
  readonly config: TopicConfig;
  readonly explicitConfig: Readonly<Record<string, ConfigValue>>;
}

/** A producer (one node). */
export interface ProducerSpec {
  readonly name: string;
  readonly topic: string;
  /** Resolved as Kafka's ProducerConfig does (idempotence downgrade, delivery timeout floor). */
  readonly config: ProducerConfig;
  readonly explicitConfig: Readonly<Record<string, ConfigValue>>;
  readonly ratePerSecond: number;
  /** Default poisson. */
  readonly arrivals: "poisson" | "fixed";
  /** null = until the duration ends. */
  readonly count: number | null;
  /** Distinct keys key-0 … key-(keys-1); 0 = null keys (default). */
  readonly keys: number;
  /** Default 0. */
  readonly startUs: number;
  /** `resend-on-restart`: a restarted process sends its unacknowledged records again (default false). */
  readonly resendOnRestart: boolean;
}

/** A consumer group of `instances` consumers named `<group>-1` …. */
export interface ConsumerGroupSpec {
  readonly group: string;
  readonly topics: readonly string[];
  /** Default 1. */
  readonly instances: number;
  readonly instanceNames: readonly string[];
  /** enable.auto.commit follows `commit`. */
  readonly config: ConsumerConfig;
  readonly explicitConfig: Readonly<Record<string, ConfigValue>>;
  /** Default auto. */
  readonly commit: CommitMode;
  /** Per record; default 0. */
  readonly processingTimeUs: number;
}

/** Fields every fault has. */
export interface FaultBase {
  /** Position in the file's `faults` list. */
  readonly index: number;
  /** The fault's `id`, which a later fault's `after: { fault: <id> }` may follow; null without one. */
  readonly id: string | null;
  /** When the fault fires; with `after`, when its trigger is armed. */
  readonly atUs: number;
  /** What the fault waits for (`after`): an event, or an earlier fault; null: it fires at `atUs`. */
  readonly after: FaultTrigger | FaultChain | null;
}

/** What a fault's `after` waits for (docs/scenario-format.md "Faults triggered by events"). */
export type TriggerEventKind = (typeof TRIGGER_EVENTS)[number];

/** A fault's trigger: the first `event` (of `partition` / `group` when given) from `atUs` on, plus `delayUs`. */
export interface FaultTrigger {
  readonly event: TriggerEventKind;
  /** leader-change, isr-shrink, isr-expand: only this partition (null: any partition of a declared topic). */
  readonly partition: { readonly topic: string; readonly partition: number } | null;
  /** rebalance: only this group (null: any group). */
  readonly group: string | null;
  /** Default 0. */
  readonly delayUs: number;
}

/**
 * A chained fault's `after: { fault: <id>, on, delay }` (docs/scenario-format.md "Chained faults"): it
 * fires `delayUs` after the earlier fault `fault` (which comes before it in the list) started or
 * ended, if that happens from `atUs` on.
 */
export interface FaultChain {
  /** The id of the earlier fault. */
  readonly fault: string;
  /** Its position in the list. */
  readonly faultIndex: number;
  /** Default start. */
  readonly on: (typeof CHAIN_POINTS)[number];
  /** Default 0. */
  readonly delayUs: number;
}

/** One scheduled fault (docs/scenario-format.md "Fault kinds"). */
export type FaultSpec =
  | (FaultBase & { readonly kind: "crash" | "power-loss" | "shutdown" | "disk-loss"; readonly target: Target; readonly restartAfterUs: number | null })
  | (FaultBase & { readonly kind: "restart"; readonly target: Target })
  | (FaultBase & { readonly kind: "pause"; readonly target: Target; readonly forUs: number })
  | (FaultBase & { readonly kind: "partition"; readonly groups: readonly Target[]; readonly healAfterUs: number | null })
  | (FaultBase & { readonly kind: "isolate"; readonly target: Target; readonly healAfterUs: number | null })
  | (FaultBase & { readonly kind: "cut"; readonly from: Target; readonly to: Target; readonly healAfterUs: number | null })
  | (FaultBase & { readonly kind: "delay"; readonly between: readonly [Target, Target]; readonly extraUs: number; readonly forUs: number | null })
  | (FaultBase & { readonly kind: "drop"; readonly between: readonly [Target, Target]; readonly probability: number; readonly forUs: number | null })
  | (FaultBase & { readonly kind: "heal"; readonly scope: "all" })
  /** An action rather than a fault: the admin client raises `topic` to `count` partitions (CreatePartitions). */
  | (FaultBase & { readonly kind: "add-partitions"; readonly topic: string; readonly count: number });

/** The kind of a fault. */
export type FaultKind = FaultSpec["kind"];

/** A comparison operator of an expectation. */
export type ExpectationOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** One `expect` entry: `lost-write: ">= 1"` → { metric: "lost-write", op: ">=", value: 1 }. */
export interface Expectation {
  readonly metric: string;
  readonly op: ExpectationOp;
  readonly value: number;
  /** As written, e.g. `">= 1"` or `"0"`. */
  readonly text: string;
}
