/**
 * fast-check arbitraries for whole raw scenario objects — the shape of a scenario file
 * (docs/scenario-format.md "File"): kebab-case keys, Kafka config names as Kafka spells them. Each
 * generated scenario is small on purpose (3–5 brokers, 1–2 topics of 1–3 partitions, 1–2
 * producers at 50–300 records/s, at most one consumer group, 1–6 faults, 10–30 s and one run in
 * four 31–60 s), so that one run costs well under a second and a shrunk counterexample is a file a person can read.
 *
 * What varies per fuzz profile (replication factors, topic and producer configs, fault kinds,
 * mutants) comes in as a {@link GenerationSpec}; everything else is drawn here.
 */
import fc from "fast-check";
import type { RawScenario } from "../scenario/schema.js";
import {
  FUZZ_FAULT_KINDS,
  TARGET_CLASSES,
  buildFault,
  faultAtMs,
  faultShapeArbitrary,
  faultTargets,
  focusTargets,
  formatMs,
  type FaultIntensity,
  type FaultShape,
  type FaultTargets,
  type FuzzFaultKind,
  type RawFault,
  type TargetClass,
} from "./fault-arbitraries.js";
import { applyRoll, rollArbitrary, type RollShape } from "./roll.js";
import { applyZombie, DEFAULT_ZK_SESSION_TIMEOUT_MS, zombieArbitrary, type ZombieShape } from "./zombie-controller.js";

export { FUZZ_FAULT_KINDS, TARGET_CLASSES, buildFault, faultAtMs, faultShapeArbitrary, faultTargets, focusTargets, formatMs } from "./fault-arbitraries.js";
export type { FaultShape, FaultTargets, FuzzFaultKind, RawFault, TargetClass } from "./fault-arbitraries.js";

/** A Kafka config value as a scenario file holds it. */
export type ConfigScalar = string | number | boolean;

/** A map of Kafka configs keyed by Kafka's names. */
export type ConfigMap = Record<string, ConfigScalar>;

/** What a fuzz profile generates; the rest of a scenario is drawn by {@link scenarioArbitrary}. */
export interface GenerationSpec {
  /** Replication factors to draw from (each ≤ 3, so every cluster of 3–5 brokers can place it). */
  readonly replicationFactors: readonly number[];
  /** Topic configs for a topic of this replication factor. */
  topicConfig(replicationFactor: number): fc.Arbitrary<ConfigMap>;
  /** Producer configs (`acks`, `enable.idempotence`, …). */
  readonly producerConfig: fc.Arbitrary<ConfigMap>;
  /** Fault kinds to draw from; the first is what a fault shrinks towards. */
  readonly faultKinds: readonly FuzzFaultKind[];
  /** Commit modes of the consumer group (default: all three). */
  readonly commitModes?: readonly CommitMode[];
  /** Protocol mutants (`cluster.bugs`): when non-empty, every scenario gets exactly one of them. */
  readonly bugs?: readonly string[];
  /** Swarm testing on (default) or off (every run may use every fault kind). */
  readonly swarm?: boolean;
  /** "always": every scenario has a consumer group (profiles about processing); default: 0–1 groups. */
  readonly consumerGroups?: "always" | "maybe";
  /** Protocol preset (`cluster.protocol`, default modern) and the controller modes it allows. */
  readonly protocol?: string;
  readonly controllerModes?: readonly ("kraft" | "zookeeper")[];
  /** Broker configs added to every scenario (e.g. the version's defaults). */
  readonly brokerConfig?: ConfigMap;
  /** Client processes first among fault targets (profiles about client behaviour). */
  readonly clientFaultsFirst?: boolean;
}

/** The fixed parts of every generated scenario: name, description and the property as `expect`. */
export interface ScenarioFrame {
  readonly name: string;
  readonly description: string;
  readonly expect?: Readonly<Record<string, number | string>>;
}

/** Topic names, in order: generated topics are orders, then payments. */
export const TOPIC_NAMES = ["orders", "payments"] as const;

/** Partitions of __consumer_offsets in generated scenarios with a consumer group (Kafka: 50). */
export const OFFSETS_TOPIC_PARTITIONS = 3;

