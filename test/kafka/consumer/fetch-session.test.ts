/**
 * Consumer fetches use KIP-227 fetch sessions too (Reference: KIP-227; the consumer's
 * AbstractFetch keeps a FetchSessionHandler per node; the broker's FetchManager serves consumer
 * sessions like follower ones).
 */
import { describe, expect, it } from "vitest";
import type { FetchRequest, FetchResponse } from "../../../src/kafka/protocol/fetch.js";
import { loadWithOverrides } from "../../../src/scenario/run.js";
import { buildCluster, startCluster } from "../../../src/scenario/runner/build-cluster.js";

interface Seen {
  from: string;
  to: string;
  message: FetchRequest | FetchResponse;
}

function run(protocol?: string): Seen[] {
  const { scenario } = loadWithOverrides({
    name: "consumer-sessions",
    description: "one producer, one consumer, four partitions",
    duration: "20s",
    cluster: {
      brokers: 3,
      controller: protocol === "kafka-0.10" ? { mode: "zookeeper", nodes: 1 } : { mode: "kraft", nodes: 3 },
      ...(protocol ? { protocol } : {}),
    },
    topics: [{ name: "orders", partitions: 4, "replication-factor": 3 }],
    producers: [{ name: "p1", topic: "orders", rate: "20/s" }],
    consumers: [{ group: "g1", topics: ["orders"], config: { "auto.offset.reset": "earliest" } }],
  });
  const cluster = buildCluster(scenario, 1);
  const seen: Seen[] = [];
  const network = cluster.world.network;
  const send = network.send.bind(network);
  network.send = (from, to, message) => {
    const consumerSide = from.name.startsWith("g1") || to.startsWith("g1");
    if (consumerSide && (message.type === "Fetch" || message.type === "FetchResponse"))
      seen.push({ from: from.name, to, message: message as FetchRequest | FetchResponse });
    send(from, to, message);
  };
  startCluster(cluster);
  cluster.world.run(scenario.durationUs);
  return seen;
}

describe("consumer fetch sessions (KIP-227)", () => {
  it("a consumer's fetches to a broker open a session, then name only partitions whose position changed; answers carry only partitions with news", () => {
    const seen = run();
    const fetches = seen.filter((s) => s.message.type === "Fetch").map((s) => s.message as FetchRequest);
    const answers = seen.filter((s) => s.message.type === "FetchResponse").map((s) => s.message as FetchResponse);
    expect(fetches.length).toBeGreaterThan(20);
    expect(fetches.every((f) => f.sessionId !== undefined && f.sessionEpoch !== undefined)).toBe(true);
    const incremental = fetches.filter((f) => f.sessionEpoch! > 0);
    expect(incremental.length).toBeGreaterThan(10);
    // Per broker: an incremental fetch never names a partition at the position it named last time.
    const last = new Map<string, number>();
    let unchangedNamed = 0;
    for (const s of seen) {
      if (s.message.type !== "Fetch") continue;
      const f = s.message as FetchRequest;
      for (const p of f.partitions) {
        const k = `${s.to}/${p.partition}`;
        if (f.sessionEpoch! > 0 && last.get(k) === p.fetchOffset) unchangedNamed++;
        last.set(k, p.fetchOffset);
      }
    }
    expect(unchangedNamed).toBe(0);
    // Idle rounds: incremental fetches naming nothing, answered with nothing.
    expect(incremental.some((f) => f.partitions.length === 0)).toBe(true);
    expect(answers.some((r) => r.partitions.length === 0 && (r.sessionId ?? 0) > 0)).toBe(true);
    // An incremental answer carries a partition only with records, an error, or a new HW / log start
    // offset (CachedPartition.maybeUpdateResponseData).
    const epochOf = new Map(
      seen.filter((s) => s.message.type === "Fetch").map((s) => [`${s.from}/${s.message.correlationId}`, (s.message as FetchRequest).sessionEpoch!]),
    );
    const lastAnswered = new Map<string, string>();
    let newsless = 0;
    let answeredIncrementally = 0;
    for (const s of seen) {
      if (s.message.type !== "FetchResponse") continue;
      const incrementalAnswer = (epochOf.get(`${s.to}/${s.message.correlationId}`) ?? 0) > 0;
      for (const p of (s.message as FetchResponse).partitions) {
        const k = `${s.from}/${p.partition}`;
        const state = `${p.highWatermark}/${p.logStartOffset}`;
        if (incrementalAnswer) {
          answeredIncrementally++;
          if (p.batches.length === 0 && p.error === "NONE" && lastAnswered.get(k) === state) newsless++;
        }
        lastAnswered.set(k, state);
      }
    }
    expect(answeredIncrementally).toBeGreaterThan(10);
    expect(newsless).toBe(0);
  });

  it("before Kafka 1.1 (kafka-0.10) consumer fetches are session-less", () => {
    const fetches = run("kafka-0.10")
      .filter((s) => s.message.type === "Fetch")
      .map((s) => s.message as FetchRequest);
    expect(fetches.length).toBeGreaterThan(5);
    expect(fetches.every((f) => f.sessionId === undefined)).toBe(true);
  });
});
