/** The replication layer (docs/kafka-rules.md §1, §3, §8): partition logs, produce, fetch, ISR, HW. */
export { createReplicaManager, ReplicaManager } from "./replica-manager.js";
export { PartitionLog } from "./partition-log.js";
export { LeaderEpochCache, UNDEFINED_EPOCH, type EpochEntry, type EpochEndOffset } from "./epoch-cache.js";
export { ProducerStateTable, NUM_BATCHES_TO_RETAIN } from "./producer-state.js";
export { Partition, type RemoteReplica, type ReplicaRole } from "./partition.js";
export { HW_CHECKPOINT_FILE } from "./replica-store.js";
export { readLogSettings, readReplicationSettings, effectiveMinIsr } from "./settings.js";
