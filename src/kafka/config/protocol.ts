/**
 * Protocol options: which replication and controller behaviour of which Kafka version the model
 * runs (docs/scenario-format.md "Versions"; docs/kafka-rules.md §1.2, §1.7, §3.3, §4).
 *
 * `cluster.protocol` is a preset name, or a map of a preset plus individual toggles that override
 * it. Toggles are spelled in kebab-case, like every scenario key:
 *
 * ```yaml
 * protocol: { preset: kafka-3.6, eligible-leader-replicas: true }
 * ```
 *
 * | toggle                       | feature field             |
 * | ---------------------------- | ------------------------- |
 * | `leader-epochs`              | `leaderEpochs`            |
 * | `epoch-checked-truncation`   | `epochCheckedTruncation`  |
 * | `truncation-on-fetch`        | `truncationOnFetch`       |
 * | `strict-min-isr`             | `strictMinIsr`            |
 * | `eligible-leader-replicas`   | `eligibleLeaderReplicas`  |
 * | `idempotence`                | `idempotence`             |
 * | `isr-changes-via-controller` | `isrChangesViaController` |
 * | `pre-vote`                   | `preVote`                 |
 *
 * `modern` depends on the controller mode: Kafka 4.1 in KRaft mode (ELR on), Kafka 3.9 in
 * ZooKeeper mode (strict min ISR on, ELR off).
 */
import { findConfigKey } from "./registry.js";
import { parseConfigValue } from "./values.js";
import { presetDefaults, type VersionDefault } from "./version-defaults.js";

/** The whole feature set of a protocol. `kraft`/`zookeeper` say which controller modes it supports. */
export interface ProtocolFeatures {
  /** KIP-101: followers truncate by leader epoch; false = truncate to their own HW (before 0.11). */
  readonly leaderEpochs: boolean;
  /**
   * KIP-279 (2.0): the leader answers OffsetsForLeaderEpoch with (largest epoch ≤ the requested
   * one, its end offset) and the follower truncates to the end of the epoch both know, asking
   * again until they agree. false = KIP-101 alone (0.11–1.1): the leader answers an end offset
   * only, and the follower truncates there once per leader change.
   */
  readonly epochCheckedTruncation: boolean;
  /** Divergence is detected in the Fetch response (IBP 2.7+); false = OffsetsForLeaderEpoch first. */
  readonly truncationOnFetch: boolean;
  /**
   * KAFKA-15583 (3.7+): min.insync.replicas is capped at the replication factor, and the HW does
   * not advance while |ISR| < min(min.insync.replicas, RF). false (before 3.7): no cap, so a topic
   * with RF < min.insync.replicas rejects every acks=all write (Partition.appendRecordsToLeader).
   */
  readonly strictMinIsr: boolean;
  /** KIP-966 eligible leader replicas (KRaft only; on by default on new 4.1 clusters). */
  readonly eligibleLeaderReplicas: boolean;
  /** The idempotent producer is supported (0.11+, KIP-98). */
  readonly idempotence: boolean;
  /** ISR changes go through the controller (AlterPartition); false = the leader writes ZooKeeper (0.10). */
  readonly isrChangesViaController: boolean;
  /** KIP-996 (Kafka 4.0): a KRaft voter asks for pre-votes before it bumps the epoch and stands. */
  readonly preVote: boolean;
  readonly kraft: boolean;
  readonly zookeeper: boolean;
}

/** Preset names. */
export const PROTOCOL_PRESETS = ["modern", "kafka-0.10", "kafka-1.1", "kafka-2.0", "kafka-3.6", "kafka-3.9", "kafka-4.0", "kafka-4.1"] as const;

/** A preset name. */
export type ProtocolPreset = (typeof PROTOCOL_PRESETS)[number];

/** Toggle keys of the map form, and the feature each one sets. */
export const PROTOCOL_TOGGLES = {
  "leader-epochs": "leaderEpochs",
  "epoch-checked-truncation": "epochCheckedTruncation",
  "truncation-on-fetch": "truncationOnFetch",
  "strict-min-isr": "strictMinIsr",
  "eligible-leader-replicas": "eligibleLeaderReplicas",
  idempotence: "idempotence",
  "isr-changes-via-controller": "isrChangesViaController",
  "pre-vote": "preVote",
} as const satisfies Record<string, keyof ProtocolFeatures>;

/** A toggle key of the map form. */
export type ProtocolToggle = keyof typeof PROTOCOL_TOGGLES;

