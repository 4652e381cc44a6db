/** The group coordinator (classic protocol) and the group APIs. */
export { createGroupCoordinator } from "./coordinator.js";
export { OFFSETS_TOPIC, javaStringHashCode, kafkaAbs, partitionForGroup } from "./partition-for.js";
export type { GroupState } from "./group.js";
export * from "./protocol.js";
