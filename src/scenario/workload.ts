/**
 * Normalising `producers` and `consumers`: unique node names, declared topics (kafkasim never
 * auto-creates one), rates and durations, and client configs resolved with Kafka's dependency
 * rules (idempotence, commit modes) and the broker's session-timeout bounds.
 */
import { resolveConsumerConfig, resolveProducerConfig, type BrokerConfig } from "../kafka/config/resolve.js";
import { idempotenceOverridesUnsetAcksAndRetries } from "../kafka/config/version-defaults.js";
import type { Diagnostics } from "./diagnostics.js";
import { formatDurationUs, parseDuration, parseRate } from "./durations.js";
import type { PathSegment } from "./errors.js";
import type { RawScenario } from "./schema.js";
import { didYouMean } from "./suggest.js";
import type { ClusterSpec, ConsumerGroupSpec, ProducerSpec, TopicSpec } from "./types.js";

const NOT_AUTO_CREATED = "kafkasim does not auto-create topics, unlike Kafka's default auto.create.topics.enable=true: declare it under topics";

/** Normalise the producers and consumer groups; problems go to `diagnostics`. */
export function normaliseClients(
  file: RawScenario,
  cluster: ClusterSpec,
  topics: readonly TopicSpec[],
  durationUs: number,
  diagnostics: Diagnostics,
): { producers: ProducerSpec[]; consumers: ConsumerGroupSpec[] } {
  const taken = new Map<string, string>();
  for (const name of cluster.brokerNames) taken.set(name, "a broker");
  for (const name of [...cluster.controller.nodeNames, ...["controller", "brokers", "rest"]]) taken.set(name, "a controller node or a target keyword");
  const claim = (path: readonly PathSegment[], name: string, what: string) => {
    const owner = taken.get(name);
    if (owner !== undefined)
      diagnostics.error(path, `node name ${name} is already taken by ${owner}`, { hint: "every broker, controller and client needs its own name" });
    else taken.set(name, what);
  };
  const topicNames = topics.map((topic) => topic.name);
  const checkTopic = (path: readonly PathSegment[], topic: string) => {
    if (topicNames.includes(topic)) return;
    const suggestion = didYouMean(topic, topicNames);
    diagnostics.error(path, `topic ${topic} is not declared`, { hint: suggestion === undefined ? NOT_AUTO_CREATED : `${suggestion} (${NOT_AUTO_CREATED})` });
  };
  const duration = (path: readonly PathSegment[], raw: unknown): number => {
    if (raw === undefined) return 0;
    const parsed = parseDuration(raw);
    if (parsed.ok) return parsed.value;
    diagnostics.error(path, parsed.message, { expected: parsed.expected, found: parsed.found });
    return 0;
  };

  const producers = (file.producers ?? []).map((raw, index): ProducerSpec => {
    const path: PathSegment[] = ["producers", index];
    claim([...path, "name"], raw.name, `producer ${raw.name}`);
    checkTopic([...path, "topic"], raw.topic);
    const resolved = resolveProducerConfig(raw.config, {
      idempotenceSupported: cluster.protocol.features.idempotence,
      versionDefaults: cluster.protocol.defaults,
      idempotenceOverridesUnsetAcksAndRetries: idempotenceOverridesUnsetAcksAndRetries(cluster.protocol.preset),
    });
    diagnostics.addConfigIssues([...path, "config"], ["producer"], resolved.issues);
    const rate = parseRate(raw.rate);
    if (!rate.ok) diagnostics.error([...path, "rate"], rate.message, { expected: rate.expected, found: rate.found });
    const startUs = duration([...path, "start"], raw.start);
    if (startUs > durationUs) {
      diagnostics.error([...path, "start"], `starts at ${formatDurationUs(startUs)}, after the scenario's duration (${formatDurationUs(durationUs)})`);
    }
    return {
      name: raw.name,
      topic: raw.topic,
      config: resolved.config,
      explicitConfig: resolved.explicit,
      ratePerSecond: rate.ok ? rate.value : 0,
      arrivals: raw.arrivals ?? "poisson",
      count: raw.count ?? null,
      keys: raw.keys ?? 0,
      startUs,
      resendOnRestart: raw["resend-on-restart"] ?? false,
    };
  });

  const groups = new Set<string>();
  const consumers = (file.consumers ?? []).map((raw, index): ConsumerGroupSpec => {
    const path: PathSegment[] = ["consumers", index];
    if (groups.has(raw.group))
      diagnostics.error([...path, "group"], `consumer group ${raw.group} is declared twice`, { hint: "use instances for more consumers in one group" });
    groups.add(raw.group);
    const instances = raw.instances ?? 1;
    const instanceNames = Array.from({ length: instances }, (_, instance) => `${raw.group}-${instance + 1}`);
    for (const name of instanceNames) claim([...path, "group"], name, `consumer ${name} of group ${raw.group}`);
    raw.topics.forEach((topic, topicIndex) => checkTopic([...path, "topics", topicIndex], topic));
    const commit = raw.commit ?? "auto";
    const resolved = resolveConsumerConfig(raw.config, commit, { versionDefaults: cluster.protocol.defaults });
    diagnostics.addConfigIssues([...path, "config"], ["consumer"], resolved.issues);
    checkSessionTimeout(path, resolved.config["session.timeout.ms"], "session.timeout.ms" in resolved.explicit, cluster.brokerConfig, diagnostics);
    return {
      group: raw.group,
      topics: raw.topics,
      instances,
      instanceNames,
      config: resolved.config,
      explicitConfig: resolved.explicit,
      commit,
      processingTimeUs: duration([...path, "processing-time"], raw["processing-time"]),
    };
  });
  return { producers, consumers };
}

function checkSessionTimeout(path: readonly PathSegment[], session: number, explicit: boolean, broker: BrokerConfig, diagnostics: Diagnostics): void {
  const min = broker["group.min.session.timeout.ms"];
  const max = broker["group.max.session.timeout.ms"];
  if (session >= min && session <= max) return;
  diagnostics.error(
    explicit ? [...path, "config", "session.timeout.ms"] : path,
    `session.timeout.ms (${session}) is outside the brokers' group.min.session.timeout.ms..group.max.session.timeout.ms (${min}..${max})`,
    { hint: "Kafka rejects such a JoinGroup with INVALID_SESSION_TIMEOUT" },
  );
}