/** The generated cluster, before it is written out. */
export interface ClusterShape {
  readonly brokers: number;
  readonly mode: "kraft" | "zookeeper";
  /** replica.lag.time.max.ms when drawn (else Kafka's default 30000 applies). */
  readonly replicaLagTimeMaxMs: number | null;
  /**
   * zookeeper.session.timeout.ms in ZooKeeper mode when drawn (else Kafka's 18 s): 6 s, the default
   * before Kafka 2.5 (KIP-537), lets a broker or the controller lose its session inside a short run.
   * Absent: not drawn (older shapes).
   */
  readonly zkSessionTimeoutMs?: number | null;
}

/** 3–5 brokers, KRaft or ZooKeeper mode with 3 controller nodes, protocol modern. */
export function clusterArbitrary(modes: readonly ("kraft" | "zookeeper")[] = ["kraft", "zookeeper"]): fc.Arbitrary<ClusterShape> {
  return fc.record({
    brokers: fc.integer({ min: 3, max: 5 }),
    mode: fc.constantFrom(...modes),
    replicaLagTimeMaxMs: fc.option(fc.constantFrom(10_000, 5_000), { freq: 3 }),
    zkSessionTimeoutMs: fc.option(fc.constant(6_000), { freq: 3 }),
  });
}

/** A generated topic: partitions, replication factor and its configs. */
export interface TopicShape {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config: ConfigMap;
}

/** 1–3 partitions, a replication factor of the spec, and the spec's topic configs for it. */
export function topicArbitrary(spec: GenerationSpec): fc.Arbitrary<TopicShape> {
  if (spec.replicationFactors.length === 0) throw new Error("a fuzz profile needs at least one replication factor");
  return fc.constantFrom(...spec.replicationFactors).chain((replicationFactor) =>
    fc.record({
      partitions: fc.integer({ min: 1, max: 3 }),
      replicationFactor: fc.constant(replicationFactor),
      config: spec.topicConfig(replicationFactor),
    }),
  );
}

/** A generated producer: which topic (index, modulo), rate, keys and configs. */
export interface ProducerShape {
  readonly topic: number;
  readonly ratePerSecond: number;
  readonly keys: number;
  readonly config: ConfigMap;
}

/** 50–300 records/s (Poisson), 0–8 keys, the spec's producer configs. */
export function producerArbitrary(spec: GenerationSpec): fc.Arbitrary<ProducerShape> {
  return fc.record({
    topic: fc.nat({ max: 1 }),
    ratePerSecond: fc.integer({ min: 5, max: 30 }).map((tens) => tens * 10),
    keys: fc.integer({ min: 0, max: 8 }),
    config: spec.producerConfig,
  });
}

/** How a consumer group commits (docs/scenario-format.md "Commit modes"). */
export type CommitMode = "auto" | "after-processing" | "before-processing";

/** Every commit mode, `auto` (Kafka's default) first. */
export const COMMIT_MODES: readonly CommitMode[] = ["auto", "after-processing", "before-processing"];

/** A generated consumer group: 1–2 instances, a commit mode, all topics or the first. */
export interface ConsumerShape {
  readonly instances: number;
  readonly commit: CommitMode;
  readonly allTopics: boolean;
  /**
   * Per-record processing time in ms (null or absent: 0, Kafka clients' poll loop does the work
   * at once). A slow consumer leaves a window between poll, commit and processing in which a
   * crash or a rebalance shows what a commit mode promises.
   */
  readonly processingMs?: number | null;
  /**
   * session.timeout.ms when drawn (null or absent: Kafka's 45 s). 10 s was Kafka's default before
   * 3.0 (KIP-735) and 6 s is the broker's group.min.session.timeout.ms: with either, a consumer
   * paused or cut off for a while is removed from its group inside a short run and may wake as a
   * zombie of an old generation.
   */
  readonly sessionTimeoutMs?: number | null;
  /**
   * max.poll.interval.ms when drawn (null or absent: Kafka's 300 s): a consumer that does not poll
   * for that long — paused, or slow — leaves its group (the rebalance timeout, KIP-62) and may commit
   * afterwards as a member of an old generation. Written only when it leaves twice the time a full
   * poll (max.poll.records = 500) takes to process, so that a slow consumer still makes progress.
   */
  readonly maxPollIntervalMs?: number | null;
}

/** Kafka's max.poll.records: what a poll returns at most (the consumer's default, not varied here). */
const MAX_POLL_RECORDS = 500;

