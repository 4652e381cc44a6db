import { describe, expect, it } from "vitest";
import { makeStyle } from "../../src/report/style.js";
import { tierOf } from "../../src/report/timeline.js";
import { renderRunTerminal } from "../../src/report/terminal-run.js";
import { stripAnsi } from "../../src/report/text.js";
import { failingRun, passingRun } from "./fixtures.js";

const DESCRIPTION = "The leader of orders-0 acknowledges writes with acks=1 and crashes before its followers fetch them; the new leader never had them.";

function lines(text: string): string[] {
  return text.split("\n");
}

describe("The terminal report of one run (Reference: docs/architecture.md Reports — explain the rule that fired, verdict, Reproduce with)", () => {
  it("a failed run tells its story top to bottom: title, timeline, anomalies, invariants, expectations, clients, partitions, verdict, reproduce", () => {
    const text = renderRunTerminal(failingRun(), { description: DESCRIPTION });
    const order = [
      "leader-crash-acks1 · seed 7",
      "The leader of orders-0",
      "What happened",
      "Anomalies",
      "Invariants",
      "Expectations",
      "Clients",
      "Partitions",
      "Warnings",
      "FAILED",
      "Reproduce with: kafkasim run scenarios/leader-crash-acks1.yaml --seed 7",
    ];
    let from = 0;
    for (const part of order) {
      const at = text.indexOf(part, from);
      expect(at, `"${part}" after position ${from}`).toBeGreaterThanOrEqual(from);
      from = at;
    }
  });

  it("every line fits in 80 columns, with or without colour", () => {
    for (const style of [makeStyle(false), makeStyle(true)]) {
      for (const result of [failingRun(), passingRun()]) {
        for (const line of lines(renderRunTerminal(result, { style, description: DESCRIPTION }))) {
          expect([...stripAnsi(line)].length, line).toBeLessThanOrEqual(80);
        }
      }
    }
  });

  it("the timeline shows each moment's time, where, what, and the Kafka rule that fired", () => {
    const text = renderRunTerminal(passingRun());
    expect(text).toMatch(/5\.000s\s+broker-1\s+crash broker-1 \(leader\(orders-0\)\)/);
    expect(text).toMatch(/5\.031s\s+orders-0\s+broker-2 becomes leader in epoch 1/);
    expect(text).toContain("the controller picks the first live replica of the ISR");
  });

  it("the rule is dim when colour is on, and no escape code appears when it is off", () => {
    const coloured = renderRunTerminal(passingRun(), { style: makeStyle(true) });
    expect(coloured).toContain("\u001b[2mthe controller picks the first live replica of the ISR");
    expect(renderRunTerminal(passingRun(), { style: makeStyle(false) })).not.toContain("\u001b[");
  });

  it("anomalies are capped per type, with the full count from metrics and how many are not shown", () => {
    const text = renderRunTerminal(failingRun(), { anomaliesPerType: 2 });
    expect(text).toContain("5 lost-write, 2 duplicate");
    expect(text.match(/✗ lost-write orders-0 offset/g)).toHaveLength(2);
    expect(text).toContain("… and 3 more lost-write");
    expect(text).toContain("before any follower fetched offset 812");
    expect(text).not.toContain("before any follower fetched offset 813");
  });

  it("only violated invariants are listed, with their first violation; otherwise 'all N invariants held'", () => {
    const failing = renderRunTerminal(failingRun());
    expect(failing).toContain("1 of 2 invariants violated");
    expect(failing).toContain("leader-hw-monotonic: 2 violations");
    expect(failing).toContain("first at 6.100s: broker-2's HW of orders-0 went from 900 to 880");
    expect(failing).not.toContain("single-leader-per-epoch");
    expect(renderRunTerminal(passingRun())).toContain("all 3 invariants held");
  });

  it("expectations show expected against actual with ✓ and ✗ (a bare number reads as ==)", () => {
    const text = renderRunTerminal(failingRun());
    expect(text).toMatch(/✓ lost-write >= 1\s+actual 5/);
    expect(text).toMatch(/✗ duplicate == 0\s+actual 2/);
  });

  it("a partition that did not converge says why", () => {
    const text = renderRunTerminal(failingRun());
    expect(text).toContain("1 of 2 partitions did not converge");
    expect(text).toMatch(/✗ orders-1\s+no leader/);
    expect(text).toContain("broker-1 is down");
  });

  it("client outcomes, Kafka errors, latency, downtime and write-downtime are reported", () => {
    const text = renderRunTerminal(passingRun());
    expect(text).toContain("2000 produced, 1995 acked, 5 failed, 0 unknown");
    expect(text).toContain("NOT_ENOUGH_REPLICAS ×5");
    expect(text).toContain("p50 4.2 ms, p99 31.5 ms");
    expect(renderRunTerminal(failingRun())).toContain("downtime (no running leader): orders-0 4.2 s");
    expect(renderRunTerminal(failingRun())).toContain("write-downtime (no acks=all writes): orders-0 4.2 s, orders-1 6 s");
    expect(renderRunTerminal(passingRun())).not.toContain("downtime");
  });

  it("the verdict lists the run's failures; a passing run says PASSED", () => {
    const failing = renderRunTerminal(failingRun());
    expect(failing).toContain("• duplicate: expected == 0, actual 2");
    expect(failing).not.toContain("PASSED");
    const passing = renderRunTerminal(passingRun());
    expect(passing).toContain("PASSED");
    expect(passing).not.toContain("FAILED");
  });

  it("a long timeline folds client chatter first and keeps every fault and heal (Reference: issue 13 'Timeline')", () => {
    const chatter = Array.from({ length: 60 }, (_, i) => ({
      atUs: 10_000_000 + i * 100_000,
      kind: "client-reconnect-backoff",
      node: `g1-${i}`,
      text: `reconnect ${i}`,
    }));
    const cluster = [
      { atUs: 10_000_000, kind: "fault", text: "crash broker-2" },
      { atUs: 12_000_000, kind: "leader-change", partition: "orders-0", text: "broker-3 leads" },
      { atUs: 13_000_000, kind: "isr-change", partition: "orders-0", text: "ISR {3,1}" },
      { atUs: 40_000_000, kind: "fault-heal", text: "healed: partition" },
    ];
    const timeline = [...cluster, ...chatter].sort((a, b) => a.atUs - b.atUs);
    const text = renderRunTerminal(passingRun({ timeline }), { maxTimeline: 10 });
    for (const shown of ["crash broker-2", "broker-3 leads", "ISR {3,1}", "healed: partition"]) expect(text).toContain(shown);
    expect(text).not.toContain("reconnect 30");
    expect(text).toMatch(/\d+ more moments \(reconnects\)/);
    expect(text).toContain("client chatter folded; every moment: --report, in summary.md");
  });

  it("when the cluster's own moments alone are too many, they are elided in the middle; faults never are", () => {
    const moments = Array.from({ length: 100 }, (_, i) => ({ atUs: i * 1_000_000, kind: "leader-change", partition: `orders-${i}`, text: `moment ${i}` }));
    const faults = [
      { atUs: 0, kind: "fault", text: "the first fault" },
      { atUs: 50_500_000, kind: "fault", text: "the fault in the middle" },
    ];
    const timeline = [...faults, ...moments].sort((a, b) => a.atUs - b.atUs);
    const text = renderRunTerminal(passingRun({ timeline }), { maxTimeline: 20 });
    expect(text).toContain("moment 0");
    expect(text).toContain("moment 99");
    expect(text).not.toContain("moment 40");
    expect(text).toContain("the fault in the middle");
    expect(text).toMatch(/\d+ more moments/);
  });

  it("each moment kind has a tier: faults, then the cluster, then what clients saw, then chatter", () => {
    expect(["fault", "fault-heal"].map(tierOf)).toEqual([1, 1]);
    expect(["leader-change", "isr-change", "log-truncated", "broker-fenced", "host-crash", "drain"].map(tierOf)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(["client-error", "delivery-timeout"].map(tierOf)).toEqual([3, 3]);
    expect(["client-reconnect-backoff", "consumer-coordinator-lost", "fetch-session-created"].map(tierOf)).toEqual([4, 4, 4]);
  });

  it("start-up before the first fault is one line, and a repeating moment is shown twice then counted", () => {
    const startup = Array.from({ length: 6 }, (_, i) => ({
      atUs: i * 1000,
      kind: i === 0 ? "controller-elected" : "broker-registered",
      node: "controller-1",
      text: `boot ${i}`,
    }));
    const repeats = Array.from({ length: 5 }, (_, i) => ({ atUs: 6_000_000 + i * 1000, kind: "consumer-coordinator-lost", node: "g1-1", text: `lost ${i}` }));
    const faults = [
      { atUs: 5_000_000, kind: "fault", text: "crash broker-1" },
      { atUs: 7_000_000, kind: "leader-change", partition: "orders-0", text: "broker-2 leads" },
    ];
    const text = renderRunTerminal(passingRun({ timeline: [...startup, faults[0]!, ...repeats, faults[1]!] })).replace(/\s+/g, " ");
    expect(text).toContain("start-up until 0.005s: controller elected, brokers registered (6 moments)");
    expect(text).not.toContain("boot 3");
    expect(text).toContain("lost 1");
    expect(text).not.toContain("lost 2");
    expect(text).toContain("and 3 more consumer-coordinator-lost on g1-1 until 6.004s");
    expect(text).toContain("broker-2 leads");
  });

  it("says why reads fall short of writes when a group began at auto.offset.reset=latest (Reference: issue 13; Kafka ConsumerConfig auto.offset.reset)", () => {
    const base = passingRun();
    const run = passingRun({ stats: { ...base.stats, latestStarts: [{ group: "g1", partition: "orders-0", offset: 1200, atUs: 7_090_000 }] } });
    const text = renderRunTerminal(run).replace(/\s+/g, " ");
    expect(text).toContain(
      "reads fall short of writes by design: with no committed offset and auto.offset.reset=latest (Kafka's default), g1 began at offset 1,200 of orders-0 (7.090s), so the 1,200 records written before it joined are not its to read",
    );
    expect(renderRunTerminal(base)).not.toContain("fall short");
  });

  it("with omitWallTime the output is the same for two runs that differ only in wall time", () => {
    const a = renderRunTerminal(passingRun({ wallMs: 1 }), { omitWallTime: true });
    const b = renderRunTerminal(passingRun({ wallMs: 999 }), { omitWallTime: true });
    expect(a).toBe(b);
  });
});
