/** KRaft mode: the controller node actor and the broker's lifecycle agent (docs/kafka-rules.md §4.2). */
export { createKraftControllerActor, KraftControllerActor, type KraftControllerOptions } from "./controller-actor.js";
export { readBrokerLifecycleSettings, readQuorumControllerSettings, readRaftConfig } from "./settings.js";
export { createKraftAgent, CLEAN_SHUTDOWN_FILE } from "./broker-agent.js";
export { ClusterState, type BrokerRegistration, type TopicInfo } from "./cluster-state.js";
export { MetadataLog, METADATA_LOG_FILE } from "./metadata-log.js";
export { QUORUM_STATE_FILE, type PersistedQuorumState, type RaftRole } from "./quorum-state.js";
export { RaftNode, type RaftConfig, type RaftIo, type RaftListener } from "./raft.js";
