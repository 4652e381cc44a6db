/**
 * KIP-227 fetch session metadata (org.apache.kafka.common.requests.FetchMetadata): a session id and
 * an epoch carried by every Fetch request.
 */
import type { ProtocolFeatures } from "../features.js";

/** FetchMetadata.INVALID_SESSION_ID: no session. */
export const INVALID_SESSION_ID = 0;
/** FetchMetadata.INITIAL_EPOCH: a full fetch that asks the broker to create a session. */
export const INITIAL_EPOCH = 0;
/** FetchMetadata.FINAL_EPOCH: a full fetch that closes any session and creates none. */
export const FINAL_EPOCH = -1;

/** FetchMetadata.nextEpoch: epochs count up from 1 and wrap to 1, never to 0 or -1. */
export function nextEpoch(epoch: number): number {
  if (epoch < 0) return FINAL_EPOCH;
  return epoch === 0x7fffffff ? 1 : epoch + 1;
}

/**
 * Fetch sessions exist from Kafka 1.1 (KIP-227); of the protocol presets only kafka-0.10 predates
 * them. The preset name may carry the version and mode after it ("kafka-0.10 (Kafka 0.10, ZooKeeper)").
 */
export function fetchSessionsSupported(features: ProtocolFeatures): boolean {
  return !features.preset.startsWith("kafka-0.10");
}
