/**
 * The configs the group coordinator reads, read once per broker into typed settings (Kafka's
 * `GroupCoordinatorConfig`), in ms.
 */
import type { Millis } from "../../sim/time.js";
import type { ConfigView } from "../config-view.js";

/** Broker group settings (docs/kafka-rules.md §6.1, GroupCoordinatorConfig), in ms. */
export interface CoordinatorSettings {
  /** group.min.session.timeout.ms / group.max.session.timeout.ms: the session timeouts a member may ask for. */
  minSessionTimeoutMs: Millis;
  maxSessionTimeoutMs: Millis;
  /** group.initial.rebalance.delay.ms: how long a new group waits for more members before its first rebalance. */
  initialRebalanceDelayMs: Millis;
  /** offsets.topic.num.partitions: the partitions of `__consumer_offsets`. */
  offsetsPartitions: number;
  /** offsets.commit.timeout.ms: how long an offset commit waits for its append. */
  commitTimeoutMs: Millis;
}

export function readCoordinatorSettings(config: ConfigView): CoordinatorSettings {
  return {
    minSessionTimeoutMs: config.int("group.min.session.timeout.ms"),
    maxSessionTimeoutMs: config.int("group.max.session.timeout.ms"),
    initialRebalanceDelayMs: config.int("group.initial.rebalance.delay.ms"),
    offsetsPartitions: config.int("offsets.topic.num.partitions"),
    commitTimeoutMs: config.int("offsets.commit.timeout.ms"),
  };
}
