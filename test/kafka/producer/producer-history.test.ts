import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/time.js";
import { partitionForKey } from "../../../src/kafka/partitioner/partitioner.js";
import { producerHarness } from "./harness.js";

describe("producer history, partitioning and configuration", () => {
  it("every send() is recorded once, with unique values, its process and its acknowledgement (Reference: docs/architecture.md principle 7; docs/scenario-format.md producers)", () => {
    const h = producerHarness({ partitions: 3, workload: { ratePerSec: 200, count: 60, keys: 4 } });
    h.world.run(seconds(3));
    const sends = h.sends();
    expect(sends).toHaveLength(60);
    expect(new Set(sends.map((s) => s.value)).size).toBe(60);
    expect(sends.map((s) => s.value)).toEqual(Array.from({ length: 60 }, (_, i) => `p1-${i}`));
    for (const s of sends) {
      expect(s).toMatchObject({ process: "p1#1", producer: "p1", topic: "orders", outcome: "ok", acks: "all" });
      expect(s.completeUs).toBeGreaterThan(s.invokeUs);
      const stored = h.cluster.log(s.partition)[s.offset!];
      expect(stored?.value).toBe(s.value);
      expect(s.ackedBy).toBe(`broker-${h.cluster.leaders[s.partition]}`);
    }
    expect(h.history.inFlightCount()).toBe(0);
    expect(h.history.ops()[0]).toMatchObject({ kind: "client-start", process: "p1#1" });
  });

  it("keyed records go to toPositive(murmur2(key)) % partitions, end to end (Reference: docs/kafka-rules.md §5.1 murmur2)", () => {
    const h = producerHarness({ partitions: 3, workload: { ratePerSec: 200, count: 90, keys: 16 } });
    h.world.run(seconds(3));
    const sends = h.sends();
    for (const s of sends) expect(s.partition).toBe(partitionForKey(s.key!, 3));
    // Independent check from the reference's test vectors: "21" and "foobar" hash to partition 0 of 3.
    expect(partitionForKey("21", 3)).toBe(0);
    expect(partitionForKey("a-little-bit-long-string", 3)).toBe(2);
    // Each key lives in exactly one partition's log.
    const home = new Map<string, number>();
    for (let p = 0; p < 3; p++)
      for (const r of h.cluster.log(p)) {
        expect(home.get(r.key!) ?? p).toBe(p);
        home.set(r.key!, p);
      }
    expect(new Set(home.values()).size).toBeGreaterThan(1);
  });

  it("acks=0: the send completes as soon as it is written, outcome unknown, no offset (Reference: docs/kafka-rules.md §1.5 acks=0)", () => {
    const h = producerHarness({ config: { acks: 0 }, workload: { ratePerSec: 100, count: 10 } });
    h.world.run(seconds(2));
    const sends = h.sends();
    expect(sends).toHaveLength(10);
    for (const s of sends) {
      expect(s).toMatchObject({ outcome: "unknown", acks: "0" });
      expect(s.offset).toBeUndefined();
      expect(s.completeUs).toBeDefined();
    }
    const firstProduce = h.cluster.produced[0]!;
    expect(sends[0]!.completeUs).toBe(firstProduce.atUs - 1000); // completed when sent, one latency before arrival
    expect(h.cluster.values(0)).toHaveLength(10);
    expect(h.cluster.produced.every((p) => p.batch.producerId === -1 && p.acks === "0")).toBe(true);
  });

  it("idempotence follows the resolved config: on by default, off when acks is not all, off in a protocol without it (Reference: docs/kafka-rules.md §5.3 enable.idempotence; docs/scenario-format.md Client configs that depend on each other)", () => {
    const byDefault = producerHarness({ workload: { count: 5 } });
    byDefault.world.run(seconds(1));
    expect(byDefault.cluster.initRequests).toHaveLength(1);
    expect(byDefault.cluster.initRequests[0]!.atUs).toBeLessThan(byDefault.cluster.produced[0]!.atUs);
    expect(byDefault.cluster.produced.every((p) => p.batch.producerId >= 0 && p.batch.baseSequence >= 0)).toBe(true);
    expect(byDefault.cluster.produced.map((p) => p.batch.baseSequence)).toEqual([0, 1, 2, 3, 4]);

    const acks1 = producerHarness({ config: { acks: "1" }, workload: { count: 5 } });
    acks1.world.run(seconds(1));
    expect(acks1.cluster.initRequests).toHaveLength(0);
    expect(acks1.cluster.produced.every((p) => p.batch.producerId === -1)).toBe(true);
    expect(acks1.traces("producer-start")[0]).toMatchObject({ idempotence: false, acks: "1" });

    const old = producerHarness({ features: { idempotence: false }, workload: { count: 5 } });
    old.world.run(seconds(1));
    expect(old.cluster.initRequests).toHaveLength(0);
    expect(old.cluster.produced.every((p) => p.batch.producerId === -1)).toBe(true);
  });

  it("a restarted producer is a new process with new values and a new producer id, and count spans both (Reference: docs/architecture.md principle 7; docs/kafka-rules.md §5.4 InitProducerId)", () => {
    const h = producerHarness({ workload: { ratePerSec: 100, count: 40 } });
    h.world.at(seconds(0.2), () => h.world.crash("p1"));
    h.world.at(seconds(0.5), () => h.world.start("p1"));
    h.world.run(seconds(3));
    const sends = h.sends();
    expect(sends).toHaveLength(40);
    const second = sends.filter((s) => s.process === "p1#2");
    expect(second.length).toBeGreaterThan(20);
    expect(second[0]!.value).toBe("p1#2-0");
    expect(new Set(sends.map((s) => s.value)).size).toBe(40);
    const pids = new Set(h.cluster.produced.map((p) => p.batch.producerId));
    expect(pids.size).toBe(2);
  });

  it("StopSending ends the workload; records already sent are still delivered (Reference: docs/scenario-format.md drain phase)", () => {
    const h = producerHarness({ config: { "linger.ms": 50 }, workload: { ratePerSec: 100, stopUs: seconds(60) } });
    h.world.at(seconds(0.5), () => h.world.inject("p1", { type: "StopSending" }));
    h.world.run(seconds(2));
    const sends = h.sends();
    expect(sends.every((s) => s.invokeUs <= seconds(0.5))).toBe(true);
    expect(sends.length).toBeGreaterThanOrEqual(39);
    expect(sends.every((s) => s.outcome === "ok")).toBe(true);
    expect(h.traces("producer-stop-sending")).toHaveLength(1);
  });

  it("send() blocks until the topic appears in metadata, then proceeds (Reference: docs/kafka-rules.md §5.3 max.block.ms)", () => {
    const h = producerHarness({ workload: { ratePerSec: 100, count: 5 } });
    const leaders = [...h.cluster.leaders];
    h.cluster.leaders.length = 0; // the topic has no partitions yet
    const original = h.cluster.metadata.bind(h.cluster);
    h.cluster.metadata = (request) => {
      const response = original(request);
      return h.world.now < seconds(0.4) ? { ...response, topics: [{ name: "orders", error: "UNKNOWN_TOPIC_OR_PARTITION", partitions: [] }] } : response;
    };
    h.world.at(seconds(0.4), () => h.cluster.leaders.push(...leaders));
    h.world.run(seconds(2));
    const sends = h.sends();
    expect(sends).toHaveLength(5);
    expect(sends[0]!.invokeUs).toBe(seconds(0.1));
    expect(sends.every((s) => s.outcome === "ok")).toBe(true);
    expect(h.cluster.produced[0]!.atUs).toBeGreaterThan(seconds(0.4));
  });
});
