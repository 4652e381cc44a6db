/**
 * What a lesson's description says about its own run, where no `expect` metric can say it: each
 * test replays the lesson with its own seed, keeps the client history and checks the claim on it.
 * (library.test.ts checks the `expect` blocks; these are the claims beside them.)
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AssignOp, CommitOp, History, PollOp, ProcessOp, ResetOp, SendOp } from "../../src/kafka/history.js";
import { runScenario } from "../../src/scenario/run.js";
import type { RunResult } from "../../src/scenario/result.js";

const DIR = join(import.meta.dirname, "../../scenarios");

interface TraceLine {
  atUs: number;
  type: string;
  node?: string;
  [field: string]: unknown;
}

/** Replays a lesson with its own seed (and `sets`), keeping its history and the trace records of `types`. */
function replay(
  file: string,
  types: readonly string[] = [],
  sets: string[] = [],
  ownExpectations = true,
): { result: RunResult; history: History; trace: TraceLine[] } {
  let history: History = [];
  const trace: TraceLine[] = [];
  const wanted = types.map((t) => `"type":"${t}"`);
  const result = runScenario(join(DIR, file), {
    sets,
    historySink: (ops) => (history = ops),
    ...(types.length === 0 ? {} : { traceSink: (line: string) => wanted.some((w) => line.includes(w)) && trace.push(JSON.parse(line) as TraceLine) }),
  });
  if (ownExpectations) expect(result.failures).toEqual([]);
  else expect(result.invariants.every((i) => i.violations === 0)).toBe(true);
  return { result, history, trace };
}

const sends = (history: History): SendOp[] => history.filter((op): op is SendOp => op.kind === "send");
const polls = (history: History, group: string): PollOp[] => history.filter((op): op is PollOp => op.kind === "poll" && op.group === group);

/** value → [time of the first poll that returned it, its rank among everything the group read]. */
function firstReads(history: History, group: string): Map<string, { atUs: number; rank: number }> {
  const first = new Map<string, { atUs: number; rank: number }>();
  let rank = 0;
  for (const poll of polls(history, group)) {
    for (const record of poll.records) {
      if (!first.has(record.value)) first.set(record.value, { atUs: poll.completeUs, rank });
      rank++;
    }
  }
  return first;
}

/** Pairs of sends (in call order) read in the opposite order: each read that comes before the latest read of an earlier send. */
function inversions(ordered: readonly SendOp[], first: Map<string, { rank: number }>): number {
  let latest = -1;
  let count = 0;
  for (const send of ordered) {
    const read = first.get(send.value);
    if (read === undefined) continue;
    if (read.rank < latest) count++;
    latest = Math.max(latest, read.rank);
  }
  return count;
}

