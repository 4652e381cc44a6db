/**
 * Topic-level config keys (written under `topics[].config`). Most have a broker-level twin whose
 * value is the topic default (docs/kafka-rules.md §1.5, §3.1, §8): a topic override beats the
 * broker twin, which beats Kafka's default.
 */
import { LONG_MAX, type ConfigKey } from "./key-types.js";

/** Topic keys with their broker twins. */
export const TOPIC_KEYS = [
  { name: "min.insync.replicas", scope: "topic", type: "int", default: 1, modelled: true, min: 1, brokerTwin: "min.insync.replicas",
    doc: "acks=all writes need at least this many in-sync replicas (effective value: min(this, replication factor))." },
  { name: "unclean.leader.election.enable", scope: "topic", type: "boolean", default: false, modelled: true,
    brokerTwin: "unclean.leader.election.enable", doc: "Allow a replica outside the ISR to become leader." },
  { name: "retention.ms", scope: "topic", type: "long", default: 604800000, modelled: true, min: -1, brokerTwin: "log.retention.ms",
    doc: "Delete a segment whose newest record is older than this; -1 = no time limit." },
  { name: "retention.bytes", scope: "topic", type: "long", default: -1, modelled: true, min: -1, brokerTwin: "log.retention.bytes",
    doc: "Per-partition size limit; -1 = none." },
  { name: "segment.bytes", scope: "topic", type: "int", default: 1073741824, modelled: true, min: 14, brokerTwin: "log.segment.bytes",
    doc: "Roll the active segment when it reaches this size." },
  { name: "segment.ms", scope: "topic", type: "long", default: 604800000, modelled: true, min: 1, brokerTwin: "log.roll.ms",
    doc: "Roll the active segment after this age." },
  { name: "flush.messages", scope: "topic", type: "long", default: LONG_MAX, modelled: true, min: 1,
    brokerTwin: "log.flush.interval.messages", doc: "fsync after this many messages (default: never)." },
  { name: "flush.ms", scope: "topic", type: "long", default: LONG_MAX, modelled: true, min: 0, brokerTwin: "log.flush.interval.ms",
    doc: "fsync after a message has been unflushed this long (default: never)." },
  { name: "cleanup.policy", scope: "topic", type: "list", default: ["delete"], modelled: true, values: ["delete", "compact"],
    brokerTwin: "log.cleanup.policy", doc: "delete (retention) or compact (compaction is not modelled)." },
  { name: "max.message.bytes", scope: "topic", type: "int", default: 1048588, modelled: false, min: 0, brokerTwin: "message.max.bytes",
    doc: "Largest record batch accepted." },
  { name: "compression.type", scope: "topic", type: "string", default: "producer", modelled: false, brokerTwin: "compression.type",
    values: ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"], doc: "Compression of stored batches." },
  { name: "delete.retention.ms", scope: "topic", type: "long", default: 86400000, modelled: false, min: 0,
    doc: "Lifetime of compaction tombstones." },
] as const satisfies readonly ConfigKey[];
