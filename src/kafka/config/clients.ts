/**
 * Producer and consumer configs with the rules by which Kafka's clients make keys depend on each
 * other (docs/scenario-format.md "Client configs that depend on each other"; docs/kafka-rules.md §5.3, §5.4).
 */
import type { CONSUMER_KEYS, PRODUCER_KEYS } from "./client-keys.js";
import { parseConfigMap, withDefaults, type ConfigIssue, type Resolved } from "./config-map.js";
import { INT_MAX, type ConfigValues } from "./key-types.js";
import { applyVersionDefaults, type VersionDefault } from "./version-defaults.js";

/** Every producer key, typed (e.g. `acks: "all" | "1" | "0"`). */
export type ProducerConfig = ConfigValues<typeof PRODUCER_KEYS>;

/** Every consumer key, typed. */
export type ConsumerConfig = ConfigValues<typeof CONSUMER_KEYS>;

/** How a consumer group commits offsets (the scenario's `commit`). */
export type CommitMode = "auto" | "after-processing" | "before-processing";

/** Options of {@link resolveProducerConfig}. */
export interface ProducerOptions {
  /**
   * False under a protocol without idempotence (kafka-0.10): an unset `enable.idempotence` then
   * resolves to false. An explicit `true` is reported by resolveProtocol, not here.
   */
  readonly idempotenceSupported?: boolean;
  /** A preset's version defaults (version-defaults.ts); they replace 4.x's for unset keys. */
  readonly versionDefaults?: readonly VersionDefault[];
  /**
   * Kafka 0.11–2.8: an explicit `enable.idempotence=true` makes an unset `acks` `all` and an unset
   * `retries` Integer.MAX_VALUE (KafkaProducer.configureAcks / configureRetries) instead of the
   * 3.0+ rule that an unset idempotence yields to acks/retries.
   */
  readonly idempotenceOverridesUnsetAcksAndRetries?: boolean;
}

/** Options of {@link resolveConsumerConfig}. */
export interface ConsumerOptions {
  /** A preset's version defaults (version-defaults.ts); they replace 4.x's for unset keys. */
  readonly versionDefaults?: readonly VersionDefault[];
}

/**
 * Resolve a producer's `config` as Kafka's ProducerConfig does:
 * - an unset `enable.idempotence` becomes false when acks ≠ all, retries = 0 or
 *   max.in.flight.requests.per.connection > 5; an explicit `true` with any of those is an error on
 *   the conflicting key, worded as Kafka's ConfigException;
 * - `delivery.timeout.ms` below `linger.ms + request.timeout.ms` is an error when explicit and is
 *   raised to that sum when defaulted (KafkaProducer.configureDeliveryTimeout).
 */
