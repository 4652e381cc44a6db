/**
 * Shared types of the classic consumer-group partition assignors (range, roundrobin, sticky,
 * cooperative-sticky). They mirror the inputs of Kafka's `ConsumerPartitionAssignor.assign`.
 */

/** One partition of one topic. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/**
 * A group member as seen by the assignor (its JoinGroup subscription).
 * `owned` and `generation` are only used by the sticky assignors (`ownedPartitions` and
 * `generationId` of ConsumerProtocol subscription v1+); a missing generation means "unknown" (-1).
 */
export interface AssignorMember {
  id: string;
  topics: string[];
  owned?: TopicPartition[];
  generation?: number;
}

/** Assignor input: partition count of each topic known to the cluster metadata, and the members. */
export interface AssignorInput {
  partitions: Record<string, number>;
  members: AssignorMember[];
}

/** Member id → assigned partitions, sorted by (topic, partition). Every member id is present. */
export type Assignment = Record<string, TopicPartition[]>;

/** A partition assignor and the rebalance protocol it speaks. */
export interface Assignor {
  name: string;
  protocol: "eager" | "cooperative";
  assign(input: AssignorInput): Assignment;
}
