import { describe, expect, it } from "vitest";
import { runScenario } from "../../../src/scenario/run.js";
import { ARROWS_PER_VIEW, fairShare, faultMoments, MessageSampler, type SampledMessage } from "../../../src/scenario/runner/message-sample.js";
import { messageDetail } from "../../../src/scenario/runner/message-detail.js";
import type { FaultSpec } from "../../../src/scenario/types.js";

const scenario = {
  name: "sample-probe",
  description: "a leader crash, to sample the messages around it",
  duration: "6s",
  drain: false,
  cluster: { brokers: 3, controller: { mode: "kraft", nodes: 1 } },
  topics: [{ name: "orders", partitions: 1, "replication-factor": 3 }],
  producers: [{ name: "p1", topic: "orders", rate: "100/s", config: { acks: "all" } }],
  faults: [{ at: "3s", crash: "leader(orders-0)", "restart-after": "2s" }],
};

describe("message sample for the space-time diagram (bounded, and invisible to the run)", () => {
  it("leaves the trace hash and every metric unchanged, and is the same on a replay", () => {
    const plain = runScenario(scenario, { seed: 3 });
    const sampled = runScenario(scenario, { seed: 3, messageSample: true });
    const again = runScenario(scenario, { seed: 3, messageSample: true });
    expect(sampled.traceHash).toBe(plain.traceHash);
    expect(sampled.metrics).toEqual(plain.metrics);
    expect(plain.messages).toBeUndefined();
    expect(sampled.messages).toEqual(again.messages);
    // A window at the crash (3 s) and one at the restart (5 s), each at two widths.
    expect(sampled.messages!.windows.map((w) => w.atUs)).toEqual([3_000_000, 5_000_000]);
    const view = sampled.messages!.windows[0]!.views[0]!;
    expect(view.messages.length).toBeGreaterThan(20);
    expect(view.messages.length).toBeLessThanOrEqual(ARROWS_PER_VIEW);
    expect(view.messages.some((m) => m.type === "Produce" && m.from === "p1")).toBe(true);
    expect(view.messages.every((m) => m.endUs >= view.fromUs && m.sentUs <= view.toUs && m.endUs >= m.sentUs)).toBe(true);
    expect(sampled.messages!.nodes.map((n) => n.role)).toEqual(expect.arrayContaining(["broker", "controller", "producer", "admin"]));
  });

  it("stays bounded under a flood and keeps the rare messages beside it", () => {
    const sampler = new MessageSampler([1_000_000], () => "broker");
    for (let i = 0; i < 200_000; i++) {
      const at = 800_000 + i * 5;
      sampler.delivered(at, at + 100, `broker-${i % 7}`, `broker-${(i + 1) % 7}`, { type: "Fetch" });
    }
    sampler.delivered(1_000_500, 1_000_900, "controller-1", "broker-2", { type: "LeaderAndIsr" });
    sampler.lost(1_000_600, 1_000_600, "broker-1", "broker-2", { type: "Fetch" }, "partitioned");
    const view = sampler.result(["broker-1"]).windows[0]!.views[0]!;
    expect(view.seen).toBe(200_002);
    expect(view.messages.length).toBe(ARROWS_PER_VIEW);
    expect(view.messages.filter((m) => m.type === "LeaderAndIsr").length).toBe(1);
    expect(view.messages.filter((m) => m.lost === "partitioned").length).toBe(1);
    // The flood is thinned evenly over the window, not cut at its start.
    const fetchTimes = view.messages.filter((m) => m.type === "Fetch" && m.lost === undefined).map((m) => m.sentUs);
    expect(Math.max(...fetchTimes)).toBeGreaterThan(1_600_000);
  });

  it("shares the arrows fairly: short lists whole, long ones evenly spaced", () => {
    const list = (n: number, type: string): SampledMessage[] => Array.from({ length: n }, (_, i) => ({ sentUs: i, endUs: i, from: "a", to: "b", type }));
    const chosen = fairShare([list(3, "rare"), list(100, "busy"), list(50, "mid")], 30);
    expect(chosen.length).toBe(30);
    expect(chosen.filter((m) => m.type === "rare").length).toBe(3);
    expect(chosen.filter((m) => m.type === "busy").length).toBe(14);
    expect(chosen.filter((m) => m.type === "mid").length).toBe(13);
  });

  it("opens a window at each fault and at its scheduled heal or restart", () => {
    const faults = [
      { kind: "crash", atUs: 20_000_000, target: { kind: "node", name: "broker-1" }, restartAfterUs: 10_000_000 },
      { kind: "partition", atUs: 10_000_000, groups: [], healAfterUs: 30_000_000 },
      { kind: "pause", atUs: 20_000_000, target: { kind: "node", name: "broker-2" }, forUs: 1_000_000 },
    ] as unknown as FaultSpec[];
    expect(faultMoments(faults)).toEqual([10_000_000, 20_000_000, 21_000_000, 30_000_000, 40_000_000]);
  });

  it("says what a message carried: partitions, records, offsets and errors first", () => {
    expect(messageDetail({ type: "Produce", partitions: [{ topic: "orders", partition: 0, batch: { records: [1, 2, 3] } }] } as never)).toBe("orders-0 3 rec");
    expect(messageDetail({ type: "ProduceResponse", partitions: [{ topic: "orders", partition: 0, error: "NONE", baseOffset: 812 }] } as never)).toBe(
      "orders-0 @812",
    );
    expect(
      messageDetail({
        type: "FetchResponse",
        error: "NONE",
        partitions: [
          { topic: "a", partition: 0, error: "NONE", highWatermark: 5, batches: [] },
          { topic: "a", partition: 1, error: "NONE", highWatermark: 5, batches: [] },
          { topic: "b", partition: 0, error: "NOT_LEADER_OR_FOLLOWER", highWatermark: -1, batches: [] },
        ],
      } as never),
    ).toBe("b-0 NOT_LEADER_OR_FOLLOWER, a-0 HW 5, +1 more");
    expect(messageDetail({ type: "Vote" })).toBe("");
  });
});