export function resolveProducerConfig(raw: Readonly<Record<string, unknown>> | undefined, options: ProducerOptions = {}): Resolved<ProducerConfig> {
  const { explicit, issues } = parseConfigMap(["producer"], raw);
  const values = withDefaults(["producer"], explicit);
  applyVersionDefaults(
    values,
    explicit,
    (options.versionDefaults ?? []).filter((entry) => entry.scope === "producer"),
  );
  if (options.idempotenceOverridesUnsetAcksAndRetries === true && explicit["enable.idempotence"] === true) {
    if (!("acks" in explicit)) values["acks"] = "all";
    if (!("retries" in explicit)) values["retries"] = INT_MAX;
  }
  const acks = values["acks"];
  const retries = values["retries"] as number;
  const maxInFlight = values["max.in.flight.requests.per.connection"] as number;

  const conflicts: ConfigIssue[] = [];
  if (acks !== "all") {
    conflicts.push(
      conflict("acks", "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.", `acks=${String(acks)}`),
    );
  }
  if (retries === 0) {
    conflicts.push(conflict("retries", "Must set retries to non-zero when using the idempotent producer.", "retries=0"));
  }
  if (maxInFlight > 5) {
    conflicts.push(
      conflict(
        "max.in.flight.requests.per.connection",
        "Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.",
        `max.in.flight.requests.per.connection=${maxInFlight}`,
      ),
    );
  }
  const idempotenceExplicit = explicit["enable.idempotence"];
  if (idempotenceExplicit === true) {
    // Without an idempotent producer in the protocol (0.10), resolveProtocol reports the key itself.
    if (options.idempotenceSupported !== false) issues.push(...conflicts);
  } else if (idempotenceExplicit === undefined) {
    // The version's default (true since 3.0), unless acks/retries/max.in.flight conflict with it.
    values["enable.idempotence"] = values["enable.idempotence"] === true && conflicts.length === 0 && options.idempotenceSupported !== false;
  }

  const floor = (values["linger.ms"] as number) + (values["request.timeout.ms"] as number);
  if ((values["delivery.timeout.ms"] as number) < floor) {
    if ("delivery.timeout.ms" in explicit) {
      issues.push({
        severity: "error",
        key: "delivery.timeout.ms",
        message: "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms",
        expected: `≥ ${floor}`,
        found: String(values["delivery.timeout.ms"]),
      });
    } else {
      values["delivery.timeout.ms"] = floor;
    }
  }
  return { config: values as unknown as ProducerConfig, explicit, issues };
}

function conflict(key: string, kafkaMessage: string, found: string): ConfigIssue {
  return {
    severity: "error",
    key,
    message: `enable.idempotence is set to true: ${kafkaMessage}`,
    found,
    hint: `remove enable.idempotence (it then becomes false with ${found}) or change ${key}`,
  };
}

/**
 * Resolve a consumer group's `config` under its commit mode. `after-processing` and
 * `before-processing` mean `enable.auto.commit=false` (one synchronous commit per poll batch);
 * `auto` means `enable.auto.commit=true`. A contradicting explicit `enable.auto.commit` is an
 * error, as is `heartbeat.interval.ms` ≥ `session.timeout.ms`.
 */
export function resolveConsumerConfig(
  raw: Readonly<Record<string, unknown>> | undefined,
  commitMode: CommitMode,
  options: ConsumerOptions = {},
): Resolved<ConsumerConfig> {
  const { explicit, issues } = parseConfigMap(["consumer"], raw);
  const values = withDefaults(["consumer"], explicit);
  applyVersionDefaults(
    values,
    explicit,
    (options.versionDefaults ?? []).filter((entry) => entry.scope === "consumer"),
  );
  const autoCommit = commitMode === "auto";
  const written = explicit["enable.auto.commit"];
  if (written !== undefined && written !== autoCommit) {
    issues.push({
      severity: "error",
      key: "enable.auto.commit",
      message: autoCommit
        ? "commit: auto means enable.auto.commit=true; with false this group would never commit"
        : `commit: ${commitMode} commits synchronously once per poll batch, so enable.auto.commit must be false`,
      expected: String(autoCommit),
      found: String(written),
      hint: autoCommit
        ? "remove enable.auto.commit, or choose commit: after-processing or before-processing"
        : "remove enable.auto.commit (the commit mode sets it), or use commit: auto",
    });
  }
  values["enable.auto.commit"] = autoCommit;

  const heartbeat = values["heartbeat.interval.ms"] as number;
  const session = values["session.timeout.ms"] as number;
  if (heartbeat >= session) {
    issues.push({
      severity: "error",
      key: "heartbeat.interval.ms" in explicit ? "heartbeat.interval.ms" : "session.timeout.ms",
      message: `heartbeat.interval.ms (${heartbeat}) must be lower than session.timeout.ms (${session})`,
    });
  }
  if (values["group.protocol"] === "consumer") {
    issues.push({
      severity: "warning",
      key: "group.protocol",
      message: "group.protocol=consumer (KIP-848) is not modelled: kafkasim runs the classic group protocol",
    });
  }
  return { config: values as unknown as ConsumerConfig, explicit, issues };
}
