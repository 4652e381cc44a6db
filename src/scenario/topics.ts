/**
 * Normalising `topics`: unique names, Kafka's defaults for partitions and replication factor
 * (num.partitions, default.replication.factor), a replication factor the cluster can place, and
 * topic configs resolved over the broker's.
 */
import { resolveTopicConfig, type BrokerConfig } from "../kafka/config/resolve.js";
import type { Diagnostics } from "./diagnostics.js";
import type { RawScenario } from "./schema.js";
import type { TopicSpec } from "./types.js";

/** Normalise every topic; problems go to `diagnostics`. */
export function normaliseTopics(
  file: RawScenario,
  brokerConfig: BrokerConfig,
  brokers: number,
  strictMinIsr: boolean,
  brokerExplicit: Readonly<Record<string, unknown>>,
  diagnostics: Diagnostics,
): TopicSpec[] {
  const seen = new Set<string>();
  return file.topics.map((topic, index) => {
    const path = ["topics", index];
    if (seen.has(topic.name)) diagnostics.error([...path, "name"], `topic ${topic.name} is declared twice`);
    seen.add(topic.name);
    if (topic.name.startsWith("__")) {
      diagnostics.error([...path, "name"], "topic names starting with __ are reserved for Kafka's internal topics", { found: topic.name });
    }
    const partitions = topic.partitions ?? brokerConfig["num.partitions"];
    const replicationFactor = topic["replication-factor"] ?? brokerConfig["default.replication.factor"];
    if (replicationFactor > brokers) {
      const at = topic["replication-factor"] === undefined ? path : [...path, "replication-factor"];
      diagnostics.error(at, `replication factor ${replicationFactor} is larger than the number of brokers (${brokers})`, {
        hint: "Kafka refuses to create such a topic (INVALID_REPLICATION_FACTOR): add brokers or lower replication-factor",
      });
    }
    const resolved = resolveTopicConfig(brokerConfig, topic.config);
    diagnostics.addConfigIssues([...path, "config"], ["topic"], resolved.issues);

    const minIsr = resolved.config["min.insync.replicas"];
    if (minIsr > replicationFactor) {
      const at =
        "min.insync.replicas" in resolved.explicit
          ? [...path, "config", "min.insync.replicas"]
          : "min.insync.replicas" in brokerExplicit
            ? ["cluster", "broker-config", "min.insync.replicas"]
            : path;
      const message = `min.insync.replicas (${minIsr}) is larger than the replication factor of ${topic.name} (${replicationFactor})`;
      diagnostics.warn(
        at,
        strictMinIsr
          ? `${message}: behaves as min ISR = replication factor (Kafka 3.7+)`
          : `${message}: before Kafka 3.7 the min ISR is not capped, so every acks=all write is rejected with NOT_ENOUGH_REPLICAS`,
      );
    }
    return { name: topic.name, partitions, replicationFactor, config: resolved.config, explicitConfig: resolved.explicit };
  });
}
