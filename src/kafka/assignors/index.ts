/**
 * The four classic (group.protocol=classic) consumer partition assignors, by name.
 */
import { cooperativeSticky } from "./cooperative-sticky.js";
import { range } from "./range.js";
import { roundrobin } from "./roundrobin.js";
import { sticky } from "./sticky.js";
import type { Assignor } from "./types.js";

export type { Assignment, Assignor, AssignorInput, AssignorMember, TopicPartition } from "./types.js";
export { cooperativeSticky, cooperativeStickyAssign } from "./cooperative-sticky.js";
export { range, rangeAssign } from "./range.js";
export { roundrobin, roundRobinAssign } from "./roundrobin.js";
export { DEFAULT_GENERATION, sticky, stickyAssign } from "./sticky.js";

/** The assignors, keyed by their `partition.assignment.strategy` short names. */
export const assignors = {
  range,
  roundrobin,
  sticky,
  "cooperative-sticky": cooperativeSticky,
} as const satisfies Record<string, Assignor>;

/** Short name of an assignor known to this module. */
export type AssignorName = keyof typeof assignors;

const KAFKA_PACKAGE = "org.apache.kafka.clients.consumer";

const CLASS_NAMES: Record<string, AssignorName> = {
  RangeAssignor: "range",
  RoundRobinAssignor: "roundrobin",
  StickyAssignor: "sticky",
  CooperativeStickyAssignor: "cooperative-sticky",
};

/**
 * Look up an assignor by the name a Kafka config would use: the short name (`range`,
 * `roundrobin`, `sticky`, `cooperative-sticky`), the simple class name (`RangeAssignor`, ...) or
 * the fully qualified class name (`org.apache.kafka.clients.consumer.RangeAssignor`, ...).
 * Matching ignores case and surrounding spaces.
 * @returns the assignor, or undefined for an unknown name
 */
export function assignorByKafkaName(name: string): Assignor | undefined {
  const trimmed = name.trim();
  const dot = trimmed.lastIndexOf(".");
  if (dot >= 0 && trimmed.slice(0, dot) !== KAFKA_PACKAGE) return undefined;
  const simple = trimmed.slice(dot + 1).toLowerCase();
  if (dot < 0) {
    for (const [short, assignor] of Object.entries(assignors)) if (simple === short) return assignor;
  }
  for (const [cls, short] of Object.entries(CLASS_NAMES)) if (simple === cls.toLowerCase()) return assignors[short];
  return undefined;
}
