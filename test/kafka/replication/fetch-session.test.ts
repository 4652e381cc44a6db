/**
 * KIP-227 incremental fetch sessions between a follower and its leader (Reference: KIP-227;
 * Kafka's FetchSessionHandler (client side), FetchSession / FetchSessionCache / FetchManager.newContext
 * (broker side), FetchMetadata INITIAL_EPOCH 0 / FINAL_EPOCH -1 / session id 0 = none).
 */
import { describe, expect, it } from "vitest";
import { brokerNode } from "../../../src/kafka/metadata/partition-state.js";
import type { FetchPartition, FetchPartitionResponse, FetchRequest, FetchResponse } from "../../../src/kafka/protocol/fetch.js";
import { FETCH_SESSION_EVICTION_US, FetchSessionCache } from "../../../src/kafka/replication/fetch-session.js";
import type { Message } from "../../../src/sim/actor.js";
import { ReplicationHarness } from "./harness.js";

interface Tapped {
  atUs: number;
  from: string;
  to: string;
  message: Message;
}

/** Record every message sent between brokers 1 and 2. */
function tap(h: ReplicationHarness): Tapped[] {
  const seen: Tapped[] = [];
  const network = h.world.network;
  const send = network.send.bind(network);
  network.send = (from, to, message) => {
    if (from.name.startsWith("broker-") && to.startsWith("broker-")) seen.push({ atUs: h.world.now, from: from.name, to, message });
    send(from, to, message);
  };
  return seen;
}

const followerFetches = (seen: Tapped[]): FetchRequest[] =>
  seen.filter((t) => t.from === "broker-1" && t.message.type === "Fetch").map((t) => t.message as FetchRequest);
const leaderAnswers = (seen: Tapped[]): FetchResponse[] =>
  seen.filter((t) => t.from === "broker-2" && t.message.type === "FetchResponse").map((t) => t.message as FetchResponse);

/** Broker 2 leads partitions 0–3 of `t`, broker 1 follows them. */
function fourPartitions(brokerConfig: Record<string, unknown> = {}): { h: ReplicationHarness; seen: Tapped[] } {
  const h = new ReplicationHarness({ brokers: 2, brokerConfig });
  const seen = tap(h);
  h.createTopic("t", {}, [
    [2, 1],
    [2, 1],
    [2, 1],
    [2, 1],
  ]);
  h.runFor(3000);
  return { h, seen };
}

