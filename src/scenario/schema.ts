/**
 * The structure of a scenario file (docs/scenario-format.md) as a zod schema: strict objects, so an
 * unknown key is an error; kebab-case keys except inside Kafka config maps. This layer checks
 * shapes and types only; durations, rates, config names and values, cross-references and fault
 * rules are checked by the normaliser, which gives domain-specific messages. String patterns are
 * attached as JSON-Schema metadata for editors (scenarios/schema.json), not enforced here.
 */
import { z } from "zod";
import { ALL_KEYS, type ConfigKey, type ConfigScope } from "../kafka/config/registry.js";
import { PROTOCOL_PRESETS, PROTOCOL_TOGGLES } from "../kafka/config/protocol.js";

/** Scenario, topic-free names: lower-case letters, digits and hyphens. */
const NAME_PATTERN = /^[a-z0-9-]+$/;
/** Topic names, as Kafka allows them (letters, digits, `.`, `_`, `-`). */
const TOPIC_PATTERN = /^[a-zA-Z0-9._-]+$/;
/** Node names a client may take: a letter or digit first, then letters, digits, `-`, `_`, `.`. */
const CLIENT_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

const DURATION_END = "((\\d+(\\.\\d+)?(us|µs|ms|s|m|h))+|\\d+)";
const DURATION_PATTERN = `^${DURATION_END}$`;
const RANGE_PATTERN = `^${DURATION_END}(\\.\\.${DURATION_END})?$`;

/** The fault kinds (docs/scenario-format.md "Fault kinds"). */
export const FAULT_KINDS = [
  "crash",
  "power-loss",
  "shutdown",
  "restart",
  "pause",
  "partition",
  "isolate",
  "cut",
  "delay",
  "drop",
  "disk-loss",
  "heal",
  "add-partitions",
] as const;

/**
 * What a fault's `after` may wait for (docs/scenario-format.md "Faults triggered by events"): a change
 * of the authoritative committed metadata or of a consumer group, seen by the runner.
 */
export const TRIGGER_EVENTS = ["leader-change", "isr-shrink", "isr-expand", "controller-change", "rebalance"] as const;

/**
 * Where a chained fault (`after: { fault: <id> }`) starts counting its delay: when the earlier fault
 * fires, or when it ends (its restart, heal or resume).
 */
export const CHAIN_POINTS = ["start", "end"] as const;

/** The companions a fault may carry. */
export const FAULT_COMPANIONS = ["restart-after", "heal-after", "for"] as const;

/**
 * What editors check in `expect` (the loader checks more, with suggestions): an anomaly, outcome or
 * invariant name (kebab-case), `downtime`/`write-downtime` with an optional `.<topic>-<p>`,
 * `latency[.<producer>].pN|max`, `errors[.<client>].<KAFKA_ERROR>`.
 */
const METRIC_NAME_PATTERN =
  "^(?:[a-z0-9]+(?:-[a-z0-9]+)*|(?:downtime|write-downtime)\\.[A-Za-z0-9._-]+-[0-9]+|latency(?:\\..+?)?\\.(?:max|p[0-9]+(?:\\.[0-9]+)?)|errors\\.(?:.+\\.)?[A-Z][A-Z0-9_]*)$";
/** A comparison: an optional operator, then a number, with a duration unit for time metrics. */
const COMPARISON_PATTERN = "^\\s*(?:==|!=|<=|>=|<|>|=)?\\s*-?[0-9]+(?:\\.[0-9]+)?(?:us|µs|ms|s|m|h)?\\s*$";
const name = (what: string) => z.string().regex(NAME_PATTERN, { error: `${what} must be lower-case letters, digits and hyphens` });
const duration = (description: string) => z.union([z.string().meta({ pattern: DURATION_PATTERN }), z.number()]).meta({ description });
const count = (description: string) => z.int().positive().meta({ description });

function configMap(scopes: readonly ConfigScope[], description: string) {
  const keys = ALL_KEYS.filter((key) => scopes.includes(key.scope));
  const properties = Object.fromEntries(keys.map((key) => [key.name, jsonSchemaOfKey(key)]));
  return z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]))
    .meta({ description, properties, propertyNames: { enum: [...new Set(keys.map((key) => key.name))] } });
}

