/**
 * From a parsed scenario object to the normalised {@link Scenario}: structure first (schema.ts),
 * then meaning — durations, Kafka configs per scope, the protocol, cross-references between
 * topics, clients and faults. Every problem is collected before anything is thrown, so a user sees
 * all of them at once.
 */
import { resolveProtocol, writtenPreset } from "../kafka/config/protocol.js";
import { presetDefaults } from "../kafka/config/version-defaults.js";
import { resolveBrokerConfig, type BrokerConfig } from "../kafka/config/resolve.js";
import { normaliseClients } from "./workload.js";
import { Diagnostics } from "./diagnostics.js";
import { parseDuration, parseDurationRange, type RangeUs } from "./durations.js";
import { sortByPosition, type ScenarioWarning } from "./errors.js";
import { normaliseExpect } from "./expect.js";
import { normaliseFaults } from "./faults.js";
import { checkCountLimits, checkRecordLimit, checkReplicaLimit } from "./limits.js";
import type { SourcePositions } from "./positions.js";
import { scenarioSchema, type RawScenario } from "./schema.js";
import { reportSchemaIssues } from "./schema-issues.js";
import { normaliseTopics } from "./topics.js";
import type { ClusterSpec, LatencySpec, Scenario } from "./types.js";
import { describeValue } from "../kafka/config/values.js";

/** A loaded scenario and the warnings about it (unmodelled configs, …), in file order. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly warnings: readonly ScenarioWarning[];
}

const DEFAULT_LATENCY: RangeUs = { minUs: 1_000, maxUs: 5_000 };

/**
 * Validate and normalise a parsed scenario (`raw`, e.g. from YAML or JSON) named `fileName`.
 * With `positions`, every error carries the line and column of its node.
 * @throws ScenarioValidationError listing every error found.
 */
/** Options of {@link normaliseScenario}. */
export interface NormaliseOptions {
  /** The run's event budget: the producers may send at most a fifth of it in records (limits.ts). */
  readonly maxEvents?: number;
}

export function normaliseScenario(raw: unknown, fileName: string, positions?: SourcePositions, options: NormaliseOptions = {}): LoadedScenario {
  const diagnostics = new Diagnostics(fileName, positions);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    diagnostics.error([], "a scenario must be a mapping of keys (name, description, duration, cluster, topics, …)", {
      found: describeValue(raw),
    });
    diagnostics.throwIfErrors();
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    reportSchemaIssues(parsed.error.issues, raw, scenarioSchema, diagnostics);
    diagnostics.throwIfErrors();
  }
  const file = parsed.data as RawScenario;
  // Sizes first: nothing is built from a size beyond kafkasim's limits (limits.ts).
  checkCountLimits(file, diagnostics);
  diagnostics.throwIfErrors();

  const duration = parseDuration(file.duration);
  if (!duration.ok) diagnostics.error(["duration"], duration.message, { expected: duration.expected, found: duration.found });
  else if (duration.value === 0) diagnostics.error(["duration"], "duration must be positive", { found: describeValue(file.duration) });
  const durationUs = duration.ok ? duration.value : 0;
  // With an invalid duration, "after the duration" checks are skipped rather than misleading.
  const limitUs = duration.ok && duration.value > 0 ? duration.value : Number.POSITIVE_INFINITY;

  const cluster = normaliseCluster(file, diagnostics);
  const topics = normaliseTopics(
    file,
    cluster.brokerConfig,
    cluster.brokers,
    cluster.protocol.features.strictMinIsr,
    cluster.brokerConfigExplicit,
    diagnostics,
  );
  checkReplicaLimit(
    [
      ...topics.map((topic, index) => ({
        path: file.topics[index]?.partitions === undefined ? ["topics", index] : ["topics", index, "partitions"],
        name: topic.name,
        partitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
      })),
      ...((file.consumers ?? []).length === 0
        ? []
        : [
            {
              path: ["cluster", "broker-config", "offsets.topic.num.partitions"],
              name: "__consumer_offsets",
              partitions: cluster.offsetsTopic.partitions,
              replicationFactor: cluster.offsetsTopic.replicationFactor,
            },
          ]),
    ],
    diagnostics,
  );
  diagnostics.throwIfErrors();
  const clients = normaliseClients(file, cluster, topics, limitUs, diagnostics);
  checkRecordLimit(
    clients.producers.map((producer, index) => ({
      path: ["producers", index, "rate"],
      name: producer.name,
      records: Math.min(producer.count ?? Number.POSITIVE_INFINITY, (producer.ratePerSecond * Math.max(0, durationUs - producer.startUs)) / 1e6),
    })),
    options.maxEvents,
    diagnostics,
  );
  const faults = normaliseFaults(
    file.faults ?? [],
    limitUs,
    {
      mode: cluster.controller.mode,
      nodeNames: [
        ...cluster.brokerNames,
        ...cluster.controller.nodeNames,
        ...clients.producers.map((producer) => producer.name),
        ...clients.consumers.flatMap((group) => group.instanceNames),
      ],
      topics: new Map(topics.map((topic) => [topic.name, topic.partitions])),
      groups: clients.consumers.map((group) => group.group),
    },
    diagnostics,
  );
  const expect = normaliseExpect(file.expect, diagnostics, {
    topics: new Map(topics.map((topic) => [topic.name, topic.partitions])),
    producers: clients.producers.map((producer) => producer.name),
    groups: clients.consumers.map((group) => group.group),
  });

  diagnostics.throwIfErrors();
  const scenario: Scenario = {
    name: file.name,
    description: file.description.trim(),
    file: fileName,
    seed: file.seed ?? 1,
    durationUs,
    drain: file.drain ?? true,
    cluster,
    topics,
    producers: clients.producers,
    consumers: clients.consumers,
    faults,
    expect,
  };
  return { scenario, warnings: sortByPosition(diagnostics.warnings) };
}