/** One group of 1–2 instances reading from the earliest offset, with one of `commitModes`. */
export function consumerArbitrary(commitModes: readonly CommitMode[] = COMMIT_MODES): fc.Arbitrary<ConsumerShape> {
  return fc.record({
    instances: fc.integer({ min: 1, max: 2 }),
    commit: fc.constantFrom(...commitModes),
    allTopics: fc.boolean(),
    processingMs: fc.option(fc.constantFrom(2, 5, 10, 20), { freq: 2 }),
    // group.min.session.timeout.ms (6 s) to 15 s; Kafka's default before 3.0 (KIP-735) was 10 s.
    sessionTimeoutMs: fc.option(
      fc.integer({ min: 6, max: 15 }).map((seconds) => seconds * 1000),
      { freq: 2 },
    ),
    maxPollIntervalMs: fc.option(fc.constantFrom(20_000, 30_000, 60_000), { freq: 2 }),
  });
}

/** Most faults a generated scenario holds (swarm testing draws a lower cap per run). */
export const MAX_FAULTS = 6;

/**
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012; TigerBeetle's VOPR): each run enables
 * a random subset of the profile's fault kinds and a random intensity (how many faults at most),
 * so that some runs hammer one mechanism hard instead of every run spreading a little of
 * everything. A fault drawn with a kind that is off takes an enabled one instead.
 */
export interface SwarmShape {
  /** The fault kinds this run may use (a non-empty subset of the profile's). */
  readonly kinds: readonly FuzzFaultKind[];
  /** At most this many faults in this run. */
  readonly maxFaults: number;
  /**
   * Correlated faults: when set, every fault fires within a window of this many thousandths of
   * the run, starting at the first fault (failures that come together, like KIP-101's two
   * quick broker failures); null: faults spread over the whole run.
   */
  readonly burstPermille?: number | null;
  /**
   * A regular schedule (when there is no burst): fault i fires this many thousandths of the run
   * after fault i − 1, starting at the first fault — a nemesis that strikes at an interval, as
   * Jepsen's does, so that a chain like "crash the leader, then the next leader, then restart the
   * first" spans the session timeouts between its steps. Null or absent: drawn times.
   */
  readonly spacingPermille?: number | null;
  /**
   * The classes of targets this run's faults aim at (a non-empty subset of {@link TARGET_CLASSES}):
   * some runs hit only the metadata quorum, only clients or only partition leaders and followers,
   * others a mix. Absent or null: every class (older shapes).
   */
  readonly targets?: readonly TargetClass[] | null;
  /**
   * Whether this run's faults may wait for events (`after`, docs/scenario-format.md "Faults
   * triggered by events"): a trigger orders faults by what happens — "crash the new leader 200 ms
   * after the leader change" — where drawn times rarely line up. False: every fault fires at its
   * time. Absent or null: as drawn (older shapes have no triggers).
   */
  readonly triggers?: boolean | null;
  /**
   * Whether a fault that ends (restart, heal, resume) ends inside the run ({@link companionMs});
   * false: it lasts as drawn, so a long pause or outage may last into the drain. Absent: true.
   */
  readonly companionsInRun?: boolean | null;
  /** Eighths of the faults aimed at a client outright (1, 2, 4 or 8); absent: 2. */
  readonly clientEighths?: number | null;
  /**
   * A rolling schedule (src/fuzz/roll.ts): the run's faults take brokers down one after the
   * other — a rolling restart that does not wait for the ISR, or the leader killed again and
   * again. Null or absent: none (three runs in four).
   */
  readonly roll?: RollShape | null;
  /**
   * A zombie controller (src/fuzz/zombie-controller.ts; ZooKeeper mode): one fault becomes a pause
   * of the controller broker past its ZooKeeper session, next to another fault. Null or absent:
   * none (three runs in four; always none in KRaft mode).
   */
  readonly zombie?: ZombieShape | null;
}

/**
 * A random subset of `kinds` (each kind is off with probability ½; with every kind off, all are
 * on), a cap of 1–{@link MAX_FAULTS} faults, and sometimes a burst. Shrinking turns kinds back on
 * (so a fault shrinks to its own simplest kind), lowers the cap and drops the burst.
 */
