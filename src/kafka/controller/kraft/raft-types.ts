/**
 * The contract of a KRaft Raft node ({@link RaftNode}, raft.ts) with its host: the effects it may
 * have (`RaftIo`), its configuration, what it tells its listener, and its timer payloads. The
 * controller actor and a broker's controller agent both host a node through these types.
 */
import type { Message } from "../../../sim/actor.js";
import type { Random } from "../../../sim/random.js";
import type { EventId } from "../../../sim/scheduler.js";
import type { Micros, Millis } from "../../../sim/time.js";
import type { MetadataLogEntry } from "../../protocol/kraft.js";
import type { TraceType } from "../../trace-events.js";

/** The effects a Raft node may have. */
export interface RaftIo {
  readonly name: string;
  readonly random: Random;
  now(): Micros;
  send(to: string, message: Message): void;
  disconnect(peer: string): void;
  setTimer(delayUs: Micros, payload: RaftTimer): EventId;
  cancelTimer(id: EventId): void;
  trace(type: TraceType, fields: Record<string, unknown>): void;
}

/** Timeouts and delays of a Raft node, in ms (from `controller.quorum.*`: see `readRaftConfig` in settings.ts). */
export interface RaftConfig {
  electionTimeoutMs: Millis;
  fetchTimeoutMs: Millis;
  electionBackoffMaxMs: Millis;
  appendLingerMs: Millis;
  requestTimeoutMs: Millis;
  retryBackoffMs: Millis;
  /** How long the leader holds a fetch with nothing new (Kafka's raft fetch max wait, 500 ms). */
  fetchMaxWaitMs: Millis;
  /** KIP-996 (Kafka 4.0+): become a candidate only after a majority of pre-votes. */
  preVote: boolean;
}

/** What the node reports to its host (the quorum controller or the broker's metadata publisher). */
export interface RaftListener {
  /** Entries that just became committed (below the HW), in offset order. */
  onCommitted(entries: readonly MetadataLogEntry[]): void;
  onBecomeLeader?(epoch: number, epochStartOffset: number): void;
  onResign?(epoch: number): void;
  /** The node learned who leads (or that nobody is known to lead: null). */
  onLeaderKnown?(leader: string | null, epoch: number): void;
}

/** The payload of every timer a Raft node sets; the host hands it back to `RaftNode.onTimer`. */
export type RaftTimer =
  | { kind: "election" }
  | { kind: "linger" }
  | { kind: "check-quorum" }
  | { kind: "begin-resend" }
  /** `id`: the correlation id of the request that timed out. */
  | { kind: "request-timeout"; id: number }
  /** `id`: the held fetch whose max wait expired. */
  | { kind: "fetch-wait"; id: number }
  | { kind: "fetch-retry" };
