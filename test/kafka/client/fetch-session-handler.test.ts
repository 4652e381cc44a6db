/**
 * The client side of a fetch session (Reference: KIP-227; FetchSessionHandler.handleResponse /
 * handleError, FetchMetadata.nextCloseExistingAttemptNew).
 */
import { describe, expect, it } from "vitest";
import type { FetchPartition } from "../../../src/kafka/protocol/fetch.js";
import { FetchSessionHandler } from "../../../src/kafka/client/fetch-session-handler.js";

const fp = (partition: number, fetchOffset = 0): FetchPartition => ({
  topic: "t",
  partition,
  currentLeaderEpoch: 0,
  fetchOffset,
  lastFetchedEpoch: -1,
  logStartOffset: 0,
  partitionMaxBytes: 1,
});

describe("FetchSessionHandler", () => {
  it("a full fetch's answer with a session id opens the session at epoch 1; each answer moves the epoch on", () => {
    const handler = new FetchSessionHandler();
    expect(handler.full).toBe(true);
    expect(handler.handleResponse("NONE", 7)).toBe("created");
    expect([handler.sessionId, handler.epoch]).toEqual([7, 1]);
    expect(handler.handleResponse("NONE", 7)).toBe("continued");
    expect([handler.sessionId, handler.epoch]).toEqual([7, 2]);
  });

  it("FETCH_SESSION_ID_NOT_FOUND → the next fetch is full without a session id; INVALID_FETCH_SESSION_EPOCH or a lost request → full, closing the session", () => {
    const handler = new FetchSessionHandler();
    handler.handleResponse("NONE", 7);
    expect(handler.handleResponse("FETCH_SESSION_ID_NOT_FOUND", 0)).toBe("reset");
    expect([handler.sessionId, handler.epoch]).toEqual([0, 0]);
    handler.handleResponse("NONE", 8);
    expect(handler.handleResponse("INVALID_FETCH_SESSION_EPOCH", 0)).toBe("reset");
    expect([handler.sessionId, handler.epoch]).toEqual([8, 0]);
    handler.handleResponse("NONE", 9);
    handler.handleError();
    expect([handler.sessionId, handler.epoch]).toEqual([9, 0]);
  });

  it("a full answer without a session id (cache full) keeps fetching in full; an incremental answer with id 0 closes the session", () => {
    const handler = new FetchSessionHandler();
    expect(handler.handleResponse("NONE", 0)).toBe("none");
    expect(handler.full).toBe(true);
    handler.handleResponse("NONE", 3);
    expect(handler.handleResponse("NONE", 0)).toBe("closed");
    expect([handler.sessionId, handler.epoch]).toEqual([0, 0]);
  });

  it("fetch data differs when any field the session caches differs", () => {
    expect(FetchSessionHandler.changed(fp(0), fp(0))).toBe(false);
    expect(FetchSessionHandler.changed(fp(0, 1), fp(0))).toBe(true);
    expect(FetchSessionHandler.changed({ ...fp(0), currentLeaderEpoch: 1 }, fp(0))).toBe(true);
    expect(FetchSessionHandler.changed({ ...fp(0), lastFetchedEpoch: 2 }, fp(0))).toBe(true);
    expect(FetchSessionHandler.changed(fp(0), undefined)).toBe(true);
  });
});