describe("what the lessons claim about their own runs", () => {
  it("consumer-reads-to-hw: records acknowledged with acks=1 during the cut are read only after the followers catch up (Reference: Kafka design, Replication: only committed messages are given out to consumers; FetchIsolation.HIGH_WATERMARK)", () => {
    const { history } = replay("consumer-reads-to-hw.yaml");
    const first = firstReads(history, "g1");
    const inCut = sends(history).filter((s) => s.outcome === "ok" && s.completeUs !== undefined && s.completeUs > 10_500_000 && s.completeUs < 21_000_000);
    expect(inCut.length).toBeGreaterThan(1000);
    // acknowledged fast (the leader alone), read late (after the heal at 22s)
    const slowAcks = inCut.filter((s) => s.completeUs! - s.invokeUs > 1_000_000);
    expect(slowAcks.length).toBeLessThan(inCut.length / 10);
    for (const send of inCut) {
      const read = first.get(send.value);
      expect(read, `${send.value} was read`).toBeDefined();
      expect(read!.atUs, `${send.value} acknowledged at ${send.completeUs} µs, read at ${read!.atUs} µs`).toBeGreaterThanOrEqual(22_000_000);
    }
  });

  it("ordering-per-partition: each partition keeps send order, the topic as a whole is read out of send order (Reference: Kafka documentation, Topics and Logs: order is guaranteed within a partition)", () => {
    const { result, history } = replay("ordering-per-partition.yaml");
    expect(result.metrics["nonmonotonic-send"]).toBe(0);
    const ordered = sends(history)
      .filter((s) => s.producer === "p1")
      .sort((a, b) => a.id - b.id);
    const first = firstReads(history, "g1");
    expect(inversions(ordered, first)).toBeGreaterThan(0);
    for (const partition of [0, 1, 2]) {
      expect(
        inversions(
          ordered.filter((s) => s.partition === partition),
          first,
        ),
        `orders-${partition}`,
      ).toBe(0);
    }
  });

  it("ride-hailing-driver-locations: every driver's updates are read in send order through the failover (Reference: BuiltInPartitioner.partitionForKey; KIP-98 idempotent producer)", () => {
    const { history } = replay("ride-hailing-driver-locations.yaml");
    const first = firstReads(history, "dispatch");
    const byKey = new Map<string, SendOp[]>();
    for (const send of sends(history).sort((a, b) => a.id - b.id)) {
      expect(send.key).not.toBeNull();
      byKey.set(send.key!, [...(byKey.get(send.key!) ?? []), send]);
    }
    expect(byKey.size).toBe(50);
    for (const [key, list] of byKey) {
      expect(new Set(list.map((s) => s.partition)).size, `${key} stays on one partition`).toBe(1);
      expect(inversions(list, first), `${key} read in send order`).toBe(0);
    }
  });

  it("consumers-more-than-partitions: two of the four members are never assigned a partition (Reference: Kafka documentation, Consumers; RangeAssignor)", () => {
    const { history } = replay("consumers-more-than-partitions.yaml");
    const assigned = new Map<string, number>();
    for (const op of history.filter((o): o is AssignOp => o.kind === "assign")) {
      assigned.set(op.consumer, (assigned.get(op.consumer) ?? 0) + op.assigned.length - op.revoked.length);
    }
    const counts = ["g1-1", "g1-2", "g1-3", "g1-4"].map((c) => assigned.get(c) ?? 0).sort();
    expect(counts).toEqual([0, 0, 1, 1]);
    const readers = new Set(
      polls(history, "g1")
        .filter((p) => p.records.length > 0)
        .map((p) => p.consumer),
    );
    expect(readers.size).toBe(2);
  });

  it("consumer-offset-reset-latest: the group starts at the log end; exactly the records below the reset offset are never read (Reference: Kafka consumer config auto.offset.reset)", () => {
    const { result, history } = replay("consumer-offset-reset-latest.yaml");
    const resets = history.filter((o): o is ResetOp => o.kind === "reset");
    expect(resets.length).toBeGreaterThan(0);
    expect(resets.every((r) => r.reason === "latest")).toBe(true);
    const start = Math.min(...resets.map((r) => r.offset));
    expect(start).toBeGreaterThan(100);
    const first = firstReads(history, "g1");
    const acked = sends(history).filter((s) => s.outcome === "ok" && s.offset !== undefined);
    for (const send of acked) expect(first.has(send.value), `offset ${send.offset}`).toBe(send.offset! >= start);
    expect(result.metrics.consumed).toBeLessThan(result.metrics.acked!);
  });

  it("retention-deletes-unread: the lagging group is reset past deleted records it never read (Reference: Kafka topic config retention.ms; OFFSET_OUT_OF_RANGE and auto.offset.reset)", () => {
    const { history } = replay("retention-deletes-unread.yaml");
    const resets = history.filter((o): o is ResetOp => o.kind === "reset" && o.reason === "out-of-range");
    expect(resets.length).toBeGreaterThan(0);
    const first = firstReads(history, "g1");
    const unread = sends(history).filter((s) => s.outcome === "ok" && !first.has(s.value));
    expect(unread.length).toBeGreaterThan(100);
    // every record g1 never read lies below where an OFFSET_OUT_OF_RANGE reset moved it (the log start then)
    const lastReset = Math.max(...resets.map((r) => r.offset));
    for (const send of unread) expect(send.offset!, send.value).toBeLessThan(lastReset);
  });

  it("leader-crash-acks-all: nothing sent during the cut is acknowledged before the crash; the producer sees NETWORK_EXCEPTION (Reference: Partition.checkEnoughReplicasReachOffset; NetworkClient disconnects)", () => {
    const { history, trace } = replay("leader-crash-acks-all.yaml", ["client-error"]);
    const duringCut = sends(history).filter((s) => s.invokeUs > 10_100_000 && s.invokeUs < 20_000_000);
    expect(duringCut.length).toBeGreaterThan(1000);
    for (const send of duringCut) {
      expect(send.outcome, send.value).toBe("ok");
      expect(send.completeUs!, send.value).toBeGreaterThan(20_000_000);
    }
    expect(trace.some((t) => t.node === "p1" && String(t.error) === "NETWORK_EXCEPTION")).toBe(true);
  });

  it("unclean-election-disabled: the old leader's registration is refused until its session is fenced, then it is elected as the last known leader (Reference: KIP-966; BrokerHeartbeatManager; DUPLICATE_BROKER_REGISTRATION)", () => {
    const { result, trace } = replay("unclean-election-disabled.yaml", ["registration-rejected", "broker-fenced", "unclean-election", "leader-change"]);
    const rejected = trace.filter((t) => t.type === "registration-rejected" && t.atUs > 27_000_000);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((t) => t.error === "DUPLICATE_BROKER_REGISTRATION")).toBe(true);
    const old = rejected[0]!.broker;
    const fenced = trace.find((t) => t.type === "broker-fenced" && t.broker === old && t.atUs > 22_000_000);
    expect(fenced).toBeDefined();
    expect(rejected.every((t) => t.atUs < fenced!.atUs)).toBe(true);
    // No follower is elected; the old leader comes back as leader after it was fenced.
    const elected = trace.filter(
      (t) =>
        (t.type === "unclean-election" || t.type === "leader-change") &&
        t.topic === "orders" &&
        t.atUs > 22_000_000 &&
        t.leader !== -1 &&
        t.leader !== undefined,
    );
    expect(elected.length).toBeGreaterThan(0);
    expect(elected[0]!.leader).toBe(old);
    expect(elected[0]!.atUs).toBeGreaterThan(fenced!.atUs);
    expect(result.stats.downtimeMs["orders-0"]).toBeGreaterThan(10_000);
  });

  it("correlated-power-loss: the re-elected last known leader has a shorter log than a follower, which truncates acknowledged records away (Reference: KIP-966 last known leader; KIP-101 truncation)", () => {
    const { result, trace } = replay("correlated-power-loss.yaml", ["log-truncated"]);
    expect(result.metrics["lost-write"]).toBeGreaterThan(0);
    expect(result.metrics["inconsistent-offsets"]).toBe(result.metrics["lost-write"]);
    const truncations = trace.filter((t) => t.atUs > 20_000_000 && t.topic === "orders" && Number(t.from ?? t.fromOffset) > Number(t.to ?? t.toOffset));
    expect(truncations.length).toBeGreaterThan(0);
  });

  it("zookeeper-controller-failover: a broker crash leaves its partition leaderless longer in ZooKeeper mode than in KRaft mode (Reference: KafkaController session expiry; broker.session.timeout.ms)", () => {
    const crash = ["faults.0.crash=leader(orders-0)"];
    const zk = replay("zookeeper-controller-failover.yaml", [], crash).result;
    // KRaft misses this file's own `downtime >= 10s`: that is the point of the comparison.
    const kraft = replay("zookeeper-controller-failover.yaml", [], [...crash, "cluster.controller.mode=kraft"], false).result;
    expect(kraft.expectations.find((e) => e.metric === "downtime")?.passed).toBe(false);
    expect(zk.stats.downtimeMs["orders-0"]).toBeGreaterThan(12_000);
    expect(kraft.stats.downtimeMs["orders-0"]).toBeGreaterThan(5_000);
    expect(kraft.stats.downtimeMs["orders-0"]).toBeLessThan(10_000);
  });

  it("add-partitions-remaps-keys: after the change some keys go to a new partition, and some key is read out of send order (Reference: BuiltInPartitioner.partitionForKey; Kafka documentation, Modifying topics)", () => {
    const { result, history } = replay("add-partitions-remaps-keys.yaml");
    expect(result.metrics["nonmonotonic-send"]).toBe(0);
    const all = sends(history).sort((a, b) => a.id - b.id);
    const partitionsOfKey = new Map<string, Set<number>>();
    for (const send of all) partitionsOfKey.set(send.key!, (partitionsOfKey.get(send.key!) ?? new Set()).add(send.partition));
    const moved = [...partitionsOfKey].filter(([, set]) => set.size > 1).map(([key]) => key);
    expect(moved.length).toBeGreaterThan(0);
    const first = firstReads(history, "g1");
    const reordered = moved.filter(
      (key) =>
        inversions(
          all.filter((s) => s.key === key),
          first,
        ) > 0,
    );
    expect(reordered.length).toBeGreaterThan(0);
    // keys that stayed on their partition keep their order
    for (const [key, set] of partitionsOfKey)
      if (set.size === 1)
        expect(
          inversions(
            all.filter((s) => s.key === key),
            first,
          ),
          key,
        ).toBe(0);
  });

  it("idempotence-producer-restart: thousands of records are unanswered at the crash; p1#2 has a new producer id; with the re-send every record of p1#1 is read, without it some never are (Reference: KIP-98 producer id and sequence numbers; InitProducerId)", () => {
    const on = replay("idempotence-producer-restart.yaml", ["producer-id"]);
    const first = sends(on.history).filter((s) => s.process === "p1#1");
    const unanswered = first.filter((s) => s.outcome !== "ok");
    expect(unanswered.length).toBeGreaterThan(1000);
    const ids = new Map(on.trace.map((t) => [t["producerId"], t.atUs]));
    expect(on.trace.length, "one InitProducerId per process").toBe(2);
    expect(ids.size, "the restarted process has another producer id").toBe(2);
    const read = firstReads(on.history, "g1");
    expect(
      first.every((s) => read.has(s.value)),
      "at least once: every record of p1#1 is read",
    ).toBe(true);
    const off = replay("idempotence-producer-restart.yaml", [], ["producers.p1.resend-on-restart=false"], false);
    expect(off.result.metrics["duplicate"]).toBe(0);
    const readOff = firstReads(off.history, "g1");
    const never = sends(off.history).filter((s) => s.process === "p1#1" && !readOff.has(s.value));
    expect(never.length, "at most once: records queued in the crashed producer are never written").toBeGreaterThan(0);
    expect(never.every((s) => s.outcome !== "ok")).toBe(true);
  });

  it("rebalance-eager-vs-cooperative: survivors process through the cooperative rebalance, their commits are refused, and the new owner processes those records again; under eager nobody processes while commits are refused (Reference: KIP-429; ConsumerCoordinator.onJoinPrepare / onJoinComplete; ClassicGroup CompletingRebalance → REBALANCE_IN_PROGRESS)", () => {
    const processed = (history: History): ProcessOp[] => history.filter((op): op is ProcessOp => op.kind === "process");
    const refused = (history: History): CommitOp[] => history.filter((op): op is CommitOp => op.kind === "commit" && op.error === "REBALANCE_IN_PROGRESS");
    const cooperative = replay("rebalance-eager-vs-cooperative.yaml");
    const byValue = new Map<string, ProcessOp[]>();
    for (const op of processed(cooperative.history)) byValue.set(op.value, [...(byValue.get(op.value) ?? []), op]);
    const twice = [...byValue.values()].filter((ops) => ops.length > 1);
    expect(twice.length).toBeGreaterThan(0);
    const refusals = refused(cooperative.history);
    for (const [first, again] of twice) {
      expect(["g1-1#1", "g1-2#1"], "first processed by a member that survived the crash").toContain(first!.process);
      expect(again!.process).toBe("g1-3#2");
      // The survivor's commit after that batch was refused while the group completed the rebalance.
      expect(refusals.some((c) => c.process === first!.process && c.invokeUs >= first!.atUs && c.invokeUs - first!.atUs < 1_000_000)).toBe(true);
    }
    const eager = replay("rebalance-eager-vs-cooperative.yaml", [], ["partition.assignment.strategy=RangeAssignor"], false);
    expect(eager.result.metrics["duplicate-processing"]).toBe(0);
    expect(refused(eager.history)).toEqual([]);
    // Every member stops under eager, here only briefly: no survivor's gap between two processed records reaches 0.2 s after the crash.
    for (const consumer of ["g1-1", "g1-2"]) {
      const times = processed(eager.history)
        .filter((op) => op.consumer === consumer && op.atUs > 15_000_000 && op.atUs < 36_000_000)
        .map((op) => op.atUs);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      expect(Math.max(...gaps), consumer).toBeLessThan(200_000);
    }
  });
});
