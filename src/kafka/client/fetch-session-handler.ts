/**
 * The client's side of a KIP-227 fetch session towards one broker (Kafka's FetchSessionHandler):
 * the session id and the epoch the next request carries (FetchMetadata), and the fetch data the
 * broker's session holds per partition, against which the next request names only what changed
 * (FetchSessionHandler.Builder: added and altered partitions, and `toForget`).
 */
import type { KafkaError } from "../protocol/errors.js";
import type { FetchPartition } from "../protocol/fetch.js";
import { INITIAL_EPOCH, INVALID_SESSION_ID, nextEpoch } from "../protocol/fetch-metadata.js";

/** What the leader's answer did to the session, for the trace. */
export type SessionOutcome = "created" | "continued" | "none" | "closed" | "reset";

export class FetchSessionHandler {
  /** FetchMetadata of the next request. */
  sessionId = INVALID_SESSION_ID;
  epoch = INITIAL_EPOCH;
  /** The fetch data the broker's session holds (as of the last request sent), by partition key. */
  readonly sessionPartitions = new Map<string, FetchPartition>();

  /** Is the next request a full one (FetchMetadata.isFull)? */
  get full(): boolean {
    return this.epoch === INITIAL_EPOCH;
  }

  /** Did the request that was just answered, or is about to go, use an incremental session? */
  get incremental(): boolean {
    return !this.full;
  }

  /** Partition fetch data differs from what the session holds (PartitionData.equals). */
  static changed(a: FetchPartition, b: FetchPartition | undefined): boolean {
    return (
      b === undefined ||
      a.fetchOffset !== b.fetchOffset ||
      a.currentLeaderEpoch !== b.currentLeaderEpoch ||
      a.lastFetchedEpoch !== b.lastFetchedEpoch ||
      a.logStartOffset !== b.logStartOffset ||
      a.partitionMaxBytes !== b.partitionMaxBytes
    );
  }

  /**
   * FetchSessionHandler.handleResponse. Returns what happened to the session; `reset` means the
   * response is not to be processed (a session error) and the next request is a full one.
   */
  handleResponse(error: KafkaError, responseSessionId: number | undefined): SessionOutcome {
    if (error === "FETCH_SESSION_ID_NOT_FOUND") {
      this.sessionId = INVALID_SESSION_ID;
      this.epoch = INITIAL_EPOCH;
      return "reset";
    }
    if (error === "INVALID_FETCH_SESSION_EPOCH") {
      // nextCloseExistingAttemptNew: the next full request closes this session and asks for a new one.
      this.epoch = INITIAL_EPOCH;
      return "reset";
    }
    const id = responseSessionId ?? INVALID_SESSION_ID;
    if (this.full) {
      if (id === INVALID_SESSION_ID) {
        this.sessionId = INVALID_SESSION_ID;
        return "none";
      }
      this.sessionId = id;
      this.epoch = nextEpoch(INITIAL_EPOCH);
      return "created";
    }
    if (id === INVALID_SESSION_ID) {
      this.sessionId = INVALID_SESSION_ID;
      this.epoch = INITIAL_EPOCH;
      return "closed";
    }
    this.epoch = nextEpoch(this.epoch);
    return "continued";
  }

  /** FetchSessionHandler.handleError (timeout, disconnect): close the session and start a new one with the next request. */
  handleError(): void {
    this.epoch = INITIAL_EPOCH;
  }
}