function jsonSchemaOfKey(key: ConfigKey): Record<string, unknown> {
  const description = `${key.doc}${key.modelled ? "" : " (accepted, not modelled)"}`;
  const fallback = { description, default: key.default };
  switch (key.type) {
    case "boolean":
      return { ...fallback, type: ["boolean", "string"] };
    case "acks":
      return { ...fallback, enum: ["all", -1, 1, 0, "-1", "1", "0"] };
    case "list":
      return { ...fallback, type: ["array", "string"] };
    case "string":
      return key.values ? { ...fallback, enum: [...key.values] } : { ...fallback, type: ["string", "null"] };
    default:
      return { ...fallback, type: ["number", "string", ...(key.default === null ? ["null"] : [])] };
  }
}

const target = z.union([z.string(), z.array(z.string())]).meta({
  description: "broker-2, controller-1, zk-1, p1, g1-2, leader(orders-0), followers(orders-0), controller, coordinator(g1), brokers, or a list",
});
const targetList = z.array(z.string()).meta({ description: "a list of targets" });
const latencyRange = z.union([z.string().meta({ pattern: RANGE_PATTERN }), z.number()]);

const protocolToggles = Object.fromEntries(Object.keys(PROTOCOL_TOGGLES).map((toggle) => [toggle, z.boolean().optional()]));

const cluster = z.strictObject({
  brokers: count("number of brokers, named broker-1 … broker-N"),
  controller: z
    .strictObject({
      mode: z.enum(["kraft", "zookeeper"]).optional().meta({ description: "kraft (default) | zookeeper", default: "kraft" }),
      nodes: count("KRaft voters controller-1…K, or ZooKeeper ensemble zk-1…K (default 3)").optional(),
    })
    .optional(),
  network: z
    .strictObject({
      latency: z
        .union([
          latencyRange,
          z.strictObject({
            base: latencyRange,
            "tail-probability": z.number().min(0).max(1),
            tail: latencyRange,
          }),
        ])
        .optional()
        .meta({ description: 'one-way delay per message: "2ms", "1ms..5ms" (default), or { base, tail-probability, tail }' }),
    })
    .optional(),
  protocol: z
    .union([z.enum(PROTOCOL_PRESETS), z.strictObject({ preset: z.enum(PROTOCOL_PRESETS).optional(), ...protocolToggles })])
    .optional()
    .meta({ description: "modern (default), a historical preset, or { preset, <toggle>: true|false }" }),
  "broker-config": configMap(["broker", "controller"], "Kafka broker configs applied to every broker").optional(),
  bugs: z
    .array(z.string().regex(NAME_PATTERN, { error: "a bug name must be lower-case letters, digits and hyphens" }))
    .optional()
    .meta({ description: "deliberate protocol mutants to switch on (validated by the checker)" }),
});

const topic = z.strictObject({
  name: z.string().regex(TOPIC_PATTERN, { error: "a topic name may contain letters, digits, '.', '_' and '-'" }),
  partitions: count("partitions (default: num.partitions = 1)").optional(),
  "replication-factor": count("replication factor (default: default.replication.factor = 1)").optional(),
  config: configMap(["topic"], "Kafka topic configs (override the broker-level ones)").optional(),
});

const producer = z.strictObject({
  name: z.string().regex(CLIENT_NAME_PATTERN, { error: "a producer name must be letters, digits, '.', '_' and '-'" }),
  topic: z.string(),
  config: configMap(["producer"], "Kafka producer configs, Kafka's defaults otherwise").optional(),
  rate: z.union([z.string().meta({ pattern: "^\\d+(\\.\\d+)?/(s|m|h)$" }), z.number()]).meta({ description: 'records per unit of time: "200/s", "30/m"' }),
  arrivals: z.enum(["poisson", "fixed"]).optional().meta({ default: "poisson" }),
  count: count("stop after this many records (default: until duration)").optional(),
  keys: z.int().nonnegative().optional().meta({ description: "distinct keys key-0 …; 0 or omitted = null keys" }),
  start: duration("when the producer starts (default 0)").optional(),
  "resend-on-restart": z.boolean().optional().meta({
    default: false,
    description: "after a restart of the producer process, the application sends again (same key and value) every record it never saw acknowledged",
  }),
});

