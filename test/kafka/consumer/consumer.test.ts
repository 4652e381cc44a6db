import { describe, expect, it } from "vitest";
import type { Actor, ActorContext, Message } from "../../../src/sim/actor.js";
import { seconds } from "../../../src/sim/time.js";
import type { CommitOp, HistoryOp, PollOp, ProcessOp } from "../../../src/kafka/history.js";
import type { JoinGroupResponse } from "../../../src/kafka/group/protocol.js";
import { FakeCluster } from "../group/fake-cluster.js";

const ops = <K extends HistoryOp["kind"]>(c: FakeCluster, kind: K) => c.history.ops().filter((op): op is Extract<HistoryOp, { kind: K }> => op.kind === kind);

/** How many times each value was processed by the group. */
function processedCounts(c: FakeCluster): Map<string, number> {
  const counts = new Map<string, number>();
  for (const op of ops(c, "process") as ProcessOp[]) counts.set(op.value, (counts.get(op.value) ?? 0) + 1);
  return counts;
}

/**
 * One partition of 10 records, max.poll.records=5, 1 s of processing per record. The consumer
 * crashes at 10.5 s, in the middle of its second batch (records 5–9, processed 8–13 s), and
 * restarts at 11 s as a new member; the old member's session expires ~45 s later and the new one
 * resumes from the committed offset.
 */
function crashScenario(commit: "after-processing" | "before-processing", bugs: string[] = []): FakeCluster {
  const c = new FakeCluster({ bugs });
  c.store.createTopic("orders", 1);
  c.store.produce(
    "orders",
    0,
    Array.from({ length: 10 }, (_, i) => `v${i}`),
  );
  c.addConsumer({ name: "g1-1", commit, processingTimeUs: seconds(1), config: { "max.poll.records": 5 } });
  c.world.run(seconds(10.5));
  c.world.crash("g1-1");
  c.world.run(seconds(11));
  c.world.start("g1-1");
  c.world.run(seconds(120));
  return c;
}

