/**
 * The configs the producer and the consumer share, read once (CommonClientConfigs): metadata
 * recovery (KIP-899, KIP-1102), used by client/metadata-recovery.ts.
 */
import type { ConfigView } from "../config-view.js";
import type { Millis } from "../../sim/time.js";

export type MetadataRecoveryStrategy = "none" | "rebootstrap";

export interface MetadataRecoverySettings {
  strategy: MetadataRecoveryStrategy;
  rebootstrapTriggerMs: Millis;
}

/** Kafka 4.x defaults (CommonClientConfigs). */
export const DEFAULT_METADATA_RECOVERY: Readonly<MetadataRecoverySettings> = Object.freeze({ strategy: "rebootstrap", rebootstrapTriggerMs: 300000 });

/** Reads `metadata.recovery.strategy` and `metadata.recovery.rebootstrap.trigger.ms` (Kafka 4.x defaults when absent). */
export function readMetadataRecovery(config: ConfigView): MetadataRecoverySettings {
  const strategy = config.has("metadata.recovery.strategy")
    ? String(config.get("metadata.recovery.strategy")).toLowerCase()
    : DEFAULT_METADATA_RECOVERY.strategy;
  return {
    strategy: strategy === "none" ? "none" : "rebootstrap",
    rebootstrapTriggerMs: config.has("metadata.recovery.rebootstrap.trigger.ms")
      ? Number(config.get("metadata.recovery.rebootstrap.trigger.ms"))
      : DEFAULT_METADATA_RECOVERY.rebootstrapTriggerMs,
  };
}