const V0_10: ProtocolFeatures = {
  leaderEpochs: false,
  epochCheckedTruncation: false,
  truncationOnFetch: false,
  strictMinIsr: false,
  eligibleLeaderReplicas: false,
  idempotence: false,
  isrChangesViaController: false,
  kraft: false,
  zookeeper: true,
  preVote: false,
};
const V1_1: ProtocolFeatures = { ...V0_10, leaderEpochs: true, idempotence: true };
const V2_0: ProtocolFeatures = { ...V1_1, epochCheckedTruncation: true };
const V3_6: ProtocolFeatures = { ...V2_0, truncationOnFetch: true, isrChangesViaController: true, kraft: true };
const V3_9: ProtocolFeatures = { ...V3_6, strictMinIsr: true };
const V4_0: ProtocolFeatures = { ...V3_9, zookeeper: false, preVote: true };
const V4_1: ProtocolFeatures = { ...V4_0, eligibleLeaderReplicas: true };

/** The Kafka version a preset stands for in a controller mode, and its features. */
export function presetFeatures(preset: ProtocolPreset, mode: "kraft" | "zookeeper"): { version: string; features: ProtocolFeatures } {
  switch (preset) {
    case "modern":
      return mode === "kraft" ? { version: "4.1", features: V4_1 } : { version: "3.9", features: V3_9 };
    case "kafka-0.10":
      return { version: "0.10", features: V0_10 };
    case "kafka-1.1":
      return { version: "1.1", features: V1_1 };
    case "kafka-2.0":
      return { version: "2.0", features: V2_0 };
    case "kafka-3.6":
      return { version: "3.6", features: V3_6 };
    case "kafka-3.9":
      return { version: "3.9", features: V3_9 };
    case "kafka-4.0":
      return { version: "4.0", features: V4_0 };
    case "kafka-4.1":
      return { version: "4.1", features: V4_1 };
  }
}

/** The protocol a run uses. */
export interface ResolvedProtocol {
  readonly preset: ProtocolPreset;
  /** The Kafka version of the preset in this mode ("4.1", "3.9", "0.10", …). */
  readonly kafkaVersion: string;
  readonly mode: "kraft" | "zookeeper";
  /** The toggles written in the map form (and eligible.leader.replicas.enable), as written. */
  readonly overrides: Readonly<Partial<Record<ProtocolToggle, boolean>>>;
  readonly features: ProtocolFeatures;
  /** The config defaults of the preset's Kafka version that differ from 4.x (version-defaults.ts). */
  readonly defaults: readonly VersionDefault[];
}

/** A problem found while resolving the protocol; `path` is relative to the scenario's root. */
export interface ProtocolIssue {
  readonly severity: "error" | "warning";
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint?: string;
}

/** Options of {@link resolveProtocol}. */
export interface ProtocolOptions {
  /** An explicit `eligible.leader.replicas.enable` broker config; it overrides the toggle. */
  readonly eligibleLeaderReplicasConfig?: boolean;
}

const PROTOCOL_PATH = ["cluster", "protocol"] as const;

function isPreset(value: unknown): value is ProtocolPreset {
  return typeof value === "string" && (PROTOCOL_PRESETS as readonly string[]).includes(value);
}

/** The preset named by a `cluster.protocol` value as written ("modern" when absent or invalid). */
export function writtenPreset(value: unknown): ProtocolPreset {
  if (isPreset(value)) return value;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const preset = (value as Record<string, unknown>)["preset"];
    if (isPreset(preset)) return preset;
  }
  return "modern";
}

/**
 * The features of `value` (a preset name, a map of `preset` + toggles, or undefined = modern) in
 * `controllerMode`, checked against the raw `config` maps of the producers (in file order).
 */