export function swarmArbitrary(kinds: readonly FuzzFaultKind[]): fc.Arbitrary<SwarmShape> {
  return fc
    .record({
      off: fc.tuple(...kinds.map(() => fc.boolean())),
      maxFaults: fc.integer({ min: 1, max: MAX_FAULTS }),
      burstPermille: fc.option(fc.integer({ min: 20, max: 300 }), { freq: 2 }),
      targetsOff: fc.tuple(...TARGET_CLASSES.map(() => fc.boolean())),
      spacingPermille: fc.option(fc.integer({ min: 100, max: 350 }), { freq: 2 }),
      triggers: fc.boolean(),
      companionsInRun: fc.boolean().map((outside) => !outside),
      clientEighths: fc.constantFrom(2, 1, 4, 8),
      // Last, so that a run without a roll draws everything else as before.
      roll: rollArbitrary(),
      // Last, so that a run without a zombie controller draws everything else as before.
      zombie: zombieArbitrary(),
    })
    .map(({ off, maxFaults, burstPermille, targetsOff, spacingPermille, triggers, companionsInRun, clientEighths, roll, zombie }) => {
      const on = kinds.filter((_, index) => off[index] !== true);
      const targets = TARGET_CLASSES.filter((_, index) => targetsOff[index] !== true);
      return {
        kinds: on.length === 0 ? [...kinds] : on,
        maxFaults,
        burstPermille,
        targets: targets.length === 0 ? [...TARGET_CLASSES] : targets,
        spacingPermille,
        triggers,
        companionsInRun,
        clientEighths,
        roll,
        ...(zombie === null ? {} : { zombie }),
      };
    });
}

/** How the run's swarm draws what its faults do (defaults without a swarm). */
export function intensityOf(swarm: SwarmShape | null | undefined): FaultIntensity {
  return {
    ...(swarm?.companionsInRun === false ? { companionsInRun: false } : {}),
    ...(swarm?.clientEighths === null || swarm?.clientEighths === undefined ? {} : { clientEighths: swarm.clientEighths }),
  };
}

/** The faults of a run under its swarm: capped, and each kind mapped into the enabled ones. */
export function applySwarm(faults: readonly FaultShape[], swarm: SwarmShape | null, allKinds: readonly FuzzFaultKind[]): FaultShape[] {
  if (swarm === null || swarm.kinds.length === 0) return [...faults];
  // A roll is a schedule of its own: its steps are every drawn fault, whatever the cap.
  const kept = swarm.roll === null || swarm.roll === undefined ? faults.slice(0, swarm.maxFaults) : [...faults];
  const burst = swarm.burstPermille ?? null;
  const spacing = burst === null ? (swarm.spacingPermille ?? null) : null;
  const first = kept.length === 0 ? 0 : (kept[0] as FaultShape).atPermille;
  const anchor = burst !== null ? Math.min(first, 1000 - burst) : spacing !== null ? Math.min(first, Math.max(0, 1000 - (kept.length - 1) * spacing)) : 0;
  const swarmed = kept.map((fault, index) => {
    const index0 = Math.max(0, allKinds.indexOf(fault.kind));
    const kind = swarm.kinds.includes(fault.kind) ? fault.kind : (swarm.kinds[index0 % swarm.kinds.length] as FuzzFaultKind);
    const atPermille =
      spacing !== null
        ? Math.min(1000, anchor + index * spacing)
        : burst === null
          ? fault.atPermille
          : index === 0
            ? Math.min(fault.atPermille, anchor)
            : anchor + Math.round((fault.atPermille * burst) / 1000);
    const trigger = swarm.triggers === false ? null : (fault.trigger ?? null);
    return kind === fault.kind && atPermille === fault.atPermille && trigger === (fault.trigger ?? null) ? fault : { ...fault, kind, atPermille, trigger };
  });
  return applyRoll(swarmed, swarm.roll, allKinds);
}

/**
 * The zookeeper.session.timeout.ms of a generated cluster (the profile's, else the drawn one, else
 * Kafka's default), or null in KRaft mode: how long a zombie controller's pause must outlast.
 */
export function zkSessionMsOf(cluster: ClusterShape, spec?: GenerationSpec): number | null {
  if (cluster.mode !== "zookeeper") return null;
  const configured = spec?.brokerConfig?.["zookeeper.session.timeout.ms"];
  if (configured !== undefined) return Number(configured);
  return cluster.zkSessionTimeoutMs ?? DEFAULT_ZK_SESSION_TIMEOUT_MS;
}

/**
 * The faults a generated scenario writes, index for index with its drawn faults (a zombie
 * controller in a run of one fault adds a second): the swarm's, then the zombie controller's in a
 * ZooKeeper-mode run of a profile that pauses processes.
 */
