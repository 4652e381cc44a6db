/**
 * The client side of a fetch session and the broker's session cache limits (Reference: KIP-227;
 * FetchSessionHandler.handleResponse / handleError, FetchMetadata.nextCloseExistingAttemptNew,
 * FetchSessionCache.maybeCreateSession / tryEvict, max.incremental.fetch.session.cache.slots).
 */
import { describe, expect, it } from "vitest";
import type { FetchPartition, FetchPartitionResponse } from "../../../src/kafka/protocol/fetch.js";
import { FetchSessionHandler } from "../../../src/kafka/replication/fetch-session-handler.js";
import { FETCH_SESSION_EVICTION_US, FetchSessionCache } from "../../../src/kafka/replication/fetch-session.js";

const fp = (partition: number, fetchOffset = 0): FetchPartition => ({ topic: "t", partition, currentLeaderEpoch: 0, fetchOffset, lastFetchedEpoch: -1, logStartOffset: 0, partitionMaxBytes: 1 });
const answer = (partition: number): FetchPartitionResponse => ({ topic: "t", partition, error: "NONE", highWatermark: 0, lastStableOffset: 0, logStartOffset: 0, batches: [] });

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

describe("FetchSessionCache slots", () => {
  it("when full, a follower's session evicts a consumer's; a consumer's cannot evict a follower's until it is stale", () => {
    const cache = new FetchSessionCache(1000, 1);
    const consumer = cache.maybeCreateSession(false, 0, [fp(0)], [answer(0)])!;
    const follower = cache.maybeCreateSession(true, 1, [fp(0)], [answer(0)])!;
    expect(cache.session(consumer.id)).toBeUndefined();
    expect(cache.session(follower.id)).toBe(follower);
    expect(cache.maybeCreateSession(false, 2, [fp(0), fp(1)], [answer(0), answer(1)])).toBeUndefined();
    const late = cache.maybeCreateSession(false, 1 + FETCH_SESSION_EVICTION_US + 1, [fp(0)], [answer(0)]);
    expect(late).toBeDefined();
    expect(cache.session(follower.id)).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