export function resolveProtocol(
  value: unknown,
  controllerMode: "kraft" | "zookeeper",
  producers: readonly (Readonly<Record<string, unknown>> | undefined)[],
  options: ProtocolOptions = {},
): { protocol: ResolvedProtocol; issues: ProtocolIssue[] } {
  const issues: ProtocolIssue[] = [];
  const error = (path: readonly (string | number)[], message: string, hint?: string) =>
    issues.push({ severity: "error", path, message, ...(hint === undefined ? {} : { hint }) });

  let preset: ProtocolPreset = "modern";
  const overrides: Partial<Record<ProtocolToggle, boolean>> = {};
  if (isPreset(value)) {
    preset = value;
  } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    for (const [key, toggle] of Object.entries(value)) {
      if (key === "preset") {
        if (isPreset(toggle)) preset = toggle;
        else error([...PROTOCOL_PATH, "preset"], `unknown protocol preset ${JSON.stringify(toggle)}`, `presets: ${PROTOCOL_PRESETS.join(", ")}`);
      } else if (key in PROTOCOL_TOGGLES && typeof toggle === "boolean") {
        overrides[key as ProtocolToggle] = toggle;
      } else {
        error([...PROTOCOL_PATH, key], `unknown protocol toggle "${key}" or not a boolean`, `toggles: ${Object.keys(PROTOCOL_TOGGLES).join(", ")}`);
      }
    }
  } else if (value !== undefined) {
    error(PROTOCOL_PATH, `unknown protocol ${JSON.stringify(value)}`, `presets: ${PROTOCOL_PRESETS.join(", ")}, or a map with preset and toggles`);
  }

  const { version, features: base } = presetFeatures(preset, controllerMode);
  const features: { -readonly [K in keyof ProtocolFeatures]: ProtocolFeatures[K] } = { ...base };
  for (const [toggle, on] of Object.entries(overrides)) features[PROTOCOL_TOGGLES[toggle as ProtocolToggle]] = on;
  const elrPath: readonly (string | number)[] =
    options.eligibleLeaderReplicasConfig === undefined
      ? [...PROTOCOL_PATH, "eligible-leader-replicas"]
      : ["cluster", "broker-config", "eligible.leader.replicas.enable"];
  if (options.eligibleLeaderReplicasConfig !== undefined) {
    features.eligibleLeaderReplicas = options.eligibleLeaderReplicasConfig;
    overrides["eligible-leader-replicas"] = options.eligibleLeaderReplicasConfig;
  }
  const name = preset === "modern" ? `modern (Kafka ${version})` : preset;

  const protocol: ResolvedProtocol = { preset, kafkaVersion: version, mode: controllerMode, overrides, features, defaults: presetDefaults(preset) };
  if (controllerMode === "kraft" && !features.kraft) {
    error(PROTOCOL_PATH, `protocol ${name} has no KRaft mode: it is ZooKeeper only`, "set cluster.controller.mode: zookeeper");
  }
  if (controllerMode === "zookeeper" && !features.zookeeper) {
    error(
      PROTOCOL_PATH,
      `protocol ${name} has no ZooKeeper mode (ZooKeeper was removed in Kafka 4.0)`,
      "use protocol: kafka-3.9 (or modern, which means Kafka 3.9 in ZooKeeper mode)",
    );
  }
  if (!features.idempotence) checkNoIdempotentProducer(name, producers, error);
  // A version without this controller mode: its other features are moot, report nothing more.
  if (issues.some((issue) => issue.severity === "error")) return { protocol, issues };
  if (controllerMode === "zookeeper" && features.eligibleLeaderReplicas) {
    issues.push({ severity: "warning", path: elrPath, message: "eligible leader replicas (KIP-966) are KRaft-only; ignored in ZooKeeper mode" });
    features.eligibleLeaderReplicas = false;
  }
  if (controllerMode === "kraft" && !features.isrChangesViaController) {
    error(
      [...PROTOCOL_PATH, "isr-changes-via-controller"],
      "in KRaft mode every ISR change goes through the controller (AlterPartition)",
      "remove the toggle or set cluster.controller.mode: zookeeper",
    );
  }
  if (features.truncationOnFetch && !features.leaderEpochs) {
    error(
      [...PROTOCOL_PATH, "truncation-on-fetch"],
      "truncation on fetch needs leader epochs (KIP-101)",
      "set leader-epochs: true or truncation-on-fetch: false",
    );
  } else if (features.epochCheckedTruncation && !features.leaderEpochs) {
    error(
      [...PROTOCOL_PATH, "epoch-checked-truncation"],
      "epoch-checked truncation (KIP-279) needs leader epochs (KIP-101)",
      "set leader-epochs: true or epoch-checked-truncation: false",
    );
  } else if (features.truncationOnFetch && !features.epochCheckedTruncation) {
    error(
      [...PROTOCOL_PATH, "truncation-on-fetch"],
      "truncation on fetch (KIP-320) answers with the diverging epoch, so it needs epoch-checked truncation (KIP-279)",
      "set epoch-checked-truncation: true or truncation-on-fetch: false",
    );
  }
  if (features.eligibleLeaderReplicas && !features.strictMinIsr) {
    error(
      elrPath,
      "eligible leader replicas need the strict min ISR rule (KIP-966: the HW is frozen under min ISR)",
      "set strict-min-isr: true or eligible-leader-replicas: false",
    );
  }
  return { protocol, issues };
}

function checkNoIdempotentProducer(
  name: string,
  producers: readonly (Readonly<Record<string, unknown>> | undefined)[],
  error: (path: readonly (string | number)[], message: string, hint?: string) => void,
): void {
  const key = findConfigKey("producer", "enable.idempotence");
  if (key === undefined) return;
  producers.forEach((config, index) => {
    if (config === undefined || !("enable.idempotence" in config)) return;
    const parsed = parseConfigValue(key, config["enable.idempotence"]);
    if (parsed.ok && parsed.value === true) {
      error(
        ["producers", index, "config", "enable.idempotence"],
        `protocol ${name} has no idempotent producer (it arrived in Kafka 0.11, KIP-98)`,
        "remove enable.idempotence or choose a newer protocol",
      );
    }
  });
}