export function scheduledFaults(shape: ScenarioShape, spec?: GenerationSpec): FaultShape[] {
  const swarm = shape.swarm ?? null;
  const kinds = spec?.faultKinds ?? FUZZ_FAULT_KINDS;
  const swarmed = applySwarm(shape.faults, swarm, kinds);
  // Only where the profile pauses processes (not in the idempotence profile's drops and delays).
  const sessionMs = kinds.includes("pause") ? zkSessionMsOf(shape.cluster, spec) : null;
  return applyZombie(swarmed, swarm?.zombie, sessionMs, shape.durationSeconds * 1000);
}

/**
 * The raw faults a run writes from its scheduled faults: the ones the shrinker silenced left out,
 * the rest in firing order (a stable sort keeps the runner's tie order: file order), each aimed at
 * `targets` narrowed to the swarm's target classes and drawn with the swarm's intensities.
 */
export function writeFaults(scheduled: readonly FaultShape[], durationMs: number, targets: FaultTargets, swarm: SwarmShape | null | undefined): RawFault[] {
  const focused = focusTargets(targets, swarm?.targets);
  const intensity = intensityOf(swarm);
  return scheduled
    .filter((fault) => fault.silent !== true)
    .sort((a, b) => faultAtMs(a, durationMs) - faultAtMs(b, durationMs))
    .map((fault) => buildFault(fault, durationMs, focused, intensity));
}

/** The fault list of a generated scenario: 1–{@link MAX_FAULTS} faults of `kinds`. */
export function faultsArbitrary(kinds: readonly FuzzFaultKind[]): fc.Arbitrary<FaultShape[]> {
  return fc.array(faultShapeArbitrary(kinds), { minLength: 1, maxLength: MAX_FAULTS });
}

/** Every drawn part of a scenario, before it is written out as a raw scenario object. */
export interface ScenarioShape {
  readonly seed: number;
  readonly durationSeconds: number;
  readonly cluster: ClusterShape;
  readonly topics: readonly TopicShape[];
  readonly producers: readonly ProducerShape[];
  readonly consumers: readonly ConsumerShape[];
  readonly faults: readonly FaultShape[];
  /** The run's swarm (null or absent: every fault kind of the spec, no cap beyond the list). */
  readonly swarm?: SwarmShape | null;
  readonly bug: string | null;
}

/**
 * The arbitraries of each part of a scenario shape, in shrink order. The fuzzer draws and shrinks
 * them part by part (as `fc.record` does), which lets it replace the fault list alone — dropping
 * faults that did nothing — while every other part keeps its shrink context.
 */
export function scenarioShapeFields(spec: GenerationSpec): { [K in keyof Required<ScenarioShape>]: fc.Arbitrary<ScenarioShape[K]> } {
  const bugs = spec.bugs ?? [];
  return {
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    // Mostly short runs; one in four lasts 31–60 s, time for a zombie to wake and act.
    durationSeconds: fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.integer({ min: 10, max: 30 }), weight: 3 },
      { arbitrary: fc.integer({ min: 31, max: 60 }), weight: 1 },
    ),
    cluster: clusterArbitrary(spec.controllerModes),
    topics: fc.array(topicArbitrary(spec), { minLength: 1, maxLength: 2 }),
    producers: fc.array(producerArbitrary(spec), { minLength: 1, maxLength: 2 }),
    consumers: fc.array(consumerArbitrary(spec.commitModes), { minLength: spec.consumerGroups === "always" ? 1 : 0, maxLength: 1 }),
    faults: faultsArbitrary(spec.faultKinds),
    swarm: spec.swarm === false ? fc.constant(null) : swarmArbitrary(spec.faultKinds),
    bug: bugs.length === 0 ? fc.constant(null) : fc.constantFrom(...bugs),
  };
}

/** The arbitrary of scenario shapes for `spec`. */
export function scenarioShapeArbitrary(spec: GenerationSpec): fc.Arbitrary<ScenarioShape> {
  return fc.record(scenarioShapeFields(spec));
}