function normaliseCluster(file: RawScenario, diagnostics: Diagnostics): ClusterSpec {
  const raw = file.cluster;
  const mode = raw.controller?.mode ?? "kraft";
  const nodes = raw.controller?.nodes ?? 3;
  const brokerConfigRaw = raw["broker-config"];
  // A version preset brings its version's broker defaults (version-defaults.ts); the file's values win.
  const broker = resolveBrokerConfig(brokerConfigRaw, { mode, versionDefaults: presetDefaults(writtenPreset(raw.protocol)) });
  diagnostics.addConfigIssues(["cluster", "broker-config"], ["broker", "controller"], broker.issues);

  const elr = broker.explicit["eligible.leader.replicas.enable"];
  const { protocol, issues } = resolveProtocol(
    raw.protocol,
    mode,
    (file.producers ?? []).map((producer) => producer.config),
    {
      ...(typeof elr === "boolean" ? { eligibleLeaderReplicasConfig: elr } : {}),
    },
  );
  for (const issue of issues) {
    if (issue.severity === "error") diagnostics.error(issue.path, issue.message, { hint: issue.hint });
    else diagnostics.warn(issue.path, issue.message, { hint: issue.hint });
  }
  // The broker config agrees with the protocol on ELR, whichever of the two decided it.
  const brokerConfig: BrokerConfig = { ...broker.config, "eligible.leader.replicas.enable": protocol.features.eligibleLeaderReplicas };

  const offsetsReplication = brokerConfig["offsets.topic.replication.factor"];
  if (offsetsReplication > raw.brokers && (file.consumers ?? []).length > 0) {
    const explicit = "offsets.topic.replication.factor" in broker.explicit;
    diagnostics.warn(
      explicit ? ["cluster", "broker-config", "offsets.topic.replication.factor"] : ["cluster", "brokers"],
      `offsets.topic.replication.factor is ${offsetsReplication} but the cluster has ${raw.brokers} broker(s): ` +
        `__consumer_offsets is created with replication factor ${raw.brokers}`,
      { hint: `Kafka would not create it until ${offsetsReplication} brokers are up; set offsets.topic.replication.factor ≤ ${raw.brokers} to say so` },
    );
  }

  return {
    brokers: raw.brokers,
    brokerNames: numbered("broker", raw.brokers),
    controller: { mode, nodes, nodeNames: numbered(mode === "kraft" ? "controller" : "zk", nodes) },
    network: { latency: normaliseLatency(raw.network?.latency, diagnostics) },
    protocol,
    brokerConfig,
    brokerConfigExplicit: broker.explicit,
    offsetsTopic: {
      partitions: brokerConfig["offsets.topic.num.partitions"],
      replicationFactor: Math.min(offsetsReplication, raw.brokers),
    },
    bugs: raw.bugs ?? [],
  };
}

/** `prefix-1` … `prefix-count`. */
export function numbered(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}-${index + 1}`);
}

type RawLatency = NonNullable<NonNullable<RawScenario["cluster"]["network"]>["latency"]>;

function normaliseLatency(raw: RawLatency | undefined, diagnostics: Diagnostics): LatencySpec {
  const path = ["cluster", "network", "latency"];
  const range = (value: unknown, at: readonly (string | number)[]): RangeUs => {
    const parsed = parseDurationRange(value);
    if (parsed.ok) return parsed.value;
    diagnostics.error(at, parsed.message, { expected: parsed.expected, found: parsed.found });
    return DEFAULT_LATENCY;
  };
  if (raw === undefined) return { base: DEFAULT_LATENCY, tailProbability: 0, tail: null };
  if (typeof raw === "object") {
    return {
      base: range(raw.base, [...path, "base"]),
      tailProbability: raw["tail-probability"],
      tail: range(raw.tail, [...path, "tail"]),
    };
  }
  return { base: range(raw, path), tailProbability: 0, tail: null };
}