describe("consumer commit modes and crashes", () => {
  it("commit after processing re-processes the uncommitted batch after a crash: at least once (Reference: docs/kafka-rules.md §6.1 offset semantics)", () => {
    const c = crashScenario("after-processing");
    const counts = processedCounts(c);
    for (let i = 0; i < 10; i++) expect(counts.get(`v${i}`) ?? 0).toBeGreaterThanOrEqual(1);
    const duplicates = [...counts.entries()]
      .filter(([, n]) => n > 1)
      .map(([v]) => v)
      .sort();
    expect(duplicates).toEqual(["v5", "v6"]);
    const restarted = ops(c, "reset").filter((r) => r.process === "g1-1#2");
    expect(restarted).toEqual([expect.objectContaining({ reason: "committed", offset: 5 })]);
  });

  it("commit before processing skips the rest of the batch after a crash: at most once (Reference: docs/kafka-rules.md §6.1 offset semantics)", () => {
    const c = crashScenario("before-processing");
    const counts = processedCounts(c);
    const lost = Array.from({ length: 10 }, (_, i) => `v${i}`).filter((v) => !counts.has(v));
    expect(lost).toEqual(["v7", "v8", "v9"]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("the consumer-commit-before-return mutant loses records even when committing after processing (Reference: docs/kafka-rules.md §6.1 offset semantics)", () => {
    const c = crashScenario("after-processing", ["consumer-commit-before-return"]);
    const counts = processedCounts(c);
    const lost = Array.from({ length: 10 }, (_, i) => `v${i}`).filter((v) => !counts.has(v));
    expect(lost).toEqual(["v7", "v8", "v9"]);
  });

  it("auto-commit commits, inside poll, the positions of the previous poll (Reference: docs/kafka-rules.md §6.1 auto-commit)", () => {
    const c = new FakeCluster();
    c.store.createTopic("orders", 1);
    c.store.produce(
      "orders",
      0,
      Array.from({ length: 20 }, (_, i) => `v${i}`),
    );
    c.addConsumer({ name: "g1-1", commit: "auto", processingTimeUs: seconds(1), config: { "max.poll.records": 2, "auto.commit.interval.ms": 3000 } });
    c.world.run(seconds(30));
    const polls = (ops(c, "poll") as PollOp[]).filter((p) => p.records.length > 0);
    const commits = ops(c, "commit") as CommitOp[];
    expect(commits.length).toBeGreaterThanOrEqual(3);
    const processed = ops(c, "process") as ProcessOp[];
    const all = c.history.ops();
    for (const commit of commits) {
      expect(commit.outcome).toBe("ok");
      // The last poll that returned before this commit: its records are processed, and the commit is its end.
      const previous = polls.filter((p) => all.indexOf(p) < all.indexOf(commit)).at(-1)!;
      const end = previous.records.at(-1)!.offset + 1;
      expect(commit.offsets).toEqual([{ topic: "orders", partition: 0, offset: end }]);
      for (const r of previous.records) expect(processed.some((p) => p.offset === r.offset && p.atUs <= commit.invokeUs)).toBe(true);
      // Issued at the start of the next poll() call, before it returned anything.
      expect(polls.some((p) => p.invokeUs === commit.invokeUs) || commit.invokeUs > polls.at(-1)!.completeUs).toBe(true);
    }
  });

  it("a member that does not poll for max.poll.interval.ms leaves the group, then rejoins at its next poll (Reference: docs/kafka-rules.md §6.1 max.poll.interval.ms)", () => {
    const c = new FakeCluster();
    c.store.createTopic("orders", 1);
    c.store.produce(
      "orders",
      0,
      Array.from({ length: 5 }, (_, i) => `v${i}`),
    );
    c.addConsumer({ name: "g1-1", commit: "after-processing", processingTimeUs: seconds(3), config: { "max.poll.interval.ms": 10000 } });
    c.world.run(seconds(40));
    // Every 5-record batch takes 15 s, so this happens again after each rejoin.
    const timeout = c.traces("consumer-poll-timeout");
    expect(timeout.length).toBeGreaterThanOrEqual(1);
    const left = c.traces("member-left");
    expect(left.length).toBe(timeout.length);
    expect(String(left[0]!.reason)).toContain("poll timeout");
    // The first poll returned at ~3 s; the member left ~10 s later, while still processing.
    const firstPoll = (ops(c, "poll") as PollOp[])[0]!;
    expect(Number(timeout[0]!.atUs) - firstPoll.completeUs).toBeGreaterThanOrEqual(seconds(9.9));
    // Its commit after processing failed (no longer in an active group) and it rejoined as a new member.
    const commits = ops(c, "commit") as CommitOp[];
    expect(commits[0]!.outcome).toBe("failed");
    expect(c.traces("member-joined").length).toBeGreaterThanOrEqual(2);
    expect(ops(c, "assign").some((a) => a.generation > 1 && a.assigned.length === 1)).toBe(true);
  });

  it("a new member first gets MEMBER_ID_REQUIRED with its member id, then joins with it (Reference: docs/kafka-rules.md §6.1, KIP-394)", () => {
    const c = new FakeCluster({ brokerConfig: { "group.initial.rebalance.delay.ms": 0 } });
    const responses: JoinGroupResponse[] = [];
    class RawClient implements Actor {
      constructor(private readonly ctx: ActorContext) {}
      onStart(): void {
        this.join("");
      }
      onMessage(_from: string, message: Message): void {
        const response = message as JoinGroupResponse;
        responses.push(response);
        if (response.error === "MEMBER_ID_REQUIRED") this.join(response.memberId);
      }
      onTimer(): void {}
      private join(memberId: string): void {
        this.ctx.send("broker-1", {
          type: "JoinGroup",
          correlationId: responses.length + 1,
          groupId: "g1",
          memberId,
          clientId: "raw",
          sessionTimeoutMs: 45000,
          rebalanceTimeoutMs: 300000,
          protocolType: "consumer",
          protocols: [{ name: "range", metadata: { topics: ["orders"], owned: [], generation: -1 } }],
        } as Message);
      }
    }
    c.world.addHost("raw", "client", (ctx) => new RawClient(ctx));
    c.world.start("raw");
    c.world.run(seconds(1));
    expect(responses.map((r) => r.error)).toEqual(["MEMBER_ID_REQUIRED", "NONE"]);
    expect(responses[0]!.memberId).toMatch(/^raw-/);
    expect(responses[1]).toMatchObject({ memberId: responses[0]!.memberId, leader: responses[0]!.memberId, generationId: 1, protocolName: "range" });
  });
});