/** Write a scenario shape out as a raw scenario object (the YAML shape). */
export function buildScenario(shape: ScenarioShape, frame: ScenarioFrame, spec?: GenerationSpec): RawScenario {
  const { cluster } = shape;
  const brokerNames = Array.from({ length: cluster.brokers }, (_, i) => `broker-${i + 1}`);
  const controllerNames = Array.from({ length: 3 }, (_, i) => `${cluster.mode === "kraft" ? "controller" : "zk"}-${i + 1}`);
  const topics = shape.topics.map((topic, index) => ({
    name: TOPIC_NAMES[index] as string,
    partitions: topic.partitions,
    "replication-factor": topic.replicationFactor,
    ...(Object.keys(topic.config).length === 0 ? {} : { config: { ...topic.config } }),
  }));
  const producers = shape.producers.map((producer, index) => ({
    name: `p${index + 1}`,
    topic: (topics[producer.topic % topics.length] as { name: string }).name,
    ...(Object.keys(producer.config).length === 0 ? {} : { config: { ...producer.config } }),
    rate: `${producer.ratePerSecond}/s`,
    ...(producer.keys === 0 ? {} : { keys: producer.keys }),
  }));
  const consumers = shape.consumers.map((consumer, index) => ({
    group: `g${index + 1}`,
    topics: consumer.allTopics ? topics.map((topic) => topic.name) : [(topics[0] as { name: string }).name],
    ...(consumer.instances === 1 ? {} : { instances: consumer.instances }),
    config: {
      "auto.offset.reset": "earliest",
      ...(consumer.sessionTimeoutMs === null || consumer.sessionTimeoutMs === undefined ? {} : { "session.timeout.ms": consumer.sessionTimeoutMs }),
      ...(consumer.maxPollIntervalMs === null ||
      consumer.maxPollIntervalMs === undefined ||
      consumer.maxPollIntervalMs < 2 * MAX_POLL_RECORDS * (consumer.processingMs ?? 0)
        ? {}
        : { "max.poll.interval.ms": consumer.maxPollIntervalMs }),
    },
    commit: consumer.commit,
    ...(consumer.processingMs === null || consumer.processingMs === undefined ? {} : { "processing-time": `${consumer.processingMs}ms` }),
  }));
  const targets = faultTargets({
    brokerNames,
    controllerNames,
    topics: topics.map((topic) => ({ name: topic.name, partitions: topic.partitions })),
    producers: producers.map((producer) => ({ name: producer.name, topic: producer.topic })),
    consumers: consumers.flatMap((group) => Array.from({ length: group.instances ?? 1 }, (_, i) => ({ name: `${group.group}-${i + 1}`, group: group.group }))),
    clientsFirst: spec?.clientFaultsFirst === true,
  });
  const durationMs = shape.durationSeconds * 1000;
  const faults = writeFaults(scheduledFaults(shape, spec), durationMs, targets, shape.swarm);

  // __consumer_offsets with Kafka's 50 partitions would be most of the work of a small run.
  const brokerConfig: ConfigMap = {
    ...(cluster.replicaLagTimeMaxMs === null ? {} : { "replica.lag.time.max.ms": cluster.replicaLagTimeMaxMs }),
    ...(cluster.mode !== "zookeeper" || cluster.zkSessionTimeoutMs === null || cluster.zkSessionTimeoutMs === undefined
      ? {}
      : { "zookeeper.session.timeout.ms": cluster.zkSessionTimeoutMs }),
    ...spec?.brokerConfig,
    ...(consumers.length === 0 ? {} : { "offsets.topic.num.partitions": OFFSETS_TOPIC_PARTITIONS }),
  };
  return {
    name: frame.name,
    description: frame.description,
    seed: shape.seed,
    duration: formatMs(durationMs),
    cluster: {
      brokers: cluster.brokers,
      controller: { mode: cluster.mode, nodes: 3 },
      protocol: (spec?.protocol ?? "modern") as NonNullable<RawScenario["cluster"]>["protocol"],
      ...(Object.keys(brokerConfig).length === 0 ? {} : { "broker-config": brokerConfig }),
      ...(shape.bug === null ? {} : { bugs: [shape.bug] }),
    },
    topics,
    producers,
    ...(consumers.length === 0 ? {} : { consumers }),
    ...(faults.length === 0 ? {} : { faults }),
    ...(frame.expect === undefined ? {} : { expect: { ...frame.expect } }),
  };
}

/** The arbitrary of raw scenario objects for `spec`, each named and described by `frame`. */
export function scenarioArbitrary(spec: GenerationSpec, frame: ScenarioFrame): fc.Arbitrary<RawScenario> {
  return scenarioShapeArbitrary(spec).map((shape) => buildScenario(shape, frame, spec));
}
