/**
 * Every trace record type the Kafka model emits, by area. The kernel declares its own
 * (`host-start`, …) in `sim/trace.ts`; this file adds the model's to the same `TraceEvents`
 * interface (declaration merging: the kernel does not import the model), so `ActorContext.trace`
 * and the model's trace helpers accept exactly these names and a type nobody declared fails to
 * compile. What the timeline says about a record is in `src/scenario/runner/timeline-text.ts`,
 * keyed by these names.
 */
import type { TraceType } from "../sim/trace.js";

declare module "../sim/trace.js" {
  interface TraceEvents {
    // Replication: leadership, ISR, high watermark, the log (ReplicaManager, Partition, UnifiedLog)
    "alter-partition-rejected": TraceFields;
    "alter-partition-retry": TraceFields;
    "become-follower": TraceFields;
    "become-leader": TraceFields;
    "broker-exit": TraceFields;
    "broker-failed": TraceFields;
    "duplicate-batch": TraceFields;
    "fetch-completed-early": TraceFields;
    "fetch-diverging-epoch": TraceFields;
    "fetch-fenced": TraceFields;
    "fetch-offset-out-of-range": TraceFields;
    "fetch-session-created": TraceFields;
    "fetch-session-error": TraceFields;
    "follower-fetch-error": TraceFields;
    "follower-fetch-session-reset": TraceFields;
    "follower-fetch-timeout": TraceFields;
    "follower-offset-out-of-range": TraceFields;
    "follower-reset-to-log-start": TraceFields;
    "hw-advanced": TraceFields;
    "isr-change": TraceFields;
    "isr-change-accepted": TraceFields;
    "isr-change-fenced": TraceFields;
    "isr-change-rejected": TraceFields;
    "isr-change-retried": TraceFields;
    "isr-expand-proposed": TraceFields;
    "isr-shrink-proposed": TraceFields;
    "isr-updated": TraceFields;
    "list-offsets-lagging-hw": TraceFields;
    "log-flushed": TraceFields;
    "log-truncated": TraceFields;
    "partition-offline": TraceFields;
    "partition-state-conflict": TraceFields;
    "produce-acks0-close": TraceFields;
    "produce-not-enough-replicas-after-append": TraceFields;
    "produce-rejected": TraceFields;
    "produce-timeout": TraceFields;
    "producer-sequence-error": TraceFields;
    "replica-fetcher-exit": TraceFields;
    "replica-manager-shutdown": TraceFields;
    "replica-recovered": TraceFields;
    "retention-deleted-segments": TraceFields;
    "stop-replica": TraceFields;
    "unhandled-message": TraceFields;

    // Controllers, both modes (QuorumController, KafkaController, KafkaRaftClient, ZooKeeper)
    "broker-fenced": TraceFields;
    "broker-online": TraceFields;
    "broker-registered": TraceFields;
    "broker-registration-retry": TraceFields;
    "broker-sees-fenced": TraceFields;
    "broker-sees-unfenced": TraceFields;
    "broker-unfenced": TraceFields;
    "controlled-shutdown-complete": TraceFields;
    "controlled-shutdown-done": TraceFields;
    "controlled-shutdown-requested": TraceFields;
    "controlled-shutdown-retry": TraceFields;
    "controlled-shutdown-start": TraceFields;
    "controller-active": TraceFields;
    "controller-elected": TraceFields;
    "controller-fenced": TraceFields;
    "controller-resigned": TraceFields;
    "elr-change": TraceFields;
    "leader-change": TraceFields;
    "partitions-added": TraceFields;
    "partitions-created": TraceFields;
    "raft-candidate": TraceFields;
    "raft-committed-truncated": TraceFields;
    "raft-prevote-lost": TraceFields;
    "raft-prospective": TraceFields;
    "raft-resign": TraceFields;
    "raft-truncate": TraceFields;
    "raft-vote": TraceFields;
    "registration-rejected": TraceFields;
    "restart-delayed": TraceFields;
    "stale-broker-epoch": TraceFields;
    "stale-controller-epoch": TraceFields;
    "session-expired": TraceFields;
    "topic-created": TraceFields;
    "unclean-election": TraceFields;
    "zk-leader-elected": TraceFields;
    "zk-session-expired": TraceFields;
    "zk-stop-serving": TraceFields;

    // Admin client
    "admin-create-partitions": TraceFields;
    "create-partitions-failed": TraceFields;

    // Group coordinator (GroupCoordinator, ClassicGroup)
    "coordinator-loaded": TraceFields;
    "coordinator-unloaded": TraceFields;
    "group-rebalance": TraceFields;
    "group-stable": TraceFields;
    "member-expired": TraceFields;
    "member-id-required": TraceFields;
    "member-joined": TraceFields;
    "member-left": TraceFields;
    "offset-commit-rejected": TraceFields;

    // Producer (KafkaProducer, Sender, TransactionManager)
    "delivery-timeout": TraceFields;
    "producer-disconnect": TraceFields;
    "producer-epoch-bump": TraceFields;
    "producer-id": TraceFields;
    "producer-id-allocated": TraceFields;
    "producer-id-reset": TraceFields;
    "producer-resend": TraceFields;
    "producer-start": TraceFields;
    "producer-stop-sending": TraceFields;

    // Consumer (KafkaConsumer, ConsumerCoordinator)
    "consumer-assigned": TraceFields;
    "consumer-coordinator-found": TraceFields;
    "consumer-coordinator-lost": TraceFields;
    "consumer-error": TraceFields;
    "consumer-fetch-session-reset": TraceFields;
    "consumer-generation-reset": TraceFields;
    "consumer-metadata-changed": TraceFields;
    "consumer-offset-out-of-range": TraceFields;
    "consumer-partitions-lost": TraceFields;
    "consumer-poll-timeout": TraceFields;
    "consumer-rebalance-requested": TraceFields;
    "consumer-revoked": TraceFields;
    "consumer-truncation-detected": TraceFields;

    // Producer and consumer network clients (NetworkClient, Metadata)
    "client-error": TraceFields;
    "client-rebootstrap": TraceFields;
    "client-reconnect-backoff": TraceFields;
    "client-request-timeout": TraceFields;
  }
}

/** A trace record type (the kernel's or the model's). */
export type { TraceType };