describe("follower fetch sessions (KIP-227)", () => {
  it("the first fetch is full and opens a session; later fetches name only partitions whose fetch data changed, and answers carry only partitions with news", () => {
    const { h, seen } = fourPartitions();
    const fetches = followerFetches(seen);
    expect(fetches[0]).toMatchObject({ sessionId: 0, sessionEpoch: 0 });
    const sessionId = leaderAnswers(seen)[0]!.sessionId!;
    expect(sessionId).toBeGreaterThan(0);
    // The session epoch counts up by one per request (FetchMetadata.nextEpoch).
    expect(fetches.slice(1).map((f) => f.sessionEpoch)).toEqual(fetches.slice(1).map((_, i) => i + 1));
    expect(fetches.slice(1).every((f) => f.sessionId === sessionId)).toBe(true);
    // The topic's partitions become followed one by one: each is named once, when it joins the
    // session (the first full fetch went out with the first of them); then fetches name nothing.
    expect(fetches.flatMap((f) => f.partitions.map((p) => p.partition))).toEqual([0, 1, 2, 3]);
    expect(fetches.slice(-2).every((f) => f.partitions.length === 0)).toBe(true);
    const before = seen.length;
    h.produce("t", ["a"], "all", { partition: 2 });
    h.runFor(2000);
    const after = seen.slice(before);
    const named = followerFetches(after).flatMap((f) => f.partitions.map((p) => p.partition));
    const answered = leaderAnswers(after).flatMap((r) => r.partitions.map((p) => p.partition));
    // The follower names partition 2 once its fetch offset moved; only partition 2 had news.
    expect(named).toEqual([2]);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((p) => p === 2)).toBe(true);
    // Same outcome as without sessions: the follower has the record and the HW.
    expect(h.values(1, "t", 2)).toEqual(["a"]);
    expect(h.highWatermark(1, "t", 2)).toBe(1);
    expect(h.highWatermark(2, "t", 2)).toBe(1);
  });

  it("partitions a fetch leaves out keep their fetch state at the leader: an idle follower stays in the ISR past replica.lag.time.max.ms", () => {
    const { h } = fourPartitions({ "replica.lag.time.max.ms": 10000 });
    h.produce("t", ["a"], "all", { partition: 1 });
    h.runFor(35_000);
    expect(h.records.filter((r) => r.type === "isr-shrink-proposed")).toEqual([]);
    for (let partition = 0; partition < 4; partition++) expect(h.rm(2).partition("t", partition)!.isr).toEqual([2, 1]);
    // Partition 3 was never named after it settled; its follower state must still say "caught up
    // at the last fetch" (Replica.updateFetchStateOrThrow on every fetch), not 35 s ago: cut the
    // follower off, append, and the ISR expiry check must wait the full replica.lag.time.max.ms.
    const heal = h.isolateFromBrokers(1);
    h.produce("t", ["b"], "1", { partition: 3 });
    h.runFor(6000);
    expect(h.records.filter((r) => r.type === "isr-shrink-proposed")).toEqual([]);
    h.runFor(6000);
    expect(h.records.filter((r) => r.type === "isr-shrink-proposed").map((r) => r["partition"])).toEqual([3]);
    heal();
  });

  it("a leader restart loses its sessions: the follower fetches in full again and opens a new session", () => {
    const { h, seen } = fourPartitions();
    const oldSession = leaderAnswers(seen)[0]!.sessionId!;
    h.crash(2, { notifyController: false });
    h.restart(2);
    const before = seen.length;
    h.runFor(3000);
    const after = seen.slice(before);
    // The fetch in flight at the crash saw the connection reset (FetchSessionHandler.handleError):
    // the next fetch is a full one that closes the old session (epoch 0 with its id) and opens a new one.
    const fetches = followerFetches(after);
    expect(fetches[0]).toMatchObject({ sessionId: oldSession, sessionEpoch: 0 });
    expect(fetches[0]!.partitions.map((p) => p.partition)).toEqual([0, 1, 2, 3]);
    const created = leaderAnswers(after)[0]!.sessionId!;
    expect(created).toBeGreaterThan(0);
    expect(created).not.toBe(oldSession);
    expect(fetches.slice(1).every((f) => f.sessionId === created && f.sessionEpoch! > 0)).toBe(true);
    h.produce("t", ["a"], "all", { partition: 0 });
    h.runFor(1000);
    expect(h.values(1, "t", 0)).toEqual(["a"]);
  });

  it("an incremental fetch to a leader that lost the session gets FETCH_SESSION_ID_NOT_FOUND; the follower's next fetch is full (FetchSessionHandler.handleResponse)", () => {
    const { h, seen } = fourPartitions();
    // The leader forgets every session (as a restart would) between two fetches of the follower.
    const cache = h.rm(2).fetchHandler.sessions;
    const id = leaderAnswers(seen)[0]!.sessionId!;
    expect(cache.remove(id)).toBe(true);
    const before = seen.length;
    h.runFor(2000);
    const after = seen.slice(before);
    // (The fetch parked at the leader at that moment is still answered from the session it holds.)
    const answers = leaderAnswers(after);
    const notFound = answers.findIndex((r) => r.error === "FETCH_SESSION_ID_NOT_FOUND");
    expect(notFound).toBeGreaterThanOrEqual(0);
    expect(answers[notFound]!.partitions).toEqual([]);
    expect(h.records.some((r) => r.type === "follower-fetch-session-reset" && r["error"] === "FETCH_SESSION_ID_NOT_FOUND")).toBe(true);
    // answers[i] answers the fetch sent before fetches[i] (the first was in flight already).
    const fetches = followerFetches(after);
    expect(fetches[notFound]).toMatchObject({ sessionId: 0, sessionEpoch: 0 });
    expect(fetches[notFound]!.partitions.map((p) => p.partition)).toEqual([0, 1, 2, 3]);
    expect(answers[notFound + 1]!.sessionId).toBeGreaterThan(0);
  });

  it("a fetch with another epoch than the session's gets INVALID_FETCH_SESSION_EPOCH, an unknown session FETCH_SESSION_ID_NOT_FOUND (FetchManager.newContext)", () => {
    const h = new ReplicationHarness({ brokers: 1 });
    h.createTopic("t", {}, [[1], [1]]);
    h.runFor(100);
    const fetch = (sessionId: number, sessionEpoch: number, partitions: number[]) =>
      h.client.send<FetchResponse>(brokerNode(1), (correlationId): FetchRequest => ({
        type: "Fetch",
        correlationId,
        replicaId: -1,
        replicaEpoch: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        sessionId,
        sessionEpoch,
        partitions: partitions.map((partition) => ({
          topic: "t",
          partition,
          currentLeaderEpoch: -1,
          fetchOffset: 0,
          lastFetchedEpoch: -1,
          logStartOffset: -1,
          partitionMaxBytes: 1 << 20,
        })),
      }));
    const full = fetch(0, 0, [0, 1]);
    h.runFor(10);
    const id = full.response!.sessionId!;
    expect(id).toBeGreaterThan(0);
    expect(full.response!.partitions).toHaveLength(2);
    const wrongEpoch = fetch(id, 2, []);
    h.runFor(10);
    expect(wrongEpoch.response).toMatchObject({ error: "INVALID_FETCH_SESSION_EPOCH", partitions: [] });
    const unknown = fetch(id + 1, 1, []);
    h.runFor(10);
    expect(unknown.response).toMatchObject({ error: "FETCH_SESSION_ID_NOT_FOUND", partitions: [] });
    // The right epoch continues the session; nothing changed, so nothing is answered.
    const next = fetch(id, 1, []);
    h.runFor(10);
    expect(next.response).toMatchObject({ error: "NONE", sessionId: id, partitions: [] });
    // A full fetch naming the session closes it (epoch 0 with a session id).
    fetch(id, 0, [0]);
    h.runFor(10);
    const closed = fetch(id, 2, []);
    h.runFor(10);
    expect(closed.response!.error).toBe("FETCH_SESSION_ID_NOT_FOUND");
  });

  it("with max.incremental.fetch.session.cache.slots=0 no session is created and every fetch is full", () => {
    const { seen } = fourPartitions({ "max.incremental.fetch.session.cache.slots": 0 });
    const fetches = followerFetches(seen).slice(-3);
    expect(fetches).toHaveLength(3);
    expect(fetches.every((f) => f.sessionEpoch === 0 && f.partitions.length === 4)).toBe(true);
    expect(leaderAnswers(seen).every((r) => r.sessionId === 0)).toBe(true);
  });
});

const fp = (partition: number): FetchPartition => ({
  topic: "t",
  partition,
  currentLeaderEpoch: 0,
  fetchOffset: 0,
  lastFetchedEpoch: -1,
  logStartOffset: 0,
  partitionMaxBytes: 1,
});
const answer = (partition: number): FetchPartitionResponse => ({
  topic: "t",
  partition,
  error: "NONE",
  highWatermark: 0,
  lastStableOffset: 0,
  logStartOffset: 0,
  batches: [],
});

// Reference: FetchSessionCache.maybeCreateSession / tryEvict, max.incremental.fetch.session.cache.slots.
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
