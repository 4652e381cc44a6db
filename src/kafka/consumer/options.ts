/** What the scenario runner gives a consumer instance (docs/scenario-format.md "consumers"). */
import type { ConfigView } from "../config-view.js";
import type { CommitMode } from "../config/clients.js";
import type { ClusterSpec } from "../features.js";
import type { HistoryRecorder } from "../history.js";
import type { Millis } from "../../sim/time.js";

export interface ConsumerOptions {
  /** Node name of this instance: `g1-1`, `g1-2`, ... */
  name: string;
  group: string;
  topics: string[];
  /** The resolved consumer config, Kafka names (resolveConsumerConfig). */
  config: ConfigView;
  commitMode: CommitMode;
  /** Time the application spends on each record, microseconds. */
  processingTimeUs: number;
  /** Broker node names to bootstrap from (`broker-1`, ...). */
  bootstrap: string[];
  history: HistoryRecorder;
  cluster: ClusterSpec;
  /** The Duration the application passes to poll(), ms (default {@link DEFAULT_POLL_TIMEOUT_MS}). */
  pollTimeoutMs?: Millis;
}

/** The application's `poll(Duration.ofMillis(1000))`: an empty poll returns after this long. */
export const DEFAULT_POLL_TIMEOUT_MS = 1000;

/**
 * The application closes its consumer (KafkaConsumer.close()); with `exit` its process then ends
 * — a scenario's `shutdown` of a consumer.
 */
export interface StopConsuming {
  type: "StopConsuming";
  exit?: boolean;
}
