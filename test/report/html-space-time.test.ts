import { describe, expect, it } from "vitest";
import { pageFaults } from "../../src/report/html-faults.js";
import { messageKind } from "../../src/report/html-message-kinds.js";
import { renderView, spaceTimeSection, viewLanes } from "../../src/report/html-space-time.js";
import type { MessageSample, SampledMessage, TimelineLine } from "../../src/scenario/result.js";

const nodes = [
  { name: "broker-1", role: "broker" },
  { name: "broker-2", role: "broker" },
  { name: "controller-1", role: "controller" },
  { name: "p1", role: "producer" },
  { name: "admin", role: "admin" },
];

const msg = (sentMs: number, endMs: number, from: string, to: string, type: string, extra: Partial<SampledMessage> = {}): SampledMessage => ({
  sentUs: sentMs * 1000,
  endUs: endMs * 1000,
  from,
  to,
  type,
  ...extra,
});

const messages: SampledMessage[] = [
  msg(9_990, 9_992, "p1", "broker-1", "Produce", { detail: "orders-0 3 rec" }),
  msg(9_992, 9_994, "broker-1", "p1", "ProduceResponse", { detail: "orders-0 @812" }),
  msg(9_995, 9_997, "broker-2", "broker-1", "Fetch", { detail: "orders-0 from 812" }),
  msg(10_001, 10_001, "broker-2", "broker-1", "Fetch", { lost: "partitioned" }),
  msg(10_100, 10_103, "controller-1", "broker-2", "BrokerHeartbeatResponse"),
];

const timeline: TimelineLine[] = [
  { atUs: 10_000_000, kind: "fault", text: "partition [broker-1] | [broker-2]" },
  { atUs: 10_050_000, kind: "host-crash", node: "broker-1", text: "broker-1 crashed" },
  { atUs: 10_200_000, kind: "become-leader", node: "broker-2", partition: "orders-0", text: "broker-2 leads orders-0 in epoch 1 (HW 812, LEO 815)" },
];

const sample: MessageSample = {
  nodes,
  windows: [
    {
      atUs: 10_000_000,
      views: [
        { name: "close-up", fromUs: 9_750_000, toUs: 11_750_000, seen: 9, messages },
        { name: "wide", fromUs: 9_000_000, toUs: 19_000_000, seen: 30, messages: messages.slice(0, 2) },
      ],
    },
  ],
};

describe("space-time diagram (a lane per node, an arrow per message; Lamport's diagrams)", () => {
  it("has a lane per node in role order (controllers, brokers, clients) and leaves the idle admin client out", () => {
    expect(viewLanes(sample, messages, [], [])).toEqual(["controller-1", "broker-1", "broker-2", "p1"]);
  });

  it("draws an arrow per message, lost ones dashed and ending in ✕, and the fault as a numbered line across the lanes", () => {
    const html = renderView(sample, sample.windows[0]!.views[0]!, timeline, pageFaults(timeline));
    expect(html.match(/<g class="arrow/g)!.length).toBe(5);
    expect(html.match(/<g class="arrow lost"/g)!.length).toBe(1);
    expect(html).toContain("Fetch broker-2 → broker-1; sent 10.001s, lost 10.001s (partitioned)");
    expect(html).toContain("① partition [broker-1] | [broker-2]");
    expect(html.match(/class="lane-name"/g)!.length).toBe(4);
  });

  it("marks a crash and a new leader on their lanes, and draws a crashed node's lane dashed from then on", () => {
    const html = renderView(sample, sample.windows[0]!.views[0]!, timeline, pageFaults(timeline));
    expect(html).toContain(`data-kind="host-crash"`);
    expect(html).toContain(">leads orders-0 in epoch 1</text>");
    expect(html).toMatch(/<line class="lane"[^>]*stroke="#bbb"[^>]*stroke-dasharray="4,4"/);
  });

  it("offers every window and width in a selector, shows the first view and hides the others", () => {
    const html = spaceTimeSection(sample, timeline, pageFaults(timeline));
    expect(html.match(/<option /g)!.length).toBe(2);
    expect(html).toContain(`<figure class="st-view" id="st-0-0">`);
    expect(html).toContain(`<figure class="st-view" id="st-0-1" hidden>`);
    expect(html).toContain("5 of the 9 messages in this window");
    expect(html).toContain("These 5 messages as a list");
  });

  it("colours a response like its request: Kafka's API names", () => {
    expect(messageKind("FetchResponse").name).toBe("fetch");
    expect(messageKind("AlterPartition").name).toBe("controller");
    expect(messageKind("RaftFetchResponse").name).toBe("quorum");
    expect(messageKind("ZabPropose").name).toBe("quorum");
    expect(messageKind("JoinGroupResponse").name).toBe("group");
    expect(messageKind("Something").name).toBe("other");
  });
});
