/**
 * What the coordinator's request handlers (membership, offsets) need from the broker component
 * that hosts them: replies, timers, trace, appends to `__consumer_offsets`, and settings.
 */
import type { EventId } from "../../sim/scheduler.js";
import type { Micros } from "../../sim/time.js";
import type { BrokerServices } from "../broker/services.js";
import type { KafkaError } from "../protocol/errors.js";
import type { KafkaRecord } from "../protocol/records.js";
import type { ClassicGroup } from "./group.js";
import type { GroupResponse } from "./protocol.js";
import type { TraceType } from "../trace-events.js";
import type { CoordinatorSettings } from "./settings.js";
import type { WhyArgs } from "../explain/catalogue.js";
import type { TraceEvents } from "../../sim/trace.js";

export type { CoordinatorSettings } from "./settings.js";

/** Timers of the coordinator; `token` ties a timer to one loaded group object. */
export type CoordinatorTimer =
  | { kind: "session"; group: string; token: number; memberId: string }
  | { kind: "pending"; group: string; token: number; memberId: string }
  | { kind: "join"; group: string; token: number };

export interface CoordinatorHost {
  readonly services: BrokerServices;
  readonly settings: CoordinatorSettings;
  now(): Micros;
  reply(to: string, message: GroupResponse): void;
  setTimer(payload: CoordinatorTimer, delayUs: Micros): EventId;
  cancelTimer(id: EventId | null): void;
  trace<T extends TraceType>(type: T, fields: Omit<TraceEvents[T], "broker">, ...why: WhyArgs<T>): void;
  /** Append to the group's `__consumer_offsets` partition (acks=all); `done` gets the Kafka error. */
  append(group: ClassicGroup, records: KafkaRecord[], done: (error: KafkaError) => void): void;
  /** Is this group object still the one loaded (not unloaded or replaced since)? */
  isCurrent(group: ClassicGroup): boolean;
  /** A fresh member id: `clientId-<uuid>` (JoinGroup with an unknown member, KIP-394). */
  newMemberId(clientId: string): string;
}

/**
 * How Kafka's coordinator maps an append error for an offset commit (GroupMetadataManager
 * storeOffsets): unavailable replicas → COORDINATOR_NOT_AVAILABLE, lost leadership → NOT_COORDINATOR.
 */
export function commitAppendError(error: KafkaError): KafkaError {
  switch (error) {
    case "NONE":
      return "NONE";
    case "UNKNOWN_TOPIC_OR_PARTITION":
    case "NOT_ENOUGH_REPLICAS":
    case "NOT_ENOUGH_REPLICAS_AFTER_APPEND":
      return "COORDINATOR_NOT_AVAILABLE";
    case "NOT_LEADER_OR_FOLLOWER":
      return "NOT_COORDINATOR";
    default:
      return error;
  }
}

/** The same for the group metadata record written at SyncGroup (storeGroup): a timeout means "rebalance again". */
export function groupAppendError(error: KafkaError): KafkaError {
  if (error === "REQUEST_TIMED_OUT") return "REBALANCE_IN_PROGRESS";
  const mapped = commitAppendError(error);
  return mapped === "NONE" || mapped === "COORDINATOR_NOT_AVAILABLE" || mapped === "NOT_COORDINATOR" ? mapped : "UNKNOWN_SERVER_ERROR";
}