const consumer = z.strictObject({
  group: z.string().regex(CLIENT_NAME_PATTERN, { error: "a group name must be letters, digits, '.', '_' and '-'" }),
  topics: z.array(z.string()).min(1),
  instances: count("consumers in the group, named <group>-1 … (default 1)").optional(),
  config: configMap(["consumer"], "Kafka consumer configs").optional(),
  commit: z.enum(["auto", "after-processing", "before-processing"]).optional().meta({ default: "auto" }),
  "processing-time": duration("processing time per record (default 0)").optional(),
});

const fault = z
  .strictObject({
    at: duration("when the fault fires"),
    crash: target.optional(),
    "power-loss": target.optional(),
    shutdown: target.optional(),
    restart: target.optional(),
    pause: target.optional(),
    partition: z.array(targetList).optional(),
    isolate: target.optional(),
    cut: z.strictObject({ from: targetList, to: targetList }).optional(),
    delay: z.strictObject({ between: z.array(targetList), extra: duration("added one-way latency") }).optional(),
    drop: z.strictObject({ between: z.array(targetList), probability: z.number().gt(0).max(1) }).optional(),
    "disk-loss": target.optional(),
    heal: z.literal("all").optional(),
    "add-partitions": z
      .strictObject({
        topic: z.string().meta({ description: "a declared topic" }),
        count: count("the topic's new partition count (a total, larger than the current one), as kafka-topics --alter --partitions"),
      })
      .optional()
      .meta({ description: "an action: raise a topic's partition count (CreatePartitions) at this time" }),
    id: name("a fault id").optional().meta({ description: "a name for this fault, unique in the list, that a later fault's `after: { fault: <id> }` follows" }),
    after: z
      .strictObject({
        event: z.enum(TRIGGER_EVENTS).optional().meta({
          description:
            "leader-change | isr-shrink | isr-expand (of a partition's committed state) | controller-change (a new active controller) | rebalance (a consumer group's new generation)",
        }),
        partition: z.string().optional().meta({ description: "only this partition, <topic>-<partition> (leader-change, isr-shrink, isr-expand)" }),
        group: z.string().optional().meta({ description: "only this consumer group (rebalance)" }),
        fault: z
          .string()
          .optional()
          .meta({ pattern: NAME_PATTERN.source, description: "instead of an event: the id of an earlier fault of the list, which this one follows" }),
        on: z
          .enum(CHAIN_POINTS)
          .optional()
          .meta({ default: "start", description: "with fault: start (when the earlier fault fires) or end (when it heals, restarts or resumes)" }),
        delay: duration("how long after the event (or the earlier fault's start or end) the fault fires (default 0)").optional(),
      })
      .optional()
      .meta({
        description:
          "fire on an event, or after an earlier fault, instead of at a time: `at` arms the fault, which fires `delay` after the first such event from then on (or after the earlier fault's start or end)",
        oneOf: [{ required: ["event"] }, { required: ["fault"] }],
      }),
    "restart-after": duration("restart the node this long after the fault").optional(),
    "heal-after": duration("end the network fault this long after it starts").optional(),
    for: duration("how long the pause, delay or drop lasts").optional(),
  })
  .meta({ oneOf: FAULT_KINDS.map((kind) => ({ required: [kind] })) });

/** The whole scenario file. */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: name("a scenario name"),
    description: z.string().min(1),
    seed: z.int().nonnegative().optional().meta({ default: 1 }),
    duration: duration("simulated time of the workload and faults"),
    cluster,
    topics: z.array(topic),
    producers: z.array(producer).optional(),
    consumers: z.array(consumer).optional(),
    faults: z.array(fault).optional(),
    drain: z.boolean().optional().meta({ default: true }),
    expect: z
      .record(
        z.string().meta({ pattern: METRIC_NAME_PATTERN, description: "a metric (docs/metrics.md)" }),
        z.union([z.number(), z.string().meta({ pattern: COMPARISON_PATTERN })]),
      )
      .optional()
      .meta({
        description:
          'metric → number (exact) or comparison (">= 1", "< 5", "== 0"); time metrics (downtime, write-downtime, latency.*) take durations ("< 2s", "<= 500ms") or milliseconds; see docs/metrics.md',
      }),
  })
  .meta({ title: "kafkasim scenario" });

/** The parsed, structurally valid file, before normalisation. */
export type RawScenario = z.infer<typeof scenarioSchema>;
